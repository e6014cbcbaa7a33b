//! Splitting a stream into tagged frames (`Byte1` tag, `Int32` length, body), without copying
//! bodies and without trusting a declared length: it is checked against a maximum before any
//! caller reserves memory for it. Used for backend messages and for every frontend message after
//! startup. <https://www.postgresql.org/docs/current/protocol-overview.html#PROTOCOL-MESSAGE-CONCEPTS>

use bytes::{Buf, Bytes, BytesMut};

use super::error::ProtocolError;

/// The first five bytes of a frame: its tag and its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameHeader {
    /// The message's tag byte.
    pub tag: u8,
    /// The whole frame's size in bytes: tag, length field and body.
    pub len: usize,
}

/// Peeks at the header of the frame at the start of `buf` without consuming anything.
///
/// Returns `Ok(None)` while fewer than 5 bytes are buffered. The header is returned as soon as it
/// is complete, even if the body is not: compare `len` with `buf.len()`. A declared length under
/// 4 or over `max_len` is an error; `max_len` caps the `Int32` length (which counts itself, not
/// the tag), as PostgreSQL's own limit does.
///
/// A connection can scan a whole read buffer with it and split off a run of complete frames at
/// once:
///
/// ```
/// use pgline::protocol::{frame_header, DEFAULT_MAX_MESSAGE_LEN};
/// let buf = b"1\0\0\0\x042\0\0\0\x04Z\0\0";
/// let mut at = 0;
/// while let Some(h) = frame_header(&buf[at..], DEFAULT_MAX_MESSAGE_LEN).unwrap() {
///     if buf.len() - at < h.len { break; }
///     at += h.len;
/// }
/// assert_eq!(at, 10); // ParseComplete and BindComplete; ReadyForQuery is still partial
/// ```
#[inline]
pub fn frame_header(buf: &[u8], max_len: usize) -> Result<Option<FrameHeader>, ProtocolError> {
    let Some(&[tag, a, b, c, d]) = buf.first_chunk::<5>() else {
        return Ok(None);
    };
    let len = i32::from_be_bytes([a, b, c, d]);
    if len < 4 {
        return Err(ProtocolError::TooShort {
            tag: Some(tag),
            len,
        });
    }
    let len = len as usize;
    if len > max_len {
        return Err(ProtocolError::TooLong {
            tag: Some(tag),
            len,
            max: max_len,
        });
    }
    Ok(Some(FrameHeader { tag, len: len + 1 }))
}

/// How many more bytes `buf` needs before it holds one complete frame: 0 when it does, at least
/// enough for the header otherwise. Never more than `max_len + 1`, so it is safe to reserve.
///
/// ```
/// use pgline::protocol::{bytes_needed, DEFAULT_MAX_MESSAGE_LEN};
/// assert_eq!(bytes_needed(b"Z\0\0", DEFAULT_MAX_MESSAGE_LEN).unwrap(), 2);
/// assert_eq!(bytes_needed(b"Z\0\0\0\x05", DEFAULT_MAX_MESSAGE_LEN).unwrap(), 1);
/// assert_eq!(bytes_needed(b"Z\0\0\0\x05I", DEFAULT_MAX_MESSAGE_LEN).unwrap(), 0);
/// ```
#[inline]
pub fn bytes_needed(buf: &[u8], max_len: usize) -> Result<usize, ProtocolError> {
    Ok(match frame_header(buf, max_len)? {
        Some(h) => h.len.saturating_sub(buf.len()),
        None => 5 - buf.len(),
    })
}

/// One complete frame: the tag and a zero-copy view of its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The message's tag byte.
    pub tag: u8,
    /// The body: everything after the length field.
    pub body: Bytes,
}

/// Splits one complete frame off the front of `buf`, or returns `Ok(None)` and leaves `buf`
/// untouched while the frame is partial. Never reserves: use [`bytes_needed`] for that.
///
/// ```
/// use bytes::BytesMut;
/// use pgline::protocol::{split_frame, DEFAULT_MAX_MESSAGE_LEN};
/// let mut buf = BytesMut::from(&b"Z\0\0\0\x05IC\0\0"[..]);
/// let frame = split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN).unwrap().unwrap();
/// assert_eq!((frame.tag, &frame.body[..]), (b'Z', &b"I"[..]));
/// assert_eq!(&buf[..], b"C\0\0"); // partial frame left in place
/// assert!(split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN).unwrap().is_none());
/// ```
#[inline]
pub fn split_frame(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, ProtocolError> {
    let Some(header) = frame_header(buf, max_len)? else {
        return Ok(None);
    };
    if buf.len() < header.len {
        return Ok(None);
    }
    let mut body = buf.split_to(header.len).freeze();
    body.advance(5);
    Ok(Some(Frame {
        tag: header.tag,
        body,
    }))
}

/// Iterates over the frames of a chunk that holds whole frames (one the connection split off
/// with a single `split_to`), yielding each body as a slice of the chunk without copying.
///
/// Safe on any input: a chunk that ends inside a frame ([`ProtocolError::IncompleteFrame`]), or a
/// length under 4, yields one error
/// and then the iterator ends.
///
/// ```
/// use bytes::Bytes;
/// use pgline::protocol::Frames;
/// let chunk = Bytes::from_static(b"1\0\0\0\x04Z\0\0\0\x05I");
/// let tags: Vec<u8> = Frames::new(chunk).map(|f| f.unwrap().tag).collect();
/// assert_eq!(tags, b"1Z");
/// ```
#[derive(Clone, Debug)]
pub struct Frames {
    chunk: Bytes,
    // Offset of the next frame; `pos <= chunk.len()` always.
    pos: usize,
}

impl Frames {
    /// Iterates over the frames in `chunk`.
    #[inline]
    pub fn new(chunk: Bytes) -> Frames {
        Frames { chunk, pos: 0 }
    }

    /// The bytes not consumed yet.
    #[inline]
    pub fn remaining(&self) -> &[u8] {
        self.chunk.get(self.pos..).unwrap_or_default()
    }

    /// Reports a bad frame at `pos` and ends the iteration.
    #[cold]
    #[inline(never)]
    fn fail(&mut self) -> Option<Result<Frame, ProtocolError>> {
        let rest = self.remaining();
        let error = match frame_header(rest, usize::MAX) {
            Err(e) => e,
            Ok(Some(h)) => ProtocolError::IncompleteFrame {
                tag: h.tag,
                len: h.len,
                available: rest.len(),
            },
            // A partial header: say so with the bytes there are.
            Ok(None) => ProtocolError::IncompleteFrame {
                tag: rest.first().copied().unwrap_or_default(),
                len: 5,
                available: rest.len(),
            },
        };
        self.pos = self.chunk.len();
        Some(Err(error))
    }
}

impl Iterator for Frames {
    type Item = Result<Frame, ProtocolError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.chunk.get(self.pos..).unwrap_or_default();
        let Some(&[tag, a, b, c, d]) = rest.first_chunk::<5>() else {
            return if rest.is_empty() { None } else { self.fail() };
        };
        let len = i32::from_be_bytes([a, b, c, d]);
        if len < 4 || len as usize >= rest.len() {
            return self.fail();
        }
        let start = self.pos + 5;
        self.pos += len as usize + 1;
        Some(Ok(Frame {
            tag,
            body: self.chunk.slice(start..self.pos),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::DEFAULT_MAX_MESSAGE_LEN;

    #[test]
    fn frame_header_needs_five_bytes() {
        assert_eq!(frame_header(b"Z\0\0\0", 100), Ok(None));
        assert_eq!(
            frame_header(b"Z\0\0\0\x05", 100),
            Ok(Some(FrameHeader { tag: b'Z', len: 6 }))
        );
    }

    #[test]
    fn frame_header_rejects_length_under_four() {
        assert_eq!(
            frame_header(b"Z\0\0\0\x03", 100),
            Err(ProtocolError::TooShort {
                tag: Some(b'Z'),
                len: 3
            })
        );
        assert_eq!(
            frame_header(b"Z\xff\xff\xff\xff", 100),
            Err(ProtocolError::TooShort {
                tag: Some(b'Z'),
                len: -1
            })
        );
    }

    #[test]
    fn frame_header_rejects_length_over_max_before_body_arrives() {
        assert_eq!(
            frame_header(b"D\x7f\xff\xff\xff", DEFAULT_MAX_MESSAGE_LEN),
            Err(ProtocolError::TooLong {
                tag: Some(b'D'),
                len: i32::MAX as usize,
                max: 1 << 30
            })
        );
        assert_eq!(
            frame_header(b"D\0\0\0\x65", 100),
            Err(ProtocolError::TooLong {
                tag: Some(b'D'),
                len: 101,
                max: 100
            })
        );
        assert!(frame_header(b"D\0\0\0\x64", 100).unwrap().is_some());
    }

    #[test]
    fn split_frame_leaves_partial_frame_and_does_not_reserve() {
        let mut buf = BytesMut::with_capacity(8);
        buf.extend_from_slice(b"D\x3f\xff\xff\xff");
        let cap = buf.capacity();
        assert_eq!(split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN), Ok(None));
        assert_eq!(buf.capacity(), cap);
        assert_eq!(buf.len(), 5);
    }

    #[test]
    fn split_frame_empty_body() {
        let mut buf = BytesMut::from(&b"1\0\0\0\x04"[..]);
        let f = split_frame(&mut buf, 100).unwrap().unwrap();
        assert_eq!(f.tag, b'1');
        assert!(f.body.is_empty());
        assert!(buf.is_empty());
    }

    #[test]
    fn bytes_needed_is_capped_by_max_len() {
        assert_eq!(bytes_needed(b"", 100), Ok(5));
        assert_eq!(bytes_needed(b"D\0\0\0\x64", 100), Ok(96));
        assert!(bytes_needed(b"D\0\0\0\x65", 100).is_err());
    }

    #[test]
    fn frames_reports_a_chunk_that_ends_inside_a_frame_once() {
        let mut frames = Frames::new(Bytes::from_static(b"1\0\0\0\x04Z\0\0\0\x05"));
        assert_eq!(frames.next().unwrap().unwrap().tag, b'1');
        assert_eq!(
            frames.next(),
            Some(Err(ProtocolError::IncompleteFrame {
                tag: b'Z',
                len: 6,
                available: 5
            }))
        );
        assert!(frames.next().is_none());
    }

    #[test]
    fn frames_reports_a_partial_header() {
        let mut frames = Frames::new(Bytes::from_static(b"Z\0\0"));
        assert_eq!(
            frames.next(),
            Some(Err(ProtocolError::IncompleteFrame {
                tag: b'Z',
                len: 5,
                available: 3
            }))
        );
        assert_eq!(frames.next(), None);
    }

    #[test]
    fn frames_reports_short_length() {
        let mut frames = Frames::new(Bytes::from_static(b"Z\0\0\0\x00"));
        assert_eq!(
            frames.next(),
            Some(Err(ProtocolError::TooShort {
                tag: Some(b'Z'),
                len: 0
            }))
        );
        assert_eq!(frames.next(), None);
    }
}
