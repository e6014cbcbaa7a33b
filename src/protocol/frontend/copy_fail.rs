//! CopyFail (tag `'f'`): aborts a COPY FROM STDIN with a message the server puts in its error.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COPYFAIL>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::CopyFail;

/// Appends a CopyFail with the reason `message`.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::copy_fail("no", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"f\0\0\0\x07no\0");
/// ```
pub fn copy_fail(message: &str, buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'f'), KIND, |buf| {
        put_cstr(buf, message.as_bytes(), KIND, "error message")
    })
}

/// A parsed CopyFail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyFail {
    /// The reason the client gave.
    pub message: String,
}

impl CopyFail {
    /// Parses a CopyFail body.
    pub fn parse(body: Bytes) -> Result<CopyFail, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let message = r.cstr("error message")?.to_owned();
        r.finish()?;
        Ok(CopyFail { message })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_fail_parse_rejects_invalid_utf8() {
        assert_eq!(
            CopyFail::parse(Bytes::from_static(b"\xc3\0")),
            Err(ProtocolError::InvalidUtf8 {
                message: KIND,
                field: "error message"
            })
        );
    }
}
