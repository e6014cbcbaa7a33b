//! Sync, Flush, CopyDone and Terminate vectors: a tag and the length 4.

use pgline::protocol::frontend::{self, FrontendMessage};

use crate::support::{Encoder, Vector, encoded, frontend as parse_frontend};

pub fn sync() -> Vec<u8> {
    wire![
        b'S',          // Byte1('S'): Sync
        &[0, 0, 0, 4], // Int32(4): length
    ]
}

pub fn flush() -> Vec<u8> {
    wire![
        b'H',          // Byte1('H'): Flush
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn copy_done() -> Vec<u8> {
    wire![
        b'c',          // Byte1('c'): CopyDone
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn terminate() -> Vec<u8> {
    wire![
        b'X',          // Byte1('X'): Terminate
        &[0, 0, 0, 4], // Int32(4)
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("sync", sync()),
        ("flush", flush()),
        ("copy_done_frontend", copy_done()),
        ("terminate", terminate()),
    ]
}

#[test]
fn sync_flush_copy_done_terminate() {
    let cases: [(Vec<u8>, Encoder, FrontendMessage); 4] = [
        (sync(), frontend::sync, FrontendMessage::Sync),
        (flush(), frontend::flush, FrontendMessage::Flush),
        (copy_done(), frontend::copy_done, FrontendMessage::CopyDone),
        (terminate(), frontend::terminate, FrontendMessage::Terminate),
    ];
    for (bytes, encoder, message) in cases {
        assert_eq!(encoded(encoder), bytes);
        assert_eq!(parse_frontend(&bytes), message);
    }
}

#[test]
fn sync_is_53_00_00_00_04() {
    assert_eq!(sync(), [0x53, 0x00, 0x00, 0x00, 0x04]);
}
