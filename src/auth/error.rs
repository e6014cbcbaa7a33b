//! The typed errors of authentication: every way a server message, a certificate or a policy check
//! can refuse a login, each a variant a caller can match on.

use std::fmt;

use super::request::AuthRequest;

/// Which SCRAM server message an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScramMessage {
    /// `server-first-message`: nonce, salt and iteration count (AuthenticationSASLContinue).
    ServerFirst,
    /// `server-final-message`: the server signature or an error (AuthenticationSASLFinal).
    ServerFinal,
}

impl fmt::Display for ScramMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScramMessage::ServerFirst => "server-first-message",
            ScramMessage::ServerFinal => "server-final-message",
        })
    }
}

/// A step of the SCRAM exchange, named in [`AuthError::UnexpectedStep`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScramStep {
    /// [`ScramSha256::update`](super::ScramSha256::update), which takes the server-first-message.
    Update,
    /// [`ScramSha256::finish`](super::ScramSha256::finish), which takes the server-final-message.
    Finish,
}

/// The `server-error` values of RFC 5802 section 7, sent as `e=` in a server-final-message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScramServerError {
    /// `invalid-encoding`
    InvalidEncoding,
    /// `extensions-not-supported`
    ExtensionsNotSupported,
    /// `invalid-proof`: the password was wrong.
    InvalidProof,
    /// `channel-bindings-dont-match`
    ChannelBindingsDontMatch,
    /// `server-does-support-channel-binding`: the client sent `y` to a server that supports it.
    ServerDoesSupportChannelBinding,
    /// `channel-binding-not-supported`
    ChannelBindingNotSupported,
    /// `unsupported-channel-binding-type`
    UnsupportedChannelBindingType,
    /// `unknown-user`
    UnknownUser,
    /// `invalid-username-encoding`
    InvalidUsernameEncoding,
    /// `no-resources`
    NoResources,
    /// `other-error`
    OtherError,
    /// A value outside the RFC's list, kept as sent (lossily decoded as UTF-8).
    Unrecognized(String),
}

impl ScramServerError {
    pub(crate) fn from_value(value: &[u8]) -> Self {
        match value {
            b"invalid-encoding" => Self::InvalidEncoding,
            b"extensions-not-supported" => Self::ExtensionsNotSupported,
            b"invalid-proof" => Self::InvalidProof,
            b"channel-bindings-dont-match" => Self::ChannelBindingsDontMatch,
            b"server-does-support-channel-binding" => Self::ServerDoesSupportChannelBinding,
            b"channel-binding-not-supported" => Self::ChannelBindingNotSupported,
            b"unsupported-channel-binding-type" => Self::UnsupportedChannelBindingType,
            b"unknown-user" => Self::UnknownUser,
            b"invalid-username-encoding" => Self::InvalidUsernameEncoding,
            b"no-resources" => Self::NoResources,
            b"other-error" => Self::OtherError,
            other => Self::Unrecognized(String::from_utf8_lossy(other).into_owned()),
        }
    }

    /// The value as it appears after `e=`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::InvalidEncoding => "invalid-encoding",
            Self::ExtensionsNotSupported => "extensions-not-supported",
            Self::InvalidProof => "invalid-proof",
            Self::ChannelBindingsDontMatch => "channel-bindings-dont-match",
            Self::ServerDoesSupportChannelBinding => "server-does-support-channel-binding",
            Self::ChannelBindingNotSupported => "channel-binding-not-supported",
            Self::UnsupportedChannelBindingType => "unsupported-channel-binding-type",
            Self::UnknownUser => "unknown-user",
            Self::InvalidUsernameEncoding => "invalid-username-encoding",
            Self::NoResources => "no-resources",
            Self::OtherError => "other-error",
            Self::Unrecognized(value) => value,
        }
    }
}

/// The part of a certificate that could not be read, in [`AuthError::InvalidCertificate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateField {
    /// The outer `Certificate` SEQUENCE (or bytes after it).
    Certificate,
    /// The outer `signatureAlgorithm` AlgorithmIdentifier.
    SignatureAlgorithm,
    /// The RSASSA-PSS parameters (RFC 4055) of an `id-RSASSA-PSS` signature algorithm.
    PssParameters,
}

/// An authentication method the driver does not implement, in [`AuthError::Unsupported`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsupportedMethod {
    /// GSSAPI (AuthenticationGSS, Kerberos through GSSAPI).
    Gss,
    /// SSPI (AuthenticationSSPI, Windows).
    Sspi,
    /// Kerberos V5 (AuthenticationKerberosV5), removed from PostgreSQL in 9.4.
    KerberosV5,
    /// An authentication request code PostgreSQL does not define.
    Unknown {
        /// The code the server sent.
        code: i32,
    },
}

impl fmt::Display for UnsupportedMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnsupportedMethod::Gss => f.write_str("GSSAPI"),
            UnsupportedMethod::Sspi => f.write_str("SSPI"),
            UnsupportedMethod::KerberosV5 => f.write_str("Kerberos V5"),
            UnsupportedMethod::Unknown { code } => write!(f, "authentication request {code}"),
        }
    }
}

/// Why authentication failed or was refused before any password left the client.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    // ---- SCRAM server messages -------------------------------------------------------------
    /// A SCRAM server message is longer than [`ScramLimits::max_message_len`](super::ScramLimits).
    MessageTooLong {
        /// Which message.
        message: ScramMessage,
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The message ended where an attribute was expected.
    MissingAttribute {
        /// Which message.
        message: ScramMessage,
        /// The attribute letter expected (`r`, `s`, `i`, `v`).
        expected: char,
    },
    /// A different attribute (or a non-letter) stands where `expected` must be; `m=`, a mandatory
    /// extension, lands here too.
    UnexpectedAttribute {
        /// Which message.
        message: ScramMessage,
        /// The attribute letter expected.
        expected: char,
        /// The byte found instead.
        found: u8,
    },
    /// An attribute letter is not followed by `=`.
    MissingEquals {
        /// Which message.
        message: ScramMessage,
        /// The attribute.
        attribute: char,
    },
    /// Bytes follow the last attribute PostgreSQL sends (libpq rejects them too).
    TrailingData {
        /// Which message.
        message: ScramMessage,
    },
    /// An attribute value is longer than this client accepts; checked before decoding it.
    ValueTooLong {
        /// Which message.
        message: ScramMessage,
        /// The attribute.
        attribute: char,
        /// Its length in bytes as sent.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// An attribute value is not valid base64.
    InvalidBase64 {
        /// Which message.
        message: ScramMessage,
        /// The attribute (`s` or `v`).
        attribute: char,
    },
    /// The server nonce holds a byte outside RFC 5802's `printable` (0x21-0x7E except `,`).
    InvalidNonce,
    /// The server nonce does not extend the client nonce (or adds nothing to it).
    NonceMismatch,
    /// The salt is empty.
    EmptySalt,
    /// The iteration count is not a positive decimal number.
    InvalidIterationCount,
    /// The iteration count is above [`ScramLimits::max_iterations`](super::ScramLimits).
    IterationCountTooHigh {
        /// The count the server asked for (saturated at `u64::MAX`).
        iterations: u64,
        /// The limit.
        max: u32,
    },
    /// The server signature does not decode to 32 bytes.
    InvalidServerSignatureLength {
        /// The decoded length.
        len: usize,
    },
    /// The server signature is wrong: the server does not know the password (or a man in the
    /// middle altered the exchange). The login must be aborted.
    ServerSignatureMismatch,
    /// The server-final-message carried `e=`.
    ServerError {
        /// The error value.
        error: ScramServerError,
    },
    /// A [`ScramSha256`](super::ScramSha256) method was called out of order or after a failure.
    UnexpectedStep {
        /// The call that was not allowed.
        step: ScramStep,
    },
    /// The operating system's random generator failed while making the client nonce.
    RandomUnavailable,

    // ---- mechanism choice and channel binding ----------------------------------------------
    /// None of the SASL mechanisms the server offered can be used.
    NoSupportedMechanism {
        /// The first few names offered (each cut to 64 bytes, lossily decoded).
        offered: Vec<String>,
    },
    /// The server offered SCRAM-SHA-256-PLUS on a connection without TLS: something between us
    /// stripped TLS, or the server is not sane (libpq refuses too).
    PlusWithoutTls,
    /// `channel_binding=require`, but channel binding cannot be used: no TLS, or the server did not
    /// offer SCRAM-SHA-256-PLUS.
    ChannelBindingUnavailable,
    /// The server certificate could not be read to compute its `tls-server-end-point` hash.
    InvalidCertificate {
        /// The part that failed to decode.
        field: CertificateField,
    },
    /// The certificate's signature algorithm has no hash RFC 5929 can use (Ed25519, Ed448, ...):
    /// channel binding is impossible with this certificate, as in PostgreSQL.
    UnsupportedSignatureAlgorithm {
        /// The algorithm OID, dotted.
        oid: String,
    },

    // ---- policy: require_auth and channel_binding=require ----------------------------------
    /// `require_auth` refused the server's authentication request.
    RequestRefused {
        /// The request refused.
        request: AuthRequest,
        /// The `require_auth` setting, as given.
        require_auth: String,
    },
    /// `require_auth` demands authentication, but the server sent AuthenticationOk without
    /// completing any.
    AuthenticationNotCompleted {
        /// The `require_auth` setting, as given.
        require_auth: String,
    },
    /// `channel_binding=require` refused a request that cannot bind the channel (anything but SASL).
    ChannelBindingRefused {
        /// The request refused.
        request: AuthRequest,
    },
    /// `channel_binding=require`, but the server accepted the login without channel binding.
    ChannelBindingNotUsed,
    /// The server sent AuthenticationOk after starting SCRAM but before proving it knows the
    /// password (no verified server signature). Always refused.
    ScramIncomplete,
    /// The server asked for an authentication method this driver does not implement.
    Unsupported {
        /// The method.
        method: UnsupportedMethod,
    },
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::MessageTooLong { message, len, max } => {
                write!(
                    f,
                    "SCRAM {message} is {len} bytes, more than the {max} allowed"
                )
            }
            AuthError::MissingAttribute { message, expected } => {
                write!(
                    f,
                    "malformed SCRAM {message}: attribute \"{expected}\" missing"
                )
            }
            AuthError::UnexpectedAttribute {
                message,
                expected,
                found,
            } => write!(
                f,
                "malformed SCRAM {message}: expected attribute \"{expected}\", found {}",
                std::ascii::escape_default(*found)
            ),
            AuthError::MissingEquals { message, attribute } => write!(
                f,
                "malformed SCRAM {message}: expected \"=\" after attribute \"{attribute}\""
            ),
            AuthError::TrailingData { message } => {
                write!(
                    f,
                    "malformed SCRAM {message}: garbage after the last attribute"
                )
            }
            AuthError::ValueTooLong {
                message,
                attribute,
                len,
                max,
            } => write!(
                f,
                "SCRAM {message}: attribute \"{attribute}\" is {len} bytes, more than the {max} allowed"
            ),
            AuthError::InvalidBase64 { message, attribute } => write!(
                f,
                "malformed SCRAM {message}: attribute \"{attribute}\" is not valid base64"
            ),
            AuthError::InvalidNonce => {
                f.write_str("malformed SCRAM nonce: non-printable character")
            }
            AuthError::NonceMismatch => {
                f.write_str("invalid SCRAM response: server nonce does not extend the client nonce")
            }
            AuthError::EmptySalt => f.write_str("malformed SCRAM server-first-message: empty salt"),
            AuthError::InvalidIterationCount => {
                f.write_str("malformed SCRAM server-first-message: invalid iteration count")
            }
            AuthError::IterationCountTooHigh { iterations, max } => write!(
                f,
                "SCRAM iteration count {iterations} is above the configured maximum {max}"
            ),
            AuthError::InvalidServerSignatureLength { len } => write!(
                f,
                "malformed SCRAM server-final-message: server signature is {len} bytes, not 32"
            ),
            AuthError::ServerSignatureMismatch => f.write_str("incorrect SCRAM server signature"),
            AuthError::ServerError { error } => {
                write!(
                    f,
                    "SCRAM authentication failed on the server: {}",
                    error.as_str()
                )
            }
            AuthError::UnexpectedStep { step } => {
                write!(
                    f,
                    "SCRAM exchange used out of order ({step:?} not expected now)"
                )
            }
            AuthError::RandomUnavailable => {
                f.write_str("could not generate a random SCRAM nonce: the OS random source failed")
            }
            AuthError::NoSupportedMechanism { offered } => write!(
                f,
                "none of the server's SASL authentication mechanisms are supported (offered: {})",
                offered.join(", ")
            ),
            AuthError::PlusWithoutTls => f.write_str(
                "server offered SCRAM-SHA-256-PLUS authentication over a non-SSL connection",
            ),
            AuthError::ChannelBindingUnavailable => f.write_str(
                "channel binding is required, but server did not offer an authentication method \
                 that supports channel binding",
            ),
            AuthError::InvalidCertificate { field } => {
                write!(f, "could not read the server certificate ({field:?})")
            }
            AuthError::UnsupportedSignatureAlgorithm { oid } => write!(
                f,
                "server certificate signature algorithm {oid} has no hash for channel binding"
            ),
            AuthError::RequestRefused {
                request,
                require_auth,
            } => write!(
                f,
                "authentication method requirement \"{require_auth}\" failed: {}",
                request.description()
            ),
            AuthError::AuthenticationNotCompleted { require_auth } => write!(
                f,
                "authentication method requirement \"{require_auth}\" failed: server did not \
                 complete authentication"
            ),
            AuthError::ChannelBindingRefused { .. } => f.write_str(
                "channel binding required but not supported by server's authentication request",
            ),
            AuthError::ChannelBindingNotUsed => f.write_str(
                "channel binding required, but server authenticated client without channel binding",
            ),
            AuthError::ScramIncomplete => f.write_str(
                "server accepted the login before completing SCRAM (server signature not verified)",
            ),
            AuthError::Unsupported { method } => {
                write!(
                    f,
                    "authentication method {method} is not supported by pgline"
                )
            }
        }
    }
}

impl std::error::Error for AuthError {}

/// A bad `require_auth` or `channel_binding` setting, found when the option is parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthConfigError {
    /// A `require_auth` element names no known method.
    UnknownRequireAuthMethod {
        /// The element, without its `!`.
        method: String,
    },
    /// Negated (`!x`) and plain elements are mixed in one `require_auth`.
    MixedNegation {
        /// The element that broke the pattern, as written.
        method: String,
        /// Whether that element is the negated one.
        negated: bool,
    },
    /// A `require_auth` method appears twice (libpq treats it as a likely typo).
    DuplicateRequireAuthMethod {
        /// The element, as written.
        method: String,
    },
    /// `channel_binding` is not `disable`, `prefer` or `require`.
    InvalidChannelBinding {
        /// The value given.
        value: String,
    },
}

impl fmt::Display for AuthConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthConfigError::UnknownRequireAuthMethod { method } => {
                write!(f, "invalid require_auth value: \"{method}\"")
            }
            AuthConfigError::MixedNegation {
                method,
                negated: true,
            } => write!(
                f,
                "negative require_auth method \"{method}\" cannot be mixed with non-negative methods"
            ),
            AuthConfigError::MixedNegation {
                method,
                negated: false,
            } => write!(
                f,
                "require_auth method \"{method}\" cannot be mixed with negative methods"
            ),
            AuthConfigError::DuplicateRequireAuthMethod { method } => {
                write!(
                    f,
                    "require_auth method \"{method}\" is specified more than once"
                )
            }
            AuthConfigError::InvalidChannelBinding { value } => {
                write!(f, "invalid channel_binding value: \"{value}\"")
            }
        }
    }
}

impl std::error::Error for AuthConfigError {}
