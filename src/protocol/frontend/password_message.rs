//! PasswordMessage (tag `'p'`): a cleartext or MD5-hashed password as a C string. The same tag
//! carries SASL and GSS responses; which one is meant depends on the server's request.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PASSWORDMESSAGE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::PasswordMessage;

/// Appends a PasswordMessage: `password` (cleartext, or `md5` + hex digest) and a NUL.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::password_message(b"pw", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"p\0\0\0\x07pw\0");
/// ```
pub fn password_message(password: &[u8], buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'p'), KIND, |buf| {
        put_cstr(buf, password, KIND, "password")
    })
}

/// A parsed PasswordMessage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordMessage {
    /// The password bytes, without the terminator; not necessarily UTF-8.
    pub password: Bytes,
}

impl PasswordMessage {
    /// Parses a `'p'` body as a PasswordMessage.
    pub fn parse(body: Bytes) -> Result<PasswordMessage, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let len = r.cstr_bytes("password")?.len();
        r.finish()?;
        Ok(PasswordMessage {
            password: body.slice(..len),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_message_with_nul_is_rejected() {
        let mut buf = BytesMut::new();
        assert_eq!(
            password_message(b"a\0b", &mut buf),
            Err(EncodeError::NulInString {
                message: KIND,
                field: "password"
            })
        );
        assert!(buf.is_empty());
    }

    #[test]
    fn password_message_parse_keeps_non_utf8_bytes() {
        let parsed = PasswordMessage::parse(Bytes::from_static(b"\xff\xfe\0")).unwrap();
        assert_eq!(&parsed.password[..], b"\xff\xfe");
    }
}
