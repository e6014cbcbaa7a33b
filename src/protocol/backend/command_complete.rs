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
    pub fn parse(body: Bytes) -> Result<CommandComplete, ProtocolError> {
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
        let tag = self.tag();
        let (command, rest) = tag.split_once(' ')?;
        let count = match command {
            "INSERT" => rest.split_once(' ')?.1,
            "UPDATE" | "DELETE" | "SELECT" | "MERGE" | "MOVE" | "FETCH" | "COPY" => rest,
            _ => return None,
        };
        count.parse().ok()
    }
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
