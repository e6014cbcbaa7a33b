//! The storage bridge: query results into Parquet, Arrow IPC or CSV files, and such files into
//! tables, on local paths and object stores. Built on [`Client::select_to_arrow`] and
//! [`Client::load_from_arrow`]; the formats are arrow-rs's own readers and writers and the
//! places are `object_store`'s. Never speaks the wire protocol itself.

mod files;
mod format;
mod location;

use std::collections::VecDeque;
use std::sync::Arc;

use arrow_schema::{Field, Schema};
use futures_core::Stream;
use object_store::{ObjectStoreExt, PutPayload};

use crate::client::Client;
use crate::error::{Error, ErrorKind};
use crate::types::SqlParam;
pub use format::FileFormat;
use format::FileWriter;
pub use location::Location;

/// Rows per batch read from the server or from a file.
const BATCH_ROWS: usize = 64 * 1024;

/// A file [`Client::select_to_storage`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredFile {
    /// Its path in the destination's store.
    pub path: object_store::path::Path,
    /// The rows it holds.
    pub rows: u64,
    /// Its size in bytes.
    pub bytes: u64,
}

/// A place given as a local path or URL (`&str`, `String`) or as a [`Location`].
pub trait IntoLocation {
    /// The location; a text that is neither a path nor a URL is an error.
    fn into_location(self) -> Result<Location, Error>;
}

impl IntoLocation for &str {
    fn into_location(self) -> Result<Location, Error> {
        Location::parse(self)
    }
}

impl IntoLocation for &String {
    fn into_location(self) -> Result<Location, Error> {
        Location::parse(self)
    }
}

impl IntoLocation for Location {
    fn into_location(self) -> Result<Location, Error> {
        Ok(self)
    }
}

impl IntoLocation for &Location {
    fn into_location(self) -> Result<Location, Error> {
        Ok(self.clone())
    }
}

pub(crate) fn storage_error(
    context: &str,
    e: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> Error {
    Error::new(ErrorKind::Io, Some(context.to_owned()), Some(e.into()))
}

impl Client {
    /// Runs a query (see [`Client::select_to_arrow`] for how parameters travel) and writes its
    /// result to `destination` in `format`; returns the files written.
    ///
    /// With `rows_per_file`, the output is split into files of at most that many rows, named
    /// `<name>-00000.<ext>`, `<name>-00001.<ext>`, ... after the destination's last segment
    /// (load them back by giving their folder, ending in `/`). A result without rows still
    /// writes one file, holding the schema. Each file is built in memory and stored whole:
    /// split large results to bound the memory.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// use pgline::storage::FileFormat;
    /// let files = client
    ///     .select_to_storage("SELECT * FROM items", &[], "/tmp/items.parquet", FileFormat::Parquet, None)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn select_to_storage(
        &self,
        sql: &str,
        params: &[&(dyn SqlParam + Sync)],
        destination: impl IntoLocation,
        format: FileFormat,
        rows_per_file: Option<u64>,
    ) -> Result<Vec<StoredFile>, Error> {
        let destination = destination.into_location()?;
        if rows_per_file == Some(0) {
            return Err(Error::usage("rows_per_file must be at least 1"));
        }
        let batches = self.select_to_arrow(sql, params, BATCH_ROWS).await?;
        let mut batches = std::pin::pin!(batches);
        let mut files = Vec::new();
        let mut open: Option<(FileWriter, u64)> = None;
        while let Some(batch) = std::future::poll_fn(|cx| batches.as_mut().poll_next(cx)).await {
            let mut batch = batch?;
            loop {
                let (writer, rows) = match &mut open {
                    Some(open) => open,
                    None => open.insert((
                        FileWriter::new(format, &batch.schema())
                            .map_err(|e| storage_error("starting an output file", e))?,
                        0,
                    )),
                };
                let room = rows_per_file.map_or(u64::MAX, |max| max - *rows);
                let take = (batch.num_rows() as u64).min(room) as usize;
                writer
                    .write(&batch.slice(0, take))
                    .map_err(|e| storage_error("writing a batch", e))?;
                *rows += take as u64;
                if rows_per_file == Some(*rows) {
                    let (writer, rows) = open.take().expect("a file is open");
                    files
                        .push(store(&destination, files.len(), rows_per_file, writer, rows).await?);
                }
                if take == batch.num_rows() {
                    break;
                }
                batch = batch.slice(take, batch.num_rows() - take);
            }
        }
        if let Some((writer, rows)) = open {
            files.push(store(&destination, files.len(), rows_per_file, writer, rows).await?);
        }
        Ok(files)
    }

    /// Loads files into `table` with [`Client::load_from_arrow`] (so `overwrite` and the
    /// all-or-nothing guarantee are the same): one file, or, when `source` ends with `/`,
    /// every file under it in name order, all in one transaction. Files are fetched one at a
    /// time, each whole.
    ///
    /// Parquet and Arrow IPC files carry their types. A CSV file's header names the columns;
    /// each is parsed as the table column's type where arrow-csv can parse it (integers,
    /// floats, numeric, bool, date, time, timestamps, text), else as text (for json and uuid
    /// columns; arrays, bytea and intervals need Parquet or IPC).
    pub async fn load_from_storage(
        &self,
        table: &str,
        source: impl IntoLocation,
        format: FileFormat,
        overwrite: bool,
    ) -> Result<u64, Error> {
        let source = source.into_location()?;
        let mut paths: VecDeque<_> = source.objects().await?.into();
        let Some(first_path) = paths.pop_front() else {
            return self
                .load_from_arrow(table, files::Files::empty(), overwrite)
                .await;
        };
        let first = files::fetch(source.store(), &first_path).await?;
        let csv_schema = match format {
            FileFormat::Csv => Some(Arc::new(self.csv_schema(table, &first).await?)),
            _ => None,
        };
        let batches = files::Files::new(
            source.store().clone(),
            paths,
            format,
            BATCH_ROWS,
            csv_schema,
            first,
        )?;
        self.load_from_arrow(table, batches, overwrite).await
    }

    /// The CSV columns (the header's names) typed as the table's columns come out as Arrow,
    /// narrowed to what arrow-csv parses.
    async fn csv_schema(&self, table: &str, first: &bytes::Bytes) -> Result<Schema, Error> {
        let header =
            format::csv_header(first).map_err(|e| storage_error("reading the CSV header", e))?;
        let columns: Vec<String> = header
            .fields()
            .iter()
            .map(|f| crate::client::quote_ident(f.name()))
            .collect();
        let probe = format!("SELECT {} FROM {table} LIMIT 0", columns.join(", "));
        let mut empty = self.select_to_arrow(&probe, &[], 1).await?;
        let batch = std::future::poll_fn(|cx| std::pin::Pin::new(&mut empty).poll_next(cx))
            .await
            .ok_or_else(|| Error::unexpected("a query without rows gave no batch"))??;
        let schema = batch.schema();
        Ok(Schema::new(
            schema
                .fields()
                .iter()
                .map(|f| Field::new(f.name(), format::csv_type(f.data_type()), true))
                .collect::<Vec<_>>(),
        ))
    }
}

/// Ends a file and stores it: at the destination itself, or as part `n` of a split output.
async fn store(
    destination: &Location,
    n: usize,
    rows_per_file: Option<u64>,
    writer: FileWriter,
    rows: u64,
) -> Result<StoredFile, Error> {
    let bytes = writer
        .finish()
        .map_err(|e| storage_error("ending an output file", e))?;
    let path = match rows_per_file {
        Some(_) => destination.part(n),
        None => destination.path().clone(),
    };
    let size = bytes.len() as u64;
    destination
        .store()
        .put(&path, PutPayload::from(bytes))
        .await
        .map_err(|e| storage_error(&format!("storing {path}"), e))?;
    Ok(StoredFile {
        path,
        rows,
        bytes: size,
    })
}
