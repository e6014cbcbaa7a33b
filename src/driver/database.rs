//! [`Database`]: the pool, the settings and what every session shares.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::config::{Callback, DatabaseBuilder, DatabaseConfig, PgvectorCodecs};
use super::hooks::DatabaseHooks;
use super::params::{NamedQuery, SqlCache};
use super::session::Session;
use crate::client::Client;
use crate::config::Config;
use crate::error::Error;
use crate::pool::{Pool, PoolBuilder, PoolConfig};
use crate::sql::ToParams;
use crate::types::{CodecContext, SqlParam};

/// A database: a connection pool with the driver's settings, handing out [`Session`]s.
///
/// Cheap to clone; clones share the pool.
///
/// ```no_run
/// # async fn f() -> Result<(), pgline::Error> {
/// let db = pgline::Database::connect("postgres://app@localhost/app").await?;
/// let n: i64 = db.session().await?.select_value("SELECT count(*) FROM users", &[]).await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Database {
    pub(crate) shared: Arc<Shared>,
}

/// What sessions share.
pub(crate) struct Shared {
    pub(crate) pool: Pool,
    pub(crate) settings: DatabaseConfig,
    pub(crate) hooks: Option<Arc<dyn DatabaseHooks>>,
    pub(crate) sql: SqlCache,
    pgvector: Arc<AtomicBool>,
}

impl Database {
    /// A database from a connection string (a `postgres://` URL or libpq `key=value` pairs)
    /// with the default [`DatabaseConfig`].
    pub async fn connect(conninfo: &str) -> Result<Database, Error> {
        Database::builder(conninfo)?.build().await
    }

    /// A builder from a connection string, for settings, callbacks and hooks.
    pub fn builder(conninfo: &str) -> Result<DatabaseBuilder, Error> {
        let config: Config = conninfo.parse()?;
        Ok(DatabaseBuilder::new(config))
    }

    pub(crate) fn start(builder: DatabaseBuilder) -> Result<Database, Error> {
        let DatabaseBuilder {
            config,
            options,
            settings,
            json_serializer,
            init,
            setup,
            reset,
            on_connection_create,
            hooks,
        } = builder;
        let mut codecs = CodecContext::new().with_json_codecs(settings.json_codecs);
        if let Some(serializer) = json_serializer {
            codecs = codecs.with_json_codec(serializer);
        }
        let options = options
            .codecs(codecs)
            .statement_cache_size(settings.statement_cache_size)
            .statement_lifetime(settings.max_cached_statement_lifetime)
            .max_cacheable_statement_len(settings.max_cacheable_statement_size);
        let pool_settings = PoolConfig {
            max_size: settings.pool_max_size,
            min_size: settings.pool_min_size,
            acquire_timeout: settings.acquire_timeout,
            idle_timeout: settings.max_inactive_connection_lifetime,
            max_queries: settings.max_queries,
            statement_cache_size: Some(settings.statement_cache_size),
            ..PoolConfig::default()
        };
        let pgvector = Arc::new(AtomicBool::new(false));
        let created = Created {
            init,
            on_connection_create,
            pgvector_mode: settings.pgvector_codecs,
            pgvector: pgvector.clone(),
            hooks: hooks.clone(),
        };
        let mut pool = PoolBuilder::new(config)
            .connect_options(options)
            .settings(|s| *s = pool_settings)
            .after_connect(move |client| Box::pin(created.clone().run(client)));
        if let Some(setup) = setup {
            pool = pool.before_acquire(move |client| setup(client));
        }
        if let Some(reset) = reset {
            pool = pool.after_release(move |client| reset(client));
        }
        if let Some(hooks) = hooks.clone() {
            pool = pool.before_close(move |_| {
                hooks.on_connection_destroy();
                Box::pin(async { Ok(()) })
            });
        }
        let pool = pool.build()?;
        if let Some(hooks) = &hooks {
            hooks.on_pool_create();
        }
        Ok(Database {
            shared: Arc::new(Shared {
                pool,
                sql: SqlCache::new(settings.param_style),
                settings,
                hooks,
                pgvector,
            }),
        })
    }

    /// A session: a connection from the pool, given back when the session (and every clone of
    /// it) is dropped. Waits up to `acquire_timeout`.
    pub async fn session(&self) -> Result<Session, Error> {
        let client = self.shared.pool.get().await?;
        Ok(Session::new(client, self.shared.clone()))
    }

    /// The settings the database runs with.
    pub fn settings(&self) -> &DatabaseConfig {
        &self.shared.settings
    }

    /// The pool underneath, for its metrics.
    pub fn pool(&self) -> &Pool {
        &self.shared.pool
    }

    /// Whether a connection found the pgvector extension installed (never with
    /// [`PgvectorCodecs::Off`]).
    pub fn has_pgvector(&self) -> bool {
        self.shared.pgvector.load(Ordering::Relaxed)
    }

    /// A statement with named placeholders (`:name`, `%(name)s`, `$name`, `@name`) and its
    /// values by name, put in `$n` order; see [`NamedQuery`].
    pub fn named<'a, N, I>(&self, sql: &str, params: I) -> Result<NamedQuery<'a>, Error>
    where
        N: AsRef<str>,
        I: IntoIterator<Item = (N, &'a (dyn SqlParam + Sync))>,
    {
        NamedQuery::new(&self.shared.sql, sql, params)
    }

    /// A statement with named placeholders and its values from a map or a
    /// `#[derive(ToParams)]` struct; a name without a value, or a value the statement does not
    /// use, is an error before anything is sent.
    ///
    /// ```no_run
    /// # async fn f(db: &pgline::Database) -> Result<(), pgline::Error> {
    /// #[derive(pgline::ToParams)]
    /// struct Lookup {
    ///     id: i32,
    ///     org: i32,
    /// }
    /// let lookup = Lookup { id: 7, org: 3 };
    /// let q = db.named_from("SELECT name FROM users WHERE id = :id AND org = :org", &lookup)?;
    /// let name: String = db.session().await?.select_value(q.sql(), q.params()).await?;
    /// # Ok(()) }
    /// ```
    pub fn named_from<'a, P: ToParams + ?Sized>(
        &self,
        sql: &str,
        params: &'a P,
    ) -> Result<NamedQuery<'a>, Error> {
        NamedQuery::from_params(&self.shared.sql, sql, params)
    }

    /// Closes the pool: new sessions fail, idle connections close now and lent ones as they
    /// come back, waiting up to `timeout` for those. `true` when all closed in time.
    pub async fn close(&self, timeout: Duration) -> bool {
        let closed = self.shared.pool.close(timeout).await;
        if let Some(hooks) = &self.shared.hooks {
            hooks.on_pool_destroy();
        }
        closed
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("settings", &self.shared.settings)
            .field("pool", &self.shared.pool)
            .finish_non_exhaustive()
    }
}

/// What runs on each new connection: the callbacks, the pgvector check, the hook.
#[derive(Clone)]
struct Created {
    init: Option<Callback>,
    on_connection_create: Option<Callback>,
    pgvector_mode: PgvectorCodecs,
    pgvector: Arc<AtomicBool>,
    hooks: Option<Arc<dyn DatabaseHooks>>,
}

impl Created {
    async fn run(self, client: &Client) -> Result<(), Error> {
        if let Some(init) = &self.init {
            init(client).await?;
        }
        if let Some(create) = &self.on_connection_create {
            create(client).await?;
        }
        if self.pgvector_mode != PgvectorCodecs::Off {
            let row = client
                .query_one(
                    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'vector')",
                    &[],
                )
                .await?;
            let installed: bool = row.try_get(0)?;
            if !installed && self.pgvector_mode == PgvectorCodecs::On {
                return Err(Error::config_message(
                    "invalid database setting pgvector_codecs: On, but the vector extension is \
                     not installed in this database (CREATE EXTENSION vector, or use Auto)",
                ));
            }
            self.pgvector.store(installed, Ordering::Relaxed);
        }
        if let Some(hooks) = &self.hooks {
            hooks.on_connection_create();
        }
        Ok(())
    }
}
