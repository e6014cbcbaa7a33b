//! CancelRequest: the untagged packet, sent on a new connection, that cancels the query running
//! on another; carries the process id and secret key from BackendKeyData (4 bytes in protocol 3.0,
//! up to 256 in 3.2). Never opens the connection itself.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-CANCELREQUEST>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode};
use crate::protocol::{EncodeError, MessageKind, Problem, ProtocolError};

const KIND: MessageKind = MessageKind::CancelRequest;

/// The request code that stands where StartupMessage has its protocol version: 1234.5678.
pub const CANCEL_REQUEST_CODE: i32 = 80_877_102;

/// The shortest secret key: protocol 3.0's fixed 4 bytes.
pub const MIN_CANCEL_KEY_LEN: usize = 4;

/// The longest secret key protocol 3.2 allows.
pub const MAX_CANCEL_KEY_LEN: usize = 256;

/// Appends a CancelRequest for the backend `process_id` with its `secret_key` (4 to 256 bytes,
/// exactly as BackendKeyData carried it).
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::cancel_request(7, &[1, 2, 3, 4], &mut buf).unwrap();
/// assert_eq!(&buf[..], [0, 0, 0, 16, 0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 7, 1, 2, 3, 4]);
/// ```
pub fn cancel_request(
    process_id: i32,
    secret_key: &[u8],
    buf: &mut BytesMut,
) -> Result<(), EncodeError> {
    if secret_key.len() < MIN_CANCEL_KEY_LEN {
        return Err(EncodeError::Empty {
            message: KIND,
            field: "secret key",
        });
    }
    if secret_key.len() > MAX_CANCEL_KEY_LEN {
        return Err(EncodeError::TooLong {
            message: KIND,
            field: "secret key",
            len: secret_key.len(),
            max: MAX_CANCEL_KEY_LEN,
        });
    }
    encode(buf, None, KIND, |buf| {
        buf.extend_from_slice(&CANCEL_REQUEST_CODE.to_be_bytes());
        buf.extend_from_slice(&process_id.to_be_bytes());
        buf.extend_from_slice(secret_key);
        Ok(())
    })
}

/// A parsed CancelRequest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelRequest {
    /// The process id of the backend to cancel.
    pub process_id: i32,
    /// Its secret key: the rest of the packet.
    pub secret_key: Bytes,
}

impl CancelRequest {
    /// Parses the packet's body: everything after its length field, starting with the code.
    pub fn parse(body: Bytes) -> Result<CancelRequest, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let code = r.i32("request code")?;
        if code != CANCEL_REQUEST_CODE {
            return Err(ProtocolError::invalid(KIND, "request code", code.into()));
        }
        let process_id = r.i32("process id")?;
        let start = r.pos();
        let key_len = r.rest().len();
        if !(MIN_CANCEL_KEY_LEN..=MAX_CANCEL_KEY_LEN).contains(&key_len) {
            return Err(ProtocolError::malformed(
                KIND,
                "secret key",
                Problem::Invalid {
                    value: key_len as i64,
                },
            ));
        }
        Ok(CancelRequest {
            process_id,
            secret_key: body.slice(start..),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_request_with_32_byte_key_of_protocol_3_2() {
        let key = [0xab; 32];
        let mut buf = BytesMut::new();
        cancel_request(-5, &key, &mut buf).unwrap();
        assert_eq!(&buf[..4], 44i32.to_be_bytes());
        let parsed = CancelRequest::parse(buf.freeze().slice(4..)).unwrap();
        assert_eq!(parsed.process_id, -5);
        assert_eq!(&parsed.secret_key[..], &key);
    }

    #[test]
    fn cancel_request_rejects_keys_outside_4_to_256_bytes() {
        let mut buf = BytesMut::new();
        assert!(cancel_request(1, &[1, 2, 3], &mut buf).is_err());
        assert!(cancel_request(1, &[0; 257], &mut buf).is_err());
        assert!(cancel_request(1, &[0; 256], &mut buf).is_ok());
    }

    #[test]
    fn cancel_request_parse_rejects_short_key() {
        let body = Bytes::from_static(&[0x04, 0xd2, 0x16, 0x2e, 0, 0, 0, 1, 9]);
        assert_eq!(
            CancelRequest::parse(body),
            Err(ProtocolError::malformed(
                KIND,
                "secret key",
                Problem::Invalid { value: 1 }
            ))
        );
    }
}
