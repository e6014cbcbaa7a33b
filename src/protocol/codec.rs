//! Internal helpers every message file shares: a bounds-checked [`Reader`] over a body that
//! reports errors in terms of the message and field, and the one length back-patch helper
//! ([`encode`]) every encoder goes through.

use bytes::{BufMut, BytesMut};
use memchr::memchr;

use super::error::{EncodeError, MessageKind, Problem, ProtocolError};

/// Reads the fields of one message body front to back.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    message: MessageKind,
}

impl<'a> Reader<'a> {
    #[inline]
    pub(crate) fn new(buf: &'a [u8], message: MessageKind) -> Reader<'a> {
        Reader {
            buf,
            pos: 0,
            message,
        }
    }

    /// The offset of the next unread byte.
    #[inline]
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    #[inline]
    pub(crate) fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    #[inline]
    fn array<const N: usize>(&mut self, field: &'static str) -> Result<[u8; N], ProtocolError> {
        match self
            .buf
            .get(self.pos..)
            .and_then(|rest| rest.first_chunk::<N>())
        {
            Some(bytes) => {
                self.pos += N;
                Ok(*bytes)
            }
            None => Err(ProtocolError::truncated(self.message, field)),
        }
    }

    #[inline]
    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, ProtocolError> {
        Ok(self.array::<1>(field)?[0])
    }

    #[inline]
    pub(crate) fn i16(&mut self, field: &'static str) -> Result<i16, ProtocolError> {
        Ok(i16::from_be_bytes(self.array(field)?))
    }

    #[inline]
    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, ProtocolError> {
        Ok(u16::from_be_bytes(self.array(field)?))
    }

    #[inline]
    pub(crate) fn i32(&mut self, field: &'static str) -> Result<i32, ProtocolError> {
        Ok(i32::from_be_bytes(self.array(field)?))
    }

    #[inline]
    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, ProtocolError> {
        Ok(u32::from_be_bytes(self.array(field)?))
    }

    /// An `Int16` count the server sends; negative counts are rejected.
    #[inline]
    pub(crate) fn count16(&mut self, field: &'static str) -> Result<usize, ProtocolError> {
        let n = self.i16(field)?;
        if n < 0 {
            return Err(ProtocolError::malformed(
                self.message,
                field,
                Problem::Negative { value: n.into() },
            ));
        }
        Ok(n as usize)
    }

    /// A format code: 0 or 1.
    #[inline]
    pub(crate) fn format(&mut self, field: &'static str) -> Result<super::Format, ProtocolError> {
        let code = self.i16(field)?;
        super::Format::from_code(code).ok_or(ProtocolError::invalid(
            self.message,
            field,
            code.into(),
        ))
    }

    #[inline]
    pub(crate) fn bytes(
        &mut self,
        n: usize,
        field: &'static str,
    ) -> Result<&'a [u8], ProtocolError> {
        let end = self.pos.checked_add(n);
        match end.and_then(|end| self.buf.get(self.pos..end)) {
            Some(bytes) => {
                self.pos += n;
                Ok(bytes)
            }
            None => Err(ProtocolError::truncated(self.message, field)),
        }
    }

    /// A NUL-terminated string's bytes, without the NUL.
    #[inline]
    pub(crate) fn cstr_bytes(&mut self, field: &'static str) -> Result<&'a [u8], ProtocolError> {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        match memchr(0, rest) {
            Some(nul) => {
                self.pos += nul + 1;
                Ok(&rest[..nul])
            }
            None => Err(ProtocolError::malformed(
                self.message,
                field,
                Problem::MissingTerminator,
            )),
        }
    }

    /// A NUL-terminated UTF-8 string.
    #[inline]
    pub(crate) fn cstr(&mut self, field: &'static str) -> Result<&'a str, ProtocolError> {
        let bytes = self.cstr_bytes(field)?;
        std::str::from_utf8(bytes).map_err(|_| ProtocolError::InvalidUtf8 {
            message: self.message,
            field,
        })
    }

    /// Everything left.
    #[inline]
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        self.pos = self.buf.len();
        rest
    }

    /// Fails with `TrailingData` unless every byte was read.
    #[inline]
    pub(crate) fn finish(self) -> Result<(), ProtocolError> {
        match self.remaining() {
            0 => Ok(()),
            len => Err(ProtocolError::TrailingData {
                message: self.message,
                len,
            }),
        }
    }
}

/// Checks that a message body is empty (the messages that are only a tag and a length).
#[inline]
pub(crate) fn expect_empty(body: &[u8], message: MessageKind) -> Result<(), ProtocolError> {
    Reader::new(body, message).finish()
}

/// Appends one message: the tag (if any), a length placeholder, the body `f` writes, then
/// back-patches the length. On any error the buffer is truncated to where it was, so a failed
/// encode never leaves half a message behind.
#[inline(always)]
pub(crate) fn encode<E, F>(
    buf: &mut BytesMut,
    tag: Option<u8>,
    message: MessageKind,
    f: F,
) -> Result<(), E>
where
    F: FnOnce(&mut BytesMut) -> Result<(), E>,
    E: From<EncodeError>,
{
    let mark = buf.len();
    match tag {
        Some(tag) => buf.extend_from_slice(&[tag, 0, 0, 0, 0]),
        None => buf.extend_from_slice(&[0, 0, 0, 0]),
    }
    let len_at = buf.len() - 4;
    if let Err(e) = f(buf) {
        buf.truncate(mark);
        return Err(e);
    }
    let len = buf.len() - len_at;
    match i32::try_from(len) {
        Ok(len) => {
            buf[len_at..len_at + 4].copy_from_slice(&len.to_be_bytes());
            Ok(())
        }
        Err(_) => {
            buf.truncate(mark);
            Err(EncodeError::TooLong {
                message,
                field: "message length",
                len,
                max: i32::MAX as usize,
            }
            .into())
        }
    }
}

/// Fails if `s` contains a NUL byte. Short strings (names, portals) are scanned inline:
/// a call into memchr costs more than the scan for them.
#[inline]
pub(crate) fn check_no_nul(
    s: &[u8],
    message: MessageKind,
    field: &'static str,
) -> Result<(), EncodeError> {
    let has_nul = if s.len() <= 16 {
        s.contains(&0)
    } else {
        memchr(0, s).is_some()
    };
    if has_nul {
        return Err(EncodeError::NulInString { message, field });
    }
    Ok(())
}

/// Appends `s` and its NUL terminator after checking `s` has no NUL inside.
#[inline]
pub(crate) fn put_cstr(
    buf: &mut BytesMut,
    s: &[u8],
    message: MessageKind,
    field: &'static str,
) -> Result<(), EncodeError> {
    check_no_nul(s, message, field)?;
    buf.reserve(s.len() + 1);
    buf.extend_from_slice(s);
    buf.put_u8(0);
    Ok(())
}

/// Converts a count to the `Int16` the wire carries; PostgreSQL reads these counts as unsigned,
/// so up to 65535 items fit (libpq's own parameter limit).
#[inline]
pub(crate) fn count_u16(
    count: usize,
    message: MessageKind,
    field: &'static str,
) -> Result<u16, EncodeError> {
    u16::try_from(count).map_err(|_| EncodeError::TooMany {
        message,
        field,
        count,
        max: u16::MAX as usize,
    })
}

/// Converts a count the server writes as a signed `Int16` (column and parameter counts in
/// backend messages); the parsers reject negative ones, so the encoders stop at 32767.
#[inline]
pub(crate) fn count_i16(
    count: usize,
    message: MessageKind,
    field: &'static str,
) -> Result<i16, EncodeError> {
    i16::try_from(count).map_err(|_| EncodeError::TooMany {
        message,
        field,
        count,
        max: i16::MAX as usize,
    })
}

/// Converts a value length to its `Int32` length prefix.
#[inline]
pub(crate) fn len_i32(
    len: usize,
    message: MessageKind,
    field: &'static str,
) -> Result<i32, EncodeError> {
    i32::try_from(len).map_err(|_| EncodeError::TooLong {
        message,
        field,
        len,
        max: i32::MAX as usize,
    })
}

/// Writes `count` as a placeholder `Int16` now and back-patches it once the items are written.
pub(crate) struct CountSlot {
    at: usize,
}

impl CountSlot {
    #[inline]
    pub(crate) fn reserve(buf: &mut BytesMut) -> CountSlot {
        let at = buf.len();
        buf.extend_from_slice(&[0, 0]);
        CountSlot { at }
    }

    #[inline]
    pub(crate) fn fill(self, buf: &mut BytesMut, count: u16) {
        buf[self.at..self.at + 2].copy_from_slice(&count.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_reports_truncation_with_message_and_field() {
        let mut r = Reader::new(&[0, 1], MessageKind::DataRow);
        assert_eq!(r.i16("column count"), Ok(1));
        assert_eq!(
            r.i32("value length"),
            Err(ProtocolError::truncated(
                MessageKind::DataRow,
                "value length"
            ))
        );
    }

    #[test]
    fn reader_cstr_without_terminator_is_an_error() {
        let mut r = Reader::new(b"abc", MessageKind::CommandComplete);
        assert_eq!(
            r.cstr("command tag"),
            Err(ProtocolError::malformed(
                MessageKind::CommandComplete,
                "command tag",
                Problem::MissingTerminator
            ))
        );
    }

    #[test]
    fn reader_cstr_invalid_utf8_is_an_error() {
        let mut r = Reader::new(b"\xff\0", MessageKind::ParameterStatus);
        assert_eq!(
            r.cstr("name"),
            Err(ProtocolError::InvalidUtf8 {
                message: MessageKind::ParameterStatus,
                field: "name"
            })
        );
    }

    #[test]
    fn reader_bytes_with_huge_length_is_truncated_not_overflow() {
        let mut r = Reader::new(b"ab", MessageKind::CopyData);
        r.u8("x").unwrap();
        assert!(r.bytes(usize::MAX, "data").is_err());
    }

    #[test]
    fn reader_finish_reports_trailing_bytes() {
        let r = Reader::new(b"xy", MessageKind::NoData);
        assert_eq!(
            r.finish(),
            Err(ProtocolError::TrailingData {
                message: MessageKind::NoData,
                len: 2
            })
        );
    }

    #[test]
    fn encode_backpatches_length_including_itself() {
        let mut buf = BytesMut::from(&b"prefix"[..]);
        encode::<EncodeError, _>(&mut buf, Some(b'Q'), MessageKind::Query, |b| {
            b.extend_from_slice(b"ab");
            Ok(())
        })
        .unwrap();
        assert_eq!(&buf[..], b"prefixQ\0\0\0\x06ab");
    }

    #[test]
    fn encode_truncates_on_error() {
        let mut buf = BytesMut::from(&b"prefix"[..]);
        let r = encode(&mut buf, Some(b'Q'), MessageKind::Query, |b| {
            b.extend_from_slice(b"partial");
            Err(EncodeError::Empty {
                message: MessageKind::Query,
                field: "x",
            })
        });
        assert!(r.is_err());
        assert_eq!(&buf[..], b"prefix");
    }

    #[test]
    fn check_no_nul_finds_nul_in_short_and_long_strings() {
        assert!(check_no_nul(b"ab\0", MessageKind::Query, "query string").is_err());
        let mut long = vec![b'a'; 100];
        long[77] = 0;
        assert!(check_no_nul(&long, MessageKind::Query, "query string").is_err());
        assert!(check_no_nul(&long[..77], MessageKind::Query, "query string").is_ok());
    }

    #[test]
    fn counts_over_their_width_are_errors() {
        assert_eq!(count_u16(65_535, MessageKind::Bind, "n"), Ok(65_535));
        assert!(count_u16(65_536, MessageKind::Bind, "n").is_err());
        assert!(count_i16(32_768, MessageKind::DataRow, "n").is_err());
    }
}
