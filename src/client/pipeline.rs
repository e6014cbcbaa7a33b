//! Explicit pipelines and `execute_many`: many Bind/Execute in one write, one result per
//! operation, in order.
//!
//! SQL text not yet prepared is prepared first, all of it in one flight (one round trip however
//! many new statements there are; none once the statement cache has them). The operations then
//! go out as one request; its replies are read while it is written, so a server blocked writing
//! results never deadlocks the writer.

use super::reply::{Reply, not_for_this_call};
use super::reply_reader::{Event, Step};
use super::row::Row;
use super::statement::Statement;
use super::{Client, StatementRef, ToStatement};
use crate::connection::Request;
use crate::error::Error;
use crate::protocol::frontend;
use crate::types::SqlParam;

use super::query::{BorrowToSql, encode_bind};

/// When a pipeline's operations commit, and what an error stops.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SyncMode {
    /// One Sync at the end: the server runs everything as one implicit transaction (or inside
    /// the caller's), the first error aborts the rest, and every other operation reports
    /// [`ErrorKind::Aborted`](crate::ErrorKind::Aborted) naming the failed one.
    #[default]
    Atomic,
    /// A Sync after each operation: each commits or fails on its own (outside a transaction).
    Isolated,
}

/// What one operation of a pipeline returned.
#[derive(Debug)]
pub struct PipelineOutcome {
    /// The rows it returned (none for a command without RETURNING).
    pub rows: Vec<Row>,
    /// The rows it affected, from its command tag (0 when the tag has no count).
    pub rows_affected: u64,
}

enum Source<'a> {
    Prepared(Statement),
    Text(&'a str),
}

struct Operation<'a> {
    source: Source<'a>,
    params: &'a [&'a (dyn SqlParam + Sync)],
}

/// A pipeline being built; see [`Client::pipeline`].
///
/// ```no_run
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// use pgline::SyncMode;
/// let results = client
///     .pipeline()
///     .execute("INSERT INTO t (n) VALUES ($1)", &[&1i32])
///     .query("SELECT count(*) FROM t", &[])
///     .sync_mode(SyncMode::Atomic)
///     .run()
///     .await?;
/// let count: i64 = results[1].as_ref().unwrap().rows[0].get(0);
/// # Ok(()) }
/// ```
#[must_use = "a pipeline does nothing until run"]
pub struct Pipeline<'a> {
    client: &'a Client,
    operations: Vec<Operation<'a>>,
    mode: SyncMode,
}

impl Client {
    /// Starts an explicit pipeline: queue operations, then [`Pipeline::run`] sends them in one
    /// write and returns one result per operation, in order.
    pub fn pipeline(&self) -> Pipeline<'_> {
        Pipeline {
            client: self,
            operations: Vec::new(),
            mode: SyncMode::Atomic,
        }
    }

    /// Runs one statement once per parameter set: one Parse (when not cached), N Bind/Execute
    /// and one Sync, in one round trip. It is atomic: an error rolls everything back (outside a
    /// transaction) and names the failed set with [`Error::operation`]. Returns the rows
    /// affected in total.
    ///
    /// Parameter sets are encoded straight from the iterator into the request: nothing is
    /// collected first.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// let rows: Vec<(i32, String)> = (0..1000).map(|i| (i, format!("item {i}"))).collect();
    /// let n = client
    ///     .execute_many(
    ///         "INSERT INTO items (id, name) VALUES ($1, $2)",
    ///         rows.iter().map(|(id, name)| [id as &(dyn pgline::types::SqlParam + Sync), name]),
    ///     )
    ///     .await?;
    /// assert_eq!(n, 1000);
    /// # Ok(()) }
    /// ```
    pub async fn execute_many<T, I, S, P>(&self, statement: &T, params: I) -> Result<u64, Error>
    where
        T: ToStatement + ?Sized,
        I: IntoIterator<Item = S>,
        S: IntoIterator<Item = P>,
        S::IntoIter: ExactSizeIterator,
        P: BorrowToSql,
    {
        self.timed(async {
            let statement = match statement.to_statement() {
                StatementRef::Prepared(s) => s.clone(),
                StatementRef::Text(sql) => self.cached_statement(sql).await?,
            };
            refuse_foreign_or_copy(self, &statement)?;
            let codecs = self.codecs().clone();
            let mut steps = Vec::new();
            let rx = self.send(Request::extended(1), |buf| {
                for set in params {
                    encode_bind(
                        buf,
                        statement.name(),
                        statement.params(),
                        statement.columns().len(),
                        set.into_iter(),
                        &codecs,
                    )
                    .map_err(|e| e.in_operation(steps.len() / 2))?;
                    frontend::execute("", 0, buf).map_err(Error::protocol)?;
                    steps.extend([Step::Bind, Step::Execute]);
                }
                frontend::sync(buf);
                steps.push(Step::Sync);
                Ok(())
            })?;
            let mut reply = Reply::new(self.shared(), rx, steps);
            let mut affected = 0;
            let mut failed = None;
            while !reply.is_done() {
                let step = reply.step_index();
                match reply.next().await? {
                    Event::BindComplete | Event::EmptyQuery | Event::Ready(_) => {}
                    Event::DataRow(_) => {}
                    Event::CommandComplete(c) => affected += c.rows().unwrap_or(0),
                    Event::Error(db) => failed = Some(Error::db(*db).in_operation(step / 2)),
                    other => return Err(not_for_this_call(&other)),
                }
            }
            failed.map_or(Ok(affected), Err)
        })
        .await
    }
}

/// A statement from another connection, or a COPY, cannot join a pipeline.
pub(super) fn refuse_foreign_or_copy(client: &Client, statement: &Statement) -> Result<(), Error> {
    if !statement.belongs_to(client.shared()) {
        return Err(Error::usage("the statement was prepared on another connection").before_send());
    }
    if statement.0.may_copy {
        return Err(Error::usage("COPY cannot run in a pipeline; use the COPY API").before_send());
    }
    Ok(())
}

impl<'a> Pipeline<'a> {
    /// Queues a statement whose rows are wanted.
    pub fn query<T>(mut self, statement: &'a T, params: &'a [&'a (dyn SqlParam + Sync)]) -> Self
    where
        T: ToStatement + ?Sized,
    {
        self.push(statement, params);
        self
    }

    /// Queues a command (its rows, if any, are read and kept too).
    pub fn execute<T>(mut self, statement: &'a T, params: &'a [&'a (dyn SqlParam + Sync)]) -> Self
    where
        T: ToStatement + ?Sized,
    {
        self.push(statement, params);
        self
    }

    fn push<T: ToStatement + ?Sized>(
        &mut self,
        statement: &'a T,
        params: &'a [&'a (dyn SqlParam + Sync)],
    ) {
        let source = match statement.to_statement() {
            StatementRef::Prepared(s) => Source::Prepared(s.clone()),
            StatementRef::Text(sql) => Source::Text(sql),
        };
        self.operations.push(Operation { source, params });
    }

    /// Chooses how the operations commit; [`SyncMode::Atomic`] unless told otherwise.
    pub fn sync_mode(mut self, mode: SyncMode) -> Self {
        self.mode = mode;
        self
    }

    /// The number of operations queued.
    pub fn len(&self) -> usize {
        self.operations.len()
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }

    /// Sends every operation in one write and returns one result per operation, in order.
    ///
    /// The outer error is for the pipeline as a whole (a statement that cannot be prepared,
    /// a parameter that cannot be encoded, a closed connection); then nothing ran.
    pub async fn run(self) -> Result<Vec<Result<PipelineOutcome, Error>>, Error> {
        let client = self.client;
        client.timed(self.run_unbounded()).await
    }

    async fn run_unbounded(self) -> Result<Vec<Result<PipelineOutcome, Error>>, Error> {
        let client = self.client;
        let statements = prepare_all(client, &self.operations).await?;
        for statement in &statements {
            refuse_foreign_or_copy(client, statement)?;
        }
        let per_operation = match self.mode {
            SyncMode::Atomic => 2,
            SyncMode::Isolated => 3,
        };
        let codecs = client.codecs().clone();
        let mut steps = Vec::with_capacity(self.operations.len() * per_operation + 1);
        let syncs = match self.mode {
            SyncMode::Atomic => 1,
            SyncMode::Isolated => self.operations.len().max(1) as u32,
        };
        let rx = client.send(Request::extended(syncs), |buf| {
            for (index, (operation, statement)) in
                self.operations.iter().zip(&statements).enumerate()
            {
                encode_bind(
                    buf,
                    statement.name(),
                    statement.params(),
                    statement.columns().len(),
                    operation.params.iter().copied(),
                    &codecs,
                )
                .map_err(|e| e.in_operation(index))?;
                frontend::execute("", 0, buf).map_err(Error::protocol)?;
                steps.extend([Step::Bind, Step::Execute]);
                if self.mode == SyncMode::Isolated {
                    frontend::sync(buf);
                    steps.push(Step::Sync);
                }
            }
            if self.mode == SyncMode::Atomic || self.operations.is_empty() {
                frontend::sync(buf);
                steps.push(Step::Sync);
            }
            Ok(())
        })?;
        let mut reply = Reply::new(client.shared(), rx, steps);
        let count = self.operations.len();
        let mut results: Vec<Option<Result<PipelineOutcome, Error>>> =
            (0..count).map(|_| None).collect();
        let mut current = PipelineOutcome {
            rows: Vec::new(),
            rows_affected: 0,
        };
        let mut failed = None;
        while !reply.is_done() {
            let operation = (reply.step_index() / per_operation).min(count.saturating_sub(1));
            match reply.next().await? {
                Event::BindComplete | Event::Ready(_) => {}
                Event::DataRow(body) => current
                    .rows
                    .push(Row::new(statements[operation].clone(), body)?),
                Event::CommandComplete(c) => {
                    current.rows_affected = c.rows().unwrap_or(0);
                    let done = std::mem::replace(
                        &mut current,
                        PipelineOutcome {
                            rows: Vec::new(),
                            rows_affected: 0,
                        },
                    );
                    results[operation] = Some(Ok(done));
                }
                Event::EmptyQuery => results[operation] = Some(Ok(empty_outcome())),
                Event::Error(db) => {
                    current.rows.clear();
                    results[operation] = Some(Err(Error::db(*db).in_operation(operation)));
                    failed.get_or_insert(operation);
                }
                other => return Err(not_for_this_call(&other)),
            }
        }
        Ok(results
            .into_iter()
            .enumerate()
            .map(|(index, result)| match (self.mode, failed, result) {
                // One implicit transaction: everything else was skipped or rolled back.
                (SyncMode::Atomic, Some(failed), Some(Ok(_)) | None) if index != failed => {
                    Err(Error::aborted(index, failed))
                }
                (_, Some(failed), None) => Err(Error::aborted(index, failed)),
                (_, _, Some(result)) => result,
                (_, None, None) => Err(Error::unexpected("the server skipped an operation")),
            })
            .collect())
    }
}

fn empty_outcome() -> PipelineOutcome {
    PipelineOutcome {
        rows: Vec::new(),
        rows_affected: 0,
    }
}

/// The statement of every operation: SQL text from the cache, or prepared, every new text in
/// one flight.
async fn prepare_all(
    client: &Client,
    operations: &[Operation<'_>],
) -> Result<Vec<Statement>, Error> {
    let mut pending = Vec::new();
    let mut found: Vec<Option<Statement>> = Vec::with_capacity(operations.len());
    let mut new_texts: Vec<&str> = Vec::new();
    for operation in operations {
        match &operation.source {
            Source::Prepared(statement) => found.push(Some(statement.clone())),
            Source::Text(sql) => match client.cache().get(sql) {
                Some(statement) => found.push(Some(statement)),
                None => {
                    if !new_texts.contains(sql) {
                        new_texts.push(sql);
                        pending.push(client.start_prepare(
                            client.next_statement_name(),
                            sql,
                            &[],
                        )?);
                    }
                    found.push(None);
                }
            },
        }
    }
    // Every Parse went out above; now read the replies in order.
    let mut prepared = Vec::with_capacity(pending.len());
    for (sql, pending) in new_texts.iter().zip(pending) {
        let statement = client.finish_prepare(pending).await?;
        client.cache().insert(sql, statement.clone());
        prepared.push((*sql, statement));
    }
    Ok(operations
        .iter()
        .zip(found)
        .map(|(operation, found)| match (found, &operation.source) {
            (Some(statement), _) => statement,
            (None, Source::Text(sql)) => prepared
                .iter()
                .find(|(text, _)| text == sql)
                .map(|(_, s)| s.clone())
                .expect("every new text was prepared above"),
            (None, Source::Prepared(statement)) => statement.clone(),
        })
        .collect())
}

impl std::fmt::Debug for Pipeline<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("operations", &self.operations.len())
            .field("mode", &self.mode)
            .finish()
    }
}
