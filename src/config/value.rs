//! The typed values of enumerated keywords, and libpq's integer rule.

use std::fmt;
use std::str::FromStr;

use super::error::{ConfigError, Origin};

/// Declares an enum whose values are spelled exactly (case-sensitively) as libpq compares them.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        $name:ident, key = $key:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value pgline accepts for this keyword, as written in a connection string.
            pub const ALLOWED: &'static [&'static str] = &[$($text),+];

            /// The value as written in a connection string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }

            pub(crate) fn from_keyword(text: &str) -> Option<$name> {
                match text {
                    $( $text => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ConfigError;

            fn from_str(text: &str) -> Result<$name, ConfigError> {
                $name::from_keyword(text).ok_or_else(|| ConfigError::InvalidValue {
                    key: $key,
                    value: text.to_owned(),
                    allowed: $name::ALLOWED,
                    origin: Origin::ConnectionString,
                })
            }
        }
    };
}

keyword_enum! {
    /// `sslmode`: whether and how TLS is used (libpq's six modes; default `prefer`).
    ///
    /// See <https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION>.
    SslMode, key = "sslmode" {
        /// Never TLS.
        Disable = "disable",
        /// Plain first; TLS if the server insists.
        Allow = "allow",
        /// TLS first; plain if the server refuses TLS.
        Prefer = "prefer",
        /// TLS only; the certificate is verified like `verify-ca` when a root certificate exists.
        Require = "require",
        /// TLS only, the certificate chain verified against the root certificates.
        VerifyCa = "verify-ca",
        /// TLS only, the chain verified and the host name matched against the certificate.
        VerifyFull = "verify-full",
    }
}

keyword_enum! {
    /// `sslnegotiation` (libpq 17): how TLS starts.
    SslNegotiation, key = "sslnegotiation" {
        /// Send SSLRequest and wait for the server's one-byte answer (the default).
        Postgres = "postgres",
        /// Start the TLS handshake at once, with ALPN `postgresql`; needs `sslmode=require` or stronger.
        Direct = "direct",
    }
}

keyword_enum! {
    /// `channel_binding`: whether SCRAM binds to the TLS channel (default `prefer`).
    ChannelBinding, key = "channel_binding" {
        /// Never use channel binding.
        Disable = "disable",
        /// Use it when the server offers SCRAM-SHA-256-PLUS over TLS.
        Prefer = "prefer",
        /// Refuse to authenticate without it.
        Require = "require",
    }
}

keyword_enum! {
    /// `target_session_attrs`: which server among several hosts is acceptable (default `any`).
    TargetSessionAttrs, key = "target_session_attrs" {
        /// Any server.
        Any = "any",
        /// A session that accepts read-write transactions by default.
        ReadWrite = "read-write",
        /// A session that does not accept read-write transactions by default.
        ReadOnly = "read-only",
        /// A server not in hot standby.
        Primary = "primary",
        /// A server in hot standby.
        Standby = "standby",
        /// A standby if any host is one, else any server.
        PreferStandby = "prefer-standby",
    }
}

keyword_enum! {
    /// `load_balance_hosts`: the order hosts are tried in (default `disable`: as listed).
    LoadBalanceHosts, key = "load_balance_hosts" {
        /// In the order given.
        Disable = "disable",
        /// In random order (libpq shuffles hosts, then each host's addresses).
        Random = "random",
    }
}

keyword_enum! {
    /// `sslcertmode` (libpq 16): whether a client certificate may be sent (default `allow`).
    ///
    /// libpq's third mode, `require`, needs to know whether the server asked for a certificate;
    /// pgline refuses it with [`ConfigError::Unsupported`].
    SslCertMode, key = "sslcertmode" {
        /// Never send a client certificate, even if one is configured.
        Disable = "disable",
        /// Send one if the server asks and one is configured.
        Allow = "allow",
    }
}

keyword_enum! {
    /// `min_protocol_version` / `max_protocol_version` (libpq 18).
    ///
    /// Without a maximum, libpq 18 asks for 3.0, or for the latest version when the minimum is
    /// above 3.0; [`ResolvedConfig`](super::ResolvedConfig) applies that rule.
    ProtocolVersion, key = "min_protocol_version" {
        /// Protocol 3.0 (PostgreSQL 7.4 and later).
        V3_0 = "3.0",
        /// Protocol 3.2 (PostgreSQL 18: longer cancel keys).
        V3_2 = "3.2",
        /// The newest version pgline speaks: 3.2.
        Latest = "latest",
    }
}

impl ProtocolVersion {
    /// The version as `(major, minor)`, with `latest` read as 3.2.
    pub fn number(self) -> (u16, u16) {
        match self {
            ProtocolVersion::V3_0 => (3, 0),
            ProtocolVersion::V3_2 | ProtocolVersion::Latest => (3, 2),
        }
    }

    /// The version as the startup message's 32-bit code: major in the high 16 bits.
    pub fn code(self) -> i32 {
        let (major, minor) = self.number();
        (i32::from(major) << 16) | i32::from(minor)
    }
}

/// `ssl_min_protocol_version` / `ssl_max_protocol_version`: a TLS version, spelled as libpq does
/// (`TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`, compared case-insensitively).
///
/// rustls speaks only TLS 1.2 and 1.3: a lower minimum is accepted (1.2 is then the floor), a
/// lower maximum is refused with [`ConfigError::Unsupported`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TlsVersion {
    /// TLS 1.0.
    Tls1_0,
    /// TLS 1.1.
    Tls1_1,
    /// TLS 1.2.
    Tls1_2,
    /// TLS 1.3.
    Tls1_3,
}

impl TlsVersion {
    /// The spellings libpq accepts.
    pub const ALLOWED: &'static [&'static str] = &["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

    /// The version as written in a connection string.
    pub fn as_str(self) -> &'static str {
        match self {
            TlsVersion::Tls1_0 => "TLSv1",
            TlsVersion::Tls1_1 => "TLSv1.1",
            TlsVersion::Tls1_2 => "TLSv1.2",
            TlsVersion::Tls1_3 => "TLSv1.3",
        }
    }

    pub(crate) fn from_keyword(text: &str) -> Option<TlsVersion> {
        [
            TlsVersion::Tls1_0,
            TlsVersion::Tls1_1,
            TlsVersion::Tls1_2,
            TlsVersion::Tls1_3,
        ]
        .into_iter()
        .find(|v| v.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// C's `isspace` in the C locale: what libpq skips between settings and around numbers.
pub(crate) fn is_c_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// libpq's `pqParseIntParam`: blanks, an optional sign, decimal digits, blanks; must fit an `int`.
pub(crate) fn parse_libpq_int(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && is_c_space(bytes[i]) {
        i += 1;
    }
    let negative = match bytes.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let digits_start = i;
    let mut value: i64 = 0;
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii_digit() {
            break;
        }
        // Saturate well above i32's range: the result is rejected either way, and the loop
        // must not overflow on a long run of digits.
        value = (value * 10 + i64::from(b - b'0')).min(i64::from(u32::MAX));
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    while i < bytes.len() && is_c_space(bytes[i]) {
        i += 1;
    }
    if i != bytes.len() {
        return None;
    }
    i32::try_from(if negative { -value } else { value }).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_int_accepts_blanks_and_signs_like_strtol() {
        for (text, want) in [
            ("5432", Some(5432)),
            ("  5432\t", Some(5432)),
            ("+7", Some(7)),
            ("-7", Some(-7)),
            ("0", Some(0)),
            ("2147483647", Some(i32::MAX)),
            ("-2147483648", Some(i32::MIN)),
            ("2147483648", None),
            ("99999999999999999999999999", None),
            ("", None),
            ("  ", None),
            ("+", None),
            ("12a", None),
            ("0x10", None),
            ("1 2", None),
            ("- 1", None),
        ] {
            assert_eq!(parse_libpq_int(text), want, "{text:?}");
        }
    }

    #[test]
    fn keyword_enums_are_case_sensitive_as_libpq_strcmp() {
        assert_eq!(
            SslMode::from_keyword("verify-full"),
            Some(SslMode::VerifyFull)
        );
        assert_eq!(SslMode::from_keyword("Require"), None);
        assert_eq!(
            TargetSessionAttrs::from_keyword("prefer-standby"),
            Some(TargetSessionAttrs::PreferStandby)
        );
        let err = "sometimes".parse::<SslMode>().unwrap_err();
        assert_eq!(err.key(), Some("sslmode"));
    }

    #[test]
    fn tls_versions_are_case_insensitive_as_libpq_strcasecmp() {
        assert_eq!(
            TlsVersion::from_keyword("tlsv1.3"),
            Some(TlsVersion::Tls1_3)
        );
        assert_eq!(TlsVersion::from_keyword("TLSv1"), Some(TlsVersion::Tls1_0));
        assert_eq!(TlsVersion::from_keyword("TLSv1.4"), None);
        assert!(TlsVersion::Tls1_2 < TlsVersion::Tls1_3);
    }

    #[test]
    fn protocol_version_codes() {
        assert_eq!(ProtocolVersion::V3_0.code(), 196_608);
        assert_eq!(ProtocolVersion::Latest.code(), 196_610);
    }
}
