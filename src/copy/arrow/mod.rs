//! Arrow `RecordBatch`es to and from binary COPY streams, typed by the table's columns.
//!
//! [`RecordBatchEncoder`] maps each Arrow column onto its target column's [`Type`] (checked for
//! every column before a byte is written) and encodes column by column into one pre-sized
//! buffer; [`RecordBatchDecoder`] turns a `COPY ... TO STDOUT (FORMAT binary)` stream into
//! batches of a chosen row count. Never does I/O. The mapping tables are on those two types.
//!
//! [`Type`]: crate::types::Type

mod decode;
mod encode;
mod error;
mod json;

pub use decode::{DecodeColumn, RecordBatchDecoder};
pub use encode::RecordBatchEncoder;
pub use error::ArrowCopyError;

/// Field metadata key naming an Arrow extension type.
pub const EXTENSION_NAME: &str = "ARROW:extension:name";

/// Days from 1970-01-01 (Arrow's epoch) to 2000-01-01 (PostgreSQL's).
pub(crate) const EPOCH_DAYS: i64 = 10_957;
/// Microseconds from 1970-01-01 to 2000-01-01.
pub(crate) const EPOCH_MICROS: i64 = EPOCH_DAYS * 86_400_000_000;

#[cfg(test)]
mod tests;
