use std::error::Error as StdError;
use std::fmt;

/// Where a rejected value came from, so an error can say which setting to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A connection string (`key=value` or URL), or [`Config::set`](super::Config::set).
    ConnectionString,
    /// A typed setter of [`Config`](super::Config), checked when the config is resolved.
    Builder,
    /// The named environment variable, read because the config left the key unset.
    Environment(&'static str),
}

/// What was wrong with a connection URL outside its query parameters' values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlProblem {
    /// `[` opens an IPv6 address that no `]` closes.
    UnterminatedIpv6,
    /// `[]`: an IPv6 address with nothing inside.
    EmptyIpv6,
    /// Something other than `:`, `/`, `?` or `,` right after `]`; `position` counts bytes from 1.
    AfterIpv6 {
        /// The unexpected character.
        found: char,
        /// Its 1-based byte position in the URL.
        position: usize,
    },
    /// A query parameter without `=`; `param` is its text.
    QueryParamMissingEquals {
        /// The parameter as written.
        param: String,
    },
    /// A query parameter with a second `=`; `param` is its key.
    QueryParamExtraEquals {
        /// The parameter's key.
        param: String,
    },
}

/// What was wrong with a percent-encoded URL component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentProblem {
    /// `%` not followed by two hex digits; `offset` is the byte offset of the `%` in the component.
    InvalidToken {
        /// Byte offset of the `%` inside the component.
        offset: usize,
    },
    /// `%00`, which libpq forbids.
    Nul,
}

/// A connection setting pgline refuses, naming the key (and, except for secrets, the value).
///
/// Messages follow libpq's wording where it has one. Values of `password`, `sslpassword` and other
/// secrets are never part of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A key libpq does not know (libpq: `invalid connection option`).
    UnknownKey {
        /// The key as written.
        key: String,
    },
    /// In a `key=value` string, a word not followed by `=`.
    MissingEquals {
        /// The word as written.
        key: String,
    },
    /// In a `key=value` string, a quoted value with no closing quote.
    UnterminatedQuote {
        /// The key whose value is unterminated.
        key: String,
    },
    /// A value outside the keyword's fixed set.
    InvalidValue {
        /// The keyword.
        key: &'static str,
        /// The value as given.
        value: String,
        /// The values pgline accepts.
        allowed: &'static [&'static str],
        /// Where the value came from.
        origin: Origin,
    },
    /// Not an integer by libpq's rules (optional sign, digits, surrounding blanks, fits in 32 bits).
    InvalidInteger {
        /// The keyword.
        key: &'static str,
        /// The value as given.
        value: String,
        /// Where the value came from.
        origin: Origin,
    },
    /// A port that is an integer but not in 1..=65535.
    InvalidPort {
        /// The port as given.
        value: String,
        /// Where the value came from.
        origin: Origin,
    },
    /// A `hostaddr` item that is not a numeric IPv4 or IPv6 address.
    InvalidHostAddr {
        /// The item as given.
        value: String,
        /// Where the value came from.
        origin: Origin,
    },
    /// A `require_auth` list libpq would refuse.
    InvalidRequireAuth {
        /// What is wrong with it, by libpq's rules (the auth layer parses and enforces it).
        source: crate::auth::AuthConfigError,
        /// Where the value came from.
        origin: Origin,
    },
    /// A value holding a NUL character, which the wire protocol cannot carry.
    NulInValue {
        /// The keyword (or startup parameter name).
        key: String,
    },
    /// A value that is not UTF-8 after percent-decoding or as read from the environment.
    InvalidUtf8 {
        /// The keyword.
        key: &'static str,
        /// Where the value came from.
        origin: Origin,
    },
    /// A keyword libpq knows, with a value that needs a feature pgline does not have.
    Unsupported {
        /// The keyword.
        key: &'static str,
        /// The value as given (`<redacted>` for secrets).
        value: String,
        /// Where the value came from.
        origin: Origin,
        /// What is missing.
        reason: &'static str,
    },
    /// Two settings that cannot be used together.
    Conflict {
        /// The keyword that is refused.
        key: &'static str,
        /// Its value.
        value: String,
        /// The keyword it conflicts with.
        other_key: &'static str,
        /// That keyword's value.
        other_value: String,
        /// Why they conflict.
        reason: &'static str,
    },
    /// `host` and `hostaddr` list different numbers of items.
    HostAddrCountMismatch {
        /// Items in `host`.
        hosts: usize,
        /// Items in `hostaddr`.
        hostaddrs: usize,
    },
    /// `port` lists more than one item, and not one per host.
    PortCountMismatch {
        /// Items in `port`.
        ports: usize,
        /// Number of hosts.
        hosts: usize,
    },
    /// A malformed connection URL.
    InvalidUrl {
        /// What is wrong.
        problem: UrlProblem,
    },
    /// A URL component with bad percent-encoding; the value is not shown (it may be a password).
    InvalidPercentEncoding {
        /// The component: `user`, `password`, `host`, `port`, `dbname`, or a query parameter.
        key: String,
        /// What is wrong.
        problem: PercentProblem,
    },
    /// An extra startup parameter that would override one the connection sets itself.
    ReservedStartupParam {
        /// The parameter name.
        name: String,
    },
    /// No `user` given and the operating system user name could not be read.
    NoUserName,
}

impl ConfigError {
    /// The keyword the error is about, when there is one.
    ///
    /// ```
    /// use pgline::config::Config;
    /// let err = "sslmode=sometimes".parse::<Config>().unwrap_err();
    /// assert_eq!(err.key(), Some("sslmode"));
    /// ```
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigError::UnknownKey { key }
            | ConfigError::MissingEquals { key }
            | ConfigError::UnterminatedQuote { key }
            | ConfigError::NulInValue { key }
            | ConfigError::InvalidPercentEncoding { key, .. } => Some(key),
            ConfigError::InvalidValue { key, .. }
            | ConfigError::InvalidInteger { key, .. }
            | ConfigError::InvalidUtf8 { key, .. }
            | ConfigError::Unsupported { key, .. }
            | ConfigError::Conflict { key, .. } => Some(key),
            ConfigError::InvalidPort { .. } => Some("port"),
            ConfigError::InvalidHostAddr { .. } | ConfigError::HostAddrCountMismatch { .. } => {
                Some("hostaddr")
            }
            ConfigError::PortCountMismatch { .. } => Some("port"),
            ConfigError::InvalidRequireAuth { .. } => Some("require_auth"),
            ConfigError::ReservedStartupParam { name } => Some(name),
            ConfigError::NoUserName => Some("user"),
            ConfigError::InvalidUrl { .. } => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::ConnectionString => f.write_str("connection string"),
            Origin::Builder => f.write_str("Config setter"),
            Origin::Environment(var) => write!(f, "environment variable {var}"),
        }
    }
}

/// Writes ` (from PGSSLMODE)` for values read from the environment.
fn from(f: &mut fmt::Formatter<'_>, origin: &Origin) -> fmt::Result {
    match origin {
        Origin::Environment(var) => write!(f, " (from {var})"),
        Origin::ConnectionString | Origin::Builder => Ok(()),
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownKey { key } => write!(f, "invalid connection option \"{key}\""),
            ConfigError::MissingEquals { key } => {
                write!(f, "missing \"=\" after \"{key}\" in connection info string")
            }
            ConfigError::UnterminatedQuote { key } => write!(
                f,
                "unterminated quoted string in connection info string (value of \"{key}\")"
            ),
            ConfigError::InvalidValue {
                key,
                value,
                allowed,
                origin,
            } => {
                write!(f, "invalid {key} value: \"{value}\"")?;
                from(f, origin)?;
                write!(f, "; expected one of: {}", allowed.join(", "))
            }
            ConfigError::InvalidInteger { key, value, origin } => {
                write!(
                    f,
                    "invalid integer value \"{value}\" for connection option \"{key}\""
                )?;
                from(f, origin)
            }
            ConfigError::InvalidPort { value, origin } => {
                write!(f, "invalid port number: \"{value}\"")?;
                from(f, origin)
            }
            ConfigError::InvalidHostAddr { value, origin } => {
                write!(f, "could not parse network address \"{value}\"")?;
                from(f, origin)?;
                f.write_str(" (hostaddr must be a numeric IPv4 or IPv6 address)")
            }
            ConfigError::InvalidRequireAuth { source, origin } => {
                write!(f, "{source}")?;
                from(f, origin)
            }
            ConfigError::NulInValue { key } => {
                write!(f, "value of \"{key}\" contains a NUL character")
            }
            ConfigError::InvalidUtf8 { key, origin } => {
                write!(f, "value of \"{key}\" is not valid UTF-8")?;
                from(f, origin)
            }
            ConfigError::Unsupported {
                key,
                value,
                origin,
                reason,
            } => {
                write!(f, "{key}=\"{value}\" is not supported by pgline")?;
                from(f, origin)?;
                write!(f, ": {reason}")
            }
            ConfigError::Conflict {
                key,
                value,
                other_key,
                other_value,
                reason,
            } => write!(
                f,
                "{key}=\"{value}\" cannot be used with {other_key}=\"{other_value}\": {reason}"
            ),
            ConfigError::HostAddrCountMismatch { hosts, hostaddrs } => write!(
                f,
                "could not match {hosts} host names to {hostaddrs} hostaddr values"
            ),
            ConfigError::PortCountMismatch { ports, hosts } => {
                write!(f, "could not match {ports} port numbers to {hosts} hosts")
            }
            ConfigError::InvalidUrl { problem } => match problem {
                UrlProblem::UnterminatedIpv6 => f.write_str(
                    "end of string reached when looking for matching \"]\" in IPv6 host address in URI",
                ),
                UrlProblem::EmptyIpv6 => f.write_str("IPv6 host address may not be empty in URI"),
                UrlProblem::AfterIpv6 { found, position } => write!(
                    f,
                    "unexpected character \"{found}\" at position {position} in URI (expected \":\" or \"/\")"
                ),
                UrlProblem::QueryParamMissingEquals { param } => write!(
                    f,
                    "missing key/value separator \"=\" in URI query parameter: \"{param}\""
                ),
                UrlProblem::QueryParamExtraEquals { param } => write!(
                    f,
                    "extra key/value separator \"=\" in URI query parameter: \"{param}\""
                ),
            },
            ConfigError::InvalidPercentEncoding { key, problem } => match problem {
                PercentProblem::InvalidToken { offset } => write!(
                    f,
                    "invalid percent-encoded token at byte {offset} of the URI's {key}"
                ),
                PercentProblem::Nul => write!(
                    f,
                    "forbidden value %00 in percent-encoded value of the URI's {key}"
                ),
            },
            ConfigError::ReservedStartupParam { name } => write!(
                f,
                "startup parameter \"{name}\" is set by the connection itself; use its own setting"
            ),
            ConfigError::NoUserName => f.write_str(
                "no user name given and the operating system user name could not be read",
            ),
        }
    }
}

impl StdError for ConfigError {}
