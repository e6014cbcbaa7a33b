//! Bind vectors (tag 'B'): per-parameter formats, a NULL as length -1, result formats.

use std::convert::Infallible;

use bytes::{BufMut, Bytes, BytesMut};
use pgline::protocol::frontend::{self, Bind, FrontendMessage};
use pgline::protocol::{Format, IsNull, MessageKind, Problem, ProtocolError};

use crate::support::{Vector, body, encoded, frontend as parse_frontend};

pub fn int_and_null() -> Vec<u8> {
    wire![
        b'B',                      // Byte1('B'): Bind
        &[0, 0, 0, 32],            // Int32: length 4 + 1 + 3 + 2 + 4 + 2 + 8 + 4 + 2 + 2
        b"\0",                     // String: unnamed destination portal
        b"s1\0",                   // String: source statement
        &[0, 2],                   // Int16: 2 parameter format codes
        &[0, 1],                   // Int16: parameter 1 binary
        &[0, 0],                   // Int16: parameter 2 text
        &[0, 2],                   // Int16: 2 parameter values
        &[0, 0, 0, 4],             // Int32: parameter 1 length
        &[0, 0, 0, 42],            // Byte4: int4 42
        &[0xff, 0xff, 0xff, 0xff], // Int32(-1): parameter 2 is NULL, no bytes follow
        &[0, 1],                   // Int16: 1 result format code
        &[0, 1],                   // Int16: all results binary
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("bind", int_and_null())]
}

fn serialize(p: Option<i32>, buf: &mut BytesMut) -> Result<IsNull, Infallible> {
    Ok(match p {
        Some(v) => {
            buf.put_i32(v);
            IsNull::No
        }
        None => IsNull::Yes,
    })
}

#[test]
fn bind_binary_int_and_null_parameter() {
    let bytes = encoded(|b| {
        frontend::bind(
            "",
            "s1",
            [Format::Binary, Format::Text],
            [Some(42), None],
            serialize,
            [Format::Binary],
            b,
        )
        .unwrap()
    });
    assert_eq!(bytes, int_and_null());
    assert_eq!(
        parse_frontend(&int_and_null()),
        FrontendMessage::Bind(Bind {
            portal: String::new(),
            statement: "s1".into(),
            param_formats: vec![Format::Binary, Format::Text],
            params: vec![Some(Bytes::from_static(&[0, 0, 0, 42])), None],
            result_formats: vec![Format::Binary],
        })
    );
}

#[test]
fn bind_value_longer_than_body_is_rejected() {
    let bytes = wire![
        b'B',           // Byte1('B'): Bind
        &[0, 0, 0, 16], // Int32: length 4 + 1 + 1 + 2 + 2 + 4 + 2
        b"\0",          // String: unnamed portal
        b"\0",          // String: unnamed statement
        &[0, 0],        // Int16: no parameter formats
        &[0, 1],        // Int16: 1 parameter
        &[0, 0, 0, 9],  // Int32: declares 9 value bytes
        b"ab",          // Byten: only 2 follow
    ];
    assert_eq!(
        Bind::parse(body(&bytes, b'B')),
        Err(ProtocolError::Malformed {
            message: MessageKind::Bind,
            field: "parameter value",
            problem: Problem::Truncated
        })
    );
}
