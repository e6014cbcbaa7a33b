//! pgline: an async PostgreSQL driver with its own sans-IO wire codec.
//!
//! Layers depend downward only: [`protocol`] (bytes in, messages out) ← [`auth`] (SCRAM, MD5)
//! ← the connection ([`config`], TLS, startup, the task that owns the socket) ← [`pool`] ← driver.
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
pub mod error;
pub mod pool;
pub mod protocol;
pub mod types;

#[doc(hidden)]
pub mod fuzzing;

mod client;
mod connection;

pub use client::{
    BorrowToSql, Client, Column, CopyInSink, CopyOutStream, Row, RowIndex, RowStream, SimpleColumn,
    SimpleIndex, SimpleQueryMessage, SimpleQueryRow, Statement, ToStatement,
};
pub use config::Config;
pub use connection::{
    AsyncMessage, CancelToken, ConnectOptions, DEFAULT_CANCEL_TIMEOUT, DEFAULT_STARTUP_TIMEOUT,
    Notification,
};
pub use error::{DbError, Error, ErrorKind, SqlState};
pub use pool::{Pool, PooledClient};
pub use protocol::backend::TransactionStatus;

/// Connects with a connection string: a `postgres://` URL or libpq `key=value` pairs, with
/// the `PG*` environment variables and libpq's defaults filling what it leaves out.
///
/// The connection is driven by a task spawned on the current tokio runtime.
pub async fn connect(conninfo: &str) -> Result<Client, Error> {
    let config: Config = conninfo.parse()?;
    config.connect().await
}
