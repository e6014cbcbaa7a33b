//! The `backend_message` fuzz target: arbitrary bytes through the frame splitters and every
//! backend parser; whatever parses must re-encode to the same bytes.

use bytes::{Bytes, BytesMut};

use crate::protocol::backend::{
    Authentication, BackendKeyData, BackendMessage, CommandComplete, CopyBothResponse, CopyData,
    CopyInResponse, CopyOutResponse, DataRow, ErrorResponse, FunctionCallResponse,
    NegotiateProtocolVersion, NoticeResponse, NotificationResponse, ParameterDescription,
    ParameterStatus, ReadyForQuery, RowDescription,
};
use crate::protocol::{Frame, Frames, ProtocolError, bytes_needed, frame_header, split_frame};

/// A cap small enough that fuzzed lengths hit it, large enough for real frames.
const MAX_LEN: usize = 1 << 16;

/// Runs `data` through the splitters and parsers; panics on any inconsistency.
pub fn backend_message(data: &[u8]) {
    let frames = split_all(data);
    check_frames_iterator(data, &frames);
    check_chunked_split(data, &frames);
    for frame in &frames {
        check_frame(frame);
    }
}

/// Splits `data` with [`split_frame`] until it returns `None` or an error.
fn split_all(data: &[u8]) -> Vec<Frame> {
    let mut buf = BytesMut::from(data);
    let mut frames = Vec::new();
    loop {
        let before = buf.len();
        let header = frame_header(&buf, MAX_LEN);
        let needed = bytes_needed(&buf, MAX_LEN);
        match split_frame(&mut buf, MAX_LEN) {
            Ok(Some(frame)) => {
                let header = header
                    .expect("header agrees with split")
                    .expect("complete frame");
                assert_eq!(header.tag, frame.tag);
                assert_eq!(header.len, frame.body.len() + 5);
                assert_eq!(needed, Ok(0));
                assert_eq!(buf.len(), before - header.len);
                frames.push(frame);
            }
            Ok(None) => {
                assert_eq!(buf.len(), before, "a partial frame stays in place");
                let needed = needed.expect("no error when split has none");
                assert!(needed > 0 && needed <= MAX_LEN + 1);
                return frames;
            }
            Err(e) => {
                assert_eq!(header, Err(e.clone()));
                assert!(matches!(
                    e,
                    ProtocolError::TooShort { .. } | ProtocolError::TooLong { .. }
                ));
                return frames;
            }
        }
    }
}

/// The zero-copy iterator over a chunk must agree with the splitter on every complete frame.
fn check_frames_iterator(data: &[u8], frames: &[Frame]) {
    let chunk = Bytes::copy_from_slice(data);
    let mut iter = Frames::new(chunk);
    for frame in frames {
        assert_eq!(iter.next(), Some(Ok(frame.clone())));
    }
    // Whatever is left is an error (once) or nothing; never a panic or a loop.
    if iter.remaining().is_empty() {
        assert_eq!(iter.next(), None);
    } else if let Some(next) = iter.next() {
        if next.is_err() {
            assert_eq!(iter.next(), None);
        }
    }
}

/// Feeding the same bytes in chunks whose sizes come from the data gives the same frames.
fn check_chunked_split(data: &[u8], frames: &[Frame]) {
    let mut buf = BytesMut::new();
    let mut got = Vec::new();
    let mut at = 0;
    let mut step = 0;
    while at < data.len() {
        let size = 1 + data[step % data.len()] as usize % 7;
        step += 1;
        let end = (at + size).min(data.len());
        buf.extend_from_slice(&data[at..end]);
        at = end;
        while let Ok(Some(frame)) = split_frame(&mut buf, MAX_LEN) {
            got.push(frame);
        }
    }
    assert_eq!(got, frames);
}

fn frame_bytes(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend_from_slice(&(body.len() as i32 + 4).to_be_bytes());
    out.extend_from_slice(body);
    out
}

fn assert_reencodes(message: &BackendMessage, tag: u8, body: &[u8]) {
    let mut buf = BytesMut::new();
    message
        .encode(&mut buf)
        .expect("a parsed message re-encodes");
    assert_eq!(
        &buf[..],
        &frame_bytes(tag, body)[..],
        "re-encoding {message:?}"
    );
}

/// Parses the frame with its own tag through the enum, and its body through every parser as
/// if it had each other tag; whatever parses is exercised and re-encoded.
fn check_frame(frame: &Frame) {
    if let Ok(message) = BackendMessage::parse(frame.tag, frame.body.clone()) {
        exercise(&message);
        assert_reencodes(&message, frame.tag, &frame.body);
    }
    let body = &frame.body;
    use BackendMessage as M;
    let parsed: [(u8, Option<BackendMessage>); 16] = [
        (
            b'R',
            Authentication::parse(body.clone())
                .ok()
                .map(M::Authentication),
        ),
        (
            b'K',
            BackendKeyData::parse(body.clone())
                .ok()
                .map(M::BackendKeyData),
        ),
        (
            b'C',
            CommandComplete::parse(body.clone())
                .ok()
                .map(M::CommandComplete),
        ),
        (b'd', CopyData::parse(body.clone()).ok().map(M::CopyData)),
        (
            b'G',
            CopyInResponse::parse(body.clone())
                .ok()
                .map(M::CopyInResponse),
        ),
        (
            b'H',
            CopyOutResponse::parse(body.clone())
                .ok()
                .map(M::CopyOutResponse),
        ),
        (
            b'W',
            CopyBothResponse::parse(body.clone())
                .ok()
                .map(M::CopyBothResponse),
        ),
        (b'D', DataRow::parse(body.clone()).ok().map(M::DataRow)),
        (
            b'E',
            ErrorResponse::parse(body.clone())
                .ok()
                .map(M::ErrorResponse),
        ),
        (
            b'V',
            FunctionCallResponse::parse(body.clone())
                .ok()
                .map(M::FunctionCallResponse),
        ),
        (
            b'v',
            NegotiateProtocolVersion::parse(body.clone())
                .ok()
                .map(M::NegotiateProtocolVersion),
        ),
        (
            b'N',
            NoticeResponse::parse(body.clone())
                .ok()
                .map(M::NoticeResponse),
        ),
        (
            b'A',
            NotificationResponse::parse(body.clone())
                .ok()
                .map(M::NotificationResponse),
        ),
        (
            b't',
            ParameterDescription::parse(body.clone())
                .ok()
                .map(M::ParameterDescription),
        ),
        (
            b'S',
            ParameterStatus::parse(body.clone())
                .ok()
                .map(M::ParameterStatus),
        ),
        (
            b'Z',
            ReadyForQuery::parse(body.clone())
                .ok()
                .map(M::ReadyForQuery),
        ),
    ];
    for (tag, message) in parsed {
        if let Some(message) = message {
            exercise(&message);
            assert_reencodes(&message, tag, body);
        }
    }
    if let Ok(rd) = RowDescription::parse(body.clone()) {
        let message = M::RowDescription(rd);
        exercise(&message);
        assert_reencodes(&message, b'T', body);
    }
}

/// Calls every accessor, checking the ones that must agree with each other.
fn exercise(message: &BackendMessage) {
    match message {
        BackendMessage::DataRow(row) => {
            let fields: Vec<_> = row.fields().collect();
            assert_eq!(fields.len(), row.len());
            let ranges: Vec<_> = row.ranges().collect();
            assert_eq!(ranges.len(), row.len());
            for (field, range) in fields.iter().zip(&ranges) {
                assert_eq!(*field, range.clone().map(|r| &row.buffer()[r]));
            }
        }
        BackendMessage::RowDescription(rd) => assert_eq!(rd.fields().count(), rd.len()),
        BackendMessage::ParameterDescription(pd) => assert_eq!(pd.types().count(), pd.len()),
        BackendMessage::ErrorResponse(e) => {
            for (code, value) in e.iter() {
                assert!(e.get(code).is_some());
                let _ = value.len();
            }
            let _ = (e.severity(), e.code(), e.message(), e.routine());
        }
        BackendMessage::CommandComplete(c) => {
            if let Some(rows) = c.rows() {
                let last = c.tag().rsplit(' ').next().map(str::parse::<u64>);
                assert_eq!(last, Some(Ok(rows)));
            }
        }
        BackendMessage::Authentication(Authentication::Sasl(mechs)) => {
            for m in mechs.iter() {
                assert!(!m.is_empty());
                assert!(mechs.contains(m));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_message_accepts_empty_and_garbage_input() {
        backend_message(b"");
        backend_message(b"\xff\xff\xff\xff\xff\xff");
        backend_message(b"D\0\0\0\x06\0\0Z\0\0\0\x05I");
        backend_message(b"D\0\0\0\x0a\0\x01\xff\xff\xff\xffZ\0");
    }
}
