//! Connection configuration, read exactly as libpq reads it: `key=value` strings, `postgres://`
//! URLs, the `PG*` environment variables, the password file and libpq's defaults.
//!
//! This module only reads and checks settings; it never opens a socket or a TLS session (the
//! connection layer consumes a [`ResolvedConfig`]). See
//! <https://www.postgresql.org/docs/current/libpq-connect.html>.
//!
//! # Keywords
//!
//! Every libpq keyword up to PostgreSQL 18 is recognised (and `servicefile`); an unknown one is
//! [`ConfigError::UnknownKey`].
//! Implemented: `host`, `hostaddr`, `port`, `user`, `password`, `dbname`, `passfile`,
//! `application_name`, `fallback_application_name`, `options`, `client_encoding` (UTF-8 only:
//! `UTF8` and its spellings, or `auto`, which pgline reads as UTF-8 whatever the locale),
//! `connect_timeout`, `keepalives`, `keepalives_idle`, `keepalives_interval`, `keepalives_count`
//! (setter [`Config::keepalives_retries`]), `tcp_user_timeout`, `sslmode`, `sslnegotiation`,
//! `sslrootcert`, `sslcert`, `sslkey`, `sslpassword` (stored; the TLS layer may not support
//! encrypted keys), `sslcertmode` (`disable`, `allow`), `ssl_min_protocol_version`,
//! `ssl_max_protocol_version`, `channel_binding`, `require_auth`, `target_session_attrs`,
//! `load_balance_hosts`, `min_protocol_version`, `max_protocol_version`; and libpq's old
//! `requiressl` and, in URLs, JDBC's `ssl=true`.
//!
//! Known to libpq but not implemented: harmless values are accepted, as libpq built without the
//! feature would, and anything else is [`ConfigError::Unsupported`] naming the key:
//!
//! | keyword | accepted | refused |
//! |---|---|---|
//! | `gssencmode` | `disable`, `prefer` | `require` |
//! | `krbsrvname`, `gsslib`, `gssdelegation` | anything (only read by GSSAPI auth, itself refused) | |
//! | `sslcompression` | not starting with `1` | starting with `1` |
//! | `sslsni` | starting with `1` (rustls always sends SNI) | anything else |
//! | `sslcrl`, `sslcrldir`, `sslkeylogfile` | empty | non-empty |
//! | `scram_client_key`, `scram_server_key`, `oauth_*` | empty | non-empty |
//! | `replication` | empty or false (`0`, `off`, `no`, `false`) | anything else |
//! | `requirepeer` | anything when no host is a Unix socket | non-empty with a Unix-socket host |
//! | `service`, `servicefile` (and `PGSERVICE`) | | any value: service files are not read |
//! | `sslcertmode` | `disable`, `allow` | `require` |
//! | `sslkey` | a path | `engine:key` (OpenSSL engines) |
//!
//! # Where pgline differs from libpq
//!
//! - Checks libpq makes when connecting (bad ports, addresses, enumerated values) are made
//!   when parsing, so the error comes early; environment values are checked when resolving.
//! - `hostaddr` items must be addresses Rust parses: no IPv6 zone (`%eth0`), no `127.1` forms.
//! - The password file is matched on the port's decimal value, not its spelling (`05432`).
//! - The default socket directory is chosen at run time (see [`DEFAULT_SOCKET_DIRS`]), and
//!   both candidates count as `localhost` in the password file.
//! - A default `~/.postgresql/root.crl` is not read (revocation lists are not implemented).
//! - Values may not hold NUL, and must be UTF-8 except passwords (URL-decoded bytes are kept).

mod builder;
mod conninfo;
mod defaults;
mod env;
mod error;
mod keyword;
mod passfile;
mod resolve;
mod resolved;
mod set_value;
mod url;
mod value;

#[cfg(test)]
mod tests;

use std::str::FromStr;

pub use builder::Config;
pub use defaults::{DEFAULT_PORT, DEFAULT_SOCKET_DIRS};
pub use env::{Environment, FixedEnvironment, ProcessEnvironment};
pub use error::{ConfigError, Origin, PercentProblem, UrlProblem};
pub use passfile::{PassfileWarning, check_passfile_mode, passfile_lookup, read_passfile};
pub use resolved::{
    ClientCert, ConfigWarning, Endpoint, Keepalives, Password, PasswordSource, ResolvedConfig,
    RootCert, Target,
};
pub use value::{
    ChannelBinding, LoadBalanceHosts, ProtocolVersion, SslCertMode, SslMode, SslNegotiation,
    TargetSessionAttrs, TlsVersion,
};

impl FromStr for Config {
    type Err = ConfigError;

    /// Parses a `postgres://`/`postgresql://` URL, or else a `key=value` string (an empty string
    /// is a valid, empty config).
    fn from_str(text: &str) -> Result<Config, ConfigError> {
        if url::uri_prefix_length(text).is_some() {
            url::parse_url(text)
        } else {
            conninfo::parse_conninfo(text)
        }
    }
}
