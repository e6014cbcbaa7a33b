//! Hostile framing: declared lengths under 4, over the cap, negative, and partial frames; the
//! cap is enforced from the header alone, before the body arrives or any memory is reserved.

use bytes::{Bytes, BytesMut};
use pgline::protocol::frontend::split_startup_packet;
use pgline::protocol::{
    DEFAULT_MAX_MESSAGE_LEN, FrameHeader, Frames, ProtocolError, bytes_needed, frame_header,
    split_frame,
};

#[test]
fn frame_declared_length_under_four_is_rejected() {
    for len in [0u8, 1, 2, 3] {
        let mut buf = BytesMut::from(&[b'D', 0, 0, 0, len][..]);
        assert_eq!(
            split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN),
            Err(ProtocolError::TooShort {
                tag: Some(b'D'),
                len: len.into()
            })
        );
    }
}

#[test]
fn frame_negative_declared_length_is_rejected() {
    let mut buf = BytesMut::from(&[b'D', 0x80, 0, 0, 0][..]);
    assert_eq!(
        split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN),
        Err(ProtocolError::TooShort {
            tag: Some(b'D'),
            len: i32::MIN
        })
    );
}

#[test]
fn frame_over_the_default_one_gib_cap_is_rejected_from_the_header() {
    let header = [b'D', 0x40, 0, 0, 1]; // 1 GiB + 1
    assert_eq!(
        frame_header(&header, DEFAULT_MAX_MESSAGE_LEN),
        Err(ProtocolError::TooLong {
            tag: Some(b'D'),
            len: (1 << 30) + 1,
            max: 1 << 30
        })
    );
    let exactly = [b'D', 0x40, 0, 0, 0];
    assert_eq!(
        frame_header(&exactly, DEFAULT_MAX_MESSAGE_LEN),
        Ok(Some(FrameHeader {
            tag: b'D',
            len: (1 << 30) + 1
        }))
    );
}

#[test]
fn frame_configured_cap_applies() {
    let mut buf = BytesMut::from(&[b'd', 0, 0, 0x10, 1][..]); // 4097 with a 4096 cap
    assert_eq!(
        split_frame(&mut buf, 4096),
        Err(ProtocolError::TooLong {
            tag: Some(b'd'),
            len: 4097,
            max: 4096
        })
    );
    assert!(bytes_needed(&buf, 4096).is_err());
}

#[test]
fn frame_partial_body_waits_without_reserving() {
    let mut buf = BytesMut::with_capacity(16);
    buf.extend_from_slice(&[b'D', 0x3f, 0xff, 0xff, 0xff, 0, 1]);
    let capacity = buf.capacity();
    assert_eq!(split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN), Ok(None));
    assert_eq!(buf.capacity(), capacity);
    assert_eq!(
        bytes_needed(&buf, DEFAULT_MAX_MESSAGE_LEN),
        Ok(0x3fff_ffff + 1 - 7)
    );
}

#[test]
fn frames_iterator_over_a_chunk_cut_mid_frame_reports_once() {
    let chunk = Bytes::from_static(&[b'Z', 0, 0, 0, 5, b'I', b'D', 0, 0, 0, 10, 0]);
    let mut frames = Frames::new(chunk);
    assert_eq!(frames.next().unwrap().unwrap().tag, b'Z');
    assert_eq!(
        frames.next(),
        Some(Err(ProtocolError::IncompleteFrame {
            tag: b'D',
            len: 11,
            available: 6
        }))
    );
    assert_eq!(frames.next(), None);
}

#[test]
fn startup_packet_length_over_cap_is_rejected_from_the_header() {
    let mut buf = BytesMut::from(&[0x7f, 0xff, 0xff, 0xff][..]);
    assert_eq!(
        split_startup_packet(&mut buf, 10_000),
        Err(ProtocolError::TooLong {
            tag: None,
            len: i32::MAX as usize,
            max: 10_000
        })
    );
}
