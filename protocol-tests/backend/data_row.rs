//! DataRow vectors (tag 'D'): text, NULL and empty values; a binary value; hostile lengths.

use pgline::protocol::backend::{self, DataRow};
use pgline::protocol::{MessageKind, Problem, ProtocolError};

use crate::support::{Vector, body, encoded};

pub fn text_null_empty() -> Vec<u8> {
    wire![
        b'D',                      // Byte1('D'): DataRow
        &[0, 0, 0, 20],            // Int32: length 4 + 2 + 6 + 4 + 4
        &[0, 3],                   // Int16: 3 column values
        &[0, 0, 0, 2],             // Int32(2): value length
        b"42",                     // Byten: the value "42"
        &[0xff, 0xff, 0xff, 0xff], // Int32(-1): NULL, no value bytes follow
        &[0, 0, 0, 0],             // Int32(0): empty value
    ]
}

pub fn binary_int4() -> Vec<u8> {
    wire![
        b'D',           // Byte1('D')
        &[0, 0, 0, 14], // Int32: length 4 + 2 + 4 + 4
        &[0, 1],        // Int16: 1 column value
        &[0, 0, 0, 4],  // Int32(4): value length
        &[0, 0, 0, 42], // Byte4: int4 42 in binary
    ]
}

pub fn no_columns() -> Vec<u8> {
    wire![
        b'D',          // Byte1('D')
        &[0, 0, 0, 6], // Int32: length 4 + 2
        &[0, 0],       // Int16: 0 columns
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("data_row_text_null_empty", text_null_empty()),
        ("data_row_binary_int4", binary_int4()),
        ("data_row_no_columns", no_columns()),
    ]
}

#[test]
fn data_row_text_null_and_empty_values() {
    let row = DataRow::parse(body(&text_null_empty(), b'D')).unwrap();
    assert_eq!(row.len(), 3);
    assert_eq!(
        row.fields().collect::<Vec<_>>(),
        [Some(&b"42"[..]), None, Some(&b""[..])]
    );
    assert_eq!(
        row.ranges().collect::<Vec<_>>(),
        [Some(6..8), None, Some(16..16)]
    );
    let fields: [Option<&[u8]>; 3] = [Some(b"42"), None, Some(b"")];
    assert_eq!(
        encoded(|b| backend::data_row(fields, b).unwrap()),
        text_null_empty()
    );
}

#[test]
fn data_row_binary_value() {
    let row = DataRow::parse(body(&binary_int4(), b'D')).unwrap();
    let value = row.fields().next().unwrap().unwrap();
    assert_eq!(i32::from_be_bytes(value.try_into().unwrap()), 42);
    assert_eq!(
        encoded(|b| backend::data_row([Some(&42i32.to_be_bytes()[..])], b).unwrap()),
        binary_int4()
    );
}

#[test]
fn data_row_zero_columns() {
    let row = DataRow::parse(body(&no_columns(), b'D')).unwrap();
    assert!(row.is_empty());
    assert_eq!(encoded(|b| backend::data_row([], b).unwrap()), no_columns());
}

#[test]
fn data_row_keeps_the_frame_buffer_without_copying() {
    let frame_body = body(&binary_int4(), b'D');
    let row = DataRow::parse(frame_body.clone()).unwrap();
    assert_eq!(row.buffer().as_ptr(), frame_body.as_ptr());
    assert_eq!(row.into_buffer(), frame_body);
}

#[test]
fn data_row_malformed() {
    let kind = MessageKind::DataRow;
    let cases: [(Vec<u8>, ProtocolError); 6] = [
        (
            wire![b'D', &[0, 0, 0, 4]], // no column count at all
            ProtocolError::Malformed {
                message: kind,
                field: "column count",
                problem: Problem::Truncated,
            },
        ),
        (
            wire![b'D', &[0, 0, 0, 6], &[0xff, 0xfe]], // count -2
            ProtocolError::Malformed {
                message: kind,
                field: "column count",
                problem: Problem::Negative { value: -2 },
            },
        ),
        (
            wire![b'D', &[0, 0, 0, 8], &[0, 1], &[0, 0]], // value length cut short
            ProtocolError::Malformed {
                message: kind,
                field: "value length",
                problem: Problem::Truncated,
            },
        ),
        (
            wire![
                b'D',
                &[0, 0, 0, 12],
                &[0, 1],
                &[0x7f, 0xff, 0xff, 0xff],
                b"ab"
            ], // 2 GiB value in a 12-byte frame
            ProtocolError::Malformed {
                message: kind,
                field: "value",
                problem: Problem::Truncated,
            },
        ),
        (
            wire![b'D', &[0, 0, 0, 10], &[0, 1], &[0x80, 0, 0, 0]], // length i32::MIN
            ProtocolError::Malformed {
                message: kind,
                field: "value length",
                problem: Problem::Negative { value: i32::MIN },
            },
        ),
        (
            wire![b'D', &[0, 0, 0, 11], &[0, 1], &[0, 0, 0, 0], b'x'], // a byte after the last value
            ProtocolError::TrailingData {
                message: kind,
                len: 1,
            },
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(DataRow::parse(body(&bytes, b'D')), Err(expected));
    }
}
