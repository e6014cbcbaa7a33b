//! Turning a [`Config`] into what the connection layer consumes: environment fallbacks, libpq's
//! defaults and checks, one [`Target`] per host, and the password file.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::builder::Config;
use super::defaults::{DEFAULT_PORT, DEFAULT_SOCKET_DIRS};
use super::env::{Environment, ProcessEnvironment};
use super::error::{ConfigError, Origin};
use super::keyword::{Keyword, is_unix_socket_host};
use super::passfile::passfile_lookup;
use super::resolved::{
    ClientCert, ConfigWarning, Endpoint, Keepalives, Password, PasswordSource, ResolvedConfig,
    RootCert, Target,
};
use super::value::{
    ChannelBinding, LoadBalanceHosts, ProtocolVersion, SslCertMode, SslMode, SslNegotiation,
    TargetSessionAttrs, TlsVersion,
};

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
    let mut c = config.clone();
    apply_environment(&mut c, env)?;
    let require_auth = match &c.require_auth {
        // Already checked, by the parser, `builder_checks` or `apply_environment`.
        Some(text) => Some(crate::auth::RequireAuth::parse(text).map_err(|source| {
            ConfigError::InvalidRequireAuth {
                source,
                origin: Origin::Builder,
            }
        })?),
        None => None,
    };
    let home = env
        .var("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| env.user_home_dir());
    let tls = tls_settings(config, &c, env, home.as_deref())?;
    let (min_protocol_version, max_protocol_version) = protocol_versions(&c)?;

    let user = match non_empty(&c.user) {
        Some(user) => user.to_owned(),
        None => env
            .os_user()
            .filter(|u| !u.is_empty())
            .ok_or(ConfigError::NoUserName)?,
    };
    let dbname = non_empty(&c.dbname).unwrap_or(&user).to_owned();

    let mut targets = build_targets(&c, env)?;
    check_requirepeer(config, &c, &targets)?;
    let (passfile, warnings) = assign_passwords(
        config,
        &c,
        env,
        home.as_deref(),
        &mut targets,
        &dbname,
        &user,
    );

    // As libpq: an application_name that is set (even empty) hides the fallback.
    let application_name = match &c.application_name {
        Some(name) => Some(name.clone()),
        None => c.fallback_application_name.clone(),
    }
    .filter(|n| !n.is_empty());

    Ok(ResolvedConfig {
        targets,
        user,
        dbname,
        options: non_empty(&c.options).map(str::to_owned),
        application_name,
        extra_params: extra_params(&c, env)?,
        // libpq: zero (or negative) means none; a shorter non-zero timeout counts as 2 s.
        connect_timeout: c
            .connect_timeout
            .filter(|t| !t.is_zero())
            .map(|t| t.max(Duration::from_secs(2))),
        keepalives: c.keepalives.unwrap_or(true).then(|| Keepalives {
            idle: c.keepalives_idle.filter(|d| !d.is_zero()),
            interval: c.keepalives_interval.filter(|d| !d.is_zero()),
            retries: c.keepalives_retries.filter(|n| *n != 0),
        }),
        tcp_user_timeout: c.tcp_user_timeout.filter(|d| !d.is_zero()),
        ssl_mode: tls.mode,
        ssl_negotiation: tls.negotiation,
        ssl_root_cert: tls.root_cert,
        ssl_client_cert: tls.client_cert,
        ssl_password: c.ssl_password.clone().filter(|p| !p.is_empty()),
        ssl_min_protocol_version: tls.min_version,
        ssl_max_protocol_version: tls.max_version,
        channel_binding: c.channel_binding.unwrap_or(ChannelBinding::Prefer),
        require_auth,
        target_session_attrs: c.target_session_attrs.unwrap_or(TargetSessionAttrs::Any),
        load_balance_hosts: c.load_balance_hosts.unwrap_or(LoadBalanceHosts::Disable),
        min_protocol_version,
        max_protocol_version,
        passfile,
        warnings,
    })
}

/// Where a value of the effective config `c` came from: the user's config, else the variable.
fn origin_of(config: &Config, key: Keyword) -> Origin {
    match key.env() {
        Some(var) if !config.is_set(key) => Origin::Environment(var),
        _ => Origin::ConnectionString,
    }
}

struct TlsSettings {
    mode: SslMode,
    negotiation: SslNegotiation,
    root_cert: RootCert,
    client_cert: Option<ClientCert>,
    min_version: Option<TlsVersion>,
    max_version: Option<TlsVersion>,
}

fn conflict(
    key: &'static str,
    value: &str,
    other_key: &'static str,
    other_value: &str,
    reason: &'static str,
) -> ConfigError {
    ConfigError::Conflict {
        key,
        value: value.to_owned(),
        other_key,
        other_value: other_value.to_owned(),
        reason,
    }
}

/// sslmode and the files TLS needs, with libpq's defaults (`~/.postgresql/...`) and checks.
fn tls_settings(
    config: &Config,
    c: &Config,
    env: &impl Environment,
    home: Option<&Path>,
) -> Result<TlsSettings, ConfigError> {
    let root_setting = non_empty_path(&c.ssl_root_cert).map(Path::to_path_buf);
    // Compared as a string, as libpq's strcmp: `system/` or `./system` is a file.
    let system_roots = root_setting
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "system");
    // Explicit or PGSSLMODE, then the old PGREQUIRESSL=1, else prefer, strengthened to
    // verify-full by sslrootcert=system.
    let requiressl = env
        .var("PGREQUIRESSL")
        .is_some_and(|v| v.as_encoded_bytes().first() == Some(&b'1'));
    let mode = match c.ssl_mode {
        Some(mode) => mode,
        None if requiressl => SslMode::Require,
        None if system_roots => SslMode::VerifyFull,
        None => SslMode::Prefer,
    };
    if system_roots && mode != SslMode::VerifyFull {
        return Err(conflict(
            "sslmode",
            mode.as_str(),
            "sslrootcert",
            "system",
            "weak sslmode may not be used with sslrootcert=system (use \"verify-full\")",
        ));
    }
    let negotiation = c.ssl_negotiation.unwrap_or(SslNegotiation::Postgres);
    let verifies = matches!(
        mode,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull
    );
    if negotiation == SslNegotiation::Direct && !verifies {
        return Err(conflict(
            "sslmode",
            mode.as_str(),
            "sslnegotiation",
            "direct",
            "weak sslmode may not be used with sslnegotiation=direct (use \"require\", \"verify-ca\", or \"verify-full\")",
        ));
    }
    let min_version = c
        .ssl_min_protocol_version
        .unwrap_or(Some(TlsVersion::Tls1_2));
    let max_version = c.ssl_max_protocol_version.flatten();
    if let (Some(min), Some(max)) = (min_version, max_version) {
        if min > max {
            return Err(conflict(
                "ssl_min_protocol_version",
                min.as_str(),
                "ssl_max_protocol_version",
                max.as_str(),
                "invalid SSL protocol version range",
            ));
        }
    }

    let postgresql_dir = home.map(|h| h.join(".postgresql"));
    let default_file = |name: &str| postgresql_dir.as_ref().map(|d| d.join(name));
    let root_cert = if system_roots {
        RootCert::System
    } else {
        match root_setting.or_else(|| default_file("root.crt")) {
            Some(path) if env.exists(&path) => RootCert::File(path),
            other => RootCert::Missing(other),
        }
    };
    // As libpq: no certificate file, no client certificate (the key is then not looked at).
    let cert = non_empty_path(&c.ssl_cert)
        .map(Path::to_path_buf)
        .or_else(|| default_file("postgresql.crt"))
        .filter(|cert| env.exists(cert));
    let client_cert = match cert {
        Some(cert) if c.ssl_cert_mode != Some(SslCertMode::Disable) => {
            let key = match non_empty_path(&c.ssl_key) {
                Some(key) if key.to_string_lossy().contains(':') => {
                    return Err(ConfigError::Unsupported {
                        key: "sslkey",
                        value: key.to_string_lossy().into_owned(),
                        origin: origin_of(config, Keyword::SslKey),
                        reason: "libpq reads \"engine:key\" as an OpenSSL engine key; engines are not supported",
                    });
                }
                Some(key) => key.to_path_buf(),
                None => default_file("postgresql.key").unwrap_or_default(),
            };
            Some(ClientCert { cert, key })
        }
        _ => None,
    };
    Ok(TlsSettings {
        mode,
        negotiation,
        root_cert,
        client_cert,
        min_version,
        max_version,
    })
}

/// libpq 18: minimum 3.0; maximum 3.0, or the latest when the minimum is higher.
fn protocol_versions(c: &Config) -> Result<(ProtocolVersion, ProtocolVersion), ConfigError> {
    let min = c.min_protocol_version.unwrap_or(ProtocolVersion::V3_0);
    let max = c.max_protocol_version.unwrap_or(if min.number() > (3, 0) {
        ProtocolVersion::Latest
    } else {
        ProtocolVersion::V3_0
    });
    if min.number() > max.number() {
        return Err(conflict(
            "min_protocol_version",
            min.as_str(),
            "max_protocol_version",
            max.as_str(),
            "min_protocol_version is greater than max_protocol_version",
        ));
    }
    let concrete = |v: ProtocolVersion| match v {
        ProtocolVersion::Latest => ProtocolVersion::V3_2,
        other => other,
    };
    Ok((concrete(min), concrete(max)))
}

/// `requirepeer` only matters (to libpq) on Unix sockets, where pgline cannot honour it.
fn check_requirepeer(config: &Config, c: &Config, targets: &[Target]) -> Result<(), ConfigError> {
    let Some(peer) = c
        .unimplemented
        .get(&Keyword::RequirePeer)
        .filter(|p| !p.is_empty())
    else {
        return Ok(());
    };
    let unix = targets.iter().any(|t| {
        matches!(
            t.endpoint,
            Endpoint::UnixSocket(_) | Endpoint::AbstractSocket(_)
        )
    });
    if !unix {
        return Ok(());
    }
    Err(ConfigError::Unsupported {
        key: "requirepeer",
        value: peer.clone(),
        origin: origin_of(config, Keyword::RequirePeer),
        reason: "checking the server's Unix-socket peer user is not implemented",
    })
}

/// Gives every target the config's password (or PGPASSWORD's), else the password file's line
/// for it. Returns the password file consulted and any warning about it.
fn assign_passwords(
    config: &Config,
    c: &Config,
    env: &impl Environment,
    home: Option<&Path>,
    targets: &mut [Target],
    dbname: &str,
    user: &str,
) -> (Option<PathBuf>, Vec<ConfigWarning>) {
    if let Some(bytes) = c.password.as_ref().filter(|p| !p.is_empty()) {
        let source = match origin_of(config, Keyword::Password) {
            Origin::Environment(_) => PasswordSource::Environment,
            Origin::ConnectionString | Origin::Builder => PasswordSource::Config,
        };
        for target in targets {
            target.password = Some(Password {
                bytes: bytes.clone(),
                source: source.clone(),
            });
        }
        return (None, Vec::new());
    }
    let Some(path) = non_empty_path(&c.passfile)
        .map(Path::to_path_buf)
        .or_else(|| home.map(|h| h.join(".pgpass")))
    else {
        return (None, Vec::new());
    };
    let mut warnings = Vec::new();
    match env.read_passfile(&path) {
        Ok(Some(contents)) => {
            for target in targets {
                target.password =
                    lookup_target(&contents, target, dbname, user).map(|bytes| Password {
                        bytes,
                        source: PasswordSource::Passfile(path.clone()),
                    });
            }
        }
        Ok(None) => {}
        Err(warning) => warnings.push(ConfigWarning::Passfile(warning)),
    }
    (Some(path), warnings)
}

/// libpq's environment-driven startup parameters, then the config's own.
fn extra_params(c: &Config, env: &impl Environment) -> Result<Vec<(String, String)>, ConfigError> {
    let mut params = Vec::new();
    for (var, name) in ENV_STARTUP_PARAMS {
        let Some(value) = env.var(var) else { continue };
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
            params.push((name.to_owned(), value));
        }
    }
    for (name, value) in &c.params {
        if name.is_empty() || RESERVED_PARAMS.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            return Err(ConfigError::ReservedStartupParam { name: name.clone() });
        }
        if name.contains('\0') || value.contains('\0') {
            return Err(ConfigError::NulInValue { key: name.clone() });
        }
        params.push((name.clone(), value.clone()));
    }
    Ok(params)
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
