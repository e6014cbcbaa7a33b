//! Binary COPY (`FORMAT binary`) streams: framing in both directions, and with the `arrow`
//! feature, Arrow `RecordBatch`es to and from them.
//!
//! Pure and sans-IO: bytes in, bytes out; never names tokio or the client. The caller moves the
//! bytes as CopyData payloads. See <https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4>.

#[cfg(feature = "arrow")]
pub mod arrow;
mod error;
mod reader;
mod writer;

#[cfg(test)]
mod tests;

pub use error::CopyError;
pub use reader::{CopyBinaryReader, DEFAULT_MAX_FIELD_LEN, MAX_HEADER_EXTENSION, Tuple};
pub use writer::{CopyBinaryWriter, write_header, write_trailer};

/// The 11-byte signature every binary COPY stream starts with: `PGCOPY\n\xff\r\n\0`.
pub const SIGNATURE: &[u8; 11] = b"PGCOPY\n\xff\r\n\0";

/// The header: signature, flags (0: no OIDs), header extension length (0).
pub(crate) const HEADER: [u8; 19] = *b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// The trailer: a field count of -1.
pub(crate) const TRAILER: [u8; 2] = [0xff, 0xff];
