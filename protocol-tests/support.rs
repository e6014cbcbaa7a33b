//! Helpers shared by the vector files: the `wire!` macro that lays out a message field by field,
//! and functions that split and parse one complete frame.

use bytes::{Bytes, BytesMut};
use pgline::protocol::backend::BackendMessage;
use pgline::protocol::frontend::{FrontendMessage, StartupPacket, split_startup_packet};
use pgline::protocol::{DEFAULT_MAX_MESSAGE_LEN, Frame, split_frame};

/// One field of a hand-written vector.
pub trait Field {
    fn put(self, out: &mut Vec<u8>);
}

impl Field for u8 {
    fn put(self, out: &mut Vec<u8>) {
        out.push(self);
    }
}

impl<const N: usize> Field for &[u8; N] {
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
}

impl Field for &[u8] {
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
}

impl Field for &Vec<u8> {
    fn put(self, out: &mut Vec<u8>) {
        out.extend_from_slice(self);
    }
}

/// Concatenates fields into one message: `wire![b'S', &[0, 0, 0, 4]]`.
macro_rules! wire {
    ($($field:expr),* $(,)?) => {{
        let mut out: Vec<u8> = Vec::new();
        $( $crate::support::Field::put($field, &mut out); )*
        out
    }};
}

/// An encoder that cannot fail (the empty-body messages).
pub type Encoder = fn(&mut BytesMut);

/// A named vector.
pub type Vector = (&'static str, Vec<u8>);

/// Splits `bytes` as exactly one tagged frame.
pub fn one_frame(bytes: &[u8]) -> Frame {
    let mut buf = BytesMut::from(bytes);
    let frame = split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN)
        .expect("valid frame header")
        .expect("a complete frame");
    assert!(buf.is_empty(), "{} bytes after the frame", buf.len());
    frame
}

/// Splits and parses exactly one backend message.
pub fn backend(bytes: &[u8]) -> BackendMessage {
    let frame = one_frame(bytes);
    BackendMessage::parse(frame.tag, frame.body).expect("a valid backend message")
}

/// The body of exactly one frame with tag `tag`.
pub fn body(bytes: &[u8], tag: u8) -> Bytes {
    let frame = one_frame(bytes);
    assert_eq!(frame.tag as char, tag as char);
    frame.body
}

/// Splits and parses exactly one tagged frontend message.
pub fn frontend(bytes: &[u8]) -> FrontendMessage {
    let frame = one_frame(bytes);
    FrontendMessage::parse(frame.tag, frame.body).expect("a valid frontend message")
}

/// Splits and parses exactly one untagged startup-phase packet.
pub fn startup(bytes: &[u8]) -> StartupPacket {
    let mut buf = BytesMut::from(bytes);
    let body = split_startup_packet(&mut buf, usize::MAX)
        .expect("valid length")
        .expect("complete");
    assert!(buf.is_empty());
    StartupPacket::parse(body).expect("a valid startup packet")
}

/// Runs an encoder into a fresh buffer.
pub fn encoded(f: impl FnOnce(&mut BytesMut)) -> Vec<u8> {
    let mut buf = BytesMut::new();
    f(&mut buf);
    buf.to_vec()
}
