//! CopyData (tag `'d'`) from the server: a chunk of a COPY TO STDOUT stream, or a replication
//! message, as raw bytes. <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COPYDATA>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::encode;
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

/// A parsed CopyData: the payload, a slice of the read buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyData {
    data: Bytes,
}

impl CopyData {
    /// Wraps a CopyData body; every body is valid.
    #[inline]
    pub fn parse(body: Bytes) -> Result<CopyData, ProtocolError> {
        Ok(CopyData { data: body })
    }

    /// The payload.
    #[inline]
    pub fn data(&self) -> &Bytes {
        &self.data
    }

    /// Gives the payload back.
    #[inline]
    pub fn into_data(self) -> Bytes {
        self.data
    }
}

/// Appends a CopyData carrying `data`.
pub fn copy_data(data: &[u8], buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'd'), MessageKind::CopyData, |buf| {
        buf.extend_from_slice(data);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_data_keeps_payload_without_copy() {
        let body = Bytes::from_static(b"1\t2\n");
        let parsed = CopyData::parse(body.clone()).unwrap();
        assert_eq!(parsed.data().as_ptr(), body.as_ptr());
        let mut buf = BytesMut::new();
        copy_data(parsed.data(), &mut buf).unwrap();
        assert_eq!(&buf[..], b"d\0\0\0\x081\t2\n");
    }
}
