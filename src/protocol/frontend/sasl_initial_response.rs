//! SASLInitialResponse (tag `'p'`): the mechanism the client picked and its first message, whose
//! absence is length -1. Never runs SASL itself (see the auth layer).
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-SASLINITIALRESPONSE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, len_i32, put_cstr};
use crate::protocol::{EncodeError, MessageKind, Problem, ProtocolError};

const KIND: MessageKind = MessageKind::SaslInitialResponse;

/// Appends a SASLInitialResponse for `mechanism` (e.g. `SCRAM-SHA-256`) with the client's first
/// message, or length -1 when `data` is `None`.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::sasl_initial_response("M", Some(b"hi"), &mut buf).unwrap();
/// assert_eq!(&buf[..], b"p\0\0\0\x0cM\0\0\0\0\x02hi");
/// ```
pub fn sasl_initial_response(
    mechanism: &str,
    data: Option<&[u8]>,
    buf: &mut BytesMut,
) -> Result<(), EncodeError> {
    encode(buf, Some(b'p'), KIND, |buf| {
        if mechanism.is_empty() {
            return Err(EncodeError::Empty {
                message: KIND,
                field: "mechanism",
            });
        }
        put_cstr(buf, mechanism.as_bytes(), KIND, "mechanism")?;
        match data {
            Some(data) => {
                buf.extend_from_slice(&len_i32(data.len(), KIND, "data")?.to_be_bytes());
                buf.extend_from_slice(data);
            }
            None => buf.extend_from_slice(&(-1i32).to_be_bytes()),
        }
        Ok(())
    })
}

/// A parsed SASLInitialResponse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaslInitialResponse {
    /// The chosen mechanism.
    pub mechanism: String,
    /// The client's first message; `None` when sent as length -1.
    pub data: Option<Bytes>,
}

impl SaslInitialResponse {
    /// Parses a `'p'` body as a SASLInitialResponse.
    pub fn parse(body: Bytes) -> Result<SaslInitialResponse, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let mechanism = r.cstr("mechanism")?.to_owned();
        if mechanism.is_empty() {
            return Err(ProtocolError::malformed(KIND, "mechanism", Problem::Empty));
        }
        let len = r.i32("data length")?;
        let data = match len {
            -1 => None,
            len if len < 0 => {
                return Err(ProtocolError::malformed(
                    KIND,
                    "data length",
                    Problem::Negative { value: len },
                ));
            }
            len => {
                let start = r.pos();
                r.bytes(len as usize, "data")?;
                Some(body.slice(start..r.pos()))
            }
        };
        r.finish()?;
        Ok(SaslInitialResponse { mechanism, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sasl_initial_response_absent_data_is_length_minus_one() {
        let mut buf = BytesMut::new();
        sasl_initial_response("M", None, &mut buf).unwrap();
        assert_eq!(&buf[..], b"p\0\0\0\x0aM\0\xff\xff\xff\xff");
        let parsed = SaslInitialResponse::parse(buf.freeze().slice(5..)).unwrap();
        assert_eq!(parsed.data, None);
    }

    #[test]
    fn sasl_initial_response_data_longer_than_body_is_truncated() {
        assert_eq!(
            SaslInitialResponse::parse(Bytes::from_static(b"M\0\0\0\0\x09ab")),
            Err(ProtocolError::truncated(KIND, "data"))
        );
    }

    #[test]
    fn sasl_initial_response_length_minus_two_is_negative() {
        assert_eq!(
            SaslInitialResponse::parse(Bytes::from_static(b"M\0\xff\xff\xff\xfe")),
            Err(ProtocolError::malformed(
                KIND,
                "data length",
                Problem::Negative { value: -2 }
            ))
        );
    }

    #[test]
    fn sasl_initial_response_parse_rejects_empty_mechanism() {
        // Found by the frontend_roundtrip fuzz target: the encoder refused what the parser took.
        assert_eq!(
            SaslInitialResponse::parse(Bytes::from_static(b"\0\0\0\0\0")),
            Err(ProtocolError::malformed(KIND, "mechanism", Problem::Empty))
        );
    }

    #[test]
    fn sasl_initial_response_empty_mechanism_is_rejected() {
        let mut buf = BytesMut::new();
        assert!(sasl_initial_response("", None, &mut buf).is_err());
        assert!(buf.is_empty());
    }
}
