//! PostgreSQL types and their binary codecs.
//!
//! [`ToSql`] encodes a Rust value as a parameter, [`FromSql`] decodes a column value; both always
//! use the binary format and check the type the server reports (through domains). Never parses
//! text formats off the wire. See <https://www.postgresql.org/docs/current/datatype.html>.

mod array;
mod bits;
// The fuzz seeds (`crate::fuzzing::seeds`) are built from the captured vectors.
#[cfg(test)]
pub(crate) mod captured_vectors;
#[cfg(test)]
pub(crate) mod captured_vectors_check;
#[cfg(test)]
mod captured_vectors_tests;
pub mod catalog;
mod composite;
mod datetime;
mod enums;
mod error;
mod json;
mod json_parse;
mod lsn;
mod money;
mod net;
mod numeric;
mod pgvector;
mod primitives;
mod range;
mod rust_name;
mod traits;
mod ty;
mod uuid;
mod wire;
mod wrong_type;

pub use array::{Array, ArrayError, Dimension, MAX_DIMENSIONS};
pub use bits::{BitString, ParseBitStringError};
pub use composite::{Composite, NoSuchField, Record};
pub use datetime::{Date, Interval, MaybeInfinite, Time, TimeTz, Timestamp, TimestampTz};
pub use error::{ConvertError, DecodeError, EncodeError};
pub use json::{Json, JsonCodec};
pub use lsn::{ParsePgLsnError, PgLsn};
pub use money::Money;
pub use net::{Cidr, Inet, MacAddr, MacAddr8};
pub use numeric::{MAX_SCALE as NUMERIC_MAX_SCALE, Numeric, ParseNumericError};
pub use pgvector::{
    HalfVector, SparseVector, SparseVectorError, Vector, f16_bits_to_f32, f32_to_f16_bits,
};
pub use range::{Multirange, Range};
pub(crate) use rust_name::short_type_name;
pub use traits::{BoxError, CodecContext, FromSql, IsNull, SqlParam, ToSql, WasNull};
pub use ty::{Field, Kind, Type};
pub use wrong_type::WrongType;

// For the binary COPY codec (src/copy), which maps Arrow types onto column types.
#[cfg(feature = "arrow")]
pub(crate) use primitives::{base_oid, is_text_like, oid};

#[doc(hidden)]
pub mod __private {
    //! What `pg_enum!` expands to, so callers need no `bytes` dependency of their own.
    pub use super::enums::{enum_has_labels, enum_labels_all};
    pub use bytes::{BufMut, BytesMut};
}
