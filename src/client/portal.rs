//! Portals: a bound statement inside a transaction, executed a batch of rows at a time, so a
//! result too large to hold is walked in pieces.
//!
//! A named portal lives until its transaction ends (a Sync inside a transaction block does not
//! destroy it), so each batch is its own Execute + Sync request. Dropping a portal closes it on
//! the server without waiting. See
//! <https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY>.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use super::query::{BorrowToSql, encode_bind_portal};
use super::reply::{Reply, not_for_this_call};
use super::reply_reader::{Event, Step};
use super::row::Row;
use super::statement::Statement;
use super::transaction::Transaction;
use super::{Client, StatementRef, ToStatement};
use crate::connection::Request;
use crate::error::Error;
use crate::protocol::{ObjectKind, frontend};

/// Portal names, unique per process so no two portals of one connection collide.
static NEXT_PORTAL: AtomicU64 = AtomicU64::new(0);

const BIND: &[Step] = &[Step::Bind, Step::Sync];
const EXECUTE: &[Step] = &[Step::Execute, Step::Sync];

/// A statement bound to its parameters inside a transaction; see [`Transaction::bind`].
///
/// It borrows the transaction: it must be dropped (which closes it on the server) before the
/// transaction commits or rolls back.
#[derive(Debug)]
pub struct Portal<'t> {
    client: Client,
    name: String,
    statement: Statement,
    done: AtomicBool,
    _transaction: std::marker::PhantomData<&'t ()>,
}

impl Portal<'_> {
    /// Whether the portal has returned its last row.
    pub fn is_done(&self) -> bool {
        self.done.load(Ordering::Acquire)
    }

    /// The portal's statement (its columns describe the rows).
    pub fn statement(&self) -> &Statement {
        &self.statement
    }
}

impl Drop for Portal<'_> {
    fn drop(&mut self) {
        // Close + Sync; dropping the receiver makes the connection discard the reply.
        let queued = self.client.send(Request::extended(1), |buf| {
            frontend::close(ObjectKind::Portal, &self.name, buf).map_err(Error::protocol)?;
            frontend::sync(buf);
            Ok(())
        });
        drop(queued);
    }
}

impl Transaction<'_> {
    /// Binds `statement` to `params` as a named portal, to run a batch of rows at a time with
    /// [`Transaction::query_portal`].
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// let tx = client.transaction().await?;
    /// let portal = tx.bind("SELECT generate_series(1, $1::int4)", [&1_000_000i32]).await?;
    /// while !portal.is_done() {
    ///     let rows = tx.query_portal(&portal, 1000).await?;
    ///     // at most 1000 rows in memory at a time
    /// #   drop(rows);
    /// }
    /// drop(portal);
    /// tx.commit().await?;
    /// # Ok(()) }
    /// ```
    pub async fn bind<T, P, I>(&self, statement: &T, params: I) -> Result<Portal<'_>, Error>
    where
        T: ToStatement + ?Sized,
        P: BorrowToSql,
        I: IntoIterator<Item = P>,
        I::IntoIter: ExactSizeIterator,
    {
        let client: &Client = self;
        client
            .timed(async {
                let statement = match statement.to_statement() {
                    StatementRef::Prepared(s) => s.clone(),
                    StatementRef::Text(sql) => client.cached_statement(sql).await?,
                };
                if !statement.belongs_to(client.shared()) {
                    return Err(
                        Error::usage("the statement was prepared on another connection")
                            .before_send(),
                    );
                }
                let name = format!("pgline_p{}", NEXT_PORTAL.fetch_add(1, Ordering::Relaxed));
                let codecs = client.codecs().clone();
                let rx = client.send(Request::extended(1), |buf| {
                    encode_bind_portal(
                        buf,
                        &name,
                        statement.name(),
                        statement.params(),
                        statement.columns().len(),
                        params.into_iter(),
                        &codecs,
                    )?;
                    frontend::sync(buf);
                    Ok(())
                })?;
                let mut reply = Reply::new(client.shared(), rx, BIND);
                reply.finish().await?;
                Ok(Portal {
                    client: client.clone(),
                    name,
                    statement,
                    done: AtomicBool::new(false),
                    _transaction: std::marker::PhantomData,
                })
            })
            .await
    }

    /// The next rows of `portal`, at most `max_rows` of them (`0`: all that remain). Once the
    /// last row has been returned, [`Portal::is_done`] is true and further calls return none.
    pub async fn query_portal(
        &self,
        portal: &Portal<'_>,
        max_rows: i32,
    ) -> Result<Vec<Row>, Error> {
        if portal.is_done() {
            return Ok(Vec::new());
        }
        let client: &Client = self;
        client
            .timed(async {
                let rx = client.send(Request::extended(1), |buf| {
                    frontend::execute(&portal.name, max_rows, buf).map_err(Error::protocol)?;
                    frontend::sync(buf);
                    Ok(())
                })?;
                let mut reply = Reply::new(client.shared(), rx, EXECUTE);
                let mut rows = Vec::new();
                let mut failed = None;
                while !reply.is_done() {
                    match reply.next().await? {
                        Event::DataRow(body) => {
                            rows.push(Row::new(portal.statement.clone(), body)?)
                        }
                        Event::PortalSuspended | Event::Ready(_) => {}
                        Event::CommandComplete(_) | Event::EmptyQuery => {
                            portal.done.store(true, Ordering::Release);
                        }
                        Event::Error(db) => failed = Some(Error::db(*db)),
                        other => return Err(not_for_this_call(&other)),
                    }
                }
                failed.map_or(Ok(rows), Err)
            })
            .await
    }
}
