//! Describe ('D') and Close ('C') vectors, for a statement and a portal.

use pgline::protocol::ObjectKind;
use pgline::protocol::frontend::{self, Close, Describe, FrontendMessage};

use crate::support::{Vector, encoded, frontend as parse_frontend};

pub fn describe_statement() -> Vec<u8> {
    wire![
        b'D',          // Byte1('D'): Describe
        &[0, 0, 0, 8], // Int32: length 4 + 1 + 3
        b'S',          // Byte1('S'): a prepared statement
        b"s1\0",       // String: its name
    ]
}

pub fn describe_portal() -> Vec<u8> {
    wire![
        b'D',          // Byte1('D')
        &[0, 0, 0, 6], // Int32: length 4 + 1 + 1
        b'P',          // Byte1('P'): a portal
        b"\0",         // String: the unnamed portal
    ]
}

pub fn close_statement() -> Vec<u8> {
    wire![
        b'C',          // Byte1('C'): Close
        &[0, 0, 0, 8], // Int32: length 4 + 1 + 3
        b'S',          // Byte1('S'): a prepared statement
        b"s1\0",       // String: its name
    ]
}

pub fn close_portal() -> Vec<u8> {
    wire![
        b'C',          // Byte1('C')
        &[0, 0, 0, 8], // Int32: length 4 + 1 + 3
        b'P',          // Byte1('P'): a portal
        b"p1\0",       // String: its name
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("describe_statement", describe_statement()),
        ("describe_portal", describe_portal()),
        ("close_statement", close_statement()),
        ("close_portal", close_portal()),
    ]
}

#[test]
fn describe_statement_and_portal() {
    assert_eq!(
        encoded(|b| frontend::describe(ObjectKind::Statement, "s1", b).unwrap()),
        describe_statement()
    );
    assert_eq!(
        encoded(|b| frontend::describe(ObjectKind::Portal, "", b).unwrap()),
        describe_portal()
    );
    assert_eq!(
        parse_frontend(&describe_statement()),
        FrontendMessage::Describe(Describe {
            kind: ObjectKind::Statement,
            name: "s1".into()
        })
    );
    assert_eq!(
        parse_frontend(&describe_portal()),
        FrontendMessage::Describe(Describe {
            kind: ObjectKind::Portal,
            name: String::new()
        })
    );
}

#[test]
fn close_statement_and_portal() {
    assert_eq!(
        encoded(|b| frontend::close(ObjectKind::Statement, "s1", b).unwrap()),
        close_statement()
    );
    assert_eq!(
        encoded(|b| frontend::close(ObjectKind::Portal, "p1", b).unwrap()),
        close_portal()
    );
    assert_eq!(
        parse_frontend(&close_portal()),
        FrontendMessage::Close(Close {
            kind: ObjectKind::Portal,
            name: "p1".into()
        })
    );
}
