//! From a resolved config to what `connect` needs, with libpq's rules on how `sslmode`,
//! `sslrootcert` and the client certificate combine.

use std::sync::Arc;
use std::time::Duration;

use super::connect::ConnectPlan;
use super::connector::{Connector, PasswordProvider};
use super::startup::StartupSettings;
use super::tls::{Roots, TlsSettings, Verify};
use super::transport::{Negotiation, TcpOptions};
use crate::auth::{AuthPolicy, ChannelBindingMode, ScramLimits};
use crate::config::{
    ChannelBinding, LoadBalanceHosts, ProtocolVersion as ConfigVersion, ResolvedConfig, RootCert,
    SslMode, SslNegotiation,
};
use crate::error::Error;
use crate::protocol::{self, ProtocolVersion};
use crate::types::CodecContext;

/// Settings of a connection that are not libpq keywords: codecs and the bounds pgline puts on
/// what the server controls.
///
/// ```no_run
/// # async fn f() -> Result<(), pgline::Error> {
/// use pgline::{Config, ConnectOptions};
/// use pgline::types::CodecContext;
/// let config: Config = "host=localhost user=app".parse().map_err(pgline::Error::from)?;
/// // json and jsonb come back as raw text only; the application parses them itself.
/// let client = ConnectOptions::new()
///     .codecs(CodecContext::new().with_json_codecs(false))
///     .connect(&config)
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ConnectOptions {
    codecs: CodecContext,
    max_message_len: usize,
    scram_limits: ScramLimits,
    startup_timeout: Option<Duration>,
    query_timeout: Option<Duration>,
    statement_cache_size: usize,
    statement_lifetime: Option<Duration>,
    max_cacheable_statement_len: Option<usize>,
    connector: Option<Arc<dyn Connector>>,
    password_provider: Option<Arc<dyn PasswordProvider>>,
}

/// How long a cached statement is kept after it was prepared unless told otherwise (asyncpg's
/// `max_cached_statement_lifetime`): long-lived plans are re-made now and then.
pub const DEFAULT_STATEMENT_LIFETIME: Duration = Duration::from_secs(300);

/// The longest SQL text (in bytes) the statement cache keeps unless told otherwise (asyncpg's
/// `max_cacheable_statement_size`, 15 KiB).
pub const DEFAULT_MAX_CACHEABLE_STATEMENT_LEN: usize = 15 * 1024;

/// How many statements a connection's cache keeps unless told otherwise.
pub const DEFAULT_STATEMENT_CACHE_SIZE: usize = 100;

/// How long one connection attempt may take when `connect_timeout` is not set: the server is
/// untrusted until it has authenticated, so it does not get to stall us for ever.
pub const DEFAULT_STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

impl Default for ConnectOptions {
    fn default() -> ConnectOptions {
        ConnectOptions {
            codecs: CodecContext::default(),
            max_message_len: protocol::DEFAULT_MAX_MESSAGE_LEN,
            scram_limits: ScramLimits::default(),
            startup_timeout: Some(DEFAULT_STARTUP_TIMEOUT),
            query_timeout: None,
            statement_cache_size: DEFAULT_STATEMENT_CACHE_SIZE,
            statement_lifetime: Some(DEFAULT_STATEMENT_LIFETIME),
            max_cacheable_statement_len: Some(DEFAULT_MAX_CACHEABLE_STATEMENT_LEN),
            connector: None,
            password_provider: None,
        }
    }
}

impl ConnectOptions {
    /// The defaults: JSON codecs on, messages up to 1 GiB, SCRAM iterations up to 1,000,000,
    /// and [`DEFAULT_STARTUP_TIMEOUT`] per attempt when `connect_timeout` is unset.
    pub fn new() -> ConnectOptions {
        ConnectOptions::default()
    }

    /// The codec settings every row and parameter of the connection uses.
    pub fn codecs(mut self, codecs: CodecContext) -> ConnectOptions {
        self.codecs = codecs;
        self
    }

    /// The longest message accepted from the server once the session is established; a longer
    /// one closes the connection with a protocol error before anything is allocated for it.
    pub fn max_message_len(mut self, bytes: usize) -> ConnectOptions {
        self.max_message_len = bytes;
        self
    }

    /// Bounds on the SCRAM exchange (iteration count, message sizes).
    pub fn scram_limits(mut self, limits: ScramLimits) -> ConnectOptions {
        self.scram_limits = limits;
        self
    }

    /// The time one connection attempt (connect, TLS, authentication, session start) may take
    /// when the config sets no `connect_timeout`; `None` waits as long as the server likes, as
    /// libpq does.
    pub fn startup_timeout(mut self, timeout: Option<Duration>) -> ConnectOptions {
        self.startup_timeout = timeout;
        self
    }

    /// Connects with `config`, its unset values taken from the `PG*` environment variables
    /// and libpq's defaults.
    /// A default timeout for every request of the clients this makes: when it expires, the
    /// request's query is cancelled on the server (CancelRequest) and the call returns a
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) error; the connection stays usable.
    /// `None` (the default) waits as long as the server takes; `Client::with_timeout` overrides
    /// it per clone.
    pub fn query_timeout(mut self, timeout: Option<Duration>) -> ConnectOptions {
        self.query_timeout = timeout;
        self
    }

    /// How many prepared statements each connection keeps for SQL text given to `query`,
    /// `execute` and friends (least recently used out first, closed on the server when
    /// evicted). 0 turns the cache off: SQL text then runs on the unnamed statement only, and
    /// nothing named is ever left on the server, which PgBouncer in transaction mode needs.
    pub fn statement_cache_size(mut self, statements: usize) -> ConnectOptions {
        self.statement_cache_size = statements;
        self
    }

    /// How long a cached statement is used after it was prepared (default
    /// [`DEFAULT_STATEMENT_LIFETIME`]); an older one is prepared again on its next use. `None`
    /// keeps statements until they are evicted.
    pub fn statement_lifetime(mut self, lifetime: Option<Duration>) -> ConnectOptions {
        self.statement_lifetime = lifetime;
        self
    }

    /// The longest SQL text, in bytes, the statement cache keeps (default
    /// [`DEFAULT_MAX_CACHEABLE_STATEMENT_LEN`]); longer text runs on the unnamed statement each
    /// time. `None`: no limit.
    pub fn max_cacheable_statement_len(mut self, bytes: Option<usize>) -> ConnectOptions {
        self.max_cacheable_statement_len = bytes;
        self
    }

    /// The statement cache's bounds, as set above: (capacity, lifetime, longest SQL text).
    pub(crate) fn statement_cache_bounds(&self) -> (usize, Option<Duration>, Option<usize>) {
        (
            self.statement_cache_size,
            self.statement_lifetime,
            self.max_cacheable_statement_len,
        )
    }

    /// Opens every connection's stream with `connector` instead of a TCP or unix socket;
    /// TLS (as `sslmode` says), startup and authentication still run over it, and so do
    /// CancelRequests. See [`Connector`]; a pool made with these options uses it for each
    /// connection.
    pub fn connector(mut self, connector: impl Connector) -> ConnectOptions {
        self.connector = Some(Arc::new(connector));
        self
    }

    /// Asks `provider` for the password of every new connection (each host tried, each pool
    /// connection), in place of the config's `password` and the password file. See
    /// [`PasswordProvider`].
    pub fn password_provider(mut self, provider: impl PasswordProvider) -> ConnectOptions {
        self.password_provider = Some(Arc::new(provider));
        self
    }

    pub(crate) fn codec_context(&self) -> &CodecContext {
        &self.codecs
    }

    pub(crate) fn default_query_timeout(&self) -> Option<Duration> {
        self.query_timeout
    }

    /// What connecting with `config` takes: hosts, TLS, startup settings.
    pub(crate) fn plan_for(&self, config: &crate::Config) -> Result<ConnectPlan, Error> {
        let resolved = config.resolve().map_err(Error::config)?;
        plan(&resolved, self)
    }
}

fn version((major, minor): (u16, u16)) -> ProtocolVersion {
    ProtocolVersion { major, minor }
}

/// Works out the connection plan, refusing combinations libpq refuses.
pub(crate) fn plan(
    resolved: &ResolvedConfig,
    options: &ConnectOptions,
) -> Result<ConnectPlan, Error> {
    let roots = match &resolved.ssl_root_cert {
        RootCert::System => Some(Roots::System),
        RootCert::File(path) => Some(Roots::File(path.clone())),
        RootCert::Missing(_) => None,
    };
    let verify = match resolved.ssl_mode {
        SslMode::VerifyFull => Verify::Full,
        SslMode::VerifyCa => Verify::Chain,
        // libpq: with a root certificate, require (and the opportunistic modes) check the chain.
        _ if roots.is_some() => Verify::Chain,
        _ => Verify::Nothing,
    };
    if matches!(verify, Verify::Full | Verify::Chain) && roots.is_none() {
        let path = match &resolved.ssl_root_cert {
            RootCert::Missing(Some(path)) => path.display().to_string(),
            _ => "~/.postgresql/root.crt".to_owned(),
        };
        return Err(Error::config_message(format!(
            "root certificate file \"{path}\" does not exist: either provide the file, use the \
             system's trusted roots with sslrootcert=system, or change sslmode to disable \
             server certificate verification"
        )));
    }
    if matches!(resolved.ssl_root_cert, RootCert::System)
        && resolved.ssl_mode != SslMode::VerifyFull
    {
        return Err(Error::config_message(format!(
            "weak sslmode \"{}\" may not be used with sslrootcert=system (use \"verify-full\")",
            resolved.ssl_mode.as_str()
        )));
    }
    let negotiation = match resolved.ssl_negotiation {
        SslNegotiation::Postgres => Negotiation::Postgres,
        SslNegotiation::Direct => {
            if matches!(
                resolved.ssl_mode,
                SslMode::Disable | SslMode::Allow | SslMode::Prefer
            ) {
                return Err(Error::config_message(format!(
                    "weak sslmode \"{}\" may not be used with sslnegotiation=direct (use \
                     \"require\", \"verify-ca\", or \"verify-full\")",
                    resolved.ssl_mode.as_str()
                )));
            }
            Negotiation::Direct
        }
    };
    if verify == Verify::Full && resolved.targets.iter().any(|t| t.host.is_none()) {
        return Err(Error::config_message(
            "host name must be specified for a verified SSL connection (sslmode=verify-full \
             with only hostaddr)",
        ));
    }
    let tls = TlsSettings {
        verify,
        roots,
        client_cert: resolved
            .ssl_client_cert
            .as_ref()
            .map(|c| (c.cert.clone(), c.key.clone())),
        min_tls13: resolved
            .ssl_min_protocol_version
            .is_some_and(|v| v >= crate::config::TlsVersion::Tls1_3),
        max_tls12: resolved
            .ssl_max_protocol_version
            .is_some_and(|v| v <= crate::config::TlsVersion::Tls1_2),
    };
    let channel_binding = match resolved.channel_binding {
        ChannelBinding::Disable => ChannelBindingMode::Disable,
        ChannelBinding::Prefer => ChannelBindingMode::Prefer,
        ChannelBinding::Require => ChannelBindingMode::Require,
    };
    let startup = StartupSettings {
        params: resolved
            .startup_params()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        user: resolved.user.clone(),
        password: None,
        policy: AuthPolicy {
            require_auth: resolved.require_auth.clone().unwrap_or_default(),
            channel_binding,
        },
        scram_limits: options.scram_limits,
        protocol: version(resolved.max_protocol_version.number()),
        min_protocol: version(match resolved.min_protocol_version {
            ConfigVersion::Latest => ConfigVersion::V3_2.number(),
            v => v.number(),
        }),
    };
    let tcp = TcpOptions {
        keepalives: resolved.keepalives.is_some(),
        keepalives_idle: resolved.keepalives.and_then(|k| k.idle),
        keepalives_interval: resolved.keepalives.and_then(|k| k.interval),
        keepalives_count: resolved.keepalives.and_then(|k| k.retries),
        user_timeout: resolved.tcp_user_timeout,
    };
    Ok(ConnectPlan {
        targets: resolved.targets.clone(),
        load_balance: resolved.load_balance_hosts == LoadBalanceHosts::Random,
        session_attrs: resolved.target_session_attrs,
        connect_timeout: resolved
            .connect_timeout
            .map(|t| t.max(Duration::from_secs(2)))
            .or(options.startup_timeout),
        tcp,
        ssl_mode: resolved.ssl_mode,
        negotiation,
        tls,
        startup,
        max_message_len: options.max_message_len,
        connector: options.connector.clone(),
        password_provider: options.password_provider.clone(),
    })
}
