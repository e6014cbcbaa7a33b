//! Execute (tag `'E'`): runs a portal, returning at most `max_rows` rows (0 = no limit) before a
//! PortalSuspended. <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-EXECUTE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::Execute;

/// Appends an Execute of `portal` (empty for the unnamed portal).
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::execute("", 0, &mut buf).unwrap();
/// assert_eq!(&buf[..], b"E\0\0\0\x09\0\0\0\0\0");
/// ```
#[inline]
pub fn execute(portal: &str, max_rows: i32, buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'E'), KIND, |buf| {
        put_cstr(buf, portal.as_bytes(), KIND, "portal name")?;
        buf.extend_from_slice(&max_rows.to_be_bytes());
        Ok(())
    })
}

/// A parsed Execute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Execute {
    /// The portal name.
    pub portal: String,
    /// The row limit; 0 (or less) means none.
    pub max_rows: i32,
}

impl Execute {
    /// Parses an Execute body.
    pub fn parse(body: Bytes) -> Result<Execute, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let portal = r.cstr("portal name")?.to_owned();
        let max_rows = r.i32("maximum rows")?;
        r.finish()?;
        Ok(Execute { portal, max_rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn execute_with_row_limit() {
        let mut buf = BytesMut::new();
        execute("p", 100, &mut buf).unwrap();
        assert_eq!(&buf[..], b"E\0\0\0\x0ap\0\0\0\0\x64");
    }

    #[test]
    fn execute_parse_missing_row_limit_is_truncated() {
        assert_eq!(
            Execute::parse(Bytes::from_static(b"p\0\0\0")),
            Err(ProtocolError::truncated(KIND, "maximum rows"))
        );
    }
}
