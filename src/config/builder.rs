//! [`Config`]: what the user asked for, before the environment and defaults fill the gaps.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::error::{ConfigError, Origin};
use super::keyword::{Keyword, REDACTED};
use super::value::{
    ChannelBinding, LoadBalanceHosts, ProtocolVersion, SslCertMode, SslMode, SslNegotiation,
    TargetSessionAttrs, TlsVersion,
};

/// A connection configuration, read exactly as libpq reads it.
///
/// Build one from a `key=value` string or a `postgres://` URL (`str::parse`), or with the
/// setters (named as tokio-postgres names them, so code can switch). Getters return `None` for
/// what was not set: the environment and libpq's defaults fill those in when the config is
/// turned into a [`ResolvedConfig`](super::ResolvedConfig) by [`Config::resolve`].
///
/// `Debug` shows `<redacted>` for the passwords; `Display` writes a `key=value` string without
/// them (nor extra startup parameters, which have no keyword) that parses back to an equal config.
///
/// ```
/// use pgline::config::{Config, SslMode};
/// let config: Config = "postgresql://alice:s3cret@db1:5433,db2/app?sslmode=require".parse()?;
/// assert_eq!(config.get_hosts(), ["db1", "db2"]);
/// assert_eq!(config.get_ports(), [Some(5433), None]);
/// assert_eq!(config.get_ssl_mode(), Some(SslMode::Require));
/// assert!(!config.to_string().contains("s3cret"));
///
/// let mut built = Config::new();
/// built.host("localhost").user("alice").dbname("app").ssl_mode(SslMode::Disable);
/// assert_eq!(built.to_string(), "host=localhost user=alice dbname=app sslmode=disable");
/// # Ok::<(), pgline::config::ConfigError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub(crate) hosts: Option<Vec<String>>,
    pub(crate) hostaddrs: Option<Vec<Option<IpAddr>>>,
    pub(crate) ports: Option<Vec<Option<u16>>>,
    pub(crate) user: Option<String>,
    pub(crate) password: Option<Vec<u8>>,
    pub(crate) dbname: Option<String>,
    pub(crate) passfile: Option<PathBuf>,
    pub(crate) application_name: Option<String>,
    pub(crate) fallback_application_name: Option<String>,
    pub(crate) options: Option<String>,
    pub(crate) client_encoding: Option<String>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) keepalives: Option<bool>,
    pub(crate) keepalives_idle: Option<Duration>,
    pub(crate) keepalives_interval: Option<Duration>,
    pub(crate) keepalives_retries: Option<u32>,
    pub(crate) tcp_user_timeout: Option<Duration>,
    pub(crate) ssl_mode: Option<SslMode>,
    pub(crate) ssl_negotiation: Option<SslNegotiation>,
    pub(crate) ssl_root_cert: Option<PathBuf>,
    pub(crate) ssl_cert: Option<PathBuf>,
    pub(crate) ssl_key: Option<PathBuf>,
    pub(crate) ssl_password: Option<Vec<u8>>,
    pub(crate) ssl_cert_mode: Option<SslCertMode>,
    /// Outer `None`: unset; inner `None`: set to the empty string (no bound).
    pub(crate) ssl_min_protocol_version: Option<Option<TlsVersion>>,
    pub(crate) ssl_max_protocol_version: Option<Option<TlsVersion>>,
    pub(crate) channel_binding: Option<ChannelBinding>,
    pub(crate) require_auth: Option<String>,
    pub(crate) target_session_attrs: Option<TargetSessionAttrs>,
    pub(crate) load_balance_hosts: Option<LoadBalanceHosts>,
    pub(crate) min_protocol_version: Option<ProtocolVersion>,
    pub(crate) max_protocol_version: Option<ProtocolVersion>,
    /// Keywords pgline does not implement, kept with their harmless values.
    pub(crate) unimplemented: BTreeMap<Keyword, String>,
    pub(crate) params: Vec<(String, String)>,
}

impl Config {
    /// An empty config: everything comes from the environment and the defaults.
    pub fn new() -> Config {
        Config::default()
    }

    /// Sets a keyword from its string value, as one `key=value` pair of a connection string
    /// would; the last value given for a key wins.
    ///
    /// Unknown keys and bad values are errors naming the key. libpq's old `requiressl=1` is
    /// read as `sslmode=require` (any other value as `sslmode=prefer`).
    ///
    /// ```
    /// use pgline::config::Config;
    /// let mut config = Config::new();
    /// config.set("port", "5433,5434")?.set("target_session_attrs", "read-write")?;
    /// assert_eq!(config.get_ports(), [Some(5433), Some(5434)]);
    /// assert!(config.set("colour", "blue").is_err());
    /// # Ok::<(), pgline::config::ConfigError>(())
    /// ```
    pub fn set(&mut self, key: &str, value: &str) -> Result<&mut Config, ConfigError> {
        self.set_keyword(key, value.as_bytes())?;
        Ok(self)
    }

    pub(crate) fn set_keyword(&mut self, key: &str, value: &[u8]) -> Result<(), ConfigError> {
        if key == "requiressl" {
            let mode: &[u8] = if value.first() == Some(&b'1') {
                b"require"
            } else {
                b"prefer"
            };
            return self.set_value(Keyword::SslMode, mode, Origin::ConnectionString);
        }
        let known = Keyword::from_name(key).ok_or_else(|| ConfigError::UnknownKey {
            key: key.to_owned(),
        })?;
        self.set_value(known, value, Origin::ConnectionString)
    }

    /// Adds a host; a value with commas adds one host per item, as libpq splits `host`.
    ///
    /// A value starting with `/` is a Unix-socket directory, one starting with `@` a Linux
    /// abstract-namespace socket; an empty item means the default host.
    pub fn host(&mut self, host: impl Into<String>) -> &mut Config {
        let host = host.into();
        self.hosts
            .get_or_insert_with(Vec::new)
            .extend(host.split(',').map(str::to_owned));
        self
    }

    /// Adds a Unix-socket directory as a host.
    pub fn host_path(&mut self, dir: impl AsRef<Path>) -> &mut Config {
        self.host(dir.as_ref().to_string_lossy().into_owned())
    }

    /// Adds a numeric address: the `hostaddr` of the host at the same position.
    pub fn hostaddr(&mut self, addr: IpAddr) -> &mut Config {
        self.hostaddrs.get_or_insert_with(Vec::new).push(Some(addr));
        self
    }

    /// Adds a port: one for all hosts, or one per host.
    pub fn port(&mut self, port: u16) -> &mut Config {
        self.ports.get_or_insert_with(Vec::new).push(Some(port));
        self
    }

    /// Sets the user name (default: `PGUSER`, then the operating-system user).
    pub fn user(&mut self, user: impl Into<String>) -> &mut Config {
        self.user = Some(user.into());
        self
    }

    /// Sets the password (default: `PGPASSWORD`, then the password file).
    pub fn password(&mut self, password: impl AsRef<[u8]>) -> &mut Config {
        self.password = Some(password.as_ref().to_vec());
        self
    }

    /// Sets the database name (default: `PGDATABASE`, then the user name).
    pub fn dbname(&mut self, dbname: impl Into<String>) -> &mut Config {
        self.dbname = Some(dbname.into());
        self
    }

    /// Sets the password file (default: `PGPASSFILE`, then `~/.pgpass`).
    pub fn passfile(&mut self, path: impl Into<PathBuf>) -> &mut Config {
        self.passfile = Some(path.into());
        self
    }

    /// Sets `application_name` (an empty value sends none, and hides the fallback, as libpq).
    pub fn application_name(&mut self, name: impl Into<String>) -> &mut Config {
        self.application_name = Some(name.into());
        self
    }

    /// Sets the application name used when neither `application_name` nor `PGAPPNAME` is set.
    pub fn fallback_application_name(&mut self, name: impl Into<String>) -> &mut Config {
        self.fallback_application_name = Some(name.into());
        self
    }

    /// Sets the server command-line `options` (e.g. `-c search_path=app`).
    pub fn options(&mut self, options: impl Into<String>) -> &mut Config {
        self.options = Some(options.into());
        self
    }

    /// Sets `client_encoding`; only UTF-8 spellings (and `auto`) are accepted, checked when
    /// resolving, because pgline always talks UTF-8.
    pub fn client_encoding(&mut self, encoding: impl Into<String>) -> &mut Config {
        self.client_encoding = Some(encoding.into());
        self
    }

    /// Sets the time allowed per host to connect; zero means none, and a non-zero value under
    /// two seconds counts as two (libpq's rule). `Display` writes whole seconds, rounded up.
    pub fn connect_timeout(&mut self, timeout: Duration) -> &mut Config {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Turns TCP keepalives on or off (default on).
    pub fn keepalives(&mut self, on: bool) -> &mut Config {
        self.keepalives = Some(on);
        self
    }

    /// Sets the idle time before the first keepalive (`keepalives_idle`; zero: system default).
    pub fn keepalives_idle(&mut self, idle: Duration) -> &mut Config {
        self.keepalives_idle = Some(idle);
        self
    }

    /// Sets the time between unanswered keepalives (`keepalives_interval`; zero: system default).
    pub fn keepalives_interval(&mut self, interval: Duration) -> &mut Config {
        self.keepalives_interval = Some(interval);
        self
    }

    /// Sets how many keepalives may go unanswered (`keepalives_count`; zero: system default).
    pub fn keepalives_retries(&mut self, count: u32) -> &mut Config {
        self.keepalives_retries = Some(count);
        self
    }

    /// Sets `TCP_USER_TIMEOUT` (`tcp_user_timeout`, milliseconds; zero: system default).
    pub fn tcp_user_timeout(&mut self, timeout: Duration) -> &mut Config {
        self.tcp_user_timeout = Some(timeout);
        self
    }

    /// Sets `sslmode` (default `prefer`; `verify-full` when `sslrootcert=system`).
    pub fn ssl_mode(&mut self, mode: SslMode) -> &mut Config {
        self.ssl_mode = Some(mode);
        self
    }

    /// Sets `sslnegotiation` (default `postgres`).
    pub fn ssl_negotiation(&mut self, negotiation: SslNegotiation) -> &mut Config {
        self.ssl_negotiation = Some(negotiation);
        self
    }

    /// Sets `sslrootcert`: a file of CA certificates, or the literal `system` for the
    /// platform's trust store (default `~/.postgresql/root.crt` when it exists).
    pub fn ssl_root_cert(&mut self, path: impl Into<PathBuf>) -> &mut Config {
        self.ssl_root_cert = Some(path.into());
        self
    }

    /// Sets the client certificate file (default `~/.postgresql/postgresql.crt` when it exists).
    pub fn ssl_cert(&mut self, path: impl Into<PathBuf>) -> &mut Config {
        self.ssl_cert = Some(path.into());
        self
    }

    /// Sets the client key file (default `~/.postgresql/postgresql.key`).
    pub fn ssl_key(&mut self, path: impl Into<PathBuf>) -> &mut Config {
        self.ssl_key = Some(path.into());
        self
    }

    /// Sets the password of an encrypted client key; stored and handed on, but the TLS layer
    /// may not support encrypted keys.
    pub fn ssl_password(&mut self, password: impl AsRef<[u8]>) -> &mut Config {
        self.ssl_password = Some(password.as_ref().to_vec());
        self
    }

    /// Sets `sslcertmode` (default `allow`).
    pub fn ssl_cert_mode(&mut self, mode: SslCertMode) -> &mut Config {
        self.ssl_cert_mode = Some(mode);
        self
    }

    /// Sets the lowest TLS version allowed (default TLS 1.2).
    pub fn ssl_min_protocol_version(&mut self, version: TlsVersion) -> &mut Config {
        self.ssl_min_protocol_version = Some(Some(version));
        self
    }

    /// Sets the highest TLS version allowed (default: no bound).
    pub fn ssl_max_protocol_version(&mut self, version: TlsVersion) -> &mut Config {
        self.ssl_max_protocol_version = Some(Some(version));
        self
    }

    /// Sets `channel_binding` (default `prefer`).
    pub fn channel_binding(&mut self, binding: ChannelBinding) -> &mut Config {
        self.channel_binding = Some(binding);
        self
    }

    /// Sets `require_auth`, e.g. `scram-sha-256` or `!password,!md5`; checked when resolving.
    pub fn require_auth(&mut self, methods: impl Into<String>) -> &mut Config {
        self.require_auth = Some(methods.into());
        self
    }

    /// Sets `target_session_attrs` (default `any`).
    pub fn target_session_attrs(&mut self, attrs: TargetSessionAttrs) -> &mut Config {
        self.target_session_attrs = Some(attrs);
        self
    }

    /// Sets `load_balance_hosts` (default `disable`).
    pub fn load_balance_hosts(&mut self, mode: LoadBalanceHosts) -> &mut Config {
        self.load_balance_hosts = Some(mode);
        self
    }

    /// Sets the lowest protocol version accepted (default 3.0).
    pub fn min_protocol_version(&mut self, version: ProtocolVersion) -> &mut Config {
        self.min_protocol_version = Some(version);
        self
    }

    /// Sets the protocol version asked for (default 3.0, or the latest when the minimum is higher).
    pub fn max_protocol_version(&mut self, version: ProtocolVersion) -> &mut Config {
        self.max_protocol_version = Some(version);
        self
    }

    /// Adds a parameter to the startup message, e.g. `("search_path", "app")`.
    ///
    /// libpq has no keyword for this (it only has `options`); these parameters are therefore not
    /// part of `Display`. Names the connection sets itself (`user`, `database`, `options`,
    /// `application_name`, `client_encoding`, `replication`) are refused when resolving.
    pub fn startup_param(
        &mut self,
        name: impl Into<String>,
        value: impl Into<String>,
    ) -> &mut Config {
        self.params.push((name.into(), value.into()));
        self
    }

    /// The hosts as given (items may be empty: the default host).
    pub fn get_hosts(&self) -> &[String] {
        self.hosts.as_deref().unwrap_or_default()
    }

    /// The `hostaddr` items as given (`None` for an empty item).
    pub fn get_hostaddrs(&self) -> &[Option<IpAddr>] {
        self.hostaddrs.as_deref().unwrap_or_default()
    }

    /// The ports as given (`None` for an empty item: 5432).
    pub fn get_ports(&self) -> &[Option<u16>] {
        self.ports.as_deref().unwrap_or_default()
    }

    /// The user name, if set.
    pub fn get_user(&self) -> Option<&str> {
        self.user.as_deref()
    }

    /// The password, if set.
    pub fn get_password(&self) -> Option<&[u8]> {
        self.password.as_deref()
    }

    /// The database name, if set.
    pub fn get_dbname(&self) -> Option<&str> {
        self.dbname.as_deref()
    }

    /// The password file, if set.
    pub fn get_passfile(&self) -> Option<&Path> {
        self.passfile.as_deref()
    }

    /// `application_name`, if set.
    pub fn get_application_name(&self) -> Option<&str> {
        self.application_name.as_deref()
    }

    /// `fallback_application_name`, if set.
    pub fn get_fallback_application_name(&self) -> Option<&str> {
        self.fallback_application_name.as_deref()
    }

    /// `options`, if set.
    pub fn get_options(&self) -> Option<&str> {
        self.options.as_deref()
    }

    /// `client_encoding` as given, if set.
    pub fn get_client_encoding(&self) -> Option<&str> {
        self.client_encoding.as_deref()
    }

    /// `connect_timeout` as given (zero: none), if set.
    pub fn get_connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// `keepalives`, if set.
    pub fn get_keepalives(&self) -> Option<bool> {
        self.keepalives
    }

    /// `keepalives_idle`, if set.
    pub fn get_keepalives_idle(&self) -> Option<Duration> {
        self.keepalives_idle
    }

    /// `keepalives_interval`, if set.
    pub fn get_keepalives_interval(&self) -> Option<Duration> {
        self.keepalives_interval
    }

    /// `keepalives_count`, if set.
    pub fn get_keepalives_retries(&self) -> Option<u32> {
        self.keepalives_retries
    }

    /// `tcp_user_timeout`, if set.
    pub fn get_tcp_user_timeout(&self) -> Option<Duration> {
        self.tcp_user_timeout
    }

    /// `sslmode`, if set.
    pub fn get_ssl_mode(&self) -> Option<SslMode> {
        self.ssl_mode
    }

    /// `sslnegotiation`, if set.
    pub fn get_ssl_negotiation(&self) -> Option<SslNegotiation> {
        self.ssl_negotiation
    }

    /// `sslrootcert`, if set.
    pub fn get_ssl_root_cert(&self) -> Option<&Path> {
        self.ssl_root_cert.as_deref()
    }

    /// `sslcert`, if set.
    pub fn get_ssl_cert(&self) -> Option<&Path> {
        self.ssl_cert.as_deref()
    }

    /// `sslkey`, if set.
    pub fn get_ssl_key(&self) -> Option<&Path> {
        self.ssl_key.as_deref()
    }

    /// `sslpassword`, if set.
    pub fn get_ssl_password(&self) -> Option<&[u8]> {
        self.ssl_password.as_deref()
    }

    /// `sslcertmode`, if set.
    pub fn get_ssl_cert_mode(&self) -> Option<SslCertMode> {
        self.ssl_cert_mode
    }

    /// `ssl_min_protocol_version`, if set to a version.
    pub fn get_ssl_min_protocol_version(&self) -> Option<TlsVersion> {
        self.ssl_min_protocol_version.flatten()
    }

    /// `ssl_max_protocol_version`, if set to a version.
    pub fn get_ssl_max_protocol_version(&self) -> Option<TlsVersion> {
        self.ssl_max_protocol_version.flatten()
    }

    /// `channel_binding`, if set.
    pub fn get_channel_binding(&self) -> Option<ChannelBinding> {
        self.channel_binding
    }

    /// `require_auth` as given, if set.
    pub fn get_require_auth(&self) -> Option<&str> {
        self.require_auth.as_deref()
    }

    /// `target_session_attrs`, if set.
    pub fn get_target_session_attrs(&self) -> Option<TargetSessionAttrs> {
        self.target_session_attrs
    }

    /// `load_balance_hosts`, if set.
    pub fn get_load_balance_hosts(&self) -> Option<LoadBalanceHosts> {
        self.load_balance_hosts
    }

    /// `min_protocol_version`, if set.
    pub fn get_min_protocol_version(&self) -> Option<ProtocolVersion> {
        self.min_protocol_version
    }

    /// `max_protocol_version`, if set.
    pub fn get_max_protocol_version(&self) -> Option<ProtocolVersion> {
        self.max_protocol_version
    }

    /// The extra startup parameters, in the order added.
    pub fn get_startup_params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The config `Display` describes: without passwords or extra startup parameters.
    #[allow(dead_code, reason = "used by tests and crate::fuzzing::config")]
    pub(crate) fn displayable_part(&self) -> Config {
        let mut shown = Config {
            password: None,
            ssl_password: None,
            params: Vec::new(),
            ..self.clone()
        };
        shown.unimplemented.retain(|key, _| !key.is_secret());
        shown
    }
}

/// Prints `<redacted>` for a secret that is set.
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unimplemented: BTreeMap<&str, &str> = self
            .unimplemented
            .iter()
            .map(|(k, v)| (k.name(), if k.is_secret() { REDACTED } else { v.as_str() }))
            .collect();
        f.debug_struct("Config")
            .field("hosts", &self.hosts)
            .field("hostaddrs", &self.hostaddrs)
            .field("ports", &self.ports)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| Redacted))
            .field("dbname", &self.dbname)
            .field("passfile", &self.passfile)
            .field("application_name", &self.application_name)
            .field("fallback_application_name", &self.fallback_application_name)
            .field("options", &self.options)
            .field("client_encoding", &self.client_encoding)
            .field("connect_timeout", &self.connect_timeout)
            .field("keepalives", &self.keepalives)
            .field("keepalives_idle", &self.keepalives_idle)
            .field("keepalives_interval", &self.keepalives_interval)
            .field("keepalives_retries", &self.keepalives_retries)
            .field("tcp_user_timeout", &self.tcp_user_timeout)
            .field("ssl_mode", &self.ssl_mode)
            .field("ssl_negotiation", &self.ssl_negotiation)
            .field("ssl_root_cert", &self.ssl_root_cert)
            .field("ssl_cert", &self.ssl_cert)
            .field("ssl_key", &self.ssl_key)
            .field(
                "ssl_password",
                &self.ssl_password.as_ref().map(|_| Redacted),
            )
            .field("ssl_cert_mode", &self.ssl_cert_mode)
            .field("ssl_min_protocol_version", &self.ssl_min_protocol_version)
            .field("ssl_max_protocol_version", &self.ssl_max_protocol_version)
            .field("channel_binding", &self.channel_binding)
            .field("require_auth", &self.require_auth)
            .field("target_session_attrs", &self.target_session_attrs)
            .field("load_balance_hosts", &self.load_balance_hosts)
            .field("min_protocol_version", &self.min_protocol_version)
            .field("max_protocol_version", &self.max_protocol_version)
            .field("unimplemented", &unimplemented)
            .field("startup_params", &self.params)
            .finish()
    }
}
