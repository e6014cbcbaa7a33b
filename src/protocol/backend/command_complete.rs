//! CommandComplete (tag `'C'`): the command tag of a finished statement, e.g. `INSERT 0 5` or
//! `SELECT 3`, and the row count it carries.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COMMANDCOMPLETE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::CommandComplete;

/// A parsed CommandComplete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandComplete {
    // The tag without its terminator, validated as UTF-8 by `parse`.
    tag: Bytes,
}

impl CommandComplete {
    /// Parses a CommandComplete body.
    pub fn parse(mut body: Bytes) -> Result<CommandComplete, ProtocolError> {
        // Every tag the server sends is short ASCII ending in the only NUL: check that in one
        // pass and keep the body as it is (no UTF-8 decoder, no second reference count).
        if let Some((&0, tag)) = body.split_last() {
            if tag.iter().all(|&b| b != 0 && b.is_ascii()) {
                body.truncate(tag.len());
                return Ok(CommandComplete { tag: body });
            }
        }
        let mut r = Reader::new(&body, KIND);
        let len = r.cstr("command tag")?.len();
        r.finish()?;
        Ok(CommandComplete {
            tag: body.slice(..len),
        })
    }

    /// The command tag, e.g. `"UPDATE 3"` or `"CREATE TABLE"`.
    pub fn tag(&self) -> &str {
        // `parse` validated the tag as UTF-8, so this never falls back to "".
        std::str::from_utf8(&self.tag).unwrap_or_default()
    }

    /// The row count for the commands whose tag carries one: INSERT (`INSERT oid rows`),
    /// UPDATE, DELETE, SELECT (and CREATE TABLE AS), MERGE, MOVE, FETCH and COPY.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use pgline::protocol::backend::CommandComplete;
    /// let cc = CommandComplete::parse(Bytes::from_static(b"INSERT 0 5\0")).unwrap();
    /// assert_eq!(cc.rows(), Some(5));
    /// let cc = CommandComplete::parse(Bytes::from_static(b"CREATE TABLE\0")).unwrap();
    /// assert_eq!(cc.rows(), None);
    /// ```
    pub fn rows(&self) -> Option<u64> {
        // On bytes: this runs once per statement, and `str` searching and parsing cost more
        // than the rest of reading a one-row reply.
        let (command, rest) = split_at_space(&self.tag)?;
        let count = match command {
            b"INSERT" => split_at_space(rest)?.1,
            b"UPDATE" | b"DELETE" | b"SELECT" | b"MERGE" | b"MOVE" | b"FETCH" | b"COPY" => rest,
            _ => return None,
        };
        parse_count(count)
    }
}

/// The bytes before and after the first space.
fn split_at_space(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = s.iter().position(|&b| b == b' ')?;
    Some((&s[..at], &s[at + 1..]))
}

/// A decimal `u64` as `str::parse` reads one: an optional `+`, then one or more digits, no
/// overflow.
fn parse_count(s: &[u8]) -> Option<u64> {
    let digits = s.strip_prefix(b"+").unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u64, |n, &b| {
        if !b.is_ascii_digit() {
            return None;
        }
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// Appends a CommandComplete with `tag`.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::command_complete("SELECT 1", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"C\0\0\0\x0dSELECT 1\0");
/// ```
pub fn command_complete(tag: &str, buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'C'), KIND, |buf| {
        put_cstr(buf, tag.as_bytes(), KIND, "command tag")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(tag: &'static [u8]) -> Option<u64> {
        CommandComplete::parse(Bytes::from_static(tag))
            .unwrap()
            .rows()
    }

    #[test]
    fn command_complete_rows_for_every_counting_command() {
        assert_eq!(rows(b"INSERT 0 7\0"), Some(7));
        assert_eq!(rows(b"UPDATE 3\0"), Some(3));
        assert_eq!(rows(b"DELETE 0\0"), Some(0));
        assert_eq!(rows(b"SELECT 18446744073709551615\0"), Some(u64::MAX));
        assert_eq!(rows(b"MERGE 2\0"), Some(2));
        assert_eq!(rows(b"MOVE 4\0"), Some(4));
        assert_eq!(rows(b"FETCH 5\0"), Some(5));
        assert_eq!(rows(b"COPY 6\0"), Some(6));
    }

    #[test]
    fn command_complete_rows_none_for_other_or_garbled_tags() {
        assert_eq!(rows(b"BEGIN\0"), None);
        assert_eq!(rows(b"CREATE TABLE\0"), None);
        assert_eq!(rows(b"INSERT 5\0"), None);
        assert_eq!(rows(b"SELECT x\0"), None);
        assert_eq!(rows(b"\0"), None);
        assert_eq!(rows(b"SELECT \0"), None);
        assert_eq!(rows(b"SELECT +4\0"), Some(4));
        assert_eq!(rows(b"SELECT 18446744073709551616\0"), None);
        assert_eq!(rows(b"SELECT 1 2\0"), None);
    }

    #[test]
    fn command_complete_tags_off_the_fast_path() {
        let cc = CommandComplete::parse(Bytes::from_static("SELECT 1 é\0".as_bytes())).unwrap();
        assert_eq!(cc.tag(), "SELECT 1 é");
        assert!(matches!(
            CommandComplete::parse(Bytes::from_static(b"SELECT\0 1\0")),
            Err(ProtocolError::TrailingData { .. })
        ));
        assert!(matches!(
            CommandComplete::parse(Bytes::from_static(b"SELECT \xff\0")),
            Err(ProtocolError::InvalidUtf8 { .. })
        ));
    }

    #[test]
    fn command_complete_missing_terminator() {
        assert!(matches!(
            CommandComplete::parse(Bytes::from_static(b"SELECT 1")),
            Err(ProtocolError::Malformed {
                message: KIND,
                field: "command tag",
                ..
            })
        ));
    }
}
