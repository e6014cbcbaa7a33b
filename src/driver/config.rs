//! A [`Database`]'s settings, with the seed adapter's defaults, and the builder that checks
//! them and makes the pool.

use std::sync::Arc;
use std::time::Duration;

use super::database::Database;
use super::hooks::DatabaseHooks;
use crate::client::Client;
use crate::config::Config;
use crate::connection::{ConnectOptions, Connector, PasswordProvider};
use crate::error::Error;
use crate::pool::HookFuture;
use crate::sql::ParamStyle;
use crate::types::JsonCodec;

/// A callback run on a connection at one point of its life; see [`DatabaseBuilder::init`].
pub(crate) type Callback = Arc<dyn for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync>;

/// Whether connections look for pgvector's types.
///
/// pgvector's `vector`, `halfvec` and `sparsevec` are matched by type name (their OIDs differ
/// between databases), so their codecs work on any connection where the extension exists. This
/// setting decides what is checked when a connection is made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PgvectorCodecs {
    /// Look for the extension on each new connection and report it through
    /// [`Database::has_pgvector`]; its absence is not an error.
    #[default]
    Auto,
    /// The extension must be installed: a connection to a database without it fails, with an
    /// error naming this setting.
    On,
    /// Do not look (no catalog query when connecting); [`Database::has_pgvector`] says `false`.
    Off,
}

/// What a [`Database`] runs with. Every field has the seed adapter's default; see
/// [`DatabaseBuilder::settings`].
///
/// ```
/// let settings = pgline::DatabaseConfig::default();
/// assert_eq!((settings.pool_min_size, settings.pool_max_size), (10, 10));
/// assert_eq!(settings.max_cacheable_statement_size, Some(15_360));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DatabaseConfig {
    /// Connections kept open even when idle (default 10).
    pub pool_min_size: usize,
    /// The most connections open at once (default 10).
    pub pool_max_size: usize,
    /// A connection is closed once it has sent this many requests (default 50,000; `None`: no
    /// limit).
    pub max_queries: Option<u64>,
    /// An idle connection is closed after this long, unless that would leave fewer than
    /// `pool_min_size` (default 300 s; `None`: never).
    pub max_inactive_connection_lifetime: Option<Duration>,
    /// How long [`Database::session`] waits for a connection (default 30 s; `None`: for ever).
    pub acquire_timeout: Option<Duration>,
    /// Prepared statements cached per connection (default 100; 0 turns the cache off, as
    /// PgBouncer in transaction mode needs).
    pub statement_cache_size: usize,
    /// A cached statement is prepared again once this old (default 300 s; `None`: never).
    pub max_cached_statement_lifetime: Option<Duration>,
    /// SQL text longer than this many bytes is never cached (default 15,360; `None`: no limit).
    pub max_cacheable_statement_size: Option<usize>,
    /// Decode json and jsonb into JSON values (default on); off, they read as text only.
    pub json_codecs: bool,
    /// Whether connections look for pgvector (default [`PgvectorCodecs::Auto`]).
    pub pgvector_codecs: PgvectorCodecs,
    /// The placeholder style of every statement; `None` (the default) detects it once per SQL
    /// text ([`crate::sql::detect`]). Set it where detection can misread (`a[1:2]` looks like
    /// `:1` placeholders).
    pub param_style: Option<ParamStyle>,
    /// Put parameter values in query spans and hook events (default off: values may be
    /// secrets).
    pub log_parameters: bool,
    /// Queries slower than this are logged at warn level, target `pgline::slow_query`
    /// (default `None`: never).
    pub slow_query_threshold: Option<Duration>,
    /// How many times [`Database::transaction`] runs its closure again after a retryable
    /// failure (serialization, deadlock, a lost connection); default 3.
    pub transaction_retries: u32,
}

impl Default for DatabaseConfig {
    fn default() -> DatabaseConfig {
        DatabaseConfig {
            pool_min_size: 10,
            pool_max_size: 10,
            max_queries: Some(50_000),
            max_inactive_connection_lifetime: Some(Duration::from_secs(300)),
            acquire_timeout: Some(Duration::from_secs(30)),
            statement_cache_size: 100,
            max_cached_statement_lifetime: Some(Duration::from_secs(300)),
            max_cacheable_statement_size: Some(15_360),
            json_codecs: true,
            pgvector_codecs: PgvectorCodecs::Auto,
            param_style: None,
            log_parameters: false,
            slow_query_threshold: None,
            transaction_retries: 3,
        }
    }
}

fn bad(setting: &str, why: impl std::fmt::Display) -> Error {
    Error::config_message(format!("invalid database setting {setting}: {why}"))
}

impl DatabaseConfig {
    /// Refuses a setting no database can run with, naming it.
    pub fn check(&self) -> Result<(), Error> {
        if self.pool_max_size == 0 {
            return Err(bad("pool_max_size", "must be at least 1"));
        }
        if self.pool_min_size > self.pool_max_size {
            return Err(bad(
                "pool_min_size",
                format_args!(
                    "{} is larger than pool_max_size ({})",
                    self.pool_min_size, self.pool_max_size
                ),
            ));
        }
        if self.max_queries == Some(0) {
            return Err(bad("max_queries", "must be at least 1 (None: no limit)"));
        }
        let zero = |d: Option<Duration>| d.is_some_and(|d| d.is_zero());
        if zero(self.max_inactive_connection_lifetime) {
            return Err(bad(
                "max_inactive_connection_lifetime",
                "must not be 0 (None: never)",
            ));
        }
        if zero(self.acquire_timeout) {
            return Err(bad(
                "acquire_timeout",
                "must not be 0 (None: wait for ever)",
            ));
        }
        if zero(self.max_cached_statement_lifetime) {
            return Err(bad(
                "max_cached_statement_lifetime",
                "must not be 0 (None: never expire; statement_cache_size = 0 turns the cache off)",
            ));
        }
        if self.max_cacheable_statement_size == Some(0) {
            return Err(bad(
                "max_cacheable_statement_size",
                "must not be 0 (statement_cache_size = 0 turns the cache off)",
            ));
        }
        Ok(())
    }
}

/// Builds a [`Database`]: a connection string or [`Config`], [`DatabaseConfig`] settings,
/// connection callbacks and hooks.
///
/// The callbacks are the seed adapter's: `init` runs once on each new connection, `setup`
/// each time a connection is handed out, `reset` each time one comes back (after the pool's
/// own rollback of an open transaction), `on_connection_create` after `init`. An error from
/// `init` or `on_connection_create` fails that connection; from `setup` or `reset` it closes
/// that connection (another is taken).
///
/// ```no_run
/// # async fn f() -> Result<(), pgline::Error> {
/// let db = pgline::Database::builder("postgres://app@localhost/app")?
///     .settings(|s| s.pool_max_size = 20)
///     .init(|client| Box::pin(async move { client.batch_execute("SET TIME ZONE 'UTC'").await }))
///     .build()
///     .await?;
/// # Ok(()) }
/// ```
pub struct DatabaseBuilder {
    pub(crate) config: Config,
    /// Connector and password provider; the rest is set from `settings` at build.
    pub(crate) options: ConnectOptions,
    pub(crate) settings: DatabaseConfig,
    pub(crate) json_serializer: Option<Arc<dyn JsonCodec>>,
    pub(crate) init: Option<Callback>,
    pub(crate) setup: Option<Callback>,
    pub(crate) reset: Option<Callback>,
    pub(crate) on_connection_create: Option<Callback>,
    pub(crate) hooks: Option<Arc<dyn DatabaseHooks>>,
}

impl DatabaseBuilder {
    /// A builder over a parsed config, with the default settings.
    pub fn new(config: Config) -> DatabaseBuilder {
        DatabaseBuilder {
            config,
            options: ConnectOptions::new(),
            settings: DatabaseConfig::default(),
            json_serializer: None,
            init: None,
            setup: None,
            reset: None,
            on_connection_create: None,
            hooks: None,
        }
    }

    /// Replaces every setting.
    pub fn config(mut self, settings: DatabaseConfig) -> DatabaseBuilder {
        self.settings = settings;
        self
    }

    /// Changes some settings.
    pub fn settings(mut self, change: impl FnOnce(&mut DatabaseConfig)) -> DatabaseBuilder {
        change(&mut self.settings);
        self
    }

    /// Decodes and encodes JSON values with `serializer` instead of `serde_json`; needs
    /// `json_codecs` on.
    pub fn json_serializer(mut self, serializer: Arc<dyn JsonCodec>) -> DatabaseBuilder {
        self.json_serializer = Some(serializer);
        self
    }

    /// Runs once on each new connection, before its first use.
    pub fn init<F>(mut self, callback: F) -> DatabaseBuilder
    where
        F: for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync + 'static,
    {
        self.init = Some(Arc::new(callback));
        self
    }

    /// Runs each time a connection is handed out as a session.
    pub fn setup<F>(mut self, callback: F) -> DatabaseBuilder
    where
        F: for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync + 'static,
    {
        self.setup = Some(Arc::new(callback));
        self
    }

    /// Runs each time a session's connection goes back to the pool.
    pub fn reset<F>(mut self, callback: F) -> DatabaseBuilder
    where
        F: for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync + 'static,
    {
        self.reset = Some(Arc::new(callback));
        self
    }

    /// Runs on each new connection after `init` (registering types, setting a role, ...).
    pub fn on_connection_create<F>(mut self, callback: F) -> DatabaseBuilder
    where
        F: for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync + 'static,
    {
        self.on_connection_create = Some(Arc::new(callback));
        self
    }

    /// Opens every connection's stream with `connector` (a cloud SQL proxy, a tunnel) instead of
    /// a socket: the seed adapter's `connect` callback. See [`Connector`].
    pub fn connector(mut self, connector: impl Connector) -> DatabaseBuilder {
        self.options = self.options.connector(connector);
        self
    }

    /// Asks `provider` for the password of every new connection (short-lived IAM tokens). See
    /// [`PasswordProvider`].
    pub fn password_provider(mut self, provider: impl PasswordProvider) -> DatabaseBuilder {
        self.options = self.options.password_provider(provider);
        self
    }

    /// Observes the pool, connections, sessions and queries; see [`DatabaseHooks`].
    pub fn hooks(mut self, hooks: Arc<dyn DatabaseHooks>) -> DatabaseBuilder {
        self.hooks = Some(hooks);
        self
    }

    /// Checks the settings and starts the pool (inside a tokio runtime). Connections are made
    /// in the background up to `pool_min_size`; none is waited for here.
    pub async fn build(self) -> Result<Database, Error> {
        self.settings.check()?;
        if self.json_serializer.is_some() && !self.settings.json_codecs {
            return Err(bad(
                "json_serializer",
                "a JSON serializer is given but json_codecs is off",
            ));
        }
        Database::start(self)
    }
}

impl std::fmt::Debug for DatabaseBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseBuilder")
            .field("settings", &self.settings)
            .field("init", &self.init.is_some())
            .field("setup", &self.setup.is_some())
            .field("reset", &self.reset.is_some())
            .field("on_connection_create", &self.on_connection_create.is_some())
            .field("hooks", &self.hooks.is_some())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_seed_adapters() {
        let d = DatabaseConfig::default();
        assert_eq!(d.pool_min_size, 10);
        assert_eq!(d.pool_max_size, 10);
        assert_eq!(d.max_queries, Some(50_000));
        assert_eq!(
            d.max_inactive_connection_lifetime,
            Some(Duration::from_secs(300))
        );
        assert_eq!(d.statement_cache_size, 100);
        assert_eq!(
            d.max_cached_statement_lifetime,
            Some(Duration::from_secs(300))
        );
        assert_eq!(d.max_cacheable_statement_size, Some(15_360));
        assert!(d.json_codecs);
        assert_eq!(d.pgvector_codecs, PgvectorCodecs::Auto);
        d.check().unwrap();
    }

    #[test]
    fn each_bad_setting_is_refused_by_name() {
        type Change = Box<dyn Fn(&mut DatabaseConfig)>;
        let cases: Vec<(&str, Change)> = vec![
            ("pool_max_size", Box::new(|s| s.pool_max_size = 0)),
            ("pool_min_size", Box::new(|s| s.pool_min_size = 11)),
            ("max_queries", Box::new(|s| s.max_queries = Some(0))),
            (
                "max_inactive_connection_lifetime",
                Box::new(|s| s.max_inactive_connection_lifetime = Some(Duration::ZERO)),
            ),
            (
                "acquire_timeout",
                Box::new(|s| s.acquire_timeout = Some(Duration::ZERO)),
            ),
            (
                "max_cached_statement_lifetime",
                Box::new(|s| s.max_cached_statement_lifetime = Some(Duration::ZERO)),
            ),
            (
                "max_cacheable_statement_size",
                Box::new(|s| s.max_cacheable_statement_size = Some(0)),
            ),
        ];
        for (name, change) in cases {
            let mut settings = DatabaseConfig::default();
            change(&mut settings);
            let e = settings.check().unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Config, "{name}");
            assert!(e.to_string().contains(name), "{name}: {e}");
        }
    }

    #[tokio::test]
    async fn a_json_serializer_with_json_codecs_off_is_refused_by_name() {
        #[derive(Debug)]
        struct Plain;
        impl JsonCodec for Plain {
            fn decode(
                &self,
                _: &crate::types::Type,
                text: &[u8],
            ) -> Result<serde_json::Value, crate::types::BoxError> {
                Ok(serde_json::from_slice(text)?)
            }
            fn encode(
                &self,
                _: &crate::types::Type,
                v: &serde_json::Value,
                out: &mut bytes::BytesMut,
            ) -> Result<(), crate::types::BoxError> {
                out.extend_from_slice(v.to_string().as_bytes());
                Ok(())
            }
        }
        let e = DatabaseBuilder::new("host=localhost".parse().unwrap())
            .settings(|s| s.json_codecs = false)
            .json_serializer(Arc::new(Plain))
            .build()
            .await
            .unwrap_err();
        assert!(e.to_string().contains("json_serializer"), "{e}");
    }
}
