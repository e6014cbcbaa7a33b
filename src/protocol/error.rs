//! Typed errors for decoding (`ProtocolError`) and encoding (`EncodeError`): each names the
//! message and the field, so a caller can match on them and a log line says what broke.

use std::fmt;

/// Every message of the protocol, frontend and backend, named as the PostgreSQL docs name it.
///
/// Errors carry one so they say which message was bad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MessageKind {
    // Frontend.
    /// StartupMessage.
    StartupMessage,
    /// SSLRequest.
    SslRequest,
    /// GSSENCRequest.
    GssEncRequest,
    /// CancelRequest.
    CancelRequest,
    /// An untagged startup-phase packet whose request code is not known yet.
    StartupPacket,
    /// PasswordMessage.
    PasswordMessage,
    /// SASLInitialResponse.
    SaslInitialResponse,
    /// SASLResponse.
    SaslResponse,
    /// Query.
    Query,
    /// Parse.
    Parse,
    /// Bind.
    Bind,
    /// Describe.
    Describe,
    /// Execute.
    Execute,
    /// Close.
    Close,
    /// Sync.
    Sync,
    /// Flush.
    Flush,
    /// CopyFail.
    CopyFail,
    /// Terminate.
    Terminate,
    // Both directions.
    /// CopyData.
    CopyData,
    /// CopyDone.
    CopyDone,
    // Backend.
    /// Authentication (every `AuthenticationXxx` message, tag `'R'`).
    Authentication,
    /// BackendKeyData.
    BackendKeyData,
    /// BindComplete.
    BindComplete,
    /// CloseComplete.
    CloseComplete,
    /// CommandComplete.
    CommandComplete,
    /// CopyInResponse.
    CopyInResponse,
    /// CopyOutResponse.
    CopyOutResponse,
    /// CopyBothResponse.
    CopyBothResponse,
    /// DataRow.
    DataRow,
    /// EmptyQueryResponse.
    EmptyQueryResponse,
    /// ErrorResponse.
    ErrorResponse,
    /// FunctionCallResponse.
    FunctionCallResponse,
    /// NegotiateProtocolVersion.
    NegotiateProtocolVersion,
    /// NoData.
    NoData,
    /// NoticeResponse.
    NoticeResponse,
    /// NotificationResponse.
    NotificationResponse,
    /// ParameterDescription.
    ParameterDescription,
    /// ParameterStatus.
    ParameterStatus,
    /// ParseComplete.
    ParseComplete,
    /// PortalSuspended.
    PortalSuspended,
    /// ReadyForQuery.
    ReadyForQuery,
    /// RowDescription.
    RowDescription,
}

impl MessageKind {
    /// The message's name as the PostgreSQL documentation spells it.
    pub const fn name(self) -> &'static str {
        use MessageKind::*;
        match self {
            StartupMessage => "StartupMessage",
            SslRequest => "SSLRequest",
            GssEncRequest => "GSSENCRequest",
            CancelRequest => "CancelRequest",
            StartupPacket => "startup packet",
            PasswordMessage => "PasswordMessage",
            SaslInitialResponse => "SASLInitialResponse",
            SaslResponse => "SASLResponse",
            Query => "Query",
            Parse => "Parse",
            Bind => "Bind",
            Describe => "Describe",
            Execute => "Execute",
            Close => "Close",
            Sync => "Sync",
            Flush => "Flush",
            CopyFail => "CopyFail",
            Terminate => "Terminate",
            CopyData => "CopyData",
            CopyDone => "CopyDone",
            Authentication => "Authentication",
            BackendKeyData => "BackendKeyData",
            BindComplete => "BindComplete",
            CloseComplete => "CloseComplete",
            CommandComplete => "CommandComplete",
            CopyInResponse => "CopyInResponse",
            CopyOutResponse => "CopyOutResponse",
            CopyBothResponse => "CopyBothResponse",
            DataRow => "DataRow",
            EmptyQueryResponse => "EmptyQueryResponse",
            ErrorResponse => "ErrorResponse",
            FunctionCallResponse => "FunctionCallResponse",
            NegotiateProtocolVersion => "NegotiateProtocolVersion",
            NoData => "NoData",
            NoticeResponse => "NoticeResponse",
            NotificationResponse => "NotificationResponse",
            ParameterDescription => "ParameterDescription",
            ParameterStatus => "ParameterStatus",
            ParseComplete => "ParseComplete",
            PortalSuspended => "PortalSuspended",
            ReadyForQuery => "ReadyForQuery",
            RowDescription => "RowDescription",
        }
    }

    /// The backend message a server sends with this tag byte, if any.
    pub const fn from_backend_tag(tag: u8) -> Option<MessageKind> {
        use MessageKind::*;
        Some(match tag {
            b'R' => Authentication,
            b'K' => BackendKeyData,
            b'2' => BindComplete,
            b'3' => CloseComplete,
            b'C' => CommandComplete,
            b'd' => CopyData,
            b'c' => CopyDone,
            b'G' => CopyInResponse,
            b'H' => CopyOutResponse,
            b'W' => CopyBothResponse,
            b'D' => DataRow,
            b'I' => EmptyQueryResponse,
            b'E' => ErrorResponse,
            b'V' => FunctionCallResponse,
            b'v' => NegotiateProtocolVersion,
            b'n' => NoData,
            b'N' => NoticeResponse,
            b'A' => NotificationResponse,
            b't' => ParameterDescription,
            b'S' => ParameterStatus,
            b'1' => ParseComplete,
            b's' => PortalSuspended,
            b'Z' => ReadyForQuery,
            b'T' => RowDescription,
            _ => return None,
        })
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What is wrong with a field of a [`ProtocolError::Malformed`] message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The body ends inside this field.
    Truncated,
    /// A string field has no NUL terminator before the end of the body.
    MissingTerminator,
    /// A field that must not be empty is (a SASL mechanism name).
    Empty,
    /// A count or length is negative (and -1 is not allowed there).
    Negative {
        /// The value read.
        value: i32,
    },
    /// A code, byte or length outside the values the protocol allows (an unknown format code,
    /// transaction status, authentication request, or a cancel key of the wrong size).
    Invalid {
        /// The value read.
        value: i64,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Truncated => f.write_str("body ends inside it"),
            Problem::MissingTerminator => f.write_str("no NUL terminator"),
            Problem::Empty => f.write_str("empty"),
            Problem::Negative { value } => write!(f, "negative value {value}"),
            Problem::Invalid { value } => write!(f, "invalid value {value}"),
        }
    }
}

/// Bytes that are not a valid message, or a valid message at the wrong time.
///
/// Length checks happen before any allocation, so a hostile length costs nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProtocolError {
    /// A declared length under the minimum: 4 for a tagged message (the length counts itself),
    /// 8 for a startup-phase packet.
    TooShort {
        /// The message's tag; `None` for an untagged startup-phase packet.
        tag: Option<u8>,
        /// The declared length.
        len: i32,
    },
    /// A declared length over the configured maximum.
    TooLong {
        /// The message's tag; `None` for an untagged startup-phase packet.
        tag: Option<u8>,
        /// The declared length.
        len: usize,
        /// The maximum in force.
        max: usize,
    },
    /// A chunk handed to [`Frames`](super::Frames) ends inside a frame: the connection split it
    /// somewhere other than a frame boundary.
    IncompleteFrame {
        /// The frame's tag.
        tag: u8,
        /// The frame's whole size, as its header declares.
        len: usize,
        /// The bytes the chunk had left.
        available: usize,
    },
    /// A tag byte that names no message of this direction.
    UnknownTag {
        /// The tag byte.
        tag: u8,
    },
    /// A field that is truncated, unterminated, negative or out of range.
    Malformed {
        /// The message.
        message: MessageKind,
        /// The field, named as the PostgreSQL docs describe it.
        field: &'static str,
        /// What is wrong with it.
        problem: Problem,
    },
    /// A text field that is not valid UTF-8.
    InvalidUtf8 {
        /// The message.
        message: MessageKind,
        /// The field.
        field: &'static str,
    },
    /// Bytes left in the body after its last field.
    TrailingData {
        /// The message.
        message: MessageKind,
        /// How many bytes were left.
        len: usize,
    },
    /// A valid message that the protocol does not allow at this point.
    Unexpected {
        /// What was allowed, e.g. `"ReadyForQuery"` or `"Authentication or ErrorResponse"`.
        expected: &'static str,
        /// The tag of the message that came.
        got: u8,
    },
}

impl ProtocolError {
    #[inline]
    pub(crate) const fn malformed(
        message: MessageKind,
        field: &'static str,
        problem: Problem,
    ) -> ProtocolError {
        ProtocolError::Malformed {
            message,
            field,
            problem,
        }
    }

    #[inline]
    pub(crate) const fn truncated(message: MessageKind, field: &'static str) -> ProtocolError {
        ProtocolError::Malformed {
            message,
            field,
            problem: Problem::Truncated,
        }
    }

    #[inline]
    pub(crate) const fn invalid(
        message: MessageKind,
        field: &'static str,
        value: i64,
    ) -> ProtocolError {
        ProtocolError::Malformed {
            message,
            field,
            problem: Problem::Invalid { value },
        }
    }
}

/// Shows a tag byte readably: `'D'` for printable ASCII, `0x00` otherwise.
struct TagDisplay(u8);

impl fmt::Display for TagDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_ascii_graphic() {
            write!(f, "'{}'", self.0 as char)
        } else {
            write!(f, "0x{:02x}", self.0)
        }
    }
}

struct OptTag(Option<u8>);

impl fmt::Display for OptTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(tag) => write!(f, "message {}", TagDisplay(tag)),
            None => f.write_str("startup packet"),
        }
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::TooShort { tag, len } => {
                write!(
                    f,
                    "{} declares length {len}, under the minimum",
                    OptTag(*tag)
                )
            }
            ProtocolError::TooLong { tag, len, max } => {
                write!(
                    f,
                    "{} declares length {len}, over the maximum {max}",
                    OptTag(*tag)
                )
            }
            ProtocolError::IncompleteFrame {
                tag,
                len,
                available,
            } => write!(
                f,
                "message {} of {len} bytes is cut off after {available} bytes",
                TagDisplay(*tag)
            ),
            ProtocolError::UnknownTag { tag } => {
                write!(f, "unknown message tag {}", TagDisplay(*tag))
            }
            ProtocolError::Malformed {
                message,
                field,
                problem,
            } => {
                write!(f, "malformed {message}: field \"{field}\": {problem}")
            }
            ProtocolError::InvalidUtf8 { message, field } => {
                write!(
                    f,
                    "malformed {message}: field \"{field}\" is not valid UTF-8"
                )
            }
            ProtocolError::TrailingData { message, len } => {
                write!(f, "malformed {message}: {len} bytes after the last field")
            }
            ProtocolError::Unexpected { expected, got } => {
                write!(f, "unexpected message {}", TagDisplay(*got))?;
                if let Some(kind) = MessageKind::from_backend_tag(*got) {
                    write!(f, " ({kind})")?;
                }
                write!(f, ", expected {expected}")
            }
        }
    }
}

impl std::error::Error for ProtocolError {}

/// A message that cannot be encoded: its input would produce bytes the server would misread.
///
/// The encoder that returns it has left the buffer exactly as it found it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A string sent as a NUL-terminated C string contains a NUL byte.
    NulInString {
        /// The message.
        message: MessageKind,
        /// The field.
        field: &'static str,
    },
    /// More items than the count field can carry.
    TooMany {
        /// The message.
        message: MessageKind,
        /// The count field.
        field: &'static str,
        /// How many items were given.
        count: usize,
        /// The largest count allowed.
        max: usize,
    },
    /// A value, or the whole message, longer than its length field allows.
    TooLong {
        /// The message.
        message: MessageKind,
        /// The field (`"message length"` for the whole message).
        field: &'static str,
        /// The length given.
        len: usize,
        /// The largest length allowed.
        max: usize,
    },
    /// A field that must not be empty (a startup parameter name, a SASL mechanism, a cancel
    /// key), or an error field code of 0, which would end the field list early.
    Empty {
        /// The message.
        message: MessageKind,
        /// The field.
        field: &'static str,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::NulInString { message, field } => {
                write!(
                    f,
                    "cannot encode {message}: field \"{field}\" contains a NUL byte"
                )
            }
            EncodeError::TooMany {
                message,
                field,
                count,
                max,
            } => write!(
                f,
                "cannot encode {message}: {count} items for \"{field}\", at most {max} allowed"
            ),
            EncodeError::TooLong {
                message,
                field,
                len,
                max,
            } => write!(
                f,
                "cannot encode {message}: \"{field}\" is {len} bytes, at most {max} allowed"
            ),
            EncodeError::Empty { message, field } => {
                write!(
                    f,
                    "cannot encode {message}: field \"{field}\" must not be empty or zero"
                )
            }
        }
    }
}

impl std::error::Error for EncodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_display_names_message_and_field() {
        let e = ProtocolError::truncated(MessageKind::DataRow, "value length");
        assert_eq!(
            e.to_string(),
            "malformed DataRow: field \"value length\": body ends inside it"
        );
    }

    #[test]
    fn unexpected_display_names_the_backend_message() {
        let e = ProtocolError::Unexpected {
            expected: "ReadyForQuery",
            got: b'D',
        };
        assert_eq!(
            e.to_string(),
            "unexpected message 'D' (DataRow), expected ReadyForQuery"
        );
    }

    #[test]
    fn too_long_display_for_startup_packet() {
        let e = ProtocolError::TooLong {
            tag: None,
            len: 20_000,
            max: 10_000,
        };
        assert_eq!(
            e.to_string(),
            "startup packet declares length 20000, over the maximum 10000"
        );
    }

    #[test]
    fn unknown_tag_display_escapes_unprintable_bytes() {
        assert_eq!(
            ProtocolError::UnknownTag { tag: 0 }.to_string(),
            "unknown message tag 0x00"
        );
    }

    #[test]
    fn every_backend_tag_maps_to_a_distinct_kind() {
        let tags = b"RK23CdcGHWDIEVvnNAtS1sZT";
        let kinds: std::collections::HashSet<_> = tags
            .iter()
            .filter_map(|&t| MessageKind::from_backend_tag(t))
            .collect();
        assert_eq!(kinds.len(), tags.len());
        assert_eq!(MessageKind::from_backend_tag(b'x'), None);
    }
}
