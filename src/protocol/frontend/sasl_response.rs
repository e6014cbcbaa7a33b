//! SASLResponse (tag `'p'`): a later SASL message from the client, raw bytes to the end of the
//! body. <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-SASLRESPONSE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::encode;
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::SaslResponse;

/// Appends a SASLResponse carrying `data`.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::sasl_response(b"c=biws", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"p\0\0\0\x0ac=biws");
/// ```
pub fn sasl_response(data: &[u8], buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'p'), KIND, |buf| {
        buf.extend_from_slice(data);
        Ok(())
    })
}

/// A parsed SASLResponse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaslResponse {
    /// The SASL message.
    pub data: Bytes,
}

impl SaslResponse {
    /// Parses a `'p'` body as a SASLResponse; every body is one.
    pub fn parse(body: Bytes) -> Result<SaslResponse, ProtocolError> {
        Ok(SaslResponse { data: body })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sasl_response_empty_data() {
        let mut buf = BytesMut::new();
        sasl_response(b"", &mut buf).unwrap();
        assert_eq!(&buf[..], b"p\0\0\0\x04");
        assert!(SaslResponse::parse(Bytes::new()).unwrap().data.is_empty());
    }
}
