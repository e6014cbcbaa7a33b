//! What can go wrong reading or writing a binary COPY stream.

use std::fmt;

use crate::types::{BoxError, Type};

/// A binary COPY stream is malformed, or a value could not be written into one.
#[derive(Debug)]
#[non_exhaustive]
pub enum CopyError {
    /// The stream does not start with `PGCOPY\n\xff\r\n\0`.
    BadSignature,
    /// The header's flags set a critical bit (16-31) this reader does not know (bit 16 is the
    /// pre-PostgreSQL-12 OID column).
    UnsupportedFlags(u32),
    /// The header extension is longer than [`MAX_HEADER_EXTENSION`](super::MAX_HEADER_EXTENSION)
    /// (or negative).
    HeaderExtension {
        /// The declared length.
        len: i32,
    },
    /// A tuple has a different number of fields than the columns (or a negative count other
    /// than the trailer's -1).
    FieldCount {
        /// The number of columns.
        expected: usize,
        /// The count the tuple declares.
        got: i16,
    },
    /// A field length is negative but not -1 (NULL).
    NegativeLength {
        /// The zero-based column.
        column: usize,
        /// The declared length.
        len: i32,
    },
    /// A field is longer than the reader's cap.
    FieldTooLong {
        /// The zero-based column.
        column: usize,
        /// The declared length.
        len: i32,
        /// The cap.
        limit: usize,
    },
    /// Bytes follow the trailer.
    TrailingData {
        /// How many.
        len: usize,
    },
    /// The stream ended inside the header, inside a tuple, or before the trailer.
    Truncated {
        /// Where it ended.
        within: &'static str,
    },
    /// A row has a different number of values than the writer has column types.
    RowLength {
        /// The number of columns.
        expected: usize,
        /// The number of values given.
        got: usize,
    },
    /// A value could not be encoded as its column's type.
    Encode {
        /// The zero-based column.
        column: usize,
        /// The column's type.
        type_: Type,
        /// Why.
        source: BoxError,
    },
    /// An encoded value is longer than a field can be (`i32::MAX` bytes).
    ValueTooLong {
        /// The zero-based column.
        column: usize,
        /// The encoded length.
        len: usize,
    },
}

impl fmt::Display for CopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::BadSignature => f.write_str("binary COPY stream: bad signature"),
            CopyError::UnsupportedFlags(flags) => {
                write!(
                    f,
                    "binary COPY stream: unsupported header flags {flags:#010x}"
                )
            }
            CopyError::HeaderExtension { len } => {
                write!(
                    f,
                    "binary COPY stream: header extension length {len} out of bounds"
                )
            }
            CopyError::FieldCount { expected, got } => write!(
                f,
                "binary COPY stream: tuple has {got} fields, expected {expected}"
            ),
            CopyError::NegativeLength { column, len } => write!(
                f,
                "binary COPY stream: column {column} has negative length {len}"
            ),
            CopyError::FieldTooLong { column, len, limit } => write!(
                f,
                "binary COPY stream: column {column} is {len} bytes, over the {limit}-byte cap"
            ),
            CopyError::TrailingData { len } => {
                write!(f, "binary COPY stream: {len} bytes after the trailer")
            }
            CopyError::Truncated { within } => {
                write!(f, "binary COPY stream: ended within the {within}")
            }
            CopyError::RowLength { expected, got } => {
                write!(f, "binary COPY row has {got} values, expected {expected}")
            }
            CopyError::Encode {
                column,
                type_,
                source,
            } => write!(f, "binary COPY column {column} ({type_}): {source}"),
            CopyError::ValueTooLong { column, len } => write!(
                f,
                "binary COPY column {column}: encoded value of {len} bytes exceeds i32::MAX"
            ),
        }
    }
}

impl std::error::Error for CopyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CopyError::Encode { source, .. } => Some(&**source),
            _ => None,
        }
    }
}
