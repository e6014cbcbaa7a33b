//! StartupMessage: the first packet of a connection, untagged: protocol version, then
//! `name\0value\0` pairs ending with an empty name. Never validates which parameters are sent.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-STARTUPMESSAGE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError, ProtocolVersion};

const KIND: MessageKind = MessageKind::StartupMessage;

/// Appends a StartupMessage for `version` with the given parameters (`user` is required by the
/// server; `database`, `application_name`, `options`, `replication` and any GUC are optional).
///
/// Names must be non-empty (an empty name ends the list) and neither may contain a NUL.
///
/// ```
/// use bytes::{Bytes, BytesMut};
/// use pgline::protocol::{frontend, ProtocolVersion};
/// let mut buf = BytesMut::new();
/// frontend::startup_message(ProtocolVersion::V3_0, [("user", "u")], &mut buf).unwrap();
/// assert_eq!(&buf[..], b"\0\0\0\x10\0\x03\0\0user\0u\0\0");
/// ```
pub fn startup_message<I, K, V>(
    version: ProtocolVersion,
    params: I,
    buf: &mut BytesMut,
) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    encode(buf, None, KIND, |buf| {
        buf.extend_from_slice(&version.code().to_be_bytes());
        for (name, value) in params {
            let name = name.as_ref().as_bytes();
            if name.is_empty() {
                return Err(EncodeError::Empty {
                    message: KIND,
                    field: "parameter name",
                });
            }
            put_cstr(buf, name, KIND, "parameter name")?;
            put_cstr(buf, value.as_ref().as_bytes(), KIND, "parameter value")?;
        }
        buf.extend_from_slice(&[0]);
        Ok(())
    })
}

/// A parsed StartupMessage (for mock servers and tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartupMessage {
    /// The protocol version the client asks for.
    pub version: ProtocolVersion,
    /// The parameters in the order sent.
    pub params: Vec<(String, String)>,
}

impl StartupMessage {
    /// Parses the packet's body: everything after its length field, starting with the version.
    pub fn parse(body: Bytes) -> Result<StartupMessage, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let version = ProtocolVersion::from_code(r.i32("protocol version")?);
        let mut params = Vec::new();
        loop {
            let name = r.cstr("parameter name")?;
            if name.is_empty() {
                break;
            }
            let value = r.cstr("parameter value")?;
            params.push((name.to_owned(), value.to_owned()));
        }
        r.finish()?;
        Ok(StartupMessage { version, params })
    }

    /// The value of the first parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Problem;

    #[test]
    fn startup_message_round_trips_parameters() {
        let mut buf = BytesMut::new();
        startup_message(
            ProtocolVersion::V3_2,
            [("user", "alice"), ("database", "db")],
            &mut buf,
        )
        .unwrap();
        let msg = StartupMessage::parse(buf.freeze().slice(4..)).unwrap();
        assert_eq!(msg.version, ProtocolVersion::V3_2);
        assert_eq!(msg.param("database"), Some("db"));
        assert_eq!(msg.params.len(), 2);
    }

    #[test]
    fn startup_message_rejects_empty_name_and_nul_without_writing() {
        let mut buf = BytesMut::from(&b"x"[..]);
        assert_eq!(
            startup_message(ProtocolVersion::V3_0, [("", "v")], &mut buf),
            Err(EncodeError::Empty {
                message: KIND,
                field: "parameter name"
            })
        );
        assert_eq!(
            startup_message(ProtocolVersion::V3_0, [("user", "a\0b")], &mut buf),
            Err(EncodeError::NulInString {
                message: KIND,
                field: "parameter value"
            })
        );
        assert_eq!(&buf[..], b"x");
    }

    #[test]
    fn startup_message_without_final_terminator_is_malformed() {
        assert_eq!(
            StartupMessage::parse(Bytes::from_static(b"\0\x03\0\0user\0u\0")),
            Err(ProtocolError::malformed(
                KIND,
                "parameter name",
                Problem::MissingTerminator
            ))
        );
    }

    #[test]
    fn startup_message_with_bytes_after_terminator_is_trailing_data() {
        assert_eq!(
            StartupMessage::parse(Bytes::from_static(b"\0\x03\0\0\0x")),
            Err(ProtocolError::TrailingData {
                message: KIND,
                len: 1
            })
        );
    }
}
