//! pgline: an async PostgreSQL driver with its own sans-IO wire codec.
//!
//! Layers depend downward only: [`protocol`] (bytes in, messages out) ← [`auth`] (SCRAM, MD5)
//! ← the connection ([`config`], TLS, startup, the task that owns the socket) ← pool ← driver.
//! [`types`] holds the binary codecs every layer above the connection uses.
//!
//! ```no_run
//! # async fn f() -> Result<(), pgline::Error> {
//! let client = pgline::connect("postgres://app@localhost/app?sslmode=verify-full").await?;
//! let row = client.query_one("SELECT $1::text || ' world'", &[&"hello"]).await?;
//! assert_eq!(row.get::<_, &str>(0), "hello world");
//! # Ok(()) }
//! ```

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod auth;
pub mod config;
pub mod copy;
pub mod error;
pub mod protocol;
pub mod types;

#[doc(hidden)]
pub mod fuzzing;

mod cancel;
mod client;
mod connection;
mod notification;
mod query;
mod row;
mod simple_query;
mod statement;
mod type_lookup;

pub use cancel::CancelToken;
pub use client::{Client, ToStatement};
pub use config::Config;
pub use connection::{ConnectOptions, DEFAULT_STARTUP_TIMEOUT};
pub use error::{DbError, Error, ErrorKind, SqlState};
pub use notification::{AsyncMessage, Notification};
pub use query::{BorrowToSql, RowStream};
pub use row::{Row, RowIndex, SimpleIndex};
pub use simple_query::{SimpleColumn, SimpleQueryMessage, SimpleQueryRow};
pub use statement::{Column, Statement};

/// Connects with a connection string: a `postgres://` URL or libpq `key=value` pairs, with
/// the `PG*` environment variables and libpq's defaults filling what it leaves out.
///
/// The connection is driven by a task spawned on the current tokio runtime.
pub async fn connect(conninfo: &str) -> Result<Client, Error> {
    let config: Config = conninfo.parse()?;
    config.connect().await
}
