//! Close (tag `'C'`): closes a prepared statement or a portal.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-CLOSE>

use bytes::{Bytes, BytesMut};

use super::describe::parse_kind_and_name;
use crate::protocol::codec::{encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ObjectKind, ProtocolError};

const KIND: MessageKind = MessageKind::Close;

/// Appends a Close of the statement or portal `name` (empty for the unnamed one).
///
/// ```
/// use bytes::BytesMut;
/// use pgline::protocol::{frontend, ObjectKind};
/// let mut buf = BytesMut::new();
/// frontend::close(ObjectKind::Portal, "p", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"C\0\0\0\x07Pp\0");
/// ```
pub fn close(kind: ObjectKind, name: &str, buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'C'), KIND, |buf| {
        buf.extend_from_slice(&[kind.byte()]);
        put_cstr(buf, name.as_bytes(), KIND, "name")
    })
}

/// A parsed Close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Close {
    /// Statement or portal.
    pub kind: ObjectKind,
    /// Its name.
    pub name: String,
}

impl Close {
    /// Parses a Close body.
    pub fn parse(body: Bytes) -> Result<Close, ProtocolError> {
        let (kind, name) = parse_kind_and_name(&body, KIND)?;
        Ok(Close { kind, name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_statement_round_trip() {
        let mut buf = BytesMut::new();
        close(ObjectKind::Statement, "s9", &mut buf).unwrap();
        let parsed = Close::parse(buf.freeze().slice(5..)).unwrap();
        assert_eq!(
            parsed,
            Close {
                kind: ObjectKind::Statement,
                name: "s9".into()
            }
        );
    }

    #[test]
    fn close_parse_missing_name_terminator() {
        assert!(matches!(
            Close::parse(Bytes::from_static(b"Sab")),
            Err(ProtocolError::Malformed {
                message: KIND,
                field: "name",
                ..
            })
        ));
    }
}
