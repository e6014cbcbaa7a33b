//! Fuzz body for binary COPY streams: the framing reader, then (with the `arrow` feature) the
//! Arrow decoder, over a few column-type sets.
//!
//! The input's first bytes pick the column set, the chunk size and the batch size; the rest is
//! the stream (its header is prepended half of the time, so the fuzzer reaches the tuples).

use super::Input;
use crate::copy::CopyBinaryReader;
use crate::types::Type;

/// The column sets, each a list of (type, typmod).
fn column_sets() -> [Vec<(Type, i32)>; 5] {
    let numeric_20_4 = ((20 << 16) | 4) + 4;
    [
        vec![(Type::INT4, -1), (Type::TEXT, -1)],
        vec![
            (Type::INT8, -1),
            (Type::FLOAT8, -1),
            (Type::BOOL, -1),
            (Type::BYTEA, -1),
        ],
        vec![
            (Type::NUMERIC, numeric_20_4),
            (Type::DATE, -1),
            (Type::TIMESTAMPTZ, -1),
            (Type::INTERVAL, -1),
        ],
        vec![
            (Type::INT4_ARRAY, -1),
            (Type::TEXT_ARRAY, -1),
            (Type::UUID, -1),
            (Type::JSONB, -1),
        ],
        vec![
            (Type::NUMERIC, -1),
            (Type::TIME, -1),
            (Type::TIMESTAMP, -1),
            (Type::FLOAT4, -1),
        ],
    ]
}

/// Feeds the stream through the reader in `chunk`-byte pieces; checks every tuple has the
/// column count and fields within the cap. Returns the tuple count if the stream is whole.
fn frame(stream: &[u8], columns: usize, chunk: usize) -> Option<usize> {
    const CAP: usize = 1 << 16;
    let mut reader = CopyBinaryReader::new(columns).with_max_field_len(CAP);
    let mut tuples = 0;
    for piece in stream.chunks(chunk) {
        reader.push(piece).ok()?;
        loop {
            match reader.next_tuple() {
                Ok(Some(t)) => {
                    assert_eq!(t.len(), columns);
                    assert!(t.iter().all(|f| f.is_none_or(|f| f.len() <= CAP)));
                    tuples += 1;
                }
                Ok(None) => break,
                Err(_) => return None,
            }
        }
    }
    reader.finish().ok().map(|()| tuples)
}

/// Runs one input; panics only on a bug (a panic in the codec, disagreeing row counts, a
/// re-encoded batch that decodes differently).
pub fn copy_binary(data: &[u8]) {
    let mut input = Input::new(data);
    let sets = column_sets();
    let set = &sets[usize::from(input.u8()) % sets.len()];
    let chunk = usize::from(input.u8()).max(1);
    let batch_rows = usize::from(input.u8() % 16) + 1;
    let with_header = input.bool();
    let mut stream = Vec::new();
    if with_header {
        stream.extend_from_slice(&crate::copy::HEADER);
    }
    stream.extend_from_slice(input.rest());
    let tuples = frame(&stream, set.len(), chunk);
    #[cfg(feature = "arrow")]
    arrow::decode(&stream, set, chunk, batch_rows, tuples);
    #[cfg(not(feature = "arrow"))]
    let _ = (batch_rows, tuples);
}

#[cfg(feature = "arrow")]
mod arrow {
    use bytes::BytesMut;

    use crate::copy::arrow::{DecodeColumn, RecordBatchDecoder, RecordBatchEncoder};
    use crate::types::Type;

    fn columns(set: &[(Type, i32)]) -> Vec<DecodeColumn> {
        set.iter()
            .enumerate()
            .map(|(i, (ty, typmod))| {
                DecodeColumn::new(format!("c{i}"), ty.clone()).with_typmod(*typmod)
            })
            .collect()
    }

    /// Decodes the stream into batches; when it decodes, the batches hold as many rows as the
    /// framing pass counted, and each batch the encoder accepts decodes back to itself.
    pub(super) fn decode(
        stream: &[u8],
        set: &[(Type, i32)],
        chunk: usize,
        batch_rows: usize,
        tuples: Option<usize>,
    ) {
        let mut dec = RecordBatchDecoder::new(columns(set), batch_rows).with_max_field_len(1 << 16);
        let mut batches = Vec::new();
        let result = (|| {
            for piece in stream.chunks(chunk) {
                dec.push(piece)?;
                while let Some(b) = dec.next_batch()? {
                    batches.push(b);
                }
            }
            while let Some(b) = dec.finish()? {
                batches.push(b);
            }
            Ok::<_, crate::copy::arrow::ArrowCopyError>(())
        })();
        if result.is_err() {
            return;
        }
        let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
        assert_eq!(
            Some(rows),
            tuples,
            "the decoder and the framing reader disagree"
        );
        let types: Vec<Type> = set.iter().map(|(t, _)| t.clone()).collect();
        for batch in &batches {
            assert!(batch.num_rows() <= batch_rows);
            let mut enc = RecordBatchEncoder::new(types.clone());
            let mut out = BytesMut::new();
            // Values outside PostgreSQL's range (which the decoder can produce from arbitrary
            // bytes) are refused by the encoder; that is not a bug.
            if enc.encode(batch, &mut out).is_err() {
                continue;
            }
            enc.finish(&mut out);
            let mut again = RecordBatchDecoder::new(columns(set), batch.num_rows().max(1));
            again.push(&out).expect("re-encoded stream pushes");
            let back = match again.next_batch() {
                Ok(Some(b)) => b,
                Ok(None) => again
                    .finish()
                    .expect("re-encoded stream ends")
                    .expect("a batch"),
                Err(e) => panic!("re-encoded batch does not decode: {e}"),
            };
            assert_eq!(&back, batch, "re-encoded batch decodes differently");
        }
    }
}
