//! Every vector, alone and all concatenated, fed one byte at a time and in random chunkings,
//! gives the same messages as the whole buffer at once; a partial frame never yields a message.

use bytes::{Bytes, BytesMut};
use pgline::protocol::backend::BackendMessage;
use pgline::protocol::frontend::{FrontendMessage, StartupPacket, split_startup_packet};
use pgline::protocol::{DEFAULT_MAX_MESSAGE_LEN, Frames, bytes_needed, split_frame};
use proptest::prelude::*;

use crate::support::Vector;
use crate::{backend, frontend};

/// Feeds `bytes` in chunks of the given sizes (cycled), splitting and parsing as it goes.
fn feed<T>(
    bytes: &[u8],
    sizes: &[usize],
    tagged: bool,
    mut split: impl FnMut(&mut BytesMut) -> Option<T>,
) -> Vec<T> {
    let mut buf = BytesMut::new();
    let mut out = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while at < bytes.len() {
        let end = (at + sizes[i % sizes.len()].max(1)).min(bytes.len());
        i += 1;
        buf.extend_from_slice(&bytes[at..end]);
        at = end;
        while let Some(item) = split(&mut buf) {
            out.push(item);
        }
        // Whatever is left is a partial frame, never more than the next frame needs.
        if tagged && !buf.is_empty() {
            let needed = bytes_needed(&buf, DEFAULT_MAX_MESSAGE_LEN).expect("valid headers");
            assert!(needed > 0 && needed <= bytes.len() - at);
        }
    }
    assert!(buf.is_empty(), "bytes left over");
    out
}

fn backend_messages(bytes: &[u8], sizes: &[usize]) -> Vec<BackendMessage> {
    feed(bytes, sizes, true, |buf| {
        let frame = split_frame(buf, DEFAULT_MAX_MESSAGE_LEN).expect("valid frame")?;
        Some(BackendMessage::parse(frame.tag, frame.body).expect("valid message"))
    })
}

fn frontend_messages(bytes: &[u8], sizes: &[usize]) -> Vec<(u8, Bytes, FrontendMessage)> {
    feed(bytes, sizes, true, |buf| {
        let frame = split_frame(buf, DEFAULT_MAX_MESSAGE_LEN).expect("valid frame")?;
        let message = FrontendMessage::parse(frame.tag, frame.body.clone()).expect("valid message");
        Some((frame.tag, frame.body, message))
    })
}

fn startup_packets(bytes: &[u8], sizes: &[usize]) -> Vec<StartupPacket> {
    feed(bytes, sizes, false, |buf| {
        let body = split_startup_packet(buf, usize::MAX).expect("valid length")?;
        Some(StartupPacket::parse(body).expect("valid packet"))
    })
}

fn concat(vectors: &[Vector]) -> Vec<u8> {
    vectors
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect()
}

#[test]
fn backend_vectors_one_byte_at_a_time() {
    let vectors = backend::all();
    for (name, bytes) in &vectors {
        let whole = backend_messages(bytes, &[bytes.len()]);
        assert_eq!(whole.len(), 1, "{name}");
        assert_eq!(backend_messages(bytes, &[1]), whole, "{name}");
    }
    let stream = concat(&vectors);
    let whole = backend_messages(&stream, &[stream.len()]);
    assert_eq!(whole.len(), vectors.len());
    assert_eq!(backend_messages(&stream, &[1]), whole);
}

#[test]
fn backend_vectors_through_frames_iterator_match_splitter() {
    let stream = concat(&backend::all());
    let from_iter: Vec<BackendMessage> = Frames::new(Bytes::from(stream.clone()))
        .map(|f| {
            let f = f.expect("whole frames");
            BackendMessage::parse(f.tag, f.body).expect("valid message")
        })
        .collect();
    assert_eq!(from_iter, backend_messages(&stream, &[stream.len()]));
}

#[test]
fn frontend_vectors_one_byte_at_a_time() {
    let vectors = frontend::tagged();
    let stream = concat(&vectors);
    let whole = frontend_messages(&stream, &[stream.len()]);
    assert_eq!(whole.len(), vectors.len());
    assert_eq!(frontend_messages(&stream, &[1]), whole);
}

#[test]
fn startup_packets_one_byte_at_a_time() {
    let vectors = frontend::startup_packets();
    let stream = concat(&vectors);
    let whole = startup_packets(&stream, &[stream.len()]);
    assert_eq!(whole.len(), vectors.len());
    assert_eq!(startup_packets(&stream, &[1]), whole);
}

proptest! {
    #[test]
    fn backend_vectors_random_chunking(sizes in prop::collection::vec(1usize..40, 1..16)) {
        let stream = concat(&backend::all());
        prop_assert_eq!(backend_messages(&stream, &sizes), backend_messages(&stream, &[stream.len()]));
    }

    #[test]
    fn frontend_vectors_random_chunking(sizes in prop::collection::vec(1usize..40, 1..16)) {
        let stream = concat(&frontend::tagged());
        prop_assert_eq!(frontend_messages(&stream, &sizes), frontend_messages(&stream, &[stream.len()]));
    }

    #[test]
    fn startup_packets_random_chunking(sizes in prop::collection::vec(1usize..20, 1..8)) {
        let stream = concat(&frontend::startup_packets());
        prop_assert_eq!(startup_packets(&stream, &sizes), startup_packets(&stream, &[stream.len()]));
    }
}
