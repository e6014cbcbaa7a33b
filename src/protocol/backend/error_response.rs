//! ErrorResponse (tag `'E'`): a list of (field code, text) pairs ending with a zero byte. The
//! field list, [`ErrorFields`], is shared with NoticeResponse. Codes the docs do not list are
//! kept, not rejected, as the docs ask. Never maps SQLSTATEs to error kinds (the driver does).
//! <https://www.postgresql.org/docs/current/protocol-error-fields.html>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

/// The field codes of ErrorResponse and NoticeResponse.
pub mod field {
    /// `S`: severity, localized (ERROR, FATAL, PANIC, WARNING, NOTICE, ...).
    pub const SEVERITY: u8 = b'S';
    /// `V`: severity, never localized (PostgreSQL 9.6+).
    pub const SEVERITY_NONLOCALIZED: u8 = b'V';
    /// `C`: the SQLSTATE code.
    pub const CODE: u8 = b'C';
    /// `M`: the primary message.
    pub const MESSAGE: u8 = b'M';
    /// `D`: detail.
    pub const DETAIL: u8 = b'D';
    /// `H`: hint.
    pub const HINT: u8 = b'H';
    /// `P`: 1-based cursor position in the query string, as decimal text.
    pub const POSITION: u8 = b'P';
    /// `p`: position in an internally generated query.
    pub const INTERNAL_POSITION: u8 = b'p';
    /// `q`: the internally generated query.
    pub const INTERNAL_QUERY: u8 = b'q';
    /// `W`: context (a call stack traceback).
    pub const WHERE: u8 = b'W';
    /// `s`: schema name.
    pub const SCHEMA: u8 = b's';
    /// `t`: table name.
    pub const TABLE: u8 = b't';
    /// `c`: column name.
    pub const COLUMN: u8 = b'c';
    /// `d`: data type name.
    pub const DATA_TYPE: u8 = b'd';
    /// `n`: constraint name.
    pub const CONSTRAINT: u8 = b'n';
    /// `F`: source file.
    pub const FILE: u8 = b'F';
    /// `L`: source line.
    pub const LINE: u8 = b'L';
    /// `R`: source routine.
    pub const ROUTINE: u8 = b'R';
}

/// The fields of an ErrorResponse or NoticeResponse, in the order sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorFields {
    // Pairs of code byte and NUL-terminated UTF-8 text, then a zero byte; validated by `parse`.
    body: Bytes,
}

macro_rules! accessors {
    ($($(#[$doc:meta])* $name:ident = $code:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(&self) -> Option<&str> {
            self.get(field::$code)
        }
    )*};
}

impl ErrorFields {
    pub(crate) fn parse(body: Bytes, message: MessageKind) -> Result<ErrorFields, ProtocolError> {
        let mut r = Reader::new(&body, message);
        while r.u8("field type")? != 0 {
            r.cstr("field value")?;
        }
        r.finish()?;
        Ok(ErrorFields { body })
    }

    /// Every field as `(code, value)`, unknown codes included.
    pub fn iter(&self) -> ErrorFieldsIter<'_> {
        ErrorFieldsIter { rest: &self.body }
    }

    /// The first field with `code`.
    pub fn get(&self, code: u8) -> Option<&str> {
        self.iter().find(|&(c, _)| c == code).map(|(_, v)| v)
    }

    accessors! {
        /// `S`: the localized severity.
        severity = SEVERITY;
        /// `V`: the severity in English, for matching.
        severity_nonlocalized = SEVERITY_NONLOCALIZED;
        /// `C`: the SQLSTATE.
        code = CODE;
        /// `M`: the primary message.
        message = MESSAGE;
        /// `D`: the detail.
        detail = DETAIL;
        /// `H`: the hint.
        hint = HINT;
        /// `P`: the cursor position, decimal text.
        position = POSITION;
        /// `p`: the position in the internal query.
        internal_position = INTERNAL_POSITION;
        /// `q`: the internal query.
        internal_query = INTERNAL_QUERY;
        /// `W`: the context.
        where_ = WHERE;
        /// `s`: the schema.
        schema = SCHEMA;
        /// `t`: the table.
        table = TABLE;
        /// `c`: the column.
        column = COLUMN;
        /// `d`: the data type.
        data_type = DATA_TYPE;
        /// `n`: the constraint.
        constraint = CONSTRAINT;
        /// `F`: the source file.
        file = FILE;
        /// `L`: the source line.
        line = LINE;
        /// `R`: the source routine.
        routine = ROUTINE;
    }
}

/// The `(code, value)` pairs of [`ErrorFields`].
#[derive(Clone, Debug)]
pub struct ErrorFieldsIter<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for ErrorFieldsIter<'a> {
    type Item = (u8, &'a str);

    fn next(&mut self) -> Option<(u8, &'a str)> {
        let (&code, rest) = self.rest.split_first()?;
        if code == 0 {
            return None;
        }
        // `parse` checked every value is terminated UTF-8, so none of this falls through.
        let nul = memchr::memchr(0, rest)?;
        let value = std::str::from_utf8(&rest[..nul]).ok()?;
        self.rest = &rest[nul + 1..];
        Some((code, value))
    }
}

impl<'a> IntoIterator for &'a ErrorFields {
    type Item = (u8, &'a str);
    type IntoIter = ErrorFieldsIter<'a>;

    fn into_iter(self) -> ErrorFieldsIter<'a> {
        self.iter()
    }
}

pub(crate) fn encode_fields<'a, I>(
    tag: u8,
    message: MessageKind,
    fields: I,
    buf: &mut BytesMut,
) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = (u8, &'a str)>,
{
    encode(buf, Some(tag), message, |buf| {
        for (code, value) in fields {
            if code == 0 {
                return Err(EncodeError::Empty {
                    message,
                    field: "field type",
                });
            }
            buf.extend_from_slice(&[code]);
            put_cstr(buf, value.as_bytes(), message, "field value")?;
        }
        buf.extend_from_slice(&[0]);
        Ok(())
    })
}

/// A parsed ErrorResponse; its fields are reached through `Deref` to [`ErrorFields`].
///
/// ```
/// use bytes::Bytes;
/// use pgline::protocol::backend::ErrorResponse;
/// let e = ErrorResponse::parse(Bytes::from_static(b"SERROR\0C42P01\0Mno table\0\0")).unwrap();
/// assert_eq!(e.code(), Some("42P01"));
/// assert_eq!(e.iter().count(), 3);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorResponse(ErrorFields);

impl ErrorResponse {
    /// Parses an ErrorResponse body.
    pub fn parse(body: Bytes) -> Result<ErrorResponse, ProtocolError> {
        ErrorFields::parse(body, MessageKind::ErrorResponse).map(ErrorResponse)
    }

    /// The fields.
    pub fn fields(&self) -> &ErrorFields {
        &self.0
    }
}

impl std::ops::Deref for ErrorResponse {
    type Target = ErrorFields;

    fn deref(&self) -> &ErrorFields {
        &self.0
    }
}

/// Appends an ErrorResponse with `fields` (codes must be non-zero).
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::error_response([(b'S', "FATAL")], &mut buf).unwrap();
/// assert_eq!(&buf[..], b"E\0\0\0\x0cSFATAL\0\0");
/// ```
pub fn error_response<'a, I>(fields: I, buf: &mut BytesMut) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = (u8, &'a str)>,
{
    encode_fields(b'E', MessageKind::ErrorResponse, fields, buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Problem;

    #[test]
    fn error_response_keeps_unknown_field_codes() {
        let e = ErrorResponse::parse(Bytes::from_static(b"Xfuture\0Mm\0\0")).unwrap();
        assert_eq!(
            e.iter().collect::<Vec<_>>(),
            [(b'X', "future"), (b'M', "m")]
        );
        assert_eq!(e.get(b'X'), Some("future"));
    }

    #[test]
    fn error_response_every_typed_accessor() {
        let mut buf = BytesMut::new();
        let all = b"SVCMDHPpqWstcdnFLR";
        let values: Vec<String> = all.iter().map(|c| format!("v{}", *c as char)).collect();
        error_response(
            all.iter().copied().zip(values.iter().map(String::as_str)),
            &mut buf,
        )
        .unwrap();
        let e = ErrorResponse::parse(buf.freeze().slice(5..)).unwrap();
        let got = [
            e.severity(),
            e.severity_nonlocalized(),
            e.code(),
            e.message(),
            e.detail(),
            e.hint(),
            e.position(),
            e.internal_position(),
            e.internal_query(),
            e.where_(),
            e.schema(),
            e.table(),
            e.column(),
            e.data_type(),
            e.constraint(),
            e.file(),
            e.line(),
            e.routine(),
        ];
        let want: Vec<Option<&str>> = values.iter().map(|v| Some(v.as_str())).collect();
        assert_eq!(got.to_vec(), want);
    }

    #[test]
    fn error_response_without_final_zero_is_truncated() {
        assert_eq!(
            ErrorResponse::parse(Bytes::from_static(b"SERROR\0")),
            Err(ProtocolError::truncated(
                MessageKind::ErrorResponse,
                "field type"
            ))
        );
    }

    #[test]
    fn error_response_unterminated_value() {
        assert_eq!(
            ErrorResponse::parse(Bytes::from_static(b"SERROR")),
            Err(ProtocolError::malformed(
                MessageKind::ErrorResponse,
                "field value",
                Problem::MissingTerminator
            ))
        );
    }

    #[test]
    fn error_response_field_code_zero_cannot_be_encoded() {
        let mut buf = BytesMut::new();
        assert!(error_response([(0, "x")], &mut buf).is_err());
        assert!(buf.is_empty());
    }
}
