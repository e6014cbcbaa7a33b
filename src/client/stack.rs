//! Statement stacks: an ordered list of operations (`execute`, `execute_many`, `select`) run as
//! one pipeline, with one result (rows affected, rows, or the error) per operation.
//!
//! How an error spreads depends on `continue_on_error` and on whether the caller has a
//! transaction open; see [`Client::execute_stack`]. A stack never commits or rolls back a
//! transaction it did not open.

use super::pipeline::refuse_foreign_or_copy;
use super::query::encode_bind;
use super::reply::{Reply, not_for_this_call};
use super::reply_reader::{Event, Step};
use super::row::Row;
use super::statement::Statement;
use super::{Client, StatementRef, ToStatement};
use crate::connection::Request;
use crate::error::Error;
use crate::protocol::backend::TransactionStatus;
use crate::protocol::{self, frontend};
use crate::types::SqlParam;

/// The savepoint around each operation when errors must not end the caller's transaction.
const SAVEPOINT: &str = "SAVEPOINT pgline_stack";
const RELEASE: &str = "RELEASE SAVEPOINT pgline_stack";
const ROLLBACK_TO: &str = "ROLLBACK TO SAVEPOINT pgline_stack; RELEASE SAVEPOINT pgline_stack";
/// The savepoint around preparing new SQL text in the caller's transaction: a statement that
/// fails to parse would otherwise leave the transaction failed.
const PREPARE_SAVEPOINT: &str = "SAVEPOINT pgline_stack_prepare";
const PREPARE_RELEASE: &str = "RELEASE SAVEPOINT pgline_stack_prepare";
const PREPARE_ROLLBACK_TO: &str =
    "ROLLBACK TO SAVEPOINT pgline_stack_prepare; RELEASE SAVEPOINT pgline_stack_prepare";

type Params<'a> = &'a [&'a (dyn SqlParam + Sync)];

/// What kind of operation a stack entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Execute,
    ExecuteMany,
    Select,
}

enum Source<'a> {
    Prepared(Statement),
    Text(&'a str),
}

struct Operation<'a> {
    source: Source<'a>,
    kind: Kind,
    /// One parameter set, or one per run for `execute_many`.
    sets: Vec<Params<'a>>,
}

/// An ordered list of operations run as one pipeline by [`Client::execute_stack`].
///
/// ```no_run
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// let ids = [[&1i32 as &(dyn pgline::types::SqlParam + Sync)], [&2i32]];
/// let stack = pgline::StatementStack::new()
///     .execute("CREATE TEMP TABLE t (id int PRIMARY KEY)", &[])
///     .execute_many("INSERT INTO t VALUES ($1)", &ids)
///     .select("SELECT count(*) FROM t", &[]);
/// let results = client.execute_stack(&stack, false).await?;
/// let n: i64 = results[2].rows[0].get(0);
/// assert_eq!(n, 2);
/// # Ok(()) }
/// ```
#[derive(Default)]
#[must_use = "a stack does nothing until Client::execute_stack runs it"]
pub struct StatementStack<'a> {
    operations: Vec<Operation<'a>>,
}

impl<'a> StatementStack<'a> {
    /// An empty stack.
    pub fn new() -> StatementStack<'a> {
        StatementStack::default()
    }

    /// Adds a command; its result counts the rows it affected.
    pub fn execute<T: ToStatement + ?Sized>(self, statement: &'a T, params: Params<'a>) -> Self {
        self.push(statement, Kind::Execute, vec![params])
    }

    /// Adds one statement run once per parameter set; its result sums the rows affected. The
    /// sets succeed or fail together.
    pub fn execute_many<T, S>(self, statement: &'a T, sets: &'a [S]) -> Self
    where
        T: ToStatement + ?Sized,
        S: AsRef<[&'a (dyn SqlParam + Sync)]>,
    {
        let sets = sets.iter().map(AsRef::as_ref).collect();
        self.push(statement, Kind::ExecuteMany, sets)
    }

    /// Adds a query whose rows are wanted.
    pub fn select<T: ToStatement + ?Sized>(self, statement: &'a T, params: Params<'a>) -> Self {
        self.push(statement, Kind::Select, vec![params])
    }

    fn push<T: ToStatement + ?Sized>(
        mut self,
        statement: &'a T,
        kind: Kind,
        sets: Vec<Params<'a>>,
    ) -> Self {
        let source = match statement.to_statement() {
            StatementRef::Prepared(s) => Source::Prepared(s.clone()),
            StatementRef::Text(sql) => Source::Text(sql),
        };
        self.operations.push(Operation { source, kind, sets });
        self
    }

    /// The number of operations.
    pub fn len(&self) -> usize {
        self.operations.len()
    }

    /// Whether the stack holds no operation.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }
}

impl<'a> StatementStack<'a> {
    /// The SQL text of each operation given as text, in order, with its index and parameter
    /// sets.
    pub(crate) fn texts(&self) -> impl Iterator<Item = (usize, &'a str, &[Params<'a>])> {
        self.operations
            .iter()
            .enumerate()
            .filter_map(|(index, operation)| match operation.source {
                Source::Text(sql) => Some((index, sql, operation.sets.as_slice())),
                Source::Prepared(_) => None,
            })
    }

    /// The same stack with each operation's SQL text replaced by what `rewrite` makes of it
    /// (in the order of [`texts`](Self::texts)): the driver's placeholder conversion.
    /// Prepared statements are kept.
    pub(crate) fn rewrite_texts<'b>(
        &self,
        mut rewrite: impl FnMut(&'a str) -> &'b str,
    ) -> StatementStack<'b>
    where
        'a: 'b,
    {
        let mut operations = Vec::with_capacity(self.operations.len());
        for operation in &self.operations {
            let source = match &operation.source {
                Source::Prepared(statement) => Source::Prepared(statement.clone()),
                Source::Text(sql) => Source::Text(rewrite(sql)),
            };
            operations.push(Operation {
                source,
                kind: operation.kind,
                sets: operation
                    .sets
                    .iter()
                    .map(|set| -> Params<'b> { set })
                    .collect(),
            });
        }
        StatementStack { operations }
    }
}

impl std::fmt::Debug for StatementStack<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kinds: Vec<Kind> = self.operations.iter().map(|o| o.kind).collect();
        f.debug_struct("StatementStack")
            .field("operations", &kinds)
            .finish()
    }
}

/// What one operation of a stack did.
#[derive(Debug)]
pub struct StackResult {
    /// The operation's position in the stack.
    pub index: usize,
    /// The rows it affected (summed over the sets of an `execute_many`).
    pub rows_affected: u64,
    /// The rows a `select` (or a command with RETURNING) returned.
    pub rows: Vec<Row>,
    /// Why it failed; `None` when it succeeded.
    pub error: Option<Error>,
}

impl StackResult {
    fn new(index: usize) -> StackResult {
        StackResult {
            index,
            rows_affected: 0,
            rows: Vec::new(),
            error: None,
        }
    }

    /// Whether the operation succeeded.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}

/// Whose answer a step of a flight is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The operation's own Bind/Execute.
    Own,
    /// Its SAVEPOINT command.
    Savepoint,
    /// Its RELEASE command, or a Sync.
    Wrapper,
}

/// How one flight went: the results it settled, and the operation that failed first.
struct Flight {
    failed: Option<(usize, Role)>,
}

impl Client {
    /// Runs every operation of `stack` as one pipeline (one round trip once its SQL text is
    /// prepared) and returns one [`StackResult`] per operation, in order.
    ///
    /// - `continue_on_error = false`: the operations run as one unit. The first error stops
    ///   the stack and is returned, naming the operation with [`Error::operation`]. Outside a
    ///   transaction nothing of the stack stays (one implicit transaction). Inside the
    ///   caller's transaction the error leaves that transaction failed
    ///   ([`TransactionStatus::Failed`]): the caller decides whether to roll it back (or back
    ///   to a savepoint of its own); the stack never does.
    /// - `continue_on_error = true`: every operation reports its own result or error. Outside a
    ///   transaction each operation commits on its own (a Sync after each; the sets of an
    ///   `execute_many` together). Inside the caller's transaction each operation runs inside
    ///   its own savepoint, so a failed one is undone alone and the transaction stays usable;
    ///   after a failure the operations behind it are sent again (one more round trip per
    ///   failure).
    ///
    /// "Inside a transaction" means this client is a [`Transaction`](crate::Transaction)'s
    /// (or the server reported an open transaction block after the last request).
    ///
    /// The outer error is for the stack as a whole (a closed connection, a reply out of step,
    /// or with `continue_on_error = false` the first operation's error).
    pub async fn execute_stack(
        &self,
        stack: &StatementStack<'_>,
        continue_on_error: bool,
    ) -> Result<Vec<StackResult>, Error> {
        self.timed(self.execute_stack_unbounded(stack, continue_on_error))
            .await
    }

    async fn execute_stack_unbounded(
        &self,
        stack: &StatementStack<'_>,
        continue_on_error: bool,
    ) -> Result<Vec<StackResult>, Error> {
        let operations = &stack.operations;
        if operations.is_empty() {
            return Ok(Vec::new());
        }
        let in_transaction =
            self.owner.is_some() || self.transaction_status() != TransactionStatus::Idle;
        let savepoints = continue_on_error && in_transaction;
        let statements = self.stack_statements(operations, savepoints).await?;
        let mut results: Vec<StackResult> = (0..operations.len()).map(StackResult::new).collect();
        if !continue_on_error {
            if let Some((index, Err(e))) = statements
                .iter()
                .enumerate()
                .find(|(_, s)| s.is_err())
                .map(|(i, s)| (i, s.as_ref().map_err(clone_error)))
            {
                return Err(e.in_operation(index));
            }
            let flight = self
                .stack_flight(operations, &statements, 0, false, false, &mut results)
                .await?;
            if let Some((failed, _)) = flight.failed {
                let error = results[failed].error.take();
                return Err(error.unwrap_or_else(|| Error::aborted(failed, failed)));
            }
            return Ok(results);
        }
        for (index, statement) in statements.iter().enumerate() {
            if let Err(e) = statement {
                results[index].error = Some(clone_error(e).in_operation(index));
            }
        }
        if !savepoints {
            self.stack_flight(operations, &statements, 0, true, false, &mut results)
                .await?;
            return Ok(results);
        }
        let mut start = 0;
        while start < operations.len() {
            let flight = self
                .stack_flight(operations, &statements, start, true, true, &mut results)
                .await?;
            let Some((failed, role)) = flight.failed else {
                break;
            };
            // Everything behind the failure saw an aborted transaction: forget it, undo the
            // failed operation alone and send the rest again.
            for later in &mut results[failed + 1..] {
                *later = StackResult::new(later.index);
            }
            for (index, statement) in statements.iter().enumerate().skip(failed + 1) {
                if let Err(e) = statement {
                    results[index].error = Some(clone_error(e).in_operation(index));
                }
            }
            if role == Role::Savepoint {
                // The transaction was failed before this operation began: nothing can run.
                for later in &mut results[failed + 1..] {
                    later.error = Some(Error::aborted(later.index, failed));
                }
                break;
            }
            self.batch_execute(ROLLBACK_TO).await?;
            start = failed + 1;
        }
        Ok(results)
    }

    /// The statement of every operation: cached, given, or prepared (all new text in one
    /// flight). A text that fails to prepare is that operation's error.
    async fn stack_statements(
        &self,
        operations: &[Operation<'_>],
        savepoint: bool,
    ) -> Result<Vec<Result<Statement, Error>>, Error> {
        let mut texts: Vec<&str> = Vec::new();
        for operation in operations {
            if let Source::Text(sql) = operation.source
                && self.cache().get(sql).is_none()
                && !texts.contains(&sql)
            {
                texts.push(sql);
            }
        }
        let mut prepared: Vec<(&str, Result<Statement, Error>)> = Vec::new();
        let mut remaining = texts;
        while !remaining.is_empty() {
            if savepoint {
                self.batch_execute(PREPARE_SAVEPOINT).await?;
            }
            let mut pending = Vec::with_capacity(remaining.len());
            for sql in &remaining {
                pending.push(self.start_prepare(self.next_statement_name(), sql, &[]));
            }
            let mut round = Vec::with_capacity(remaining.len());
            for (sql, pending) in remaining.iter().zip(pending) {
                let statement = match pending {
                    Ok(pending) => self.finish_prepare(pending).await,
                    Err(e) => Err(e),
                };
                round.push((*sql, statement));
            }
            let mut retry = Vec::new();
            if savepoint {
                let first_failure = round.iter().position(|(_, s)| s.is_err());
                self.batch_execute(match first_failure {
                    Some(_) => PREPARE_ROLLBACK_TO,
                    None => PREPARE_RELEASE,
                })
                .await?;
                // Behind the first failure the transaction was aborted: those texts get
                // another try once it is undone.
                if let Some(first) = first_failure {
                    round.retain(|(sql, statement)| match statement {
                        Err(e)
                            if aborted_transaction(e) && round_index(&remaining, sql) > first =>
                        {
                            retry.push(*sql);
                            false
                        }
                        _ => true,
                    });
                }
            }
            for (sql, statement) in round {
                if let Ok(statement) = &statement {
                    self.cache().insert(sql, statement.clone());
                }
                prepared.push((sql, statement));
            }
            remaining = retry;
        }
        let mut statements = Vec::with_capacity(operations.len());
        for operation in operations {
            let statement = match &operation.source {
                Source::Prepared(statement) => Ok(statement.clone()),
                Source::Text(sql) => match prepared.iter().find(|(text, _)| text == sql) {
                    Some((_, Ok(statement))) => Ok(statement.clone()),
                    Some((_, Err(e))) => Err(clone_error(e)),
                    // Cached when looked at above; a cache that dropped it since (or is off)
                    // costs one more prepare.
                    None => self.cached_statement(sql).await,
                },
            };
            statements.push(statement.and_then(|s| refuse_foreign_or_copy(self, &s).map(|()| s)));
        }
        Ok(statements)
    }

    /// Sends the operations from `start` on as one request and reads their results into
    /// `results`. `sync_each` puts a Sync after every operation; `savepoints` wraps each in
    /// SAVEPOINT/RELEASE. Operations whose statement failed to prepare are left out.
    async fn stack_flight(
        &self,
        operations: &[Operation<'_>],
        statements: &[Result<Statement, Error>],
        start: usize,
        sync_each: bool,
        savepoints: bool,
        results: &mut [StackResult],
    ) -> Result<Flight, Error> {
        let codecs = self.codecs().clone();
        let mut steps: Vec<Step> = Vec::new();
        let mut owners: Vec<(usize, Role)> = Vec::new();
        let included: Vec<usize> = (start..statements.len())
            .filter(|&index| statements[index].is_ok())
            .collect();
        // The request must say how many ReadyForQuery it owes before it is encoded.
        let syncs = if sync_each && !included.is_empty() {
            included.len() as u32
        } else {
            1
        };
        let rx = {
            self.send(Request::extended(syncs), |buf| {
                for &index in &included {
                    let Ok(statement) = &statements[index] else {
                        continue;
                    };
                    if savepoints {
                        encode_command(SAVEPOINT, buf)?;
                        for step in [Step::Parse, Step::Bind, Step::Execute] {
                            steps.push(step);
                            owners.push((index, Role::Savepoint));
                        }
                    }
                    for set in &operations[index].sets {
                        encode_bind(
                            buf,
                            statement.name(),
                            statement.params(),
                            statement.columns().len(),
                            set.iter().copied(),
                            &codecs,
                        )
                        .map_err(|e| e.in_operation(index))?;
                        frontend::execute("", 0, buf).map_err(Error::protocol)?;
                        for step in [Step::Bind, Step::Execute] {
                            steps.push(step);
                            owners.push((index, Role::Own));
                        }
                    }
                    if savepoints {
                        encode_command(RELEASE, buf)?;
                        for step in [Step::Parse, Step::Bind, Step::Execute] {
                            steps.push(step);
                            owners.push((index, Role::Wrapper));
                        }
                    }
                    if sync_each {
                        frontend::sync(buf);
                        steps.push(Step::Sync);
                        owners.push((index, Role::Wrapper));
                    }
                }
                if !sync_each || steps.is_empty() {
                    frontend::sync(buf);
                    steps.push(Step::Sync);
                    owners.push((statements.len() - 1, Role::Wrapper));
                }
                Ok(())
            })?
        };
        let mut reply = Reply::new(self.shared(), rx, steps);
        let mut failed = None;
        while !reply.is_done() {
            let (index, role) = owners[reply.step_index()];
            match reply.next().await? {
                Event::ParseComplete | Event::BindComplete | Event::EmptyQuery => {}
                Event::Ready(_) => {}
                Event::DataRow(body) if role == Role::Own => {
                    if let Ok(statement) = &statements[index] {
                        results[index].rows.push(Row::new(statement.clone(), body)?);
                    }
                }
                Event::CommandComplete(c) if role == Role::Own => {
                    results[index].rows_affected += c.rows().unwrap_or(0);
                }
                Event::CommandComplete(_) => {}
                Event::Error(db) => {
                    let result = &mut results[index];
                    result.rows.clear();
                    result.rows_affected = 0;
                    result
                        .error
                        .get_or_insert(Error::db(*db).in_operation(index));
                    failed.get_or_insert((index, role));
                }
                other => return Err(not_for_this_call(&other)),
            }
        }
        Ok(Flight { failed })
    }
}

/// A SQL command without parameters or rows on the unnamed statement: Parse, Bind, Execute.
fn encode_command(sql: &str, buf: &mut bytes::BytesMut) -> Result<(), Error> {
    frontend::parse("", sql, std::iter::empty(), buf).map_err(Error::protocol)?;
    frontend::bind(
        "",
        "",
        std::iter::empty(),
        std::iter::empty::<()>(),
        |(), _| Ok::<_, Error>(protocol::IsNull::No),
        std::iter::empty(),
        buf,
    )
    .map_err(|e| match e {
        frontend::BindError::Encode(e) => Error::protocol(e),
        frontend::BindError::Serialize { error, .. } => error,
    })?;
    frontend::execute("", 0, buf).map_err(Error::protocol)
}

/// Whether the server refused a statement because the transaction was already aborted.
fn aborted_transaction(e: &Error) -> bool {
    e.code() == Some(&crate::error::SqlState::IN_FAILED_SQL_TRANSACTION)
}

fn round_index(texts: &[&str], sql: &str) -> usize {
    texts.iter().position(|t| *t == sql).unwrap_or(0)
}

/// A prepare error handed to each operation sharing the text (errors are not `Clone`).
fn clone_error(e: &Error) -> Error {
    match e.as_db_error() {
        Some(db) => Error::db(db.clone()),
        None => Error::usage(e.to_string()),
    }
}
