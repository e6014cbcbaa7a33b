//! Running statements: bind and execute, read rows, count affected rows.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::BytesMut;
use futures_core::Stream;

use crate::client::{Client, StatementRef, ToStatement};
use crate::connection::responses::{Responses, unexpected};
use crate::error::Error;
use crate::protocol::backend::{CommandComplete, RowDescription};
use crate::protocol::{self, Format, ObjectKind, frontend};
use crate::row::Row;
use crate::statement::{Statement, StatementInner};
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
fn encode_bind<P: BorrowToSql>(
    buf: &mut BytesMut,
    statement: &str,
    types: &[Type],
    columns: usize,
    params: impl ExactSizeIterator<Item = P>,
    codecs: &CodecContext,
) -> Result<(), Error> {
    if params.len() != types.len() {
        return Err(Error::conversion(
            format!(
                "the statement has {} parameters but {} were given",
                types.len(),
                params.len()
            ),
            "wrong parameter count".into(),
        ));
    }
    let param_formats: &[Format] = if types.is_empty() {
        &[]
    } else {
        &[Format::Binary]
    };
    let result_formats: &[Format] = if columns == 0 { &[] } else { &[Format::Binary] };
    let mut index = 0;
    frontend::bind(
        "",
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
    ) -> Result<Responses, Error> {
        let codecs = self.codecs().clone();
        let rx = self.shared().send(1, |buf| {
            encode_bind(
                buf,
                statement.name(),
                statement.params(),
                statement.columns().len(),
                params,
                &codecs,
            )?;
            frontend::execute("", 0, buf).map_err(Error::protocol)?;
            frontend::sync(buf);
            Ok(())
        })?;
        Ok(Responses::new(rx))
    }

    /// A statement for SQL text: prepared (one round trip) unless it is already a statement.
    async fn statement<T: ToStatement + ?Sized>(&self, statement: &T) -> Result<Statement, Error> {
        match statement.to_statement() {
            StatementRef::Prepared(s) => Ok(s.clone()),
            StatementRef::Text(sql) => self.prepare(sql).await,
        }
    }

    /// Runs SQL text without parameters in one round trip: Parse, Bind, Describe and Execute
    /// on the unnamed statement, then Sync. Nothing else can touch the unnamed statement in
    /// between: the whole request is written at once, in order.
    async fn query_unprepared(
        &self,
        sql: &str,
    ) -> Result<(Option<Statement>, Vec<Row>, u64), Error> {
        let rx = self.shared().send(1, |buf| {
            frontend::parse("", sql, std::iter::empty(), buf).map_err(Error::protocol)?;
            frontend::bind(
                "",
                "",
                std::iter::empty(),
                std::iter::empty::<()>(),
                |(), _| Ok::<_, Error>(protocol::IsNull::No),
                [Format::Binary],
                buf,
            )
            .map_err(bind_error)?;
            frontend::describe(ObjectKind::Portal, "", buf).map_err(Error::protocol)?;
            frontend::execute("", 0, buf).map_err(Error::protocol)?;
            frontend::sync(buf);
            Ok(())
        })?;
        let mut responses = Responses::new(rx);
        responses.expect(b'1', "ParseComplete").await?;
        responses.expect(b'2', "BindComplete").await?;
        let description = responses.next().await?;
        let description = match description.tag {
            b'T' => Some(RowDescription::parse(description.body).map_err(Error::protocol)?),
            b'n' => None,
            tag => return Err(unexpected("RowDescription or NoData", tag)),
        };
        // Read the whole reply before resolving unknown column types: a catalog query queued
        // behind this request could not be answered while its rows wait to be read.
        let mut bodies = Vec::new();
        let mut affected = 0;
        loop {
            let message = responses.next().await?;
            match message.tag {
                b'D' => bodies.push(message.body),
                b'C' => affected = command_rows(message.body)?,
                b'I' => {}
                b'Z' => break,
                tag => return Err(unexpected("DataRow, CommandComplete or ReadyForQuery", tag)),
            }
        }
        let Some(description) = description else {
            return Ok((None, Vec::new(), affected));
        };
        let columns = self.columns(&description).await?;
        let statement = Statement::new(StatementInner {
            name: String::new(),
            params: Vec::new(),
            columns,
            codecs: self.codecs().clone(),
            connection: std::sync::Weak::new(),
        });
        let rows = bodies
            .into_iter()
            .map(|body| Row::new(statement.clone(), body))
            .collect::<Result<_, _>>()?;
        Ok((Some(statement), rows, affected))
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
        if let (StatementRef::Text(sql), true) = (statement.to_statement(), params.is_empty()) {
            return Ok(self.query_unprepared(sql).await?.1);
        }
        let statement = self.statement(statement).await?;
        let mut responses = self.start_prepared(&statement, params.iter().copied())?;
        let mut rows = Vec::new();
        responses.expect(b'2', "BindComplete").await?;
        loop {
            let message = responses.next().await?;
            match message.tag {
                b'D' => rows.push(Row::new(statement.clone(), message.body)?),
                b'C' | b'I' => {}
                b'Z' => return Ok(rows),
                tag => return Err(unexpected("DataRow, CommandComplete or ReadyForQuery", tag)),
            }
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
        let mut rows = self.query(statement, params).await?;
        match rows.len() {
            0 => Ok(None),
            1 => Ok(rows.pop()),
            n => Err(Error::row_count(format!(
                "expected at most one row, the query returned {n}"
            ))),
        }
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
        if let (StatementRef::Text(sql), true) = (statement.to_statement(), params.is_empty()) {
            return Ok(self.query_unprepared(sql).await?.2);
        }
        let statement = self.statement(statement).await?;
        let mut responses = self.start_prepared(&statement, params.iter().copied())?;
        responses.expect(b'2', "BindComplete").await?;
        let mut affected = 0;
        loop {
            let message = responses.next().await?;
            match message.tag {
                b'D' | b'I' => {}
                b'C' => affected = command_rows(message.body)?,
                b'Z' => return Ok(affected),
                tag => return Err(unexpected("CommandComplete or ReadyForQuery", tag)),
            }
        }
    }

    /// Runs a statement and streams its rows as they arrive, holding at most a bounded amount
    /// of the result in memory.
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
        let statement = self.statement(statement).await?;
        let mut responses = self.start_prepared(&statement, params.into_iter())?;
        responses.expect(b'2', "BindComplete").await?;
        Ok(RowStream {
            statement,
            responses,
            rows_affected: None,
            done: false,
        })
    }
}

/// The number in a CommandComplete tag (`INSERT 0 5` → 5), 0 when it has none.
fn command_rows(body: bytes::Bytes) -> Result<u64, Error> {
    let complete = CommandComplete::parse(body).map_err(Error::protocol)?;
    Ok(complete.rows().unwrap_or(0))
}

/// The rows of [`Client::query_raw`], as a `Stream` of `Result<Row, Error>`.
///
/// Dropping it early is fine: the rest of the reply is read and discarded by the connection.
pub struct RowStream {
    statement: Statement,
    responses: Responses,
    rows_affected: Option<u64>,
    done: bool,
}

impl RowStream {
    /// The number of rows the statement affected, once the stream has ended.
    pub fn rows_affected(&self) -> Option<u64> {
        self.rows_affected
    }
}

impl Stream for RowStream {
    type Item = Result<Row, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        while !this.done {
            let message = match this.responses.poll_next(cx) {
                Poll::Ready(Ok(m)) => m,
                Poll::Ready(Err(e)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Pending => return Poll::Pending,
            };
            match message.tag {
                b'D' => return Poll::Ready(Some(Row::new(this.statement.clone(), message.body))),
                b'C' => match command_rows(message.body) {
                    Ok(n) => this.rows_affected = Some(n),
                    Err(e) => {
                        this.done = true;
                        return Poll::Ready(Some(Err(e)));
                    }
                },
                b'I' => this.rows_affected = Some(0),
                b'Z' => this.done = true,
                tag => {
                    this.done = true;
                    return Poll::Ready(Some(Err(unexpected("DataRow or CommandComplete", tag))));
                }
            }
        }
        Poll::Ready(None)
    }
}
