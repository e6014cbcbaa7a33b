//! ParameterDescription (tag `'t'`): the type OIDs of a prepared statement's parameters.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARAMETERDESCRIPTION>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{CountSlot, Reader, count_u16, encode};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::ParameterDescription;

/// A parsed ParameterDescription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterDescription {
    // The OIDs, 4 bytes each; `parse` checked the count matches.
    oids: Bytes,
}

impl ParameterDescription {
    /// Parses a ParameterDescription body. The count is read as unsigned 16-bit: a statement can
    /// have up to 65535 parameters and PostgreSQL writes the count with `pq_sendint16`.
    pub fn parse(body: Bytes) -> Result<ParameterDescription, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let count = r.u16("parameter count")? as usize;
        r.bytes(count * 4, "parameter type")?;
        r.finish()?;
        Ok(ParameterDescription {
            oids: body.slice(2..),
        })
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.oids.len() / 4
    }

    /// Whether the statement takes no parameters.
    pub fn is_empty(&self) -> bool {
        self.oids.is_empty()
    }

    /// The parameter type OIDs in order.
    pub fn types(&self) -> impl ExactSizeIterator<Item = u32> + '_ {
        self.oids
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
    }
}

/// Appends a ParameterDescription with `oids` (at most 65535).
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::parameter_description([23], &mut buf).unwrap();
/// assert_eq!(&buf[..], b"t\0\0\0\x0a\0\x01\0\0\0\x17");
/// ```
pub fn parameter_description<I>(oids: I, buf: &mut BytesMut) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = u32>,
{
    encode(buf, Some(b't'), KIND, |buf| {
        let slot = CountSlot::reserve(buf);
        let mut count = 0usize;
        for oid in oids {
            buf.extend_from_slice(&oid.to_be_bytes());
            count += 1;
        }
        slot.fill(buf, count_u16(count, KIND, "parameter count")?);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_description_types_in_order() {
        let p =
            ParameterDescription::parse(Bytes::from_static(b"\0\x02\0\0\0\x17\0\0\0\x19")).unwrap();
        assert_eq!(p.types().collect::<Vec<_>>(), [23, 25]);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn parameter_description_count_over_body_is_truncated() {
        assert_eq!(
            ParameterDescription::parse(Bytes::from_static(b"\xff\xff\0\0\0\x17")),
            Err(ProtocolError::truncated(KIND, "parameter type"))
        );
    }
}
