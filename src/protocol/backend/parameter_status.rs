//! ParameterStatus (tag `'S'`): a run-time parameter the server reports (server_version,
//! client_encoding, TimeZone, ...), at startup and whenever it changes.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARAMETERSTATUS>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::ParameterStatus;

/// A parsed ParameterStatus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterStatus {
    name: Bytes,
    value: Bytes,
}

impl ParameterStatus {
    /// Parses a ParameterStatus body.
    pub fn parse(body: Bytes) -> Result<ParameterStatus, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let name_len = r.cstr("name")?.len();
        let value_at = r.pos();
        let value_len = r.cstr("value")?.len();
        r.finish()?;
        Ok(ParameterStatus {
            name: body.slice(..name_len),
            value: body.slice(value_at..value_at + value_len),
        })
    }

    /// The parameter's name.
    pub fn name(&self) -> &str {
        // Validated as UTF-8 by `parse`; the fallback never happens.
        std::str::from_utf8(&self.name).unwrap_or_default()
    }

    /// Its current value.
    pub fn value(&self) -> &str {
        // Validated as UTF-8 by `parse`; the fallback never happens.
        std::str::from_utf8(&self.value).unwrap_or_default()
    }
}

/// Appends a ParameterStatus.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::parameter_status("a", "b", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"S\0\0\0\x08a\0b\0");
/// ```
pub fn parameter_status(name: &str, value: &str, buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'S'), KIND, |buf| {
        put_cstr(buf, name.as_bytes(), KIND, "name")?;
        put_cstr(buf, value.as_bytes(), KIND, "value")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_status_name_and_value() {
        let p = ParameterStatus::parse(Bytes::from_static(b"TimeZone\0UTC\0")).unwrap();
        assert_eq!((p.name(), p.value()), ("TimeZone", "UTC"));
    }

    #[test]
    fn parameter_status_missing_value() {
        assert!(matches!(
            ParameterStatus::parse(Bytes::from_static(b"TimeZone\0")),
            Err(ProtocolError::Malformed { field: "value", .. })
        ));
    }
}
