//! [`ResolvedConfig`] and its parts: what the connection layer consumes once the environment and
//! libpq's defaults are applied. Never shows a password in `Debug` or `Display`.

use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::builder::Redacted;
use super::conninfo::write_value;
use super::passfile::PassfileWarning;
use super::value::{
    ChannelBinding, LoadBalanceHosts, ProtocolVersion, SslMode, SslNegotiation, TargetSessionAttrs,
    TlsVersion,
};

/// How to reach one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// Look the name up (it may be an IP literal) and try each address over TCP.
    HostName(String),
    /// Connect over TCP to this address, without a lookup (`hostaddr`).
    Address(IpAddr),
    /// The Unix-domain socket file `<dir>/.s.PGSQL.<port>`. libpq never uses TLS or GSSAPI
    /// here: `sslmode` is ignored on Unix sockets.
    UnixSocket(PathBuf),
    /// A Linux abstract-namespace socket: its name without the leading NUL, i.e.
    /// `<host without its @>/.s.PGSQL.<port>`.
    AbstractSocket(String),
}

/// Where a password came from (for messages such as libpq's "password retrieved from file").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSource {
    /// The config (`password` keyword, URL, or setter).
    Config,
    /// The `PGPASSWORD` environment variable.
    Environment,
    /// A line of this password file.
    Passfile(PathBuf),
}

/// A password and where it came from; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password {
    pub(crate) bytes: Vec<u8>,
    pub(crate) source: PasswordSource,
}

impl Password {
    /// The password bytes (UTF-8 in practice; SCRAM prepares them with SASLprep when they are).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Where the password came from.
    pub fn source(&self) -> &PasswordSource {
        &self.source
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Password")
            .field("bytes", &Redacted)
            .field("source", &self.source)
            .finish()
    }
}

/// One server to try, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// How to reach it.
    pub endpoint: Endpoint,
    /// libpq's `host` for this slot: the name for TLS SNI and `verify-full`, the password file
    /// and messages. `None` when only a `hostaddr` was given (then `verify-full` must fail, as
    /// libpq's "host name must be specified for a verified SSL connection").
    pub host: Option<String>,
    /// The port (also the socket file's suffix).
    pub port: u16,
    /// The password for this server: the config's or `PGPASSWORD`, else the password file's.
    pub password: Option<Password>,
}

/// Where the server's certificate chain is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootCert {
    /// `sslrootcert=system`: the platform's trust store.
    System,
    /// This file, which existed when the config was resolved.
    File(PathBuf),
    /// No file at this path (or no home directory for the default): `verify-ca` and
    /// `verify-full` must fail naming it; `require` and weaker connect without verifying.
    Missing(Option<PathBuf>),
}

/// A client certificate and key to offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCert {
    /// The certificate file (it existed when the config was resolved).
    pub cert: PathBuf,
    /// The key file. libpq fails when it is missing, and refuses one with group or world access
    /// (unless owned by root with 0640): the TLS layer should check the same.
    pub key: PathBuf,
}

/// TCP keepalive settings, when keepalives are on; `None` fields mean the system default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keepalives {
    /// Idle time before the first probe.
    pub idle: Option<Duration>,
    /// Time between probes.
    pub interval: Option<Duration>,
    /// Unanswered probes before the connection is dropped.
    pub retries: Option<u32>,
}

/// Something libpq prints as a warning and carries on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigWarning {
    /// The password file was ignored.
    Passfile(PassfileWarning),
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigWarning::Passfile(warning) => warning.fmt(f),
        }
    }
}

/// A config with the environment and libpq's defaults applied: everything the connection needs.
///
/// `Debug` and `Display` never show a password.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResolvedConfig {
    /// The servers to try, one per host, in the order given. With
    /// `load_balance_hosts=random` the connection shuffles them (libpq does it per connection).
    pub targets: Vec<Target>,
    /// The user name: never empty.
    pub user: String,
    /// The database name: never empty.
    pub dbname: String,
    /// Server `options` to send, if non-empty.
    pub options: Option<String>,
    /// `application_name` to send, if any.
    pub application_name: Option<String>,
    /// Further startup parameters, in order: `PGDATESTYLE`, `PGTZ`, `PGGEQO` (as libpq), then
    /// [`Config::startup_param`](super::Config::startup_param)'s.
    pub extra_params: Vec<(String, String)>,
    /// Time allowed per host to connect (`None`: no limit; never under 2 s).
    pub connect_timeout: Option<Duration>,
    /// TCP keepalives; `None` when turned off.
    pub keepalives: Option<Keepalives>,
    /// `TCP_USER_TIMEOUT`; `None` for the system default.
    pub tcp_user_timeout: Option<Duration>,
    /// How TLS is used.
    pub ssl_mode: SslMode,
    /// How TLS starts.
    pub ssl_negotiation: SslNegotiation,
    /// The certificates that verify the server.
    pub ssl_root_cert: RootCert,
    /// The client certificate, when one exists and `sslcertmode` is not `disable`.
    pub ssl_client_cert: Option<ClientCert>,
    /// The password of an encrypted client key (encrypted keys may be unsupported by the TLS layer).
    pub ssl_password: Option<Vec<u8>>,
    /// The lowest TLS version allowed (`None`: no bound; rustls's floor is TLS 1.2 anyway).
    pub ssl_min_protocol_version: Option<TlsVersion>,
    /// The highest TLS version allowed (`None`: no bound).
    pub ssl_max_protocol_version: Option<TlsVersion>,
    /// SCRAM channel binding.
    pub channel_binding: ChannelBinding,
    /// The authentication methods accepted; `None`: any.
    pub require_auth: Option<crate::auth::RequireAuth>,
    /// Which server is acceptable.
    pub target_session_attrs: TargetSessionAttrs,
    /// Whether hosts are tried in random order.
    pub load_balance_hosts: LoadBalanceHosts,
    /// The lowest protocol version accepted (never `Latest`).
    pub min_protocol_version: ProtocolVersion,
    /// The protocol version asked for (never `Latest`).
    pub max_protocol_version: ProtocolVersion,
    /// The password file consulted (whether or not it existed), if any was.
    pub passfile: Option<PathBuf>,
    /// What libpq would have printed as warnings.
    pub warnings: Vec<ConfigWarning>,
}

impl ResolvedConfig {
    /// The startup message's parameters, in libpq's order: `user`, `database`, `options`,
    /// `application_name`, `client_encoding` (always `UTF8`), then [`Self::extra_params`].
    pub fn startup_params(&self) -> Vec<(&str, &str)> {
        let mut params = vec![("user", self.user.as_str())];
        params.push(("database", self.dbname.as_str()));
        if let Some(options) = &self.options {
            params.push(("options", options));
        }
        if let Some(name) = &self.application_name {
            params.push(("application_name", name));
        }
        params.push(("client_encoding", "UTF8"));
        params.extend(
            self.extra_params
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str())),
        );
        params
    }
}

impl fmt::Debug for ResolvedConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResolvedConfig")
            .field("targets", &self.targets)
            .field("user", &self.user)
            .field("dbname", &self.dbname)
            .field("options", &self.options)
            .field("application_name", &self.application_name)
            .field("extra_params", &self.extra_params)
            .field("connect_timeout", &self.connect_timeout)
            .field("keepalives", &self.keepalives)
            .field("tcp_user_timeout", &self.tcp_user_timeout)
            .field("ssl_mode", &self.ssl_mode)
            .field("ssl_negotiation", &self.ssl_negotiation)
            .field("ssl_root_cert", &self.ssl_root_cert)
            .field("ssl_client_cert", &self.ssl_client_cert)
            .field(
                "ssl_password",
                &self.ssl_password.as_ref().map(|_| Redacted),
            )
            .field("ssl_min_protocol_version", &self.ssl_min_protocol_version)
            .field("ssl_max_protocol_version", &self.ssl_max_protocol_version)
            .field("channel_binding", &self.channel_binding)
            .field("require_auth", &self.require_auth)
            .field("target_session_attrs", &self.target_session_attrs)
            .field("load_balance_hosts", &self.load_balance_hosts)
            .field("min_protocol_version", &self.min_protocol_version)
            .field("max_protocol_version", &self.max_protocol_version)
            .field("passfile", &self.passfile)
            .field("warnings", &self.warnings)
            .finish()
    }
}

impl fmt::Display for ResolvedConfig {
    /// A `key=value` summary of where and how the connection goes; never a password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let join = |items: Vec<String>| items.join(",");
        let hosts = join(
            self.targets
                .iter()
                .map(|t| t.host.clone().unwrap_or_default())
                .collect(),
        );
        let hostaddrs = join(
            self.targets
                .iter()
                .map(|t| match t.endpoint {
                    Endpoint::Address(addr) => addr.to_string(),
                    _ => String::new(),
                })
                .collect(),
        );
        let ports = join(self.targets.iter().map(|t| t.port.to_string()).collect());
        let mut pairs: Vec<(&str, String)> = vec![("host", hosts)];
        if self
            .targets
            .iter()
            .any(|t| matches!(t.endpoint, Endpoint::Address(_)))
        {
            pairs.push(("hostaddr", hostaddrs));
        }
        pairs.push(("port", ports));
        pairs.push(("user", self.user.clone()));
        pairs.push(("dbname", self.dbname.clone()));
        pairs.push(("sslmode", self.ssl_mode.as_str().to_owned()));
        pairs.push((
            "target_session_attrs",
            self.target_session_attrs.as_str().to_owned(),
        ));
        if let Some(name) = &self.application_name {
            pairs.push(("application_name", name.clone()));
        }
        for (i, (key, value)) in pairs.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{key}=")?;
            write_value(f, value)?;
        }
        Ok(())
    }
}
