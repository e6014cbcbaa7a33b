//! PostgreSQL types and their binary codecs.
//!
//! [`ToSql`] encodes a Rust value as a parameter, [`FromSql`] decodes a column value; both always
//! use the binary format and check the OID the server reports. See
//! <https://www.postgresql.org/docs/current/datatype.html>.

mod primitives;
mod traits;
mod ty;

pub use traits::{BoxError, CodecContext, FromSql, IsNull, SqlParam, ToSql, WasNull, WrongType};
pub use ty::{Field, Kind, Type};
