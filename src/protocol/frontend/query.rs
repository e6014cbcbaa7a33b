//! Query (tag `'Q'`): a simple-protocol query string, possibly several statements.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-QUERY>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::Query;

/// Appends a Query message.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::query("SELECT 1", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"Q\0\0\0\x0dSELECT 1\0");
/// ```
pub fn query(sql: &str, buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'Q'), KIND, |buf| {
        put_cstr(buf, sql.as_bytes(), KIND, "query string")
    })
}

/// A parsed Query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// The query string.
    pub sql: String,
}

impl Query {
    /// Parses a Query body.
    pub fn parse(body: Bytes) -> Result<Query, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let sql = r.cstr("query string")?.to_owned();
        r.finish()?;
        Ok(Query { sql })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_with_nul_is_rejected_and_buffer_untouched() {
        let mut buf = BytesMut::from(&b"S\0\0\0\x04"[..]);
        assert_eq!(
            query("SELECT 1\0; DROP", &mut buf),
            Err(EncodeError::NulInString {
                message: KIND,
                field: "query string"
            })
        );
        assert_eq!(&buf[..], b"S\0\0\0\x04");
    }

    #[test]
    fn query_parse_rejects_bytes_after_terminator() {
        assert_eq!(
            Query::parse(Bytes::from_static(b"x\0y")),
            Err(ProtocolError::TrailingData {
                message: KIND,
                len: 1
            })
        );
    }
}
