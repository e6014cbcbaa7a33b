//! RowDescription (tag `'T'`): the name, source, type and format of each result column.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-ROWDESCRIPTION>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{CountSlot, Reader, count_i16, encode, put_cstr};
use crate::protocol::{EncodeError, Format, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::RowDescription;

/// One column of a RowDescription.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldDescription<'a> {
    /// The column name.
    pub name: &'a str,
    /// The OID of the source table, or 0.
    pub table_oid: u32,
    /// The source column's attribute number, or 0.
    pub column_id: i16,
    /// The data type's OID.
    pub type_oid: u32,
    /// The data type's size (`pg_type.typlen`); negative for variable width.
    pub type_size: i16,
    /// The type modifier (`pg_attribute.atttypmod`).
    pub type_modifier: i32,
    /// The format the values will come in (always text in a statement's Describe, where it is
    /// not known yet).
    pub format: Format,
}

impl<'a> FieldDescription<'a> {
    fn read(r: &mut Reader<'a>) -> Result<FieldDescription<'a>, ProtocolError> {
        Ok(FieldDescription {
            name: r.cstr("field name")?,
            table_oid: r.u32("table oid")?,
            column_id: r.i16("column attribute number")?,
            type_oid: r.u32("type oid")?,
            type_size: r.i16("type size")?,
            type_modifier: r.i32("type modifier")?,
            format: r.format("format code")?,
        })
    }
}

/// A parsed RowDescription.
///
/// ```
/// use bytes::BytesMut;
/// use pgline::protocol::{backend::{self, FieldDescription, RowDescription}, Format};
/// let field = FieldDescription {
///     name: "id", table_oid: 0, column_id: 0, type_oid: 23, type_size: 4,
///     type_modifier: -1, format: Format::Binary,
/// };
/// let mut buf = BytesMut::new();
/// backend::row_description([field], &mut buf).unwrap();
/// let rd = RowDescription::parse(buf.freeze().slice(5..)).unwrap();
/// assert_eq!(rd.fields().next(), Some(field));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowDescription {
    body: Bytes,
    len: u16,
}

impl RowDescription {
    /// Parses and validates a RowDescription body.
    pub fn parse(body: Bytes) -> Result<RowDescription, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let count = r.count16("field count")?;
        for _ in 0..count {
            FieldDescription::read(&mut r)?;
        }
        r.finish()?;
        Ok(RowDescription {
            body,
            len: count as u16,
        })
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the statement returns no columns.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The columns in order.
    pub fn fields(&self) -> RowDescriptionFields<'_> {
        let mut reader = Reader::new(&self.body, KIND);
        // Skips the count; `parse` proved it is there.
        let _ = reader.i16("field count");
        RowDescriptionFields {
            reader,
            remaining: self.len,
        }
    }
}

/// The columns of a [`RowDescription`].
pub struct RowDescriptionFields<'a> {
    reader: Reader<'a>,
    remaining: u16,
}

impl<'a> Iterator for RowDescriptionFields<'a> {
    type Item = FieldDescription<'a>;

    fn next(&mut self) -> Option<FieldDescription<'a>> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        // `parse` validated every field, so this read cannot fail.
        FieldDescription::read(&mut self.reader).ok()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining as usize, Some(self.remaining as usize))
    }
}

impl ExactSizeIterator for RowDescriptionFields<'_> {}

/// Appends a RowDescription of `fields` (at most 32767).
pub fn row_description<'a, I>(fields: I, buf: &mut BytesMut) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = FieldDescription<'a>>,
{
    encode(buf, Some(b'T'), KIND, |buf| {
        let slot = CountSlot::reserve(buf);
        let mut count = 0usize;
        for f in fields {
            put_cstr(buf, f.name.as_bytes(), KIND, "field name")?;
            buf.extend_from_slice(&f.table_oid.to_be_bytes());
            buf.extend_from_slice(&f.column_id.to_be_bytes());
            buf.extend_from_slice(&f.type_oid.to_be_bytes());
            buf.extend_from_slice(&f.type_size.to_be_bytes());
            buf.extend_from_slice(&f.type_modifier.to_be_bytes());
            buf.extend_from_slice(&f.format.code().to_be_bytes());
            count += 1;
        }
        slot.fill(buf, count_i16(count, KIND, "field count")? as u16);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_description_short_field_is_truncated() {
        assert_eq!(
            RowDescription::parse(Bytes::from_static(b"\0\x01a\0\0\0\0\0\0")),
            Err(ProtocolError::truncated(KIND, "column attribute number"))
        );
    }

    #[test]
    fn row_description_format_code_two_is_invalid() {
        let body = b"\0\x01a\0\0\0\0\0\0\0\0\0\0\x17\0\x04\xff\xff\xff\xff\0\x02";
        assert_eq!(
            RowDescription::parse(Bytes::from_static(body)),
            Err(ProtocolError::invalid(KIND, "format code", 2))
        );
    }

    #[test]
    fn row_description_zero_columns() {
        let rd = RowDescription::parse(Bytes::from_static(b"\0\0")).unwrap();
        assert!(rd.is_empty());
        assert_eq!(rd.fields().count(), 0);
    }
}
