//! The backend messages with an empty body: ParseComplete, BindComplete, CloseComplete, NoData,
//! EmptyQueryResponse, PortalSuspended, CopyDone.

use pgline::protocol::backend::{self, BackendMessage};
use pgline::protocol::{MessageKind, ProtocolError};

use crate::support::{Encoder, Vector, backend, body, encoded};

pub fn parse_complete() -> Vec<u8> {
    wire![
        b'1',          // Byte1('1'): ParseComplete
        &[0, 0, 0, 4], // Int32(4): length, no body
    ]
}

pub fn bind_complete() -> Vec<u8> {
    wire![
        b'2',          // Byte1('2'): BindComplete
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn close_complete() -> Vec<u8> {
    wire![
        b'3',          // Byte1('3'): CloseComplete
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn no_data() -> Vec<u8> {
    wire![
        b'n',          // Byte1('n'): NoData
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn empty_query_response() -> Vec<u8> {
    wire![
        b'I',          // Byte1('I'): EmptyQueryResponse
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn portal_suspended() -> Vec<u8> {
    wire![
        b's',          // Byte1('s'): PortalSuspended
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn copy_done() -> Vec<u8> {
    wire![
        b'c',          // Byte1('c'): CopyDone
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("parse_complete", parse_complete()),
        ("bind_complete", bind_complete()),
        ("close_complete", close_complete()),
        ("no_data", no_data()),
        ("empty_query_response", empty_query_response()),
        ("portal_suspended", portal_suspended()),
        ("copy_done_backend", copy_done()),
    ]
}

fn cases() -> [(Vec<u8>, BackendMessage, Encoder, MessageKind); 7] {
    [
        (
            parse_complete(),
            BackendMessage::ParseComplete,
            backend::parse_complete,
            MessageKind::ParseComplete,
        ),
        (
            bind_complete(),
            BackendMessage::BindComplete,
            backend::bind_complete,
            MessageKind::BindComplete,
        ),
        (
            close_complete(),
            BackendMessage::CloseComplete,
            backend::close_complete,
            MessageKind::CloseComplete,
        ),
        (
            no_data(),
            BackendMessage::NoData,
            backend::no_data,
            MessageKind::NoData,
        ),
        (
            empty_query_response(),
            BackendMessage::EmptyQueryResponse,
            backend::empty_query_response,
            MessageKind::EmptyQueryResponse,
        ),
        (
            portal_suspended(),
            BackendMessage::PortalSuspended,
            backend::portal_suspended,
            MessageKind::PortalSuspended,
        ),
        (
            copy_done(),
            BackendMessage::CopyDone,
            backend::copy_done,
            MessageKind::CopyDone,
        ),
    ]
}

#[test]
fn empty_body_messages_parse_and_encode() {
    for (bytes, expected, encoder, _) in cases() {
        assert_eq!(backend(&bytes), expected);
        assert_eq!(encoded(encoder), bytes);
    }
}

#[test]
fn empty_body_messages_with_a_body_are_trailing_data() {
    for (bytes, _, _, kind) in cases() {
        let with_body = wire![bytes[0], &[0, 0, 0, 5], b'x'];
        let frame_body = body(&with_body, bytes[0]);
        assert_eq!(
            BackendMessage::parse(bytes[0], frame_body),
            Err(ProtocolError::TrailingData {
                message: kind,
                len: 1
            })
        );
    }
}
