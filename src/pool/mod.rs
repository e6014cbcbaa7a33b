//! The connection pool: a layer above [`Client`] that lends connections out and takes them
//! back, heals when connections or servers die, and knows no SQL beyond its reset (`ROLLBACK`
//! and an optional reset query) and its health check (an empty query).
//!
//! ```no_run
//! # async fn f() -> Result<(), pgline::Error> {
//! use pgline::pool::Pool;
//! let pool = Pool::new("postgres://app@db1,db2/app?target_session_attrs=read-write&pool_max_size=16")?;
//! let client = pool.get().await?;
//! client.execute("INSERT INTO jobs DEFAULT VALUES", &[]).await?;
//! drop(client); // back to the pool
//! # Ok(()) }
//! ```
//!
//! Statements that leave the session as they found it can run as shared requests instead:
//! [`Pool::query`], [`Pool::query_one`], [`Pool::query_opt`], [`Pool::execute`] and
//! [`Pool::simple_query`] pipeline many callers' requests over the same connections, which
//! takes the server and the client less work per query than lending each caller a connection.
//!
//! # Settings in the connection string
//!
//! Beside libpq's keywords (see [`crate::config`]), a connection string given to [`Pool::new`]
//! or [`PoolBuilder::from_conninfo`] may carry these; they are taken out before the rest is
//! parsed as libpq would. Durations are seconds (`30`, `0.5`) or a number with `ms`, `s`,
//! `min`, `h`; `0` turns a timeout or limit off. Each is a field of [`PoolConfig`].
//!
//! | key | default | meaning |
//! |---|---|---|
//! | `pool_max_size` | 10 | most connections open at once |
//! | `pool_min_size` | 0 | connections kept open when idle |
//! | `pool_acquire_timeout` | 30 | how long [`Pool::get`] waits (and retries connecting) |
//! | `pool_idle_timeout` | 600 | idle connections beyond `pool_min_size` close after this |
//! | `pool_max_lifetime` | 1800 | connections close at this age ... |
//! | `pool_max_lifetime_jitter` | lifetime / 10 | ... less a random part of this |
//! | `pool_max_queries` | 0 (off) | connections close after sending this many requests |
//! | `pool_health_check_after` | 5 | idle longer than this: an empty query before reuse (`never` turns it off) |
//! | `pool_reset_query` | none | run on every returned connection, e.g. `DISCARD ALL` |
//! | `pool_upkeep_interval` | 1 | how often expired connections close and `pool_min_size` refills |
//! | `pool_drain_timeout` | 1 | how long a connection returned mid-request may take to finish |
//! | `pool_statement_cache_size` | the connect options' (100) | prepared statements cached per connection; `0` behind PgBouncer in transaction mode |
//! | `pool_pipeline_depth` | 16 | most shared requests pipelined on one connection; `1` behind PgBouncer in transaction mode |
//!
//! # Several hosts and failover
//!
//! Every connection is made as [`Config::connect`] makes one: each host in turn, checked against
//! `target_session_attrs`. A connection whose server went away is closed when it comes back or
//! when it is next taken, and the next one made goes to whichever host matches now: with
//! `target_session_attrs=read-write` over a primary and its standby, the pool follows a
//! promotion. Connecting is retried (25 ms, doubling to 1 s) until the acquire timeout, except
//! for authentication and TLS failures.
//!
//! # Behind PgBouncer
//!
//! In transaction mode a session's prepared statements do not follow it from one server
//! connection to the next, so turn the statement cache off: `pool_statement_cache_size=0` (or
//! [`ConnectOptions::statement_cache_size`] with [`PoolBuilder::connect_options`]). SQL text
//! given to [`Client::query`] and friends then runs on the unnamed statement, parameters
//! included; do not use [`Client::prepare`] across transactions. Set `pool_pipeline_depth=1`
//! for shared requests: PgBouncer 1.18 loses track of simple queries pipelined with extended
//! ones. In session mode the cache
//! works as against a server. PgBouncer 1.21+ with `max_prepared_statements` set tracks named
//! statements itself. `DISCARD ALL` as a reset query
//! is neither needed nor useful there (`server_reset_query` is PgBouncer's own, unused in
//! transaction mode).

mod config;
mod conninfo;
mod core;
mod guard;
mod hooks;
mod metrics;
mod shared;
mod upkeep;

use std::sync::Arc;
use std::time::{Duration, Instant};

pub use config::PoolConfig;
pub use guard::PooledClient;
pub use hooks::HookFuture;
pub use metrics::PoolMetrics;

use self::core::{Conn, Grant, PoolShared, Take};
use self::hooks::{Hook, Hooks};
use self::metrics::Counters;
use crate::client::Client;
use crate::config::Config;
use crate::connection::ConnectOptions;
use crate::error::{Error, ErrorKind};

/// A pool of connections to one database (or one set of hosts).
///
/// Clones share the pool. [`Pool::get`] lends a [`PooledClient`]; dropping it gives the
/// connection back. The pool runs one background task for upkeep, on the tokio runtime it was
/// built in; it ends when the last clone and every lent connection are gone.
#[derive(Clone)]
pub struct Pool {
    shared: Arc<PoolShared>,
}

/// Builds a [`Pool`] from code: settings, connect options and hooks.
///
/// ```no_run
/// # async fn f() -> Result<(), pgline::Error> {
/// use pgline::pool::PoolBuilder;
/// let pool = PoolBuilder::from_conninfo("host=db user=app pool_max_size=8")?
///     .settings(|s| s.reset_query = Some("RESET ALL".into()))
///     .after_connect(|client| Box::pin(async move { client.batch_execute("SET TIME ZONE 'UTC'").await }))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct PoolBuilder {
    config: Config,
    options: ConnectOptions,
    settings: PoolConfig,
    hooks: Hooks,
}

impl PoolBuilder {
    /// A builder over `config` with the default [`PoolConfig`].
    pub fn new(config: Config) -> PoolBuilder {
        PoolBuilder {
            config,
            options: ConnectOptions::default(),
            settings: PoolConfig::default(),
            hooks: Hooks::default(),
        }
    }

    /// A builder from a connection string with `pool_*` keys beside libpq's.
    pub fn from_conninfo(conninfo: &str) -> Result<PoolBuilder, Error> {
        let (rest, keys) = conninfo::split_pool_keys(conninfo);
        let config: Config = rest.parse()?;
        let mut settings = PoolConfig::default();
        for (key, value) in &keys {
            settings.set(key, value)?;
        }
        Ok(PoolBuilder {
            settings,
            ..PoolBuilder::new(config)
        })
    }

    /// Changes the settings (starting from the defaults, or what the connection string set).
    pub fn settings(mut self, change: impl FnOnce(&mut PoolConfig)) -> PoolBuilder {
        change(&mut self.settings);
        self
    }

    /// The options every connection is made with (codecs, query timeout, statement cache
    /// size, ...). A `pool_statement_cache_size` (or [`PoolConfig::statement_cache_size`])
    /// overrides the statement cache size given here.
    pub fn connect_options(mut self, options: ConnectOptions) -> PoolBuilder {
        self.options = options;
        self
    }

    /// Runs after each connection is made, before its first use; an error fails that attempt.
    pub fn after_connect<F>(mut self, hook: F) -> PoolBuilder
    where
        F: for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync + 'static,
    {
        self.hooks.after_connect = Some(Arc::new(hook) as Hook);
        self
    }

    /// Runs before each hand-out; an error closes that connection and another is taken.
    pub fn before_acquire<F>(mut self, hook: F) -> PoolBuilder
    where
        F: for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync + 'static,
    {
        self.hooks.before_acquire = Some(Arc::new(hook) as Hook);
        self
    }

    /// Runs when a connection comes back, after its reset; an error closes it.
    pub fn after_release<F>(mut self, hook: F) -> PoolBuilder
    where
        F: for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync + 'static,
    {
        self.hooks.after_release = Some(Arc::new(hook) as Hook);
        self
    }

    /// Runs before the pool closes a connection that still works (expired, idle too long, the
    /// pool closing); its errors are ignored.
    pub fn before_close<F>(mut self, hook: F) -> PoolBuilder
    where
        F: for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync + 'static,
    {
        self.hooks.before_close = Some(Arc::new(hook) as Hook);
        self
    }

    /// The pool. Must be called inside a tokio runtime: it starts the upkeep task, which opens
    /// `min_size` connections in the background.
    pub fn build(self) -> Result<Pool, Error> {
        self.settings.check()?;
        let options = match self.settings.statement_cache_size {
            Some(size) => self.options.statement_cache_size(size),
            None => self.options,
        };
        let shared = Arc::new(PoolShared::new(
            self.settings,
            self.config,
            options,
            self.hooks,
        ));
        upkeep::spawn(&shared);
        Ok(Pool { shared })
    }
}

impl Pool {
    /// A pool from a connection string with `pool_*` keys beside libpq's (see the module
    /// docs). Inside a tokio runtime; no connection is made until needed or by upkeep.
    pub fn new(conninfo: &str) -> Result<Pool, Error> {
        PoolBuilder::from_conninfo(conninfo)?.build()
    }

    /// A builder over an already parsed config.
    pub fn builder(config: Config) -> PoolBuilder {
        PoolBuilder::new(config)
    }

    /// The settings the pool runs with.
    pub fn settings(&self) -> &PoolConfig {
        &self.shared.settings
    }

    /// Lends a connection: an idle one (checked first when it idled long), or a new one while
    /// fewer than `max_size` are open, or else the next one given back, in the order callers
    /// asked. Waits at most `acquire_timeout`, then fails with
    /// [`ErrorKind::Timeout`]; a pool that cannot connect fails with the last connect error.
    pub async fn get(&self) -> Result<PooledClient, Error> {
        let shared = &self.shared;
        let mut started = None::<Instant>;
        let deadline = |start: Instant| shared.settings.acquire_timeout.map(|t| start + t);
        loop {
            let grant = match shared.try_take()? {
                Take::Grant(grant) => grant,
                Take::Wait(mut place) => {
                    let start = *started.get_or_insert_with(Instant::now);
                    let granted = match deadline(start) {
                        Some(at) => tokio::time::timeout_at(at.into(), place.granted()).await,
                        None => Ok(place.granted().await),
                    };
                    match granted {
                        Ok(grant) => grant?,
                        Err(_) => return Err(self.timed_out(None)),
                    }
                }
            };
            let mut permit = Permit::new(shared);
            // A connection that fails its check is closed with the permit.
            permit.closed_one = matches!(grant, Grant::Conn(_));
            let conn = match grant {
                Grant::Conn(conn) => match self.check_out(conn).await {
                    Some(conn) => conn,
                    None => continue,
                },
                Grant::Open => {
                    let start = *started.get_or_insert_with(Instant::now);
                    self.open_until(deadline(start)).await?
                }
            };
            permit.disarm();
            if let Some(start) = started {
                shared.counters.record_wait(start.elapsed());
            }
            Counters::bump(&shared.counters.acquires);
            return Ok(PooledClient::new(conn, shared.clone()));
        }
    }

    /// Whether a connection taken from the idle list may be handed out.
    async fn check_out(&self, conn: Conn) -> Option<Conn> {
        let settings = &self.shared.settings;
        if conn.client.is_closed() || conn.is_expired(Instant::now()) {
            return None;
        }
        if settings
            .health_check_after
            .is_some_and(|after| conn.idle_since.elapsed() >= after)
        {
            let check = conn.client.simple_query("");
            match tokio::time::timeout(HEALTH_CHECK_LIMIT, check).await {
                Ok(Ok(_)) => {}
                _ => return None,
            }
        }
        if let Some(hook) = &self.shared.hooks.before_acquire {
            match tokio::time::timeout(core::HOOK_LIMIT, hook(&conn.client)).await {
                Ok(Ok(())) => {}
                _ => return None,
            }
        }
        Some(conn)
    }

    /// Connects, retrying failures that may pass (the server restarting, a standby not yet
    /// promoted) until `deadline`.
    async fn open_until(&self, deadline: Option<Instant>) -> Result<Conn, Error> {
        let mut backoff = Duration::from_millis(25);
        loop {
            let attempt = self.shared.open();
            let result = match deadline {
                Some(at) => match tokio::time::timeout_at(at.into(), attempt).await {
                    Ok(result) => result,
                    Err(_) => return Err(self.timed_out(Some("connecting"))),
                },
                None => attempt.await,
            };
            let error = match result {
                Ok(conn) => return Ok(conn),
                Err(e) => e,
            };
            if !worth_retrying(&error) {
                return Err(error.before_send());
            }
            let now = Instant::now();
            if deadline.is_some_and(|at| now + backoff >= at) {
                return Err(error.before_send());
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(Duration::from_secs(1));
        }
    }

    fn timed_out(&self, doing: Option<&str>) -> Error {
        Counters::bump(&self.shared.counters.timed_out);
        let limit = self.shared.settings.acquire_timeout.unwrap_or_default();
        let what = doing.map(|d| format!(" ({d})")).unwrap_or_default();
        Error::timeout(format!(
            "no connection within the pool's acquire timeout of {limit:?}{what}"
        ))
        .before_send()
    }

    /// The pool's gauges and counters now.
    pub fn metrics(&self) -> PoolMetrics {
        let gauges = self.shared.gauges();
        PoolMetrics {
            size: gauges.size,
            idle: gauges.idle,
            shared: gauges.shared,
            waiting: gauges.waiting,
            ..self.shared.counters.snapshot()
        }
    }

    /// Whether [`Pool::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.shared.gauges().closed
    }

    /// Closes the pool: waiters and later [`Pool::get`] calls fail, idle connections close at
    /// once, and lent ones as they come back. Waits up to `timeout` for those; `true` when every
    /// connection was closed in time.
    pub async fn close(&self, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        self.shared.shut();
        loop {
            let notified = self.shared.closing.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.shared.gauges().size == 0 {
                return true;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.shared.gauges().size == 0;
            }
        }
    }
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("metrics", &self.metrics())
            .finish_non_exhaustive()
    }
}

/// How long the health check of a long-idle connection may take.
const HEALTH_CHECK_LIMIT: Duration = Duration::from_secs(5);

/// Whether a failed connect may succeed if tried again soon.
fn worth_retrying(e: &Error) -> bool {
    match e.kind() {
        // A setting that is wrong stays wrong (an after-connect hook's check, a bad option).
        ErrorKind::Auth
        | ErrorKind::Tls
        | ErrorKind::Usage
        | ErrorKind::Conversion
        | ErrorKind::Config => false,
        // Only the classes of a server starting, stopping or overloaded.
        ErrorKind::Db => e.code().is_some_and(|c| {
            ["08", "53", "57"]
                .iter()
                .any(|class| c.code().starts_with(class))
        }),
        _ => true,
    }
}

/// A place in `size` held while a grant becomes a lent connection; given back if that fails
/// or the caller's future is dropped meanwhile.
struct Permit<'a> {
    pool: &'a PoolShared,
    armed: bool,
    /// The grant was a connection that is now closed.
    closed_one: bool,
}

impl<'a> Permit<'a> {
    fn new(pool: &'a PoolShared) -> Permit<'a> {
        Permit {
            pool,
            armed: true,
            closed_one: false,
        }
    }

    fn disarm(&mut self) {
        self.armed = false;
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.armed {
            if self.closed_one {
                Counters::bump(&self.pool.counters.closed);
            }
            self.pool.release_permit();
        }
    }
}

#[cfg(test)]
mod tests;
