//! The Arrow → binary COPY encoder against the servers' own binary send functions: for each
//! mapping, `SELECT <literal>` returns (in binary) exactly the field bytes the encoder writes
//! for the Arrow value, and the decoder turns the server's bytes back into the expected Arrow
//! value. pg15 and pg18; pgvector's `vector` on the vector server.

mod arrow_cases;
mod support;

use std::sync::Arc;

use arrow_array::types::*;
use arrow_array::*;
use arrow_schema::{DataType, Field};
use bytes::BytesMut;
use pgline::Client;
use pgline::copy::CopyBinaryReader;
use pgline::copy::arrow::{DecodeColumn, RecordBatchDecoder, RecordBatchEncoder};
use pgline::types::Type;

async fn connect(server: &support::Server) -> Client {
    let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
    pgline::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

/// The single field the encoder writes for a one-row, one-column batch.
fn encoded(array: ArrayRef, ty: &Type) -> Option<Vec<u8>> {
    let batch = RecordBatch::try_from_iter([("c", array.clone())]).unwrap();
    let mut enc = RecordBatchEncoder::new(vec![ty.clone()]);
    let mut out = BytesMut::new();
    enc.encode(&batch, &mut out)
        .unwrap_or_else(|e| panic!("{} → {ty}: {e}", array.data_type()));
    enc.finish(&mut out);
    let mut reader = CopyBinaryReader::new(1);
    reader.push(&out).unwrap();
    let field = reader
        .next_tuple()
        .unwrap()
        .unwrap()
        .get(0)
        .map(<[u8]>::to_vec);
    assert!(reader.next_tuple().unwrap().is_none());
    reader.finish().unwrap();
    field
}

/// Decodes one field of `ty` as the decoder would from a COPY stream.
fn decoded(field: Option<&[u8]>, ty: &Type, typmod: i32) -> ArrayRef {
    let mut stream = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0\0\x01".to_vec();
    match field {
        Some(v) => {
            stream.extend_from_slice(&(v.len() as i32).to_be_bytes());
            stream.extend_from_slice(v);
        }
        None => stream.extend_from_slice(&[0xff; 4]),
    }
    stream.extend_from_slice(&[0xff, 0xff]);
    let column = DecodeColumn::new("c", ty.clone()).with_typmod(typmod);
    let mut dec = RecordBatchDecoder::new(vec![column], 16);
    dec.push(&stream).unwrap();
    assert!(dec.next_batch().unwrap().is_none());
    dec.finish().unwrap().unwrap().column(0).clone()
}

async fn check_cases(server: &support::Server) {
    let client = connect(server).await;
    for c in arrow_cases::cases() {
        let row = client
            .query_one(&format!("SELECT {}", c.literal), &[])
            .await
            .unwrap_or_else(|e| panic!("{}: {}: {e}", server.name, c.literal));
        let theirs = row.raw_value(0).unwrap();
        let ours = encoded(c.input.clone(), &c.ty);
        assert_eq!(
            ours.as_deref(),
            theirs,
            "{}: {} from {}",
            server.name,
            c.literal,
            c.input.data_type()
        );
        let want = c.decoded.clone().unwrap_or(c.input.clone());
        let got = decoded(theirs, &c.ty, c.typmod);
        assert_eq!(
            got.as_ref(),
            want.as_ref(),
            "{}: decoding {}",
            server.name,
            c.literal
        );
    }
}

#[tokio::test]
async fn encoder_bytes_equal_pg15_send_functions() {
    check_cases(&support::pg15()).await;
}

#[tokio::test]
async fn encoder_bytes_equal_pg18_send_functions() {
    check_cases(&support::pg18()).await;
}

/// Struct → jsonb writes compact JSON (no spaces), which the server's jsonb equals but does
/// not print the same way: compare as jsonb on the server.
#[tokio::test]
async fn structs_as_jsonb_equal_the_server_object() {
    let client = connect(&support::pg18()).await;
    let s = StructArray::from(vec![
        (
            Arc::new(Field::new("a", DataType::Int32, true)),
            Arc::new(Int32Array::from(vec![1])) as ArrayRef,
        ),
        (
            Arc::new(Field::new("b", DataType::Utf8, true)),
            Arc::new(StringArray::from(vec!["x\"y"])) as ArrayRef,
        ),
    ]);
    let field = encoded(Arc::new(s), &Type::JSONB).unwrap();
    assert_eq!(field[0], 1, "jsonb version byte");
    let json = std::str::from_utf8(&field[1..]).unwrap();
    let row = client
        .query_one(
            r#"SELECT $1::text::jsonb = '{"a": 1, "b": "x\"y"}'::jsonb"#,
            &[&json],
        )
        .await
        .unwrap();
    assert!(row.get::<_, bool>(0), "{json}");
}

#[tokio::test]
async fn pgvector_vectors_decode_as_fixed_size_lists() {
    let client = connect(&support::vector()).await;
    let row = client
        .query_one("SELECT '[1,-2.5,0.25]'::vector", &[])
        .await
        .unwrap();
    let ty = row.columns()[0].type_().clone();
    let got = decoded(row.raw_value(0).unwrap(), &ty, -1);
    let want = FixedSizeListArray::from_iter_primitive::<Float32Type, _, _>(
        vec![Some(vec![Some(1.0), Some(-2.5), Some(0.25)])],
        3,
    );
    assert_eq!(got.as_ref(), &want as &dyn Array);
}
