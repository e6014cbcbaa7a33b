//! Parse (tag `'P'`): prepares a statement, with the parameter type OIDs the client fixes
//! (0 leaves a type to the server). Never looks inside the SQL.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARSE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{CountSlot, Reader, count_u16, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::Parse;

/// Appends a Parse message: statement `name` (empty for the unnamed statement), the `query`,
/// and up to 65535 parameter type OIDs.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::parse("", "SELECT $1", [23], &mut buf).unwrap();
/// assert_eq!(&buf[..], b"P\0\0\0\x15\0SELECT $1\0\0\x01\0\0\0\x17");
/// ```
pub fn parse<I>(
    name: &str,
    query: &str,
    param_type_oids: I,
    buf: &mut BytesMut,
) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = u32>,
{
    encode(buf, Some(b'P'), KIND, |buf| {
        put_cstr(buf, name.as_bytes(), KIND, "statement name")?;
        put_cstr(buf, query.as_bytes(), KIND, "query string")?;
        let slot = CountSlot::reserve(buf);
        let mut count = 0usize;
        for oid in param_type_oids {
            buf.extend_from_slice(&oid.to_be_bytes());
            count += 1;
        }
        slot.fill(buf, count_u16(count, KIND, "parameter type count")?);
        Ok(())
    })
}

/// A parsed Parse message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    /// The statement name; empty for the unnamed statement.
    pub name: String,
    /// The query string.
    pub query: String,
    /// The parameter type OIDs given (0 = unspecified).
    pub param_type_oids: Vec<u32>,
}

impl Parse {
    /// Parses a Parse body.
    // Every message view has a `parse`; this message happens to be called Parse.
    #[allow(clippy::self_named_constructors)]
    pub fn parse(body: Bytes) -> Result<Parse, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let name = r.cstr("statement name")?.to_owned();
        let query = r.cstr("query string")?.to_owned();
        let count = r.u16("parameter type count")?;
        let mut param_type_oids = Vec::new();
        for _ in 0..count {
            param_type_oids.push(r.u32("parameter type")?);
        }
        r.finish()?;
        Ok(Parse {
            name,
            query,
            param_type_oids,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_with_65536_types_is_too_many() {
        let mut buf = BytesMut::new();
        assert_eq!(
            parse("", "q", std::iter::repeat_n(0, 65_536), &mut buf),
            Err(EncodeError::TooMany {
                message: KIND,
                field: "parameter type count",
                count: 65_536,
                max: 65_535
            })
        );
        assert!(buf.is_empty());
    }

    #[test]
    fn parse_count_larger_than_body_is_truncated() {
        assert_eq!(
            Parse::parse(Bytes::from_static(b"\0q\0\0\x02\0\0\0\x17")),
            Err(ProtocolError::truncated(KIND, "parameter type"))
        );
    }
}
