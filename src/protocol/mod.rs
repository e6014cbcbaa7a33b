//! The PostgreSQL frontend/backend wire codec: protocol 3.0, plus 3.2's longer cancel keys and
//! NegotiateProtocolVersion. Bytes in, messages out, and back; it never names a socket, a runtime
//! or a clock. See <https://www.postgresql.org/docs/current/protocol-message-formats.html>.
//!
//! - [`frontend`]: one free function per message the client sends, each appending to a `BytesMut`,
//!   and parsers for those messages (mock servers, fuzzing).
//! - [`backend`]: the frame splitter over a read buffer, zero-copy views of every message the
//!   server sends, and encoders for them.

mod codec;
mod error;
mod frame;

pub mod backend;
pub mod frontend;

pub use error::{EncodeError, MessageKind, Problem, ProtocolError};
pub use frame::{Frame, FrameHeader, Frames, bytes_needed, frame_header, split_frame};

/// PostgreSQL's own cap on a message's declared length (the `Int32` that counts itself but not
/// the tag): 1 GiB. The splitters reject a longer frame before reserving any memory for it.
pub const DEFAULT_MAX_MESSAGE_LEN: usize = 1 << 30;

/// The format of a parameter or result column value.
///
/// ```
/// use pgline::protocol::Format;
/// assert_eq!(Format::from_code(1), Some(Format::Binary));
/// assert_eq!(Format::Text.code(), 0);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(i16)]
pub enum Format {
    /// Text format, code 0.
    #[default]
    Text = 0,
    /// Binary format, code 1.
    Binary = 1,
}

impl Format {
    /// The wire code of this format.
    #[inline]
    pub const fn code(self) -> i16 {
        self as i16
    }

    /// The format for a wire code, or `None` for any code other than 0 and 1.
    #[inline]
    pub const fn from_code(code: i16) -> Option<Format> {
        match code {
            0 => Some(Format::Text),
            1 => Some(Format::Binary),
            _ => None,
        }
    }
}

/// A protocol version as sent in StartupMessage: the major version in the high 16 bits of the
/// code, the minor in the low 16.
///
/// ```
/// use pgline::protocol::ProtocolVersion;
/// assert_eq!(ProtocolVersion::V3_0.code(), 196_608);
/// assert_eq!(ProtocolVersion::from_code(196_610), ProtocolVersion::V3_2);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProtocolVersion {
    /// The major version (3 for every version PostgreSQL speaks today).
    pub major: u16,
    /// The minor version.
    pub minor: u16,
}

impl ProtocolVersion {
    /// Protocol 3.0, spoken by every server since PostgreSQL 7.4.
    pub const V3_0: ProtocolVersion = ProtocolVersion { major: 3, minor: 0 };
    /// Protocol 3.2 (PostgreSQL 18): variable-length cancel keys.
    pub const V3_2: ProtocolVersion = ProtocolVersion { major: 3, minor: 2 };

    /// The `Int32` code sent on the wire.
    #[inline]
    pub const fn code(self) -> i32 {
        ((self.major as u32) << 16 | self.minor as u32) as i32
    }

    /// The version for a wire code.
    #[inline]
    pub const fn from_code(code: i32) -> ProtocolVersion {
        let code = code as u32;
        ProtocolVersion {
            major: (code >> 16) as u16,
            minor: code as u16,
        }
    }
}

impl std::fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Whether a Bind parameter serializer wrote a value or the parameter is SQL NULL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsNull {
    /// NULL: the serializer wrote nothing and the length is sent as -1.
    Yes,
    /// The serializer appended the value's bytes.
    No,
}

/// What Describe and Close name: a prepared statement (`'S'`) or a portal (`'P'`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    /// A prepared statement, byte `'S'`.
    Statement,
    /// A portal, byte `'P'`.
    Portal,
}

impl ObjectKind {
    /// The wire byte.
    #[inline]
    pub const fn byte(self) -> u8 {
        match self {
            ObjectKind::Statement => b'S',
            ObjectKind::Portal => b'P',
        }
    }

    /// The kind for a wire byte, or `None` for anything but `'S'` and `'P'`.
    #[inline]
    pub const fn from_byte(byte: u8) -> Option<ObjectKind> {
        match byte {
            b'S' => Some(ObjectKind::Statement),
            b'P' => Some(ObjectKind::Portal),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_version_codes_match_the_docs() {
        assert_eq!(ProtocolVersion::V3_0.code(), 0x0003_0000);
        assert_eq!(ProtocolVersion::V3_2.code(), 0x0003_0002);
        assert_eq!(
            ProtocolVersion::from_code(80_877_103),
            ProtocolVersion {
                major: 1234,
                minor: 5679
            }
        );
        assert_eq!(ProtocolVersion::V3_2.to_string(), "3.2");
    }

    #[test]
    fn format_codes_other_than_zero_and_one_are_rejected() {
        assert_eq!(Format::from_code(0), Some(Format::Text));
        assert_eq!(Format::from_code(2), None);
        assert_eq!(Format::from_code(-1), None);
    }

    #[test]
    fn object_kind_bytes() {
        assert_eq!(ObjectKind::from_byte(b'S'), Some(ObjectKind::Statement));
        assert_eq!(ObjectKind::Portal.byte(), b'P');
        assert_eq!(ObjectKind::from_byte(b's'), None);
    }
}
