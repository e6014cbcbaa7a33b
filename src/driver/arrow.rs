//! The COPY issue's Arrow and storage operations on a [`Session`], with the driver's placeholder
//! styles, spans and hooks.

use std::error::Error as StdError;
use std::future::Future;

use arrow_array::RecordBatch;
use futures_core::Stream;

use super::observe::{Query, observed};
use super::session::{Params, Session};
use crate::client::RecordBatchStream;
use crate::error::Error;

impl Session {
    /// [`Client::select_to_arrow`](crate::Client::select_to_arrow) with any placeholder style:
    /// the result as a stream of Arrow batches of `batch_rows` rows. Without parameters it runs
    /// as binary COPY; with them, as a prepared statement with binary rows (COPY takes no
    /// parameters, and values never go into SQL text). The span and hooks cover the start of
    /// the query (up to its first reply); rows are counted by the caller as they stream.
    ///
    /// ```no_run
    /// # async fn f(session: &pgline::Session) -> Result<(), pgline::Error> {
    /// use futures_util::TryStreamExt;
    /// let batches: Vec<arrow_array::RecordBatch> = session
    ///     .select_to_arrow("SELECT * FROM items WHERE price > :min", &[&10i32], 65_536)
    ///     .await?
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn select_to_arrow(
        &self,
        sql: &str,
        params: Params<'_>,
        batch_rows: usize,
    ) -> Result<RecordBatchStream, Error> {
        observed!(
            self,
            sql,
            params,
            |client, text| client.select_to_arrow(text, params, batch_rows),
            |_| 0
        )
    }

    /// [`Client::load_from_arrow`](crate::Client::load_from_arrow): batches into `table` by
    /// binary COPY, all or nothing (its own transaction, or a savepoint inside the session's);
    /// `overwrite` truncates first in the same transaction. Returns the rows loaded.
    ///
    /// ```no_run
    /// # async fn f(session: &pgline::Session, batch: arrow_array::RecordBatch) -> Result<(), pgline::Error> {
    /// let loaded = session.load_from_arrow("items", pgline::batch_stream([batch]), true).await?;
    /// # Ok(()) }
    /// ```
    pub async fn load_from_arrow<S, E>(
        &self,
        table: &str,
        batches: S,
        overwrite: bool,
    ) -> Result<u64, Error>
    where
        S: Stream<Item = Result<RecordBatch, E>>,
        E: Into<Box<dyn StdError + Send + Sync>>,
    {
        let work = Box::pin(self.client().load_from_arrow(table, batches, overwrite));
        self.observed_load(table, work).await
    }

    /// Runs a load into `table`, observed as the binary COPY it sends.
    async fn observed_load(
        &self,
        table: &str,
        work: impl Future<Output = Result<u64, Error>>,
    ) -> Result<u64, Error> {
        let statement = format!("COPY {table} FROM STDIN (FORMAT binary)");
        let query = Query {
            operation: "COPY",
            statement: &statement,
            params: &[],
        };
        self.db().observe(query, work, |n| *n).await
    }
}

#[cfg(feature = "storage")]
mod storage {
    use super::*;
    use crate::storage::{FileFormat, IntoLocation, StoredFile};

    impl Session {
        /// [`Client::select_to_storage`](crate::Client::select_to_storage) with any
        /// placeholder style: the result written to files (Parquet, Arrow IPC or CSV) at a
        /// local path or an object-store URL, split every `rows_per_file` rows when given.
        ///
        /// ```no_run
        /// # async fn f(session: &pgline::Session) -> Result<(), pgline::Error> {
        /// use pgline::storage::FileFormat;
        /// let files = session
        ///     .select_to_storage("SELECT * FROM items WHERE shop = ?", &[&7i64],
        ///         "file:///tmp/items/day.parquet", FileFormat::Parquet, Some(1_000_000))
        ///     .await?;
        /// # Ok(()) }
        /// ```
        pub async fn select_to_storage(
            &self,
            sql: &str,
            params: Params<'_>,
            destination: impl IntoLocation,
            format: FileFormat,
            rows_per_file: Option<u64>,
        ) -> Result<Vec<StoredFile>, Error> {
            observed!(
                self,
                sql,
                params,
                |client, text| client.select_to_storage(
                    text,
                    params,
                    destination,
                    format,
                    rows_per_file
                ),
                |files| files.iter().map(|f| f.rows).sum()
            )
        }

        /// [`Client::load_from_storage`](crate::Client::load_from_storage): one file, or every
        /// file under a folder ending in `/`, into `table`, all or nothing. Returns the rows
        /// loaded.
        pub async fn load_from_storage(
            &self,
            table: &str,
            source: impl IntoLocation,
            format: FileFormat,
            overwrite: bool,
        ) -> Result<u64, Error> {
            let work = Box::pin(
                self.client()
                    .load_from_storage(table, source, format, overwrite),
            );
            self.observed_load(table, work).await
        }
    }
}
