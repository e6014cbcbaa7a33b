//! BackendKeyData (tag `'K'`): the process id and secret key a CancelRequest needs. The key is 4
//! bytes in protocol 3.0 and up to 256 in 3.2 (PostgreSQL 18 sends 32).
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-BACKENDKEYDATA>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode};
use crate::protocol::frontend::{MAX_CANCEL_KEY_LEN, MIN_CANCEL_KEY_LEN};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::BackendKeyData;

/// A parsed BackendKeyData.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendKeyData {
    process_id: i32,
    secret_key: Bytes,
}

impl BackendKeyData {
    /// Parses a BackendKeyData body; the key must be 4 to 256 bytes.
    pub fn parse(body: Bytes) -> Result<BackendKeyData, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let process_id = r.i32("process id")?;
        let start = r.pos();
        let key_len = r.rest().len();
        if !(MIN_CANCEL_KEY_LEN..=MAX_CANCEL_KEY_LEN).contains(&key_len) {
            return Err(ProtocolError::invalid(KIND, "secret key", key_len as i64));
        }
        Ok(BackendKeyData {
            process_id,
            secret_key: body.slice(start..),
        })
    }

    /// The backend's process id.
    pub fn process_id(&self) -> i32 {
        self.process_id
    }

    /// The secret key, to send back verbatim in a CancelRequest.
    pub fn secret_key(&self) -> &Bytes {
        &self.secret_key
    }
}

/// Appends a BackendKeyData (`secret_key` of 4 to 256 bytes).
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::backend_key_data(1, &[0, 0, 0, 2], &mut buf).unwrap();
/// assert_eq!(&buf[..], b"K\0\0\0\x0c\0\0\0\x01\0\0\0\x02");
/// ```
pub fn backend_key_data(
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
    encode(buf, Some(b'K'), KIND, |buf| {
        buf.extend_from_slice(&process_id.to_be_bytes());
        buf.extend_from_slice(secret_key);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_key_data_3_2_long_key() {
        let mut body = vec![0, 0, 0, 9];
        body.extend_from_slice(&[7; 32]);
        let key = BackendKeyData::parse(Bytes::from(body)).unwrap();
        assert_eq!(key.process_id(), 9);
        assert_eq!(key.secret_key().len(), 32);
    }

    #[test]
    fn backend_key_data_rejects_257_byte_key_and_short_key() {
        let mut body = vec![0, 0, 0, 9];
        body.extend_from_slice(&[7; 257]);
        assert_eq!(
            BackendKeyData::parse(Bytes::from(body)),
            Err(ProtocolError::invalid(KIND, "secret key", 257))
        );
        assert_eq!(
            BackendKeyData::parse(Bytes::from_static(&[0, 0, 0, 9, 1, 2, 3])),
            Err(ProtocolError::invalid(KIND, "secret key", 3))
        );
    }
}
