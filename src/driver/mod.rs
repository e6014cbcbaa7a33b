//! The driver: the seed adapter's API over the [pool](crate::pool). A [`Database`] owns a pool
//! and its settings; a [`Session`] is one pooled connection with `execute`, `execute_many`,
//! `execute_script`, the `select` family (rows into any [`FromRow`](crate::FromRow)),
//! transactions with retry and statement stacks, each query observed by [`DatabaseHooks`] and a
//! `tracing` span.
//!
//! It never parses SQL beyond the [lexer](crate::sql) (placeholder styles, script splitting):
//! whether a statement returns rows is what the server's RowDescription says.
//!
//! ```no_run
//! # async fn f() -> Result<(), pgline::Error> {
//! let db = pgline::Database::connect("postgres://app@localhost/app").await?;
//! let session = db.session().await?;
//! let (id, name): (i32, String) = session
//!     .select_one("SELECT id, name FROM users WHERE id = :id", &[&7i32])
//!     .await?;
//! # Ok(()) }
//! ```

#[cfg(feature = "arrow")]
mod arrow;
mod config;
mod database;
mod hooks;
mod observe;
mod params;
mod script;
mod session;
mod transaction;

pub use config::{DatabaseBuilder, DatabaseConfig, PgvectorCodecs};
pub use database::Database;
pub use hooks::{DatabaseHooks, QueryEvent};
pub use params::NamedQuery;
pub use script::ScriptResult;
pub use session::Session;
