//! CopyData (tag `'d'`) from the client: a chunk of a COPY FROM STDIN stream; chunks need not
//! align with rows. <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COPYDATA>

use bytes::BytesMut;

use crate::protocol::codec::encode;
use crate::protocol::{EncodeError, MessageKind};

/// Appends a CopyData message carrying `data`.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::copy_data(b"1\t2\n", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"d\0\0\0\x081\t2\n");
/// ```
#[inline]
pub fn copy_data(data: &[u8], buf: &mut BytesMut) -> Result<(), EncodeError> {
    copy_data_with(buf, |buf| {
        buf.extend_from_slice(data);
        Ok(())
    })
}

/// Appends a CopyData message whose payload `write` appends straight into the buffer (a COPY
/// encoder writing rows in place); the length is back-patched, and on error nothing is left.
///
/// ```
/// use bytes::{BufMut, BytesMut};
/// use pgline::protocol::{frontend, EncodeError};
/// let mut buf = BytesMut::new();
/// frontend::copy_data_with(&mut buf, |buf| {
///     buf.put_slice(b"row\n");
///     Ok::<_, EncodeError>(())
/// }).unwrap();
/// assert_eq!(&buf[..], b"d\0\0\0\x08row\n");
/// ```
#[inline]
pub fn copy_data_with<E, F>(buf: &mut BytesMut, write: F) -> Result<(), E>
where
    F: FnOnce(&mut BytesMut) -> Result<(), E>,
    E: From<EncodeError>,
{
    encode(buf, Some(b'd'), MessageKind::CopyData, write)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_data_with_error_leaves_buffer_untouched() {
        let mut buf = BytesMut::from(&b"x"[..]);
        let r = copy_data_with(&mut buf, |buf| {
            buf.extend_from_slice(b"partial");
            Err(EncodeError::Empty {
                message: MessageKind::CopyData,
                field: "data",
            })
        });
        assert!(r.is_err());
        assert_eq!(&buf[..], b"x");
    }
}
