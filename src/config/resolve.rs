//! Turning a [`Config`] into what the connection layer consumes: environment fallbacks, libpq's
//! defaults and checks, one [`Target`] per host, and the password file.

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::builder::{Config, Redacted};
use super::conninfo::write_value;
use super::env::{Environment, ProcessEnvironment};
use super::error::{ConfigError, Origin};
use super::keyword::{Keyword, is_unix_socket_host};
use super::passfile::{PassfileWarning, passfile_lookup};
use super::require_auth::RequireAuthList;
use super::value::{
    ChannelBinding, LoadBalanceHosts, ProtocolVersion, SslCertMode, SslMode, SslNegotiation,
    TargetSessionAttrs, TlsVersion,
};

/// The port used when none is given.
pub const DEFAULT_PORT: u16 = 5432;

/// Where a default Unix socket is looked for, in order: Debian's libpq uses the first, upstream
/// libpq the second.
pub const DEFAULT_SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];

/// Startup parameters the connection sets itself, which [`Config::startup_param`] may not set.
const RESERVED_PARAMS: [&str; 6] = [
    "user",
    "database",
    "options",
    "application_name",
    "client_encoding",
    "replication",
];

/// libpq sends these environment variables as startup parameters (unless set to `default`).
const ENV_STARTUP_PARAMS: [(&str, &str); 3] = [
    ("PGDATESTYLE", "datestyle"),
    ("PGTZ", "timezone"),
    ("PGGEQO", "geqo"),
];

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
    bytes: Vec<u8>,
    source: PasswordSource,
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
    /// [`Config::startup_param`]'s.
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
    pub require_auth: Option<RequireAuthList>,
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

impl Config {
    /// Resolves against the real process: environment variables, the OS user, `~`, files.
    pub fn resolve(&self) -> Result<ResolvedConfig, ConfigError> {
        self.resolve_with(&ProcessEnvironment)
    }

    /// Resolves against `env`: a pure function of the config and what `env` answers.
    ///
    /// Unset keys take their environment variable, then libpq's default; the combined settings
    /// are then checked as libpq's `connectOptions2` checks them.
    pub fn resolve_with(&self, env: &impl Environment) -> Result<ResolvedConfig, ConfigError> {
        resolve(self, env)
    }
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

fn non_empty_path(value: &Option<PathBuf>) -> Option<&Path> {
    value.as_deref().filter(|p| !p.as_os_str().is_empty())
}

/// Setters store any value; check each as the same value in a connection string is checked
/// (a parsed config passes trivially).
fn builder_checks(config: &Config) -> Result<(), ConfigError> {
    let mut probe = Config::new();
    for &key in Keyword::ALL {
        if let Some(value) = config.render(key) {
            probe.set_value(key, value.as_bytes(), Origin::Builder)?;
        }
    }
    Ok(())
}

/// Fills unset keys from their environment variables, as libpq's `conninfo_add_defaults`.
fn apply_environment(config: &mut Config, env: &impl Environment) -> Result<(), ConfigError> {
    for &key in Keyword::ALL {
        let Some(var) = key.env() else { continue };
        if config.is_set(key) {
            continue;
        }
        if let Some(value) = env.var(var) {
            config.set_value(key, value.as_encoded_bytes(), Origin::Environment(var))?;
        }
    }
    Ok(())
}

fn resolve(config: &Config, env: &impl Environment) -> Result<ResolvedConfig, ConfigError> {
    builder_checks(config)?;
    let password_from_config = config.password.as_ref().is_some_and(|p| !p.is_empty());
    let mut c = config.clone();
    apply_environment(&mut c, env)?;
    let require_auth = match &c.require_auth {
        // Already checked, by the parser, `builder_checks` or `apply_environment`.
        Some(text) => RequireAuthList::parse_from(text, Origin::Builder)?,
        None => None,
    };

    let home = env
        .var("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| env.user_home_dir());

    // sslmode: explicit, PGSSLMODE, the old PGREQUIRESSL=1, else prefer, strengthened to
    // verify-full by sslrootcert=system.
    let root_cert_setting = non_empty_path(&c.ssl_root_cert).map(Path::to_path_buf);
    // Compared as a string, as libpq's strcmp: `system/` or `./system` is a file.
    let system_roots = root_cert_setting
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "system");
    let ssl_mode = match c.ssl_mode {
        Some(mode) => mode,
        None if env
            .var("PGREQUIRESSL")
            .is_some_and(|v| v.as_encoded_bytes().first() == Some(&b'1')) =>
        {
            SslMode::Require
        }
        None if system_roots => SslMode::VerifyFull,
        None => SslMode::Prefer,
    };
    if system_roots && ssl_mode != SslMode::VerifyFull {
        return Err(ConfigError::Conflict {
            key: "sslmode",
            value: ssl_mode.as_str().to_owned(),
            other_key: "sslrootcert",
            other_value: "system".to_owned(),
            reason: "weak sslmode may not be used with sslrootcert=system (use \"verify-full\")",
        });
    }
    let ssl_negotiation = c.ssl_negotiation.unwrap_or(SslNegotiation::Postgres);
    if ssl_negotiation == SslNegotiation::Direct
        && !matches!(
            ssl_mode,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull
        )
    {
        return Err(ConfigError::Conflict {
            key: "sslmode",
            value: ssl_mode.as_str().to_owned(),
            other_key: "sslnegotiation",
            other_value: "direct".to_owned(),
            reason: "weak sslmode may not be used with sslnegotiation=direct (use \"require\", \"verify-ca\", or \"verify-full\")",
        });
    }
    let ssl_min = c
        .ssl_min_protocol_version
        .unwrap_or(Some(TlsVersion::Tls1_2));
    let ssl_max = c.ssl_max_protocol_version.flatten();
    if let (Some(min), Some(max)) = (ssl_min, ssl_max) {
        if min > max {
            return Err(ConfigError::Conflict {
                key: "ssl_min_protocol_version",
                value: min.as_str().to_owned(),
                other_key: "ssl_max_protocol_version",
                other_value: max.as_str().to_owned(),
                reason: "invalid SSL protocol version range",
            });
        }
    }

    let min_protocol = c.min_protocol_version.unwrap_or(ProtocolVersion::V3_0);
    let max_protocol = c
        .max_protocol_version
        .unwrap_or(if min_protocol.number() > (3, 0) {
            ProtocolVersion::Latest
        } else {
            ProtocolVersion::V3_0
        });
    if min_protocol.number() > max_protocol.number() {
        return Err(ConfigError::Conflict {
            key: "min_protocol_version",
            value: min_protocol.as_str().to_owned(),
            other_key: "max_protocol_version",
            other_value: max_protocol.as_str().to_owned(),
            reason: "min_protocol_version is greater than max_protocol_version",
        });
    }
    let normalise = |v: ProtocolVersion| match v {
        ProtocolVersion::Latest => ProtocolVersion::V3_2,
        other => other,
    };

    let user = match non_empty(&c.user) {
        Some(user) => user.to_owned(),
        None => env
            .os_user()
            .filter(|u| !u.is_empty())
            .ok_or(ConfigError::NoUserName)?,
    };
    let dbname = non_empty(&c.dbname).unwrap_or(&user).to_owned();

    let mut targets = build_targets(&c, env)?;
    if let Some(peer) = c
        .unimplemented
        .get(&Keyword::RequirePeer)
        .filter(|p| !p.is_empty())
    {
        let unix = targets.iter().any(|t| {
            matches!(
                t.endpoint,
                Endpoint::UnixSocket(_) | Endpoint::AbstractSocket(_)
            )
        });
        if unix {
            return Err(ConfigError::Unsupported {
                key: "requirepeer",
                value: peer.clone(),
                origin: if config.unimplemented.contains_key(&Keyword::RequirePeer) {
                    Origin::ConnectionString
                } else {
                    Origin::Environment("PGREQUIREPEER")
                },
                reason: "checking the server's Unix-socket peer user is not implemented",
            });
        }
    }

    // Passwords: the config's (or PGPASSWORD) for every target, else the password file's.
    let mut warnings = Vec::new();
    let mut passfile = None;
    match c.password.as_ref().filter(|p| !p.is_empty()) {
        Some(bytes) => {
            let source = if password_from_config {
                PasswordSource::Config
            } else {
                PasswordSource::Environment
            };
            for target in &mut targets {
                target.password = Some(Password {
                    bytes: bytes.clone(),
                    source: source.clone(),
                });
            }
        }
        None => {
            let path = non_empty_path(&c.passfile)
                .map(Path::to_path_buf)
                .or_else(|| home.as_ref().map(|h| h.join(".pgpass")));
            if let Some(path) = path {
                match env.read_passfile(&path) {
                    Ok(Some(contents)) => {
                        for target in &mut targets {
                            target.password =
                                lookup_target(&contents, target, &dbname, &user).map(|bytes| {
                                    Password {
                                        bytes,
                                        source: PasswordSource::Passfile(path.clone()),
                                    }
                                });
                        }
                    }
                    Ok(None) => {}
                    Err(warning) => warnings.push(ConfigWarning::Passfile(warning)),
                }
                passfile = Some(path);
            }
        }
    }

    let postgresql_dir = home.as_ref().map(|h| h.join(".postgresql"));
    let ssl_root_cert = if system_roots {
        RootCert::System
    } else {
        let path =
            root_cert_setting.or_else(|| postgresql_dir.as_ref().map(|d| d.join("root.crt")));
        match path {
            Some(path) if env.exists(&path) => RootCert::File(path),
            other => RootCert::Missing(other),
        }
    };
    let ssl_client_cert = if c.ssl_cert_mode == Some(SslCertMode::Disable) {
        None
    } else {
        let cert = non_empty_path(&c.ssl_cert)
            .map(Path::to_path_buf)
            .or_else(|| postgresql_dir.as_ref().map(|d| d.join("postgresql.crt")));
        match cert {
            Some(cert) if env.exists(&cert) => {
                let key = match non_empty_path(&c.ssl_key) {
                    Some(key) => {
                        if key.to_string_lossy().contains(':') {
                            return Err(ConfigError::Unsupported {
                                key: "sslkey",
                                value: key.to_string_lossy().into_owned(),
                                origin: if config.ssl_key.is_some() {
                                    Origin::ConnectionString
                                } else {
                                    Origin::Environment("PGSSLKEY")
                                },
                                reason: "libpq reads \"engine:key\" as an OpenSSL engine key; engines are not supported",
                            });
                        }
                        key.to_path_buf()
                    }
                    None => match &postgresql_dir {
                        Some(dir) => dir.join("postgresql.key"),
                        None => PathBuf::new(),
                    },
                };
                Some(ClientCert { cert, key })
            }
            _ => None,
        }
    };

    let connect_timeout = c
        .connect_timeout
        .filter(|t| !t.is_zero())
        .map(|t| t.max(Duration::from_secs(2)));
    let keepalives = c.keepalives.unwrap_or(true).then(|| Keepalives {
        idle: c.keepalives_idle.filter(|d| !d.is_zero()),
        interval: c.keepalives_interval.filter(|d| !d.is_zero()),
        retries: c.keepalives_retries.filter(|n| *n != 0),
    });

    // As libpq: an application_name that is set (even empty) hides the fallback.
    let application_name = match &c.application_name {
        Some(name) => Some(name.clone()),
        None => c.fallback_application_name.clone(),
    }
    .filter(|n| !n.is_empty());

    let mut extra_params = Vec::new();
    for (var, name) in ENV_STARTUP_PARAMS {
        if let Some(value) = env.var(var) {
            let value = value.into_string().map_err(|_| ConfigError::InvalidUtf8 {
                key: name,
                origin: Origin::Environment(var),
            })?;
            if value.contains('\0') {
                return Err(ConfigError::NulInValue {
                    key: name.to_owned(),
                });
            }
            if !value.eq_ignore_ascii_case("default") {
                extra_params.push((name.to_owned(), value));
            }
        }
    }
    for (name, value) in &c.params {
        if name.is_empty() || RESERVED_PARAMS.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            return Err(ConfigError::ReservedStartupParam { name: name.clone() });
        }
        if name.contains('\0') || value.contains('\0') {
            return Err(ConfigError::NulInValue { key: name.clone() });
        }
        extra_params.push((name.clone(), value.clone()));
    }

    Ok(ResolvedConfig {
        targets,
        user,
        dbname,
        options: non_empty(&c.options).map(str::to_owned),
        application_name,
        extra_params,
        connect_timeout,
        keepalives,
        tcp_user_timeout: c.tcp_user_timeout.filter(|d| !d.is_zero()),
        ssl_mode,
        ssl_negotiation,
        ssl_root_cert,
        ssl_client_cert,
        ssl_password: c.ssl_password.clone().filter(|p| !p.is_empty()),
        ssl_min_protocol_version: ssl_min,
        ssl_max_protocol_version: ssl_max,
        channel_binding: c.channel_binding.unwrap_or(ChannelBinding::Prefer),
        require_auth,
        target_session_attrs: c.target_session_attrs.unwrap_or(TargetSessionAttrs::Any),
        load_balance_hosts: c.load_balance_hosts.unwrap_or(LoadBalanceHosts::Disable),
        min_protocol_version: normalise(min_protocol),
        max_protocol_version: normalise(max_protocol),
        passfile,
        warnings,
    })
}

/// The password file's password for a target: matched on `host` (or `hostaddr` when `host` is
/// empty), the port, the database and the user. An empty password counts as none.
fn lookup_target(contents: &[u8], target: &Target, dbname: &str, user: &str) -> Option<Vec<u8>> {
    let host = match (&target.host, &target.endpoint) {
        (Some(host), _) => host.clone(),
        (None, Endpoint::Address(addr)) => addr.to_string(),
        (None, _) => String::new(),
    };
    passfile_lookup(contents, &host, &target.port.to_string(), dbname, user)
        .filter(|p| !p.is_empty())
}

/// The default host for a slot with neither `host` nor `hostaddr`: the first default socket
/// directory holding this port's socket, else the first that exists, else `localhost` over TCP.
fn default_host(env: &impl Environment, port: u16) -> String {
    if cfg!(unix) {
        let socket = |dir: &str| Path::new(dir).join(format!(".s.PGSQL.{port}"));
        if let Some(dir) = DEFAULT_SOCKET_DIRS.iter().find(|d| env.exists(&socket(d))) {
            return (*dir).to_owned();
        }
        if let Some(dir) = DEFAULT_SOCKET_DIRS
            .iter()
            .find(|d| env.exists(Path::new(d)))
        {
            return (*dir).to_owned();
        }
    }
    "localhost".to_owned()
}

/// One target per host slot, as libpq's `connectOptions2` builds `connhost`.
fn build_targets(c: &Config, env: &impl Environment) -> Result<Vec<Target>, ConfigError> {
    // libpq treats an empty list string as not given, for counting too.
    let hosts: Option<&[String]> = c
        .hosts
        .as_deref()
        .filter(|h| !(h.len() == 1 && h[0].is_empty()));
    let hostaddrs: Option<&[Option<IpAddr>]> = c
        .hostaddrs
        .as_deref()
        .filter(|a| !(a.len() == 1 && a[0].is_none()));
    let count = match (hostaddrs, hosts) {
        (Some(addrs), _) => addrs.len(),
        (None, Some(hosts)) => hosts.len(),
        (None, None) => 1,
    };
    if let (Some(addrs), Some(hosts)) = (hostaddrs, hosts) {
        if addrs.len() != hosts.len() {
            return Err(ConfigError::HostAddrCountMismatch {
                hosts: hosts.len(),
                hostaddrs: addrs.len(),
            });
        }
    }
    let ports: Option<&[Option<u16>]> = c
        .ports
        .as_deref()
        .filter(|p| !(p.len() == 1 && p[0].is_none()));
    if let Some(ports) = ports {
        if ports.len() != 1 && ports.len() != count {
            return Err(ConfigError::PortCountMismatch {
                ports: ports.len(),
                hosts: count,
            });
        }
    }
    let mut targets = Vec::with_capacity(count);
    for i in 0..count {
        let port = match ports {
            Some([only]) => only.unwrap_or(DEFAULT_PORT),
            Some(list) => list[i].unwrap_or(DEFAULT_PORT),
            None => DEFAULT_PORT,
        };
        let host = hosts.map(|h| h[i].clone()).filter(|h| !h.is_empty());
        let hostaddr = hostaddrs.and_then(|a| a[i]);
        let (endpoint, host) = match (hostaddr, host) {
            (Some(addr), host) => (Endpoint::Address(addr), host),
            (None, Some(host)) => (endpoint_for(&host, port), Some(host)),
            (None, None) => {
                let host = default_host(env, port);
                (endpoint_for(&host, port), Some(host))
            }
        };
        targets.push(Target {
            endpoint,
            host,
            port,
            password: None,
        });
    }
    Ok(targets)
}

fn endpoint_for(host: &str, port: u16) -> Endpoint {
    if !is_unix_socket_host(host) {
        return Endpoint::HostName(host.to_owned());
    }
    match host.strip_prefix('@') {
        Some(name) => Endpoint::AbstractSocket(format!("{name}/.s.PGSQL.{port}")),
        None => Endpoint::UnixSocket(Path::new(host).join(format!(".s.PGSQL.{port}"))),
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
