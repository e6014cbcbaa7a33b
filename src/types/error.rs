//! Typed errors of the binary codecs and of the value conversions.

use std::error::Error as StdError;
use std::fmt;

/// A binary value could not be decoded: it does not follow its type's wire format.
///
/// Codecs return it inside a [`BoxError`](super::BoxError); callers may downcast to match on it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// A fixed-width value has the wrong length.
    Length {
        /// The PostgreSQL type being decoded.
        type_name: &'static str,
        /// The length the type requires.
        expected: usize,
        /// The length received.
        got: usize,
    },
    /// The value ended before `field` could be read.
    Truncated {
        /// The PostgreSQL type being decoded.
        type_name: &'static str,
        /// The field that was cut off.
        field: &'static str,
    },
    /// Bytes were left over after the whole value was read.
    TrailingBytes {
        /// The PostgreSQL type being decoded.
        type_name: &'static str,
        /// How many bytes were left.
        extra: usize,
    },
    /// A field holds a value its type does not allow.
    Invalid {
        /// The PostgreSQL type being decoded.
        type_name: &'static str,
        /// The field holding the value.
        field: &'static str,
        /// The value received.
        value: i64,
    },
    /// A declared count or size exceeds a limit or the bytes actually present.
    TooLarge {
        /// The PostgreSQL type being decoded.
        type_name: &'static str,
        /// The count or size field.
        field: &'static str,
        /// The declared value.
        value: u64,
        /// The largest value allowed here.
        limit: u64,
    },
    /// Text that must be UTF-8 is not.
    Utf8 {
        /// The PostgreSQL type being decoded.
        type_name: &'static str,
        /// The length of the valid prefix.
        valid_up_to: usize,
    },
    /// An array, range or composite carries a different element type than its type declares.
    ElementType {
        /// The PostgreSQL container type being decoded.
        type_name: &'static str,
        /// The element type OID the column's type declares.
        expected: u32,
        /// The element type OID found in the value.
        got: u32,
    },
    /// A multi-dimensional array was decoded into a one-dimensional Rust type.
    Dimensions {
        /// The number of dimensions the Rust type holds.
        expected: usize,
        /// The number of dimensions of the value.
        got: usize,
    },
    /// The value is valid but does not fit the Rust type (e.g. a date beyond chrono's range).
    OutOfRange {
        /// The PostgreSQL type being decoded.
        type_name: &'static str,
        /// The Rust type it was decoded into.
        rust_type: &'static str,
    },
    /// An enum label the Rust type does not know.
    UnknownLabel {
        /// The Rust type it was decoded into.
        rust_type: &'static str,
        /// The label received.
        label: String,
    },
    /// The connection's JSON codecs are turned off ([`CodecContext::json_codecs`]); decode
    /// json/jsonb as `&str`, `String` or `&[u8]` instead.
    ///
    /// [`CodecContext::json_codecs`]: super::CodecContext::json_codecs
    JsonCodecsDisabled,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Length {
                type_name,
                expected,
                got,
            } => write!(
                f,
                "{type_name} value must be {expected} bytes long, got {got}"
            ),
            DecodeError::Truncated { type_name, field } => {
                write!(f, "{type_name} value ends before its {field}")
            }
            DecodeError::TrailingBytes { type_name, extra } => {
                write!(f, "{type_name} value has {extra} bytes left over")
            }
            DecodeError::Invalid {
                type_name,
                field,
                value,
            } => write!(f, "{type_name} value has an invalid {field}: {value}"),
            DecodeError::TooLarge {
                type_name,
                field,
                value,
                limit,
            } => write!(
                f,
                "{type_name} value declares {field} {value}, more than the {limit} allowed"
            ),
            DecodeError::Utf8 {
                type_name,
                valid_up_to,
            } => write!(
                f,
                "{type_name} value is not valid UTF-8 after byte {valid_up_to}"
            ),
            DecodeError::ElementType {
                type_name,
                expected,
                got,
            } => write!(
                f,
                "{type_name} value has element type OID {got}, expected {expected}"
            ),
            DecodeError::Dimensions { expected, got } => write!(
                f,
                "array has {got} dimensions, the Rust type holds {expected} (use types::Array)"
            ),
            DecodeError::OutOfRange {
                type_name,
                rust_type,
            } => write!(f, "{type_name} value is out of range for `{rust_type}`"),
            DecodeError::UnknownLabel { rust_type, label } => {
                write!(f, "enum label {label:?} is not a variant of `{rust_type}`")
            }
            DecodeError::JsonCodecsDisabled => f.write_str(
                "JSON codecs are turned off for this connection; decode json as text or bytes",
            ),
        }
    }
}

impl StdError for DecodeError {}

/// A Rust value could not be encoded as a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A size or count exceeds what the wire format or PostgreSQL allows.
    TooLarge {
        /// The PostgreSQL type being encoded.
        type_name: &'static str,
        /// The size or count.
        field: &'static str,
        /// Its value.
        value: u64,
        /// The largest value allowed.
        limit: u64,
    },
    /// The value has no representation in the PostgreSQL type (e.g. NaN in a pgvector).
    NotRepresentable {
        /// The PostgreSQL type being encoded.
        type_name: &'static str,
        /// What is wrong with the value.
        reason: &'static str,
    },
    /// A composite value has a different number of fields than its type.
    FieldCount {
        /// The number of fields of the PostgreSQL type.
        expected: usize,
        /// The number of values given.
        got: usize,
    },
    /// An enum value has no label in the PostgreSQL enum.
    UnknownLabel {
        /// The PostgreSQL enum type.
        type_name: String,
        /// The label that is missing.
        label: String,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::TooLarge {
                type_name,
                field,
                value,
                limit,
            } => write!(
                f,
                "{type_name} {field} {value} exceeds the {limit} PostgreSQL allows"
            ),
            EncodeError::NotRepresentable { type_name, reason } => {
                write!(f, "value cannot be sent as {type_name}: {reason}")
            }
            EncodeError::FieldCount { expected, got } => write!(
                f,
                "composite type has {expected} fields, {got} values were given"
            ),
            EncodeError::UnknownLabel { type_name, label } => {
                write!(f, "enum {type_name} has no label {label:?}")
            }
        }
    }
}

impl StdError for EncodeError {}

/// A value could not be converted to another Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConvertError {
    /// The value is NaN or an infinity, which the target cannot hold.
    NotFinite {
        /// The target Rust type.
        target: &'static str,
    },
    /// The value has a fractional part and the target holds integers only.
    Fractional {
        /// The target Rust type.
        target: &'static str,
    },
    /// The value is outside the target's range or precision.
    OutOfRange {
        /// The target Rust type.
        target: &'static str,
    },
}

impl fmt::Display for ConvertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConvertError::NotFinite { target } => {
                write!(f, "a NaN or infinite value does not fit `{target}`")
            }
            ConvertError::Fractional { target } => {
                write!(f, "a value with a fractional part does not fit `{target}`")
            }
            ConvertError::OutOfRange { target } => {
                write!(f, "value is out of range for `{target}`")
            }
        }
    }
}

impl StdError for ConvertError {}
