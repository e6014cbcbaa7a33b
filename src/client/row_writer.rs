//! Typed Rust rows into a table by binary COPY: [`Client::copy_in_rows`] and
//! [`BinaryRowWriter`]. The framing is `crate::copy`'s; this file moves its bytes through a
//! [`CopyInSink`].

use super::Client;
use super::copy::CopyInSink;
use crate::copy::{CopyBinaryWriter, CopyError};
use crate::error::Error;
use crate::protocol::Format;
use crate::types::{SqlParam, Type};

impl Client {
    /// Starts a binary COPY into `table` and returns a writer for typed rows, each value
    /// encoded as its target column's type (looked up in the catalog first), like asyncpg's
    /// `copy_records_to_table` or tokio-postgres's `BinaryCopyInWriter`.
    ///
    /// `table` is SQL (schema-qualified and quoted as SQL needs it); `columns` are plain
    /// column names, in the order the rows give their values, or empty for every column
    /// COPY can write (generated columns are left out), in table order.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// let mut writer = client.copy_in_rows("items", &["id", "name"]).await?;
    /// for id in 0..10_000i64 {
    ///     writer.write(&[&id, &format!("item {id}")]).await?;
    /// }
    /// assert_eq!(writer.finish().await?, 10_000);
    /// # Ok(()) }
    /// ```
    pub async fn copy_in_rows(
        &self,
        table: &str,
        columns: &[&str],
    ) -> Result<BinaryRowWriter, Error> {
        let target = self.copy_target(table, columns).await?;
        let sink = self.copy_in(&target.copy_sql).await?;
        BinaryRowWriter::new(sink, target.types)
    }
}

/// Writes typed rows into a `COPY ... FROM STDIN (FORMAT binary)`; see
/// [`Client::copy_in_rows`]. Rows are encoded straight into the sink's buffer and go out in
/// large CopyData messages. Dropping the writer before [`finish`](Self::finish) aborts the
/// COPY: nothing is copied.
#[derive(Debug)]
pub struct BinaryRowWriter {
    sink: CopyInSink,
    writer: CopyBinaryWriter,
}

impl BinaryRowWriter {
    /// A writer for a binary COPY already started with [`Client::copy_in`], whose columns have
    /// these types (in the statement's column order).
    pub fn new(sink: CopyInSink, types: Vec<Type>) -> Result<BinaryRowWriter, Error> {
        if sink.format() != Format::Binary {
            return Err(Error::usage(
                "BinaryRowWriter needs a COPY ... FROM STDIN (FORMAT binary) statement",
            ));
        }
        let writer = CopyBinaryWriter::new(types).with_context(sink.codecs());
        Ok(BinaryRowWriter { sink, writer })
    }

    /// The column types values are encoded as.
    pub fn types(&self) -> &[Type] {
        self.writer.types()
    }

    /// Writes one row, a value per column. A value that cannot be encoded as its column's type
    /// is an error and nothing of that row is sent (the COPY can go on, or be aborted);
    /// waits while the connection has much data queued; fails at once if the server reported
    /// an error.
    pub async fn write(&mut self, row: &[&(dyn SqlParam + Sync)]) -> Result<(), Error> {
        self.writer
            .write_row(row, self.sink.gather_buffer())
            .map_err(copy_error)?;
        self.sink.send(b"").await
    }

    /// Writes the trailer and ends the COPY: returns the number of rows copied.
    pub async fn finish(self) -> Result<u64, Error> {
        let BinaryRowWriter { mut sink, writer } = self;
        writer.finish(sink.gather_buffer());
        sink.finish().await
    }

    /// Abandons the COPY with CopyFail: nothing is copied.
    pub async fn abort(self, reason: &str) -> Result<(), Error> {
        self.sink.abort(reason).await
    }
}

pub(crate) fn copy_error(e: CopyError) -> Error {
    Error::conversion("encoding a row for binary COPY", Box::new(e))
}
