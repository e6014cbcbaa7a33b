//! CopyInResponse ('G'), CopyOutResponse ('H') and CopyBothResponse ('W') vectors.

use pgline::protocol::backend::{self, CopyBothResponse, CopyInResponse, CopyOutResponse};
use pgline::protocol::{Format, MessageKind, Problem, ProtocolError};

use crate::support::{Vector, body, encoded};

pub fn copy_in_text() -> Vec<u8> {
    wire![
        b'G',           // Byte1('G'): CopyInResponse
        &[0, 0, 0, 11], // Int32: length 4 + 1 + 2 + 2*2
        0,              // Int8(0): overall format textual
        &[0, 2],        // Int16: 2 columns
        &[0, 0],        // Int16: column 1 format, text
        &[0, 0],        // Int16: column 2 format, text
    ]
}

pub fn copy_out_binary() -> Vec<u8> {
    wire![
        b'H',           // Byte1('H'): CopyOutResponse
        &[0, 0, 0, 13], // Int32: length 4 + 1 + 2 + 3*2
        1,              // Int8(1): overall format binary
        &[0, 3],        // Int16: 3 columns
        &[0, 1],        // Int16: column 1 binary
        &[0, 1],        // Int16: column 2 binary
        &[0, 1],        // Int16: column 3 binary
    ]
}

pub fn copy_both() -> Vec<u8> {
    wire![
        b'W',          // Byte1('W'): CopyBothResponse
        &[0, 0, 0, 7], // Int32: length 4 + 1 + 2
        0,             // Int8(0): overall format
        &[0, 0],       // Int16: no columns (replication)
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("copy_in_response", copy_in_text()),
        ("copy_out_response", copy_out_binary()),
        ("copy_both_response", copy_both()),
    ]
}

#[test]
fn copy_in_response_text_columns() {
    let r = CopyInResponse::parse(body(&copy_in_text(), b'G')).unwrap();
    assert_eq!(r.format(), Format::Text);
    assert_eq!(r.column_formats(), [Format::Text, Format::Text]);
    assert_eq!(
        encoded(|b| backend::copy_in_response(Format::Text, &[Format::Text; 2], b).unwrap()),
        copy_in_text()
    );
}

#[test]
fn copy_out_response_binary_columns() {
    let r = CopyOutResponse::parse(body(&copy_out_binary(), b'H')).unwrap();
    assert_eq!(r.format(), Format::Binary);
    assert_eq!(r.column_formats(), [Format::Binary; 3]);
    assert_eq!(
        encoded(|b| backend::copy_out_response(Format::Binary, &[Format::Binary; 3], b).unwrap()),
        copy_out_binary()
    );
}

#[test]
fn copy_both_response_no_columns() {
    let r = CopyBothResponse::parse(body(&copy_both(), b'W')).unwrap();
    assert!(r.column_formats().is_empty());
    assert_eq!(
        encoded(|b| backend::copy_both_response(Format::Text, &[], b).unwrap()),
        copy_both()
    );
}

#[test]
fn copy_out_response_malformed() {
    let kind = MessageKind::CopyOutResponse;
    let count_over_body = wire![b'H', &[0, 0, 0, 9], 1, &[0, 2], &[0, 1]];
    let bad_column_format = wire![b'H', &[0, 0, 0, 9], 1, &[0, 1], &[0, 7]];
    assert_eq!(
        CopyOutResponse::parse(body(&count_over_body, b'H')),
        Err(ProtocolError::Malformed {
            message: kind,
            field: "column format",
            problem: Problem::Truncated
        })
    );
    assert_eq!(
        CopyOutResponse::parse(body(&bad_column_format, b'H')),
        Err(ProtocolError::Malformed {
            message: kind,
            field: "column format",
            problem: Problem::Invalid { value: 7 }
        })
    );
}
