//! Arrow at the client: [`Client::load_from_arrow`] by binary COPY, [`Client::select_to_arrow`]
//! from a query's binary rows and [`Client::copy_to_arrow`] from binary COPY. The encoding and
//! decoding are `crate::copy::arrow`'s; this file moves their bytes and keeps a failed load from
//! leaving anything behind.

use std::collections::VecDeque;
use std::error::Error as StdError;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

use arrow_array::RecordBatch;
use futures_core::Stream;

use super::copy::CopyOutStream;
use super::query::RowStream;
use super::{Client, Statement};
use crate::connection::Request;
use crate::copy::arrow::{ArrowCopyError, DecodeColumn, RecordBatchDecoder, RecordBatchEncoder};
use crate::error::{Error, ErrorKind};
use crate::protocol::backend::TransactionStatus;
use crate::protocol::frontend;
use crate::types::SqlParam;

/// Rows of a batch encoded at a time: each slice's bytes (a few MiB at most for common rows)
/// go out before the next is encoded, so memory stays flat however large the caller's
/// batches are.
const SLICE_ROWS: usize = 16 * 1024;

/// The savepoint a load inside the caller's transaction runs in.
const SAVEPOINT: &str = "pgline_load";

impl Client {
    /// Loads Arrow batches into `table` by binary COPY and returns the number of rows loaded.
    ///
    /// The batches' field names are the target columns (plain names, quoted here); `table` is
    /// SQL (schema-qualified and quoted as SQL needs it). The columns' types are looked up
    /// first and each Arrow column is encoded as its column's type (see
    /// [`RecordBatchEncoder`] for the mapping); batches go out in slices of at most 16 Ki rows,
    /// so a stream of batches is loaded in flat memory. Every batch must have the first one's
    /// field names.
    ///
    /// With `overwrite`, the table is truncated first, in the same transaction as the COPY.
    /// Any failure (a value the encoder or the server refuses, a constraint, the stream
    /// failing, this future dropped) leaves the table exactly as it was: the load runs in a
    /// transaction of its own, or, when this client is already in one, in a savepoint.
    ///
    /// An iterator or slice of batches becomes a stream with [`batch_stream`].
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client, batch: arrow_array::RecordBatch) -> Result<(), pgline::Error> {
    /// let loaded = client
    ///     .load_from_arrow("items", pgline::batch_stream([batch]), false)
    ///     .await?;
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
        let mut batches = pin!(batches);
        let first = next_batch(batches.as_mut()).await?;
        if first.is_none() && !overwrite {
            return Ok(0);
        }
        let nested = self.owner.is_some() || self.transaction_status() != TransactionStatus::Idle;
        if nested {
            let mut scope = Savepoint::begin(self).await?;
            let loaded = load(self, table, first, batches, overwrite).await;
            return scope.end(loaded).await;
        }
        let tx = self.transaction().await?;
        match load(&tx, table, first, batches, overwrite).await {
            Ok(rows) => {
                tx.commit().await?;
                Ok(rows)
            }
            Err(e) => {
                // The load's own error is the one worth reporting.
                tx.rollback().await.ok();
                Err(e)
            }
        }
    }

    /// Runs a query and streams its result as Arrow batches of `batch_rows` rows (the last
    /// one shorter; one empty batch when there are no rows, so the schema is known). See
    /// [`RecordBatchDecoder`] for the type mapping.
    ///
    /// The statement is prepared (for its columns' types), then runs through the extended
    /// protocol with binary results, the parameters travelling as values, never as SQL; the
    /// rows stream into the same column decoders as [`Client::copy_to_arrow`]'s binary COPY.
    /// This is the faster of the two: the server spends less on a query's rows than on COPY's
    /// (BENCHMARKS.md, "COPY and Arrow"). A trailing `;` is dropped.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// use futures_util::TryStreamExt;
    /// let batches: Vec<_> = client
    ///     .select_to_arrow("SELECT * FROM items WHERE price > $1", &[&10i32], 65_536)
    ///     .await?
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn select_to_arrow(
        &self,
        sql: &str,
        params: &[&(dyn SqlParam + Sync)],
        batch_rows: usize,
    ) -> Result<RecordBatchStream, Error> {
        let (statement, decoder) = self
            .prepare_decoder(without_semicolon(sql), batch_rows)
            .await?;
        let rows = self.query_raw(&statement, params.iter().copied()).await?;
        Ok(RecordBatchStream::new(
            Source::Rows(rows),
            decoder,
            statement,
        ))
    }

    /// Runs `COPY (<query>) TO STDOUT (FORMAT binary)` and streams the result as Arrow batches
    /// of `batch_rows` rows, decoded as [`Client::select_to_arrow`] decodes rows. `query` must
    /// be one COPY accepts (SELECT, VALUES, TABLE, or INSERT/UPDATE/DELETE ... RETURNING); it
    /// is prepared first for its columns' types, and takes no parameters.
    pub async fn copy_to_arrow(
        &self,
        query: &str,
        batch_rows: usize,
    ) -> Result<RecordBatchStream, Error> {
        let query = without_semicolon(query);
        let (statement, decoder) = self.prepare_decoder(query, batch_rows).await?;
        let copy = format!("COPY ({query}) TO STDOUT (FORMAT binary)");
        let stream = self.copy_out(&copy).await?;
        Ok(RecordBatchStream::new(
            Source::Copy(stream),
            decoder,
            statement,
        ))
    }

    /// The statement prepared for its columns' types, and a decoder of its rows.
    async fn prepare_decoder(
        &self,
        sql: &str,
        batch_rows: usize,
    ) -> Result<(Statement, RecordBatchDecoder), Error> {
        let statement = self.prepare(sql).await?;
        let decoder = RecordBatchDecoder::new(decode_columns(&statement), batch_rows);
        Ok((statement, decoder))
    }
}

fn without_semicolon(sql: &str) -> &str {
    sql.trim_end().trim_end_matches(';').trim_end()
}

/// The load itself, inside the caller's transaction, its savepoint or its own transaction.
async fn load<S, E>(
    client: &Client,
    table: &str,
    first: Option<RecordBatch>,
    mut batches: Pin<&mut S>,
    overwrite: bool,
) -> Result<u64, Error>
where
    S: Stream<Item = Result<RecordBatch, E>>,
    E: Into<Box<dyn StdError + Send + Sync>>,
{
    if overwrite {
        client.batch_execute(&format!("TRUNCATE {table}")).await?;
    }
    let Some(first) = first else {
        return Ok(0);
    };
    let schema = first.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let target = client.copy_target(table, &names).await?;
    let mut encoder = RecordBatchEncoder::new(target.types);
    let mut sink = client.copy_in(&target.copy_sql).await?;
    let mut batch = Some(first);
    loop {
        let current = match batch.take() {
            Some(b) => b,
            None => match next_batch(batches.as_mut()).await {
                Ok(Some(b)) => b,
                Ok(None) => break,
                Err(e) => {
                    sink.abort("the Arrow batch stream failed").await.ok();
                    return Err(e);
                }
            },
        };
        let same = current.schema();
        if !same
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .eq(names.iter().copied())
        {
            sink.abort("a batch has other columns").await.ok();
            return Err(Error::usage(format!(
                "every batch loaded into {table} must have the first batch's columns {names:?}"
            )));
        }
        let rows = current.num_rows();
        let mut offset = 0;
        // An empty batch still checks that its columns map.
        loop {
            let len = SLICE_ROWS.min(rows - offset);
            let slice = current.slice(offset, len);
            if let Err(e) = encoder.encode(&slice, sink.gather_buffer()) {
                sink.abort("a value could not be encoded").await.ok();
                return Err(arrow_error(e));
            }
            sink.send(b"").await?;
            offset += len;
            if offset >= rows {
                break;
            }
        }
    }
    encoder.finish(sink.gather_buffer());
    sink.finish().await
}

/// The next batch of the caller's stream, its error as ours.
async fn next_batch<S, E>(mut batches: Pin<&mut S>) -> Result<Option<RecordBatch>, Error>
where
    S: Stream<Item = Result<RecordBatch, E>>,
    E: Into<Box<dyn StdError + Send + Sync>>,
{
    match std::future::poll_fn(|cx| batches.as_mut().poll_next(cx)).await {
        Some(Ok(batch)) => Ok(Some(batch)),
        Some(Err(e)) => Err(Error::new(
            ErrorKind::Io,
            Some("reading the Arrow batches to load".to_owned()),
            Some(e.into()),
        )),
        None => Ok(None),
    }
}

pub(crate) fn arrow_error(e: ArrowCopyError) -> Error {
    Error::conversion("converting between Arrow and binary COPY", Box::new(e))
}

fn decode_columns(statement: &Statement) -> Vec<DecodeColumn> {
    statement
        .columns()
        .iter()
        .map(|c| DecodeColumn::new(c.name(), c.type_().clone()).with_typmod(c.type_modifier()))
        .collect()
}

/// A load's savepoint inside the caller's transaction. Dropped before it ended (the load's
/// future dropped), it queues the rollback to itself, as a dropped [`Transaction`] does.
///
/// [`Transaction`]: super::Transaction
struct Savepoint<'a> {
    client: &'a Client,
    ended: bool,
}

impl<'a> Savepoint<'a> {
    async fn begin(client: &'a Client) -> Result<Savepoint<'a>, Error> {
        client
            .batch_execute(&format!("SAVEPOINT {SAVEPOINT}"))
            .await?;
        Ok(Savepoint {
            client,
            ended: false,
        })
    }

    /// Releases the savepoint after a load that worked, rolls back to it after one that failed.
    async fn end(&mut self, loaded: Result<u64, Error>) -> Result<u64, Error> {
        self.ended = true;
        match loaded {
            Ok(rows) => {
                self.client
                    .batch_execute(&format!("RELEASE SAVEPOINT {SAVEPOINT}"))
                    .await?;
                Ok(rows)
            }
            Err(e) => {
                self.client
                    .batch_execute(&rollback_to_savepoint())
                    .await
                    .ok();
                Err(e)
            }
        }
    }
}

fn rollback_to_savepoint() -> String {
    format!("ROLLBACK TO SAVEPOINT {SAVEPOINT}; RELEASE SAVEPOINT {SAVEPOINT}")
}

impl Drop for Savepoint<'_> {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        // Queued now, ahead of anything sent later; the connection drains the reply.
        let sql = rollback_to_savepoint();
        let queued = self.client.send(Request::simple(), |buf| {
            frontend::query(&sql, buf).map_err(Error::protocol)
        });
        drop(queued);
    }
}

enum Source {
    Copy(CopyOutStream),
    Rows(RowStream),
}

/// A query's result as Arrow batches; see [`Client::select_to_arrow`]. Holds at most one
/// batch being built plus the bytes received and not yet decoded: a slow reader holds the
/// server back. Dropping it early is fine: the rest of the reply is discarded.
pub struct RecordBatchStream {
    source: Source,
    decoder: RecordBatchDecoder,
    ready: VecDeque<RecordBatch>,
    ended: bool,
    /// Kept open until the rows are read.
    _statement: Statement,
}

impl RecordBatchStream {
    fn new(source: Source, decoder: RecordBatchDecoder, statement: Statement) -> RecordBatchStream {
        RecordBatchStream {
            source,
            decoder,
            ready: VecDeque::new(),
            ended: false,
            _statement: statement,
        }
    }

    fn pull(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        match &mut self.source {
            Source::Copy(copy) => match Pin::new(copy).poll_next(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Some(chunk)) => {
                    self.decoder.push(&chunk?).map_err(arrow_error)?;
                    while let Some(batch) = self.decoder.next_batch().map_err(arrow_error)? {
                        self.ready.push_back(batch);
                    }
                    Poll::Ready(Ok(()))
                }
                Poll::Ready(None) => {
                    self.ended = true;
                    while let Some(batch) = self.decoder.finish().map_err(arrow_error)? {
                        self.ready.push_back(batch);
                    }
                    Poll::Ready(Ok(()))
                }
            },
            Source::Rows(rows) => match Pin::new(rows).poll_next(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Some(row)) => {
                    let row = row?;
                    let pushed = self.decoder.push_fields(row.len(), |i| row.raw(i));
                    if let Some(batch) = pushed.map_err(arrow_error)? {
                        self.ready.push_back(batch);
                    }
                    Poll::Ready(Ok(()))
                }
                Poll::Ready(None) => {
                    self.ended = true;
                    if let Some(batch) = self.decoder.finish_rows().map_err(arrow_error)? {
                        self.ready.push_back(batch);
                    }
                    Poll::Ready(Ok(()))
                }
            },
        }
    }
}

impl Stream for RecordBatchStream {
    type Item = Result<RecordBatch, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(batch) = this.ready.pop_front() {
                return Poll::Ready(Some(Ok(batch)));
            }
            if this.ended {
                return Poll::Ready(None);
            }
            match this.pull(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(())) => {}
                Poll::Ready(Err(e)) => {
                    this.ended = true;
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}

impl std::fmt::Debug for RecordBatchStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordBatchStream")
            .field("decoder", &self.decoder)
            .field("ready", &self.ready.len())
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}

/// A stream over batches already at hand (a `Vec`, an array, any iterator), for
/// [`Client::load_from_arrow`].
pub fn batch_stream<I>(batches: I) -> BatchStream<I::IntoIter>
where
    I: IntoIterator<Item = RecordBatch>,
{
    BatchStream(batches.into_iter())
}

/// An iterator of batches as a stream; see [`batch_stream`].
#[derive(Debug)]
pub struct BatchStream<I>(I);

impl<I: Iterator<Item = RecordBatch> + Unpin> Stream for BatchStream<I> {
    type Item = Result<RecordBatch, std::convert::Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.next().map(Ok))
    }
}
