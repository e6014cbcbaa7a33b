//! ErrorResponse vectors (tag 'E'): a typical error, and one with every documented field code
//! plus an unknown one, which must be kept.

use pgline::protocol::backend::{self, ErrorResponse};
use pgline::protocol::{MessageKind, Problem, ProtocolError};

use crate::support::{Vector, body, encoded};

pub fn undefined_table() -> Vec<u8> {
    wire![
        b'E',            // Byte1('E'): ErrorResponse
        &[0, 0, 0, 103], // Int32: length 4 + 99
        b'S',
        b"ERROR\0", // Byte1('S') + String: severity
        b'V',
        b"ERROR\0", // Byte1('V') + String: severity, not localized
        b'C',
        b"42P01\0", // Byte1('C') + String: SQLSTATE
        b'M',
        b"relation \"nope\" does not exist\0", // Byte1('M') + String: message
        b'P',
        b"15\0", // Byte1('P') + String: position
        b'F',
        b"parse_relation.c\0", // Byte1('F') + String: file
        b'L',
        b"1449\0", // Byte1('L') + String: line
        b'R',
        b"parserOpenTable\0", // Byte1('R') + String: routine
        0,                    // Byte1(0): end of the fields
    ]
}

pub fn every_field() -> Vec<u8> {
    wire![
        b'E',           // Byte1('E')
        &[0, 0, 0, 62], // Int32: length 4 + 19 * 3 + 1
        b'S',
        b"a\0", // severity
        b'V',
        b"b\0", // severity, not localized
        b'C',
        b"c\0", // SQLSTATE code
        b'M',
        b"d\0", // message
        b'D',
        b"e\0", // detail
        b'H',
        b"f\0", // hint
        b'P',
        b"g\0", // position
        b'p',
        b"h\0", // internal position
        b'q',
        b"i\0", // internal query
        b'W',
        b"j\0", // where
        b's',
        b"k\0", // schema name
        b't',
        b"l\0", // table name
        b'c',
        b"m\0", // column name
        b'd',
        b"n\0", // data type name
        b'n',
        b"o\0", // constraint name
        b'F',
        b"p\0", // file
        b'L',
        b"q\0", // line
        b'R',
        b"r\0", // routine
        b'Y',
        b"s\0", // a code the docs do not define: kept, not rejected
        0,      // Byte1(0): end of the fields
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("error_response_undefined_table", undefined_table()),
        ("error_response_every_field", every_field()),
    ]
}

#[test]
fn error_response_undefined_table_fields() {
    let e = ErrorResponse::parse(body(&undefined_table(), b'E')).unwrap();
    assert_eq!(e.severity(), Some("ERROR"));
    assert_eq!(e.severity_nonlocalized(), Some("ERROR"));
    assert_eq!(e.code(), Some("42P01"));
    assert_eq!(e.message(), Some("relation \"nope\" does not exist"));
    assert_eq!(e.position(), Some("15"));
    assert_eq!(e.file(), Some("parse_relation.c"));
    assert_eq!(e.line(), Some("1449"));
    assert_eq!(e.routine(), Some("parserOpenTable"));
    assert_eq!(e.detail(), None);
    let fields = [
        (b'S', "ERROR"),
        (b'V', "ERROR"),
        (b'C', "42P01"),
        (b'M', "relation \"nope\" does not exist"),
        (b'P', "15"),
        (b'F', "parse_relation.c"),
        (b'L', "1449"),
        (b'R', "parserOpenTable"),
    ];
    assert_eq!(e.iter().collect::<Vec<_>>(), fields);
    assert_eq!(
        encoded(|b| backend::error_response(fields, b).unwrap()),
        undefined_table()
    );
}

#[test]
fn error_response_every_field_code_and_unknown_code_kept() {
    let e = ErrorResponse::parse(body(&every_field(), b'E')).unwrap();
    let got = [
        e.severity(),
        e.severity_nonlocalized(),
        e.code(),
        e.message(),
        e.detail(),
        e.hint(),
        e.position(),
        e.internal_position(),
        e.internal_query(),
        e.where_(),
        e.schema(),
        e.table(),
        e.column(),
        e.data_type(),
        e.constraint(),
        e.file(),
        e.line(),
        e.routine(),
        e.get(b'Y'),
    ];
    let want: Vec<Option<&str>> = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s",
    ]
    .into_iter()
    .map(Some)
    .collect();
    assert_eq!(got.to_vec(), want);
    let fields: Vec<(u8, &str)> = e.iter().collect();
    assert_eq!(fields.len(), 19);
    assert_eq!(
        encoded(|b| backend::error_response(fields.iter().copied(), b).unwrap()),
        every_field()
    );
}

#[test]
fn error_response_malformed() {
    let kind = MessageKind::ErrorResponse;
    let no_final_zero = wire![b'E', &[0, 0, 0, 11], b'S', b"ERROR\0"];
    let unterminated = wire![b'E', &[0, 0, 0, 10], b'S', b"ERROR"];
    let bad_utf8 = wire![b'E', &[0, 0, 0, 9], b'M', &[0xc3, 0x28], 0, 0];
    assert_eq!(
        ErrorResponse::parse(body(&no_final_zero, b'E')),
        Err(ProtocolError::Malformed {
            message: kind,
            field: "field type",
            problem: Problem::Truncated
        })
    );
    assert_eq!(
        ErrorResponse::parse(body(&unterminated, b'E')),
        Err(ProtocolError::Malformed {
            message: kind,
            field: "field value",
            problem: Problem::MissingTerminator
        })
    );
    assert_eq!(
        ErrorResponse::parse(body(&bad_utf8, b'E')),
        Err(ProtocolError::InvalidUtf8 {
            message: kind,
            field: "field value"
        })
    );
}
