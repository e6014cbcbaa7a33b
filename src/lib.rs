//! pgline: an async PostgreSQL driver with its own sans-IO wire codec.
//!
//! Layers depend downward only: [`protocol`] (bytes in, messages out) ← [`auth`] (SCRAM, MD5)
//! ← the connection ([`config`], TLS, startup, the task that owns the socket) ← [`pool`] ←
//! [`driver`] ([`Database`], [`Session`]: what applications use); [`dictionary`] reads the
//! catalog (version, features, tables in foreign-key order) through any client.
//! [`types`] holds the binary codecs every layer above the connection uses; [`sql`] lexes SQL
//! text (placeholder styles to `$n`, script splitting) for the driver.
//!
//! ```no_run
//! # async fn f() -> Result<(), pgline::Error> {
//! let client = pgline::connect("postgres://app@localhost/app?sslmode=verify-full").await?;
//! let row = client.query_one("SELECT $1::text || ' world'", &[&"hello"]).await?;
//! assert_eq!(row.get::<_, &str>(0), "hello world");
//! # Ok(()) }
//! ```
//!
//! Coming from tokio-postgres? [`docs::from_tokio_postgres`] lists what changes.
//!
//! # Cargo features
//!
//! None is on by default; each adds [`ToSql`](types::ToSql) and [`FromSql`](types::FromSql)
//! for another crate's types. Without them, pgline's own types cover every value
//! ([`types::TimestampTz`], [`types::Numeric`], ...).
//!
//! | feature | adds conversions for |
//! | --- | --- |
//! | `chrono` | `chrono::NaiveDate`, `NaiveTime`, `NaiveDateTime`, `DateTime<Utc>`, `DateTime<FixedOffset>` (date, time, timestamp, timestamptz) |
//! | `time` | `time::Date`, `Time`, `PrimitiveDateTime`, `OffsetDateTime` (date, time, timestamp, timestamptz) |
//! | `rust_decimal` | `rust_decimal::Decimal` (numeric) |
//! | `bigdecimal` | `bigdecimal::BigDecimal` (numeric) |
//!
//! ```toml
//! pgline = { version = "0.1", features = ["chrono"] }
//! ```

#![deny(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
pub mod config;
pub mod copy;
pub mod dictionary;
pub mod driver;
pub mod error;
pub mod pool;
pub mod protocol;
pub mod sql;
#[cfg(feature = "storage")]
pub mod storage;
pub mod types;

#[doc(hidden)]
pub mod fuzzing;

// The README's Rust example compiles as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;

pub mod docs {
    //! Guides that are not about one item.

    #[doc = include_str!("docs/from_tokio_postgres.md")]
    pub mod from_tokio_postgres {}
}

mod client;
mod connection;

// The derives' generated code names `::pgline::...`, which must resolve inside this crate too.
extern crate self as pgline;

// The derives share their names with their traits (`pgline::FromRow`, `pgline::ToParams`), as
// serde's do: a derive macro and a trait live in different namespaces.
#[cfg(feature = "derive")]
pub use pgline_derive::{FromRow, ToParams};

/// What the derives' generated code calls; not an API.
#[doc(hidden)]
pub mod __private {
    pub use crate::client::{check_struct_width, column, column_or_default, position};
    pub use crate::sql::__as_param as as_param;
}

#[cfg(feature = "arrow")]
pub use client::{BatchStream, RecordBatchStream, batch_stream};
pub use client::{
    BinaryRowWriter, BorrowToSql, Client, Column, CopyInSink, CopyOutStream, FromRow,
    IsolationLevel, Pipeline, PipelineOutcome, Row, RowIndex, RowStream, SimpleColumn, SimpleIndex,
    SimpleQueryMessage, SimpleQueryRow, Statement, StatementCacheStats, SyncMode, ToStatement,
    Transaction, TransactionBuilder,
};
pub use client::{NO_PARAMS, slice_iter};
pub use client::{Portal, StackResult, StatementStack};
pub use config::Config;
pub use connection::{
    ASYNC_MESSAGE_BUFFER, AsyncMessage, AsyncMessages, CancelToken, ConnectOptions,
    DEFAULT_CANCEL_TIMEOUT, DEFAULT_MAX_CACHEABLE_STATEMENT_LEN, DEFAULT_STARTUP_TIMEOUT,
    DEFAULT_STATEMENT_CACHE_SIZE, DEFAULT_STATEMENT_LIFETIME, Notification,
};
pub use connection::{
    BoxFuture, Connector, ConnectorStream, HostTarget, PasswordProvider, ProviderError,
};
pub use driver::{
    Database, DatabaseBuilder, DatabaseConfig, DatabaseHooks, NamedQuery, PgvectorCodecs,
    QueryEvent, ScriptResult, Session,
};
pub use error::{DbError, Error, ErrorClass, ErrorKind, SqlState};
pub use pool::{Pool, PooledClient};
pub use protocol::backend::TransactionStatus;
pub use sql::ToParams;

/// Connects with a connection string: a `postgres://` URL or libpq `key=value` pairs, with
/// the `PG*` environment variables and libpq's defaults filling what it leaves out.
///
/// The connection is driven by a task spawned on the current tokio runtime.
pub async fn connect(conninfo: &str) -> Result<Client, Error> {
    let config: Config = conninfo.parse()?;
    config.connect().await
}
