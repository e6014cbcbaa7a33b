//! Running statements: bind and execute, read rows, count affected rows.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::BytesMut;
use futures_core::Stream;

use super::reply::{Reply, not_for_this_call};
use super::reply_reader::{Event, steps};
use super::row::Row;
use super::statement::{Column, Statement, StatementInner};
use super::{Client, StatementRef, ToStatement};
use crate::connection::{Request, may_copy};
use crate::error::{Error, SqlState};
use crate::protocol::backend::TransactionStatus;
use crate::protocol::{self, Format, ObjectKind, frontend};
use crate::types::{CodecContext, IsNull, SqlParam, Type};

/// Something that lends a parameter: `&dyn SqlParam`, a boxed one, or any `ToSql` value.
pub trait BorrowToSql {
    /// The parameter.
    fn borrow_to_sql(&self) -> &dyn SqlParam;
}

impl BorrowToSql for &dyn SqlParam {
    fn borrow_to_sql(&self) -> &dyn SqlParam {
        *self
    }
}

impl BorrowToSql for &(dyn SqlParam + Sync) {
    fn borrow_to_sql(&self) -> &dyn SqlParam {
        *self
    }
}

impl BorrowToSql for Box<dyn SqlParam + Sync> {
    fn borrow_to_sql(&self) -> &dyn SqlParam {
        &**self
    }
}

impl<T: crate::types::ToSql> BorrowToSql for T {
    fn borrow_to_sql(&self) -> &dyn SqlParam {
        self
    }
}

/// Appends Bind for `statement` with `params` encoded against its parameter types, asking for
/// every result column in binary.
pub(crate) fn encode_bind<P: BorrowToSql>(
    buf: &mut BytesMut,
    statement: &str,
    types: &[Type],
    columns: usize,
    params: impl ExactSizeIterator<Item = P>,
    codecs: &CodecContext,
) -> Result<(), Error> {
    encode_bind_portal(buf, "", statement, types, columns, params, codecs)
}

/// [`encode_bind`] into the named portal `portal` (a portal walked in batches).
pub(crate) fn encode_bind_portal<P: BorrowToSql>(
    buf: &mut BytesMut,
    portal: &str,
    statement: &str,
    types: &[Type],
    columns: usize,
    params: impl ExactSizeIterator<Item = P>,
    codecs: &CodecContext,
) -> Result<(), Error> {
    check_param_count(types.len(), params.len())?;
    let param_formats: &[Format] = if types.is_empty() {
        &[]
    } else {
        &[Format::Binary]
    };
    let result_formats: &[Format] = if columns == 0 { &[] } else { &[Format::Binary] };
    let mut index = 0;
    frontend::bind(
        portal,
        statement,
        param_formats.iter().copied(),
        params.zip(types),
        |(param, ty), buf| {
            let param = param.borrow_to_sql();
            let result = param.encode_param(codecs, ty, buf).map_err(|cause| {
                Error::conversion(
                    format!(
                        "parameter ${} of type {ty} from {}",
                        index + 1,
                        crate::types::short_type_name(param.rust_type())
                    ),
                    cause,
                )
            });
            index += 1;
            result.map(|is_null| match is_null {
                IsNull::Yes => protocol::IsNull::Yes,
                IsNull::No => protocol::IsNull::No,
            })
        },
        result_formats.iter().copied(),
        buf,
    )
    .map_err(bind_error)
}

/// Too many or too few parameters: a client-side error, before anything is sent.
fn check_param_count(expected: usize, given: usize) -> Result<(), Error> {
    if expected == given {
        return Ok(());
    }
    Err(Error::conversion(
        format!("the statement has {expected} parameters but {given} were given"),
        "wrong parameter count".into(),
    ))
}

/// Whether SQL text may hold a `$n` placeholder. Text without parameters runs in one round
/// trip; text that may want some is prepared first so a missing parameter is caught here.
fn may_have_placeholders(sql: &str) -> bool {
    sql.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'$' && w[1].is_ascii_digit())
}

/// Bind of the unnamed statement to the unnamed portal, without parameters.
pub(crate) fn encode_parameterless_bind(
    buf: &mut BytesMut,
    result_formats: &[Format],
) -> Result<(), Error> {
    frontend::bind(
        "",
        "",
        std::iter::empty(),
        std::iter::empty::<()>(),
        |(), _| Ok::<_, Error>(protocol::IsNull::No),
        result_formats.iter().copied(),
        buf,
    )
    .map_err(bind_error)
}

fn bind_error(e: frontend::BindError<Error>) -> Error {
    match e {
        frontend::BindError::Serialize { error, .. } => error,
        frontend::BindError::Encode(e) => Error::protocol(e),
    }
}

impl Client {
    /// Starts a prepared statement: Bind, Execute, Sync in one request.
    fn start_prepared<P: BorrowToSql>(
        &self,
        statement: &Statement,
        params: impl ExactSizeIterator<Item = P>,
    ) -> Result<Reply, Error> {
        if !statement.belongs_to(self.shared()) {
            return Err(Error::usage(
                "the statement was prepared on another connection; prepare it on this one (or \
                 pass the SQL text, which the client prepares itself)",
            )
            .before_send());
        }
        let codecs = self.codecs();
        let request = Request::extended(1).barrier_if(statement.0.may_copy);
        let rx = self.send(request, |buf| {
            encode_bind(
                buf,
                statement.name(),
                statement.params(),
                statement.columns().len(),
                params,
                codecs,
            )?;
            frontend::execute("", 0, buf).map_err(Error::protocol)?;
            frontend::sync(buf);
            Ok(())
        })?;
        Ok(Reply::new(self.shared(), rx, steps::EXECUTE))
    }

    /// A statement for SQL text: from the statement cache, or prepared (one round trip) and
    /// cached; or the statement itself.
    async fn statement<T: ToStatement + ?Sized>(&self, statement: &T) -> Result<Statement, Error> {
        match statement.to_statement() {
            StatementRef::Prepared(s) => Ok(s.clone()),
            StatementRef::Text(sql) => self.cached_statement(sql).await,
        }
    }

    /// The cached statement for `sql`, prepared on a miss.
    pub(crate) async fn cached_statement(&self, sql: &str) -> Result<Statement, Error> {
        if let Some(statement) = self.cache().get(sql) {
            return Ok(statement);
        }
        let statement = self.prepare_unbounded(sql, &[]).await?;
        self.cache().insert(sql, statement.clone());
        Ok(statement)
    }

    /// SQL text without parameters that can run unprepared, in one round trip.
    fn unprepared<'a, T: ToStatement + ?Sized>(
        statement: &'a T,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Option<&'a str> {
        match statement.to_statement() {
            StatementRef::Text(sql) if params.is_empty() && !may_have_placeholders(sql) => {
                Some(sql)
            }
            _ => None,
        }
    }

    /// Runs SQL text without parameters in one round trip: Parse, Bind, Describe and Execute
    /// on the unnamed statement, then Sync. Nothing else can touch the unnamed statement in
    /// between: the whole request is written at once, in order.
    async fn query_unprepared(&self, sql: &str) -> Result<(Vec<Row>, u64), Error> {
        let request = Request::extended(1).barrier_if(may_copy(sql));
        let rx = self.send(request, |buf| {
            frontend::parse("", sql, std::iter::empty(), buf).map_err(Error::protocol)?;
            encode_parameterless_bind(buf, &[Format::Binary])?;
            frontend::describe(ObjectKind::Portal, "", buf).map_err(Error::protocol)?;
            frontend::execute("", 0, buf).map_err(Error::protocol)?;
            frontend::sync(buf);
            Ok(())
        })?;
        let mut reply = Reply::new(self.shared(), rx, steps::UNPREPARED);
        // Read the whole reply before resolving unknown column types: a catalog query queued
        // behind this request could not be answered while its rows wait to be read.
        let mut description = None;
        let mut bodies = Vec::new();
        let mut affected = 0;
        while !reply.is_done() {
            match reply.next().await? {
                Event::ParseComplete | Event::BindComplete | Event::NoData => {}
                Event::RowDescription(d) => description = Some(d),
                Event::DataRow(body) => bodies.push(body),
                Event::CommandComplete(c) => affected = c.rows().unwrap_or(0),
                Event::EmptyQuery | Event::Ready(_) => {}
                Event::Error(db) => {
                    reply.finish().await.ok();
                    return Err(Error::db(*db));
                }
                other => return Err(not_for_this_call(&other)),
            }
        }
        let Some(description) = description else {
            return Ok((Vec::new(), affected));
        };
        let columns = self.columns(&description).await?;
        let statement = Statement::new(StatementInner {
            name: String::new(),
            params: Vec::new(),
            columns,
            codecs: self.codecs().clone(),
            connection: std::sync::Weak::new(),
            may_copy: false,
        });
        let rows = bodies
            .into_iter()
            .map(|body| Row::new(statement.clone(), body))
            .collect::<Result<_, _>>()?;
        Ok((rows, affected))
    }

    /// Runs a statement and returns its rows.
    ///
    /// `statement` is a [`Statement`] or SQL text; SQL text with no parameters runs in one round
    /// trip, with parameters it is prepared first (two round trips; prepare once and reuse the
    /// statement on hot paths).
    pub async fn query<T>(
        &self,
        statement: &T,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<Vec<Row>, Error>
    where
        T: ToStatement + ?Sized,
    {
        if self.timeout().is_some() {
            return self.timed(self.query_untimed(statement, params)).await;
        }
        // Without a timeout the request is awaited in place: wrapping it would move the whole
        // request future once more per call.
        self.query_untimed(statement, params).await
    }

    async fn query_untimed<T>(
        &self,
        statement: &T,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<Vec<Row>, Error>
    where
        T: ToStatement + ?Sized,
    {
        if let Some(sql) = Self::unprepared(statement, params) {
            return Ok(self.query_unprepared(sql).await?.0);
        }
        let mut rows = self.rows_retrying(statement, params).await?;
        let mut all = Vec::new();
        std::future::poll_fn(|cx| rows.poll_collect(cx, &mut all)).await?;
        Ok(all)
    }

    /// [`Client::query_opt`] without the timeout: the first row kept and the rest counted, so
    /// the common single-row call allocates no `Vec`.
    async fn query_opt_untimed<T>(
        &self,
        statement: &T,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<Option<Row>, Error>
    where
        T: ToStatement + ?Sized,
    {
        let mut first = FirstRow::default();
        if let Some(sql) = Self::unprepared(statement, params) {
            for row in self.query_unprepared(sql).await?.0 {
                first.push(row);
            }
        } else {
            let mut rows = self.rows_retrying(statement, params).await?;
            std::future::poll_fn(|cx| rows.poll_first(cx, &mut first)).await?;
        }
        match first.count {
            0 | 1 => Ok(first.row),
            n => Err(Error::row_count(format!(
                "expected at most one row, the query returned {n}"
            ))),
        }
    }

    /// Runs a statement that must return exactly one row.
    pub async fn query_one<T>(
        &self,
        statement: &T,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<Row, Error>
    where
        T: ToStatement + ?Sized,
    {
        match self.query_opt(statement, params).await? {
            Some(row) => Ok(row),
            None => Err(Error::row_count("query_one: the query returned no rows")),
        }
    }

    /// Runs a statement that must return at most one row.
    pub async fn query_opt<T>(
        &self,
        statement: &T,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<Option<Row>, Error>
    where
        T: ToStatement + ?Sized,
    {
        if self.timeout().is_some() {
            return self.timed(self.query_opt_untimed(statement, params)).await;
        }
        self.query_opt_untimed(statement, params).await
    }

    /// Runs a statement and returns the number of rows it affected (0 for statements that
    /// report none).
    pub async fn execute<T>(
        &self,
        statement: &T,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<u64, Error>
    where
        T: ToStatement + ?Sized,
    {
        self.timed(async {
            if let Some(sql) = Self::unprepared(statement, params) {
                return Ok(self.query_unprepared(sql).await?.1);
            }
            let mut rows = self.rows_retrying(statement, params).await?;
            while rows.next_row().await?.is_some() {}
            Ok(rows.rows_affected.unwrap_or(0))
        })
        .await
    }

    /// Runs a statement and streams its rows as they arrive, holding at most a bounded amount
    /// of the result in memory. The client timeout covers the call, not the stream.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// use futures_util::StreamExt;
    /// let params: [&(dyn pgline::types::SqlParam + Sync); 0] = [];
    /// let mut rows = client.query_raw("SELECT generate_series(1, 1000000)", params).await?;
    /// while let Some(row) = rows.next().await {
    ///     let n: i32 = row?.get(0);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn query_raw<T, P, I>(&self, statement: &T, params: I) -> Result<RowStream, Error>
    where
        T: ToStatement + ?Sized,
        P: BorrowToSql,
        I: IntoIterator<Item = P>,
        I::IntoIter: ExactSizeIterator,
    {
        self.timed(self.rows(statement, params.into_iter())).await
    }

    /// SQL text with parameters on the unnamed statement, for when the statement cache is off
    /// (PgBouncer in transaction mode): Parse, Describe and Flush, then, once the parameter
    /// types are known, Bind, Execute and Sync. The request holds the connection in between
    /// (a barrier), so nothing can replace the unnamed statement or end the transaction between
    /// the halves, and a guard sends the Sync if this future stops half way.
    async fn rows_unnamed<P: BorrowToSql>(
        &self,
        sql: &str,
        params: impl ExactSizeIterator<Item = P>,
    ) -> Result<RowStream, Error> {
        let mut attempt = 0;
        let (mut reply, mut second_half, types, columns) = loop {
            let rx = self.send(Request::extended(1).barrier_if(true), |buf| {
                frontend::parse("", sql, std::iter::empty(), buf).map_err(Error::protocol)?;
                frontend::describe(ObjectKind::Statement, "", buf).map_err(Error::protocol)?;
                frontend::flush(buf);
                Ok(())
            })?;
            let mut second_half = SyncOnDrop::new(self.shared());
            let mut reply = Reply::new(self.shared(), rx, steps::UNNAMED);
            let mut param_oids = Vec::new();
            let mut fields = None;
            loop {
                match reply.next().await? {
                    Event::ParseComplete => {}
                    Event::ParameterDescription(p) => param_oids = p.types().collect(),
                    Event::RowDescription(d) => {
                        fields = Some(d);
                        break;
                    }
                    Event::NoData => break,
                    Event::Error(db) => {
                        second_half.send_sync()?;
                        reply.finish().await.ok();
                        return Err(Error::db(*db));
                    }
                    other => return Err(not_for_this_call(&other)),
                }
            }
            let known = |oid: u32| Type::from_oid(oid).or_else(|| self.cached_type(oid));
            let types: Option<Vec<Type>> = param_oids.iter().map(|&oid| known(oid)).collect();
            let columns: Option<Vec<Column>> = match &fields {
                Some(fields) => fields
                    .fields()
                    .map(|f| {
                        known(f.type_oid).map(|t| {
                            Column::new(f.name.to_owned(), t, f.table_oid, f.column_id)
                                .with_type_modifier(f.type_modifier)
                        })
                    })
                    .collect(),
                None => Some(Vec::new()),
            };
            let (Some(types), Some(columns)) = (types, columns) else {
                // Looking types up takes queries, which cannot run while this request holds
                // the connection: end it, look them up (then cached), and start again.
                second_half.send_sync()?;
                reply.skip_unsent();
                reply.finish().await?;
                if attempt > 0 {
                    return Err(Error::unexpected(
                        "the statement's types were still unknown after looking them up",
                    ));
                }
                attempt += 1;
                for oid in param_oids {
                    self.resolve_type(oid).await?;
                }
                if let Some(fields) = &fields {
                    self.columns(fields).await?;
                }
                continue;
            };
            break (reply, second_half, types, columns);
        };
        {
            let codecs = self.codecs().clone();
            let column_count = columns.len();
            self.shared().send_continuation(|buf| {
                encode_bind(buf, "", &types, column_count, params, &codecs)?;
                frontend::execute("", 0, buf).map_err(Error::protocol)?;
                frontend::sync(buf);
                Ok(())
            })?;
            second_half.disarm();
            let statement = Statement::new(StatementInner {
                name: String::new(),
                params: types,
                columns,
                codecs,
                connection: std::sync::Weak::new(),
                may_copy: false,
            });
            match reply.next().await? {
                Event::BindComplete => {}
                Event::Error(db) => {
                    reply.finish().await.ok();
                    return Err(Error::db(*db));
                }
                other => return Err(not_for_this_call(&other)),
            }
            Ok(RowStream {
                statement,
                reply,
                rows_affected: None,
                done: false,
            })
        }
    }

    /// [`Client::rows`], retried once with a freshly prepared statement when the cached one
    /// was invalidated (a table's columns changed under it, or the server lost it), as long as
    /// no transaction is open (the failed Bind aborted nothing then).
    async fn rows_retrying<T>(
        &self,
        statement: &T,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<RowStream, Error>
    where
        T: ToStatement + ?Sized,
    {
        match self.rows(statement, params.iter().copied()).await {
            Err(e)
                if is_stale_statement(&e)
                    && matches!(statement.to_statement(), StatementRef::Text(_))
                    && self.cache().is_enabled()
                    && self.transaction_status() == TransactionStatus::Idle =>
            {
                self.rows(statement, params.iter().copied()).await
            }
            result => result,
        }
    }

    /// Binds and executes a statement and reads its BindComplete: the one path behind `query`,
    /// `execute` and `query_raw`.
    async fn rows<T, P>(
        &self,
        statement: &T,
        params: impl ExactSizeIterator<Item = P>,
    ) -> Result<RowStream, Error>
    where
        T: ToStatement + ?Sized,
        P: BorrowToSql,
    {
        if let StatementRef::Text(sql) = statement.to_statement() {
            if !self.cache().accepts(sql) {
                return self.rows_unnamed(sql, params).await;
            }
        }
        let prepared = self.statement(statement).await?;
        let mut reply = self.start_prepared(&prepared, params)?;
        match reply.next().await? {
            Event::BindComplete => {}
            Event::Error(db) => {
                reply.finish().await.ok();
                let error = Error::db(*db);
                if let (StatementRef::Text(sql), true) =
                    (statement.to_statement(), is_stale_statement(&error))
                {
                    self.cache().invalidate(sql, &prepared);
                }
                return Err(error);
            }
            other => return Err(not_for_this_call(&other)),
        }
        let statement = prepared;
        Ok(RowStream {
            statement,
            reply,
            rows_affected: None,
            done: false,
        })
    }
}

/// Sends the Sync that ends a two-half request unless the second half went out: whatever
/// happens to the caller, the server is never left waiting and the connection never wedged.
struct SyncOnDrop {
    shared: std::sync::Arc<crate::connection::Shared>,
    armed: bool,
}

impl SyncOnDrop {
    fn new(shared: &std::sync::Arc<crate::connection::Shared>) -> SyncOnDrop {
        SyncOnDrop {
            shared: shared.clone(),
            armed: true,
        }
    }

    fn disarm(&mut self) {
        self.armed = false;
    }

    fn send_sync(&mut self) -> Result<(), Error> {
        self.armed = false;
        self.shared.send_continuation(|buf| {
            frontend::sync(buf);
            Ok(())
        })
    }
}

impl Drop for SyncOnDrop {
    fn drop(&mut self) {
        if self.armed {
            let _ = self.send_sync();
        }
    }
}

/// Whether an error says a cached statement no longer fits: its result type would change
/// (0A000, "cached plan must not change result type") or the server no longer has it (26000).
fn is_stale_statement(error: &Error) -> bool {
    match error.as_db_error() {
        Some(db) if *db.code() == SqlState::INVALID_SQL_STATEMENT_NAME => true,
        Some(db) => {
            *db.code() == SqlState::FEATURE_NOT_SUPPORTED && db.message().contains("cached plan")
        }
        None => false,
    }
}

/// The rows of [`Client::query_raw`], as a `Stream` of `Result<Row, Error>`.
///
/// Dropping it early is fine: the rest of the reply is read and discarded by the connection.
pub struct RowStream {
    statement: Statement,
    reply: Reply,
    rows_affected: Option<u64>,
    done: bool,
}

impl RowStream {
    /// The number of rows the statement affected, once the stream has ended.
    pub fn rows_affected(&self) -> Option<u64> {
        self.rows_affected
    }

    /// The next row, `None` once the statement is complete.
    async fn next_row(&mut self) -> Result<Option<Row>, Error> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx))
            .await
            .transpose()
    }

    /// Reads every row into `all`: what `query` does, without handing each row through the
    /// stream's `Poll<Option<Result<Row>>>`.
    fn poll_collect(
        &mut self,
        cx: &mut Context<'_>,
        all: &mut Vec<Row>,
    ) -> Poll<Result<(), Error>> {
        self.poll_collect_into(cx, all)
    }

    /// [`Self::poll_collect`] for `query_opt`: the first row kept, the rest counted.
    fn poll_first(
        &mut self,
        cx: &mut Context<'_>,
        first: &mut FirstRow,
    ) -> Poll<Result<(), Error>> {
        self.poll_collect_into(cx, first)
    }

    // Inlined into the two plain functions above, which are compiled here: as a generic
    // function it would be compiled in each caller's crate, without the frame reader inlined.
    #[inline(always)]
    fn poll_collect_into(
        &mut self,
        cx: &mut Context<'_>,
        all: &mut impl CollectRows,
    ) -> Poll<Result<(), Error>> {
        while !self.done {
            if let Some(body) = self.reply.next_data_row() {
                all.reserve_hint(self.reply.buffered(), body.len());
                all.push(Row::new(self.statement.clone(), body)?);
                continue;
            }
            let event = match self.reply.poll_event(cx) {
                Poll::Ready(Ok(event)) => event,
                Poll::Ready(Err(e)) => {
                    self.done = true;
                    return Poll::Ready(Err(e));
                }
                Poll::Pending => return Poll::Pending,
            };
            match self.end_or_error(event) {
                Ok(Some(body)) => all.push(Row::new(self.statement.clone(), body)?),
                Ok(None) => {}
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
        Poll::Ready(Ok(()))
    }

    /// What an event other than a DataRow read on the fast path means: a row (its body), the
    /// end or a count (`None`), or the error that ends the stream.
    fn end_or_error(&mut self, event: Event) -> Result<Option<bytes::Bytes>, Error> {
        match event {
            Event::DataRow(body) => return Ok(Some(body)),
            Event::CommandComplete(c) => self.rows_affected = Some(c.rows().unwrap_or(0)),
            Event::EmptyQuery => self.rows_affected = Some(0),
            Event::Ready(_) => self.done = true,
            Event::Error(db) => {
                // The rest (its ReadyForQuery) is drained by the connection.
                self.done = true;
                return Err(Error::db(*db));
            }
            other => {
                self.done = true;
                return Err(not_for_this_call(&other));
            }
        }
        Ok(None)
    }
}

/// Where [`RowStream::poll_collect`] puts the rows.
trait CollectRows {
    /// A row of `row_len` bytes came with `buffered` more bytes already here.
    fn reserve_hint(&mut self, buffered: usize, row_len: usize);
    fn push(&mut self, row: Row);
}

impl CollectRows for Vec<Row> {
    #[inline]
    fn reserve_hint(&mut self, buffered: usize, row_len: usize) {
        if self.capacity() == self.len() {
            // The rows already read are a good guess of how many more are here.
            self.reserve(1 + buffered / (row_len + 5));
        }
    }

    #[inline]
    fn push(&mut self, row: Row) {
        Vec::push(self, row);
    }
}

/// `query_opt`'s rows: the first kept, all counted (more than one is the caller's error, with
/// the count in it).
#[derive(Default)]
struct FirstRow {
    row: Option<Row>,
    count: usize,
}

impl CollectRows for FirstRow {
    #[inline]
    fn reserve_hint(&mut self, _: usize, _: usize) {}

    #[inline]
    fn push(&mut self, row: Row) {
        if self.row.is_none() {
            self.row = Some(row);
        }
        self.count += 1;
    }
}

impl Stream for RowStream {
    type Item = Result<Row, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        while !this.done {
            if let Some(body) = this.reply.next_data_row() {
                return Poll::Ready(Some(Row::new(this.statement.clone(), body)));
            }
            let event = match this.reply.poll_event(cx) {
                Poll::Ready(Ok(event)) => event,
                Poll::Ready(Err(e)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Pending => return Poll::Pending,
            };
            match this.end_or_error(event) {
                Ok(Some(body)) => {
                    return Poll::Ready(Some(Row::new(this.statement.clone(), body)));
                }
                Ok(None) => {}
                Err(e) => return Poll::Ready(Some(Err(e))),
            }
        }
        Poll::Ready(None)
    }
}
