//! Errors of the Arrow ↔ binary COPY codec.

use std::fmt;

use arrow_schema::{ArrowError, DataType};

use crate::copy::CopyError;
use crate::types::{BoxError, Type};

/// An Arrow batch could not be encoded as binary COPY, or a binary COPY stream could not be
/// decoded into Arrow arrays.
#[derive(Debug)]
#[non_exhaustive]
pub enum ArrowCopyError {
    /// The batch has a different number of columns than the target.
    ColumnCount {
        /// The batch's columns.
        batch: usize,
        /// The target's columns.
        table: usize,
    },
    /// An Arrow column cannot be encoded as its target column's type (or decoded into Arrow).
    Unsupported {
        /// The column's name.
        column: String,
        /// The Arrow type.
        arrow: DataType,
        /// The PostgreSQL type.
        pg: Type,
    },
    /// A value has no representation in the target type (overflow, out of range, bad text).
    Value {
        /// The column's name.
        column: String,
        /// The zero-based row within the batch.
        row: usize,
        /// Why.
        reason: String,
    },
    /// A value from the stream could not be decoded as its column's type.
    Decode {
        /// The column's name.
        column: String,
        /// The column's type.
        pg: Type,
        /// Why.
        source: BoxError,
    },
    /// The binary COPY framing is malformed.
    Copy(CopyError),
    /// Arrow refused to build an array or batch.
    Arrow(ArrowError),
}

impl fmt::Display for ArrowCopyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArrowCopyError::ColumnCount { batch, table } => {
                write!(f, "the batch has {batch} columns, the COPY target {table}")
            }
            ArrowCopyError::Unsupported { column, arrow, pg } => write!(
                f,
                "column {column:?}: Arrow {arrow} cannot be converted to or from PostgreSQL {pg}"
            ),
            ArrowCopyError::Value {
                column,
                row,
                reason,
            } => write!(f, "column {column:?}, row {row}: {reason}"),
            ArrowCopyError::Decode { column, pg, source } => {
                write!(f, "column {column:?} ({pg}): {source}")
            }
            ArrowCopyError::Copy(e) => e.fmt(f),
            ArrowCopyError::Arrow(e) => write!(f, "arrow: {e}"),
        }
    }
}

impl std::error::Error for ArrowCopyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ArrowCopyError::Decode { source, .. } => Some(&**source),
            ArrowCopyError::Copy(e) => Some(e),
            ArrowCopyError::Arrow(e) => Some(e),
            _ => None,
        }
    }
}

impl From<CopyError> for ArrowCopyError {
    fn from(e: CopyError) -> ArrowCopyError {
        ArrowCopyError::Copy(e)
    }
}

impl From<ArrowError> for ArrowCopyError {
    fn from(e: ArrowError) -> ArrowCopyError {
        ArrowCopyError::Arrow(e)
    }
}

/// A value error before the column name is known: the row and why.
#[derive(Debug)]
pub(crate) struct ValueError {
    pub(crate) row: usize,
    pub(crate) reason: String,
}

impl ValueError {
    pub(crate) fn new(row: usize, reason: impl Into<String>) -> ValueError {
        ValueError {
            row,
            reason: reason.into(),
        }
    }

    pub(crate) fn in_column(self, column: &str) -> ArrowCopyError {
        ArrowCopyError::Value {
            column: column.to_owned(),
            row: self.row,
            reason: self.reason,
        }
    }
}
