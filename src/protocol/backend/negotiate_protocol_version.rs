//! NegotiateProtocolVersion (tag `'v'`): the server supports an older minor version than asked,
//! or did not recognize some `_pq_.` startup options.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-NEGOTIATEPROTOCOLVERSION>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, len_i32, put_cstr};
use crate::protocol::{EncodeError, MessageKind, Problem, ProtocolError};

const KIND: MessageKind = MessageKind::NegotiateProtocolVersion;

/// A parsed NegotiateProtocolVersion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NegotiateProtocolVersion {
    /// The newest minor version the server supports for the requested major version, as the
    /// docs word it. Real servers (15 and 18 alike) send their whole latest version code here
    /// (3.0 is 196608), which is how libpq reads it; the connection accepts either form.
    pub newest_minor_version: i32,
    /// The protocol options (`_pq_.` startup parameters) it did not recognize.
    pub unrecognized_options: Vec<String>,
}

impl NegotiateProtocolVersion {
    /// Parses a NegotiateProtocolVersion body.
    pub fn parse(body: Bytes) -> Result<NegotiateProtocolVersion, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let newest_minor_version = r.i32("newest minor version")?;
        let count = r.i32("option count")?;
        if count < 0 {
            return Err(ProtocolError::malformed(
                KIND,
                "option count",
                Problem::Negative { value: count },
            ));
        }
        // Each name costs at least its terminator, so the loop ends with the body even for a
        // huge count; nothing is reserved from the count.
        let mut unrecognized_options = Vec::new();
        for _ in 0..count {
            unrecognized_options.push(r.cstr("option name")?.to_owned());
        }
        r.finish()?;
        Ok(NegotiateProtocolVersion {
            newest_minor_version,
            unrecognized_options,
        })
    }
}

/// Appends a NegotiateProtocolVersion.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::negotiate_protocol_version(0, ["_pq_.x"], &mut buf).unwrap();
/// assert_eq!(&buf[..], b"v\0\0\0\x13\0\0\0\0\0\0\0\x01_pq_.x\0");
/// ```
pub fn negotiate_protocol_version<'a, I>(
    newest_minor_version: i32,
    unrecognized_options: I,
    buf: &mut BytesMut,
) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = &'a str>,
{
    encode(buf, Some(b'v'), KIND, |buf| {
        buf.extend_from_slice(&newest_minor_version.to_be_bytes());
        let count_at = buf.len();
        buf.extend_from_slice(&[0; 4]);
        let mut count = 0usize;
        for option in unrecognized_options {
            put_cstr(buf, option.as_bytes(), KIND, "option name")?;
            count += 1;
        }
        let count = len_i32(count, KIND, "option count")?;
        buf[count_at..count_at + 4].copy_from_slice(&count.to_be_bytes());
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiate_protocol_version_huge_count_is_truncated_not_allocated() {
        assert_eq!(
            NegotiateProtocolVersion::parse(Bytes::from_static(b"\0\0\0\0\x7f\xff\xff\xffa\0")),
            Err(ProtocolError::malformed(
                KIND,
                "option name",
                Problem::MissingTerminator
            ))
        );
    }

    #[test]
    fn negotiate_protocol_version_negative_count() {
        assert_eq!(
            NegotiateProtocolVersion::parse(Bytes::from_static(b"\0\0\0\0\xff\xff\xff\xff")),
            Err(ProtocolError::malformed(
                KIND,
                "option count",
                Problem::Negative { value: -1 }
            ))
        );
    }
}
