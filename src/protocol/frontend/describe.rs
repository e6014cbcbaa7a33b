//! Describe (tag `'D'`): asks for a statement's ParameterDescription and RowDescription, or a
//! portal's RowDescription. <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-DESCRIBE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ObjectKind, ProtocolError};

const KIND: MessageKind = MessageKind::Describe;

/// Appends a Describe of the statement or portal `name` (empty for the unnamed one).
///
/// ```
/// use bytes::BytesMut;
/// use pgline::protocol::{frontend, ObjectKind};
/// let mut buf = BytesMut::new();
/// frontend::describe(ObjectKind::Statement, "s1", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"D\0\0\0\x08Ss1\0");
/// ```
pub fn describe(kind: ObjectKind, name: &str, buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'D'), KIND, |buf| {
        buf.extend_from_slice(&[kind.byte()]);
        put_cstr(buf, name.as_bytes(), KIND, "name")
    })
}

/// A parsed Describe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Describe {
    /// Statement or portal.
    pub kind: ObjectKind,
    /// Its name.
    pub name: String,
}

impl Describe {
    /// Parses a Describe body.
    pub fn parse(body: Bytes) -> Result<Describe, ProtocolError> {
        let (kind, name) = parse_kind_and_name(&body, KIND)?;
        Ok(Describe { kind, name })
    }
}

/// Describe and Close share their body: a kind byte and a name.
pub(super) fn parse_kind_and_name(
    body: &[u8],
    message: MessageKind,
) -> Result<(ObjectKind, String), ProtocolError> {
    let mut r = Reader::new(body, message);
    let byte = r.u8("kind")?;
    let kind =
        ObjectKind::from_byte(byte).ok_or(ProtocolError::invalid(message, "kind", byte.into()))?;
    let name = r.cstr("name")?.to_owned();
    r.finish()?;
    Ok((kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_portal_unnamed() {
        let mut buf = BytesMut::new();
        describe(ObjectKind::Portal, "", &mut buf).unwrap();
        assert_eq!(&buf[..], b"D\0\0\0\x06P\0");
    }

    #[test]
    fn describe_parse_rejects_unknown_kind() {
        assert_eq!(
            Describe::parse(Bytes::from_static(b"X\0")),
            Err(ProtocolError::invalid(KIND, "kind", b'X'.into()))
        );
    }
}
