//! Binary COPY framing: hand-written streams one field per line, `_malformed` inputs, and
//! round trips through the writer and the reader at every chunk split.

use bytes::BytesMut;
use proptest::prelude::*;

use super::*;
use crate::types::{SqlParam, Type};

fn stream(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Reads all tuples, feeding `data` in chunks of `step` bytes.
fn read_all(
    columns: usize,
    data: &[u8],
    step: usize,
) -> Result<Vec<Vec<Option<Vec<u8>>>>, CopyError> {
    let mut r = CopyBinaryReader::new(columns);
    let mut rows = Vec::new();
    for chunk in data.chunks(step.max(1)) {
        r.push(chunk)?;
        while let Some(t) = r.next_tuple()? {
            rows.push(t.iter().map(|f| f.map(<[u8]>::to_vec)).collect());
        }
    }
    r.finish()?;
    Ok(rows)
}

const HEADER_BYTES: &[u8] = b"PGCOPY\n\xff\r\n\0";

#[test]
fn reader_reads_a_hand_written_stream() {
    let data = stream(&[
        HEADER_BYTES,
        &[0, 0, 0, 0],  // flags
        &[0, 0, 0, 3],  // header extension length
        b"ext",         // header extension, skipped
        &[0, 2],        // field count
        &[0, 0, 0, 4],  // length
        &[0, 0, 0, 42], // int4 42
        &[0xff; 4],     // NULL
        &[0, 2],        // field count
        &[0, 0, 0, 0],  // empty value
        &[0, 0, 0, 2],  // length
        b"hi",          // value
        &[0xff, 0xff],  // trailer
    ]);
    for step in 1..=data.len() {
        let rows = read_all(2, &data, step).unwrap();
        assert_eq!(
            rows,
            vec![
                vec![Some(vec![0, 0, 0, 42]), None],
                vec![Some(vec![]), Some(b"hi".to_vec())]
            ],
            "step {step}"
        );
    }
}

#[test]
fn reader_ignores_non_critical_flag_bits() {
    let data = stream(&[
        HEADER_BYTES,
        &[0, 0, 0x80, 1], // flags: only low (non-critical) bits
        &[0, 0, 0, 0],    // header extension length
        &[0xff, 0xff],    // trailer
    ]);
    assert_eq!(read_all(3, &data, 64).unwrap(), Vec::<Vec<_>>::new());
}

#[test]
fn reader_accepts_a_table_without_columns() {
    let data = stream(&[&HEADER, &[0, 0], &[0, 0], &TRAILER]);
    assert_eq!(read_all(0, &data, 1).unwrap(), vec![vec![], vec![]]);
}

#[test]
fn reader_malformed_bad_signature() {
    let data = stream(&[b"PGCOPY\n\xff\r\n\x01", &[0; 8], &TRAILER]);
    assert!(matches!(
        read_all(1, &data, 64),
        Err(CopyError::BadSignature)
    ));
    // Fails on the first wrong byte, before the whole header arrived.
    let mut r = CopyBinaryReader::new(1);
    r.push(b"PGCOPX").unwrap();
    assert!(matches!(r.next_tuple(), Err(CopyError::BadSignature)));
}

#[test]
fn reader_malformed_critical_flag() {
    let data = stream(&[
        HEADER_BYTES,
        &[0, 1, 0, 0], // flags: bit 16, OIDs included
        &[0, 0, 0, 0], // header extension length
        &TRAILER,
    ]);
    assert!(matches!(
        read_all(1, &data, 64),
        Err(CopyError::UnsupportedFlags(0x0001_0000))
    ));
}

#[test]
fn reader_malformed_header_extension_length() {
    for ext in [-1i32, (MAX_HEADER_EXTENSION + 1) as i32, i32::MAX] {
        let data = stream(&[HEADER_BYTES, &[0; 4], &ext.to_be_bytes()]);
        assert!(
            matches!(read_all(1, &data, 64), Err(CopyError::HeaderExtension { len }) if len == ext),
            "{ext}"
        );
    }
}

#[test]
fn reader_malformed_truncated_tuple() {
    let data = stream(&[
        &HEADER,
        &[0, 1],       // field count
        &[0, 0, 0, 4], // length
        &[0, 0, 0],    // three of four bytes, then the stream ends
    ]);
    assert!(matches!(
        read_all(1, &data, 5),
        Err(CopyError::Truncated { within: "tuple" })
    ));
    assert!(matches!(
        read_all(1, &HEADER[..10], 5),
        Err(CopyError::Truncated { within: "header" })
    ));
    assert!(matches!(
        read_all(1, &HEADER, 5),
        Err(CopyError::Truncated { .. })
    ));
}

#[test]
fn reader_malformed_wrong_field_count() {
    let data = stream(&[
        &HEADER,
        &[0, 3], // field count 3, but the table has 2 columns
        &[0xff; 12],
        &TRAILER,
    ]);
    assert!(matches!(
        read_all(2, &data, 64),
        Err(CopyError::FieldCount {
            expected: 2,
            got: 3
        })
    ));
    let data = stream(&[&HEADER, &[0xff, 0xfe]]); // count -2
    assert!(matches!(
        read_all(2, &data, 64),
        Err(CopyError::FieldCount {
            expected: 2,
            got: -2
        })
    ));
}

#[test]
fn reader_malformed_negative_length() {
    let data = stream(&[
        &HEADER,
        &[0, 2],                   // field count
        &[0xff; 4],                // NULL is fine
        &[0xff, 0xff, 0xff, 0xfe], // -2 is not
    ]);
    assert!(matches!(
        read_all(2, &data, 64),
        Err(CopyError::NegativeLength { column: 1, len: -2 })
    ));
}

#[test]
fn reader_malformed_field_over_the_cap() {
    let data = stream(&[
        &HEADER,
        &[0, 1],                   // field count
        &[0x7f, 0xff, 0xff, 0xff], // i32::MAX bytes declared, none sent
    ]);
    let mut r = CopyBinaryReader::new(1).with_max_field_len(1 << 20);
    r.push(&data).unwrap();
    assert!(matches!(
        r.next_tuple(),
        Err(CopyError::FieldTooLong {
            column: 0,
            len: i32::MAX,
            limit: 1_048_576
        })
    ));
}

#[test]
fn reader_malformed_trailing_bytes_after_trailer() {
    let data = stream(&[&HEADER, &TRAILER, &[0]]);
    assert!(matches!(
        read_all(1, &data, 64),
        Err(CopyError::TrailingData { len: 1 })
    ));
    // Bytes arriving in a later chunk are caught too.
    let data = stream(&[&HEADER, &TRAILER]);
    let mut r = CopyBinaryReader::new(1);
    r.push(&data).unwrap();
    assert!(r.next_tuple().unwrap().is_none());
    assert!(r.is_done());
    assert!(matches!(
        r.push(b"xy"),
        Err(CopyError::TrailingData { len: 2 })
    ));
}

#[test]
fn writer_writes_header_tuples_and_trailer() {
    let mut w = CopyBinaryWriter::new(vec![Type::INT2, Type::TEXT, Type::BOOL]);
    let mut out = BytesMut::new();
    w.write_row(&[&-2i16, &"é", &None::<bool>], &mut out)
        .unwrap();
    w.finish(&mut out);
    let want = stream(&[
        HEADER_BYTES,
        &[0, 0, 0, 0],  // flags
        &[0, 0, 0, 0],  // header extension length
        &[0, 3],        // field count
        &[0, 0, 0, 2],  // length
        &[0xff, 0xfe],  // int2 -2
        &[0, 0, 0, 2],  // length
        "é".as_bytes(), // text
        &[0xff; 4],     // NULL bool
        &[0xff, 0xff],  // trailer
    ]);
    assert_eq!(&out[..], &want[..]);
}

#[test]
fn writer_without_rows_writes_an_empty_stream() {
    let mut out = BytesMut::new();
    CopyBinaryWriter::new(vec![Type::INT4]).finish(&mut out);
    assert_eq!(&out[..], &stream(&[&HEADER, &TRAILER])[..]);
}

#[test]
fn writer_rejects_a_wrong_type_and_leaves_the_buffer_unchanged() {
    let mut w = CopyBinaryWriter::new(vec![Type::INT4, Type::INT4]);
    let mut out = BytesMut::new();
    w.write_row(&[&1i32, &2i32], &mut out).unwrap();
    let before = out.clone();
    let err = w.write_row(&[&1i32, &"x"], &mut out).unwrap_err();
    assert!(matches!(err, CopyError::Encode { column: 1, .. }), "{err}");
    assert_eq!(out, before);
    let err = w.write_row(&[&1i32], &mut out).unwrap_err();
    assert!(matches!(
        err,
        CopyError::RowLength {
            expected: 2,
            got: 1
        }
    ));
    assert_eq!(out, before);
}

proptest! {
    #[test]
    fn writer_and_reader_round_trip(
        rows in proptest::collection::vec(
            (any::<Option<i64>>(), any::<Option<String>>(), any::<Option<Vec<u8>>>()),
            0..20,
        ),
        step in 1usize..40,
    ) {
        let mut w = CopyBinaryWriter::new(vec![Type::INT8, Type::TEXT, Type::BYTEA]);
        let mut out = BytesMut::new();
        for (a, b, c) in &rows {
            let row: [&(dyn SqlParam + Sync); 3] = [a, b, c];
            w.write_row(&row, &mut out).unwrap();
        }
        w.finish(&mut out);
        let got = read_all(3, &out, step).unwrap();
        let want: Vec<Vec<Option<Vec<u8>>>> = rows
            .iter()
            .map(|(a, b, c)| {
                vec![
                    a.map(|v| v.to_be_bytes().to_vec()),
                    b.as_ref().map(|s| s.as_bytes().to_vec()),
                    c.clone(),
                ]
            })
            .collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn reader_never_panics_on_arbitrary_bytes(
        data in proptest::collection::vec(any::<u8>(), 0..200),
        columns in 0usize..4,
        step in 1usize..30,
    ) {
        let mut input = HEADER.to_vec();
        input.extend_from_slice(&data);
        let _ = read_all(columns, &input, step);
    }
}
