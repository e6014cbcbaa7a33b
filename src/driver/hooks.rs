//! Observer callbacks at the points the seed adapter names: pool, connection, session and query
//! lifecycle, and errors. Every method has an empty default; implement the ones you need.

use std::time::Duration;

use crate::error::Error;

/// One query as the hooks see it.
///
/// `parameters` is filled only with
/// [`DatabaseConfig::log_parameters`](super::DatabaseConfig::log_parameters) on: values may be
/// secrets.
#[derive(Debug, Clone)]
pub struct QueryEvent<'a> {
    /// The first keyword of the statement, upper-cased (`SELECT`, `INSERT`, ...), or what the
    /// driver ran (`SCRIPT`, `STACK`, `BEGIN`).
    pub operation: &'a str,
    /// The SQL sent, with `$n` placeholders (values never appear in it).
    pub statement: &'a str,
    /// The parameter values as `Debug` text, when logging them is turned on.
    pub parameters: Option<&'a str>,
    /// How long the query took (zero in [`DatabaseHooks::on_query_start`]).
    pub duration: Duration,
    /// Rows returned, or affected for commands (zero until it completes).
    pub rows: u64,
}

/// Observes a [`Database`](super::Database); see
/// [`DatabaseBuilder::hooks`](super::DatabaseBuilder::hooks).
///
/// Hooks run inline on the caller's task: keep them short (count, log, record a metric).
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use pgline::{DatabaseHooks, QueryEvent};
///
/// #[derive(Default)]
/// struct CountQueries(AtomicU64);
///
/// impl DatabaseHooks for CountQueries {
///     fn on_query_complete(&self, _: &QueryEvent<'_>) {
///         self.0.fetch_add(1, Ordering::Relaxed);
///     }
/// }
/// ```
pub trait DatabaseHooks: Send + Sync {
    /// The database's pool was made.
    fn on_pool_create(&self) {}
    /// The database was closed ([`Database::close`](super::Database::close)).
    fn on_pool_destroy(&self) {}
    /// A new connection is ready (after the `init` and `on_connection_create` callbacks).
    fn on_connection_create(&self) {}
    /// The pool is closing a connection that still works (expired, idle too long, the pool
    /// closing). A connection that broke is dropped without this call.
    fn on_connection_destroy(&self) {}
    /// A session took a connection from the pool.
    fn on_session_start(&self) {}
    /// A session ended (its connection goes back to the pool).
    fn on_session_end(&self) {}
    /// A query is about to be sent.
    fn on_query_start(&self, event: &QueryEvent<'_>) {
        let _ = event;
    }
    /// A query succeeded.
    fn on_query_complete(&self, event: &QueryEvent<'_>) {
        let _ = event;
    }
    /// A query failed.
    fn on_error(&self, event: &QueryEvent<'_>, error: &Error) {
        let _ = (event, error);
    }
}
