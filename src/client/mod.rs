//! The client layer: what a caller holds. [`Client`], statements, rows, simple query, type
//! lookup and timeouts, all reading replies through one sans-IO reply reader
//! (`reply_reader.rs`). It sends requests through the connection layer and never touches a
//! socket.

#[cfg(feature = "arrow")]
mod arrow_copy;
mod connect;
mod copy;
mod copy_target;
mod from_row;
mod params;
mod pipeline;
mod portal;
mod query;
mod reply;
pub(crate) mod reply_reader;
mod row;
pub(crate) mod row_writer;
mod simple_query;
mod stack;
mod statement;
mod statement_cache;
mod transaction;
mod type_lookup;

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[cfg(feature = "arrow")]
pub use arrow_copy::{BatchStream, RecordBatchStream, batch_stream};
pub use copy::{CopyInSink, CopyOutStream};
pub use from_row::FromRow;
#[doc(hidden)]
pub use from_row::{check_struct_width, column, column_or_default, position};
pub use params::{NO_PARAMS, slice_iter};
pub use pipeline::{Pipeline, PipelineOutcome, SyncMode};
pub use portal::Portal;
pub use query::{BorrowToSql, RowStream};
use reply::{Reply, not_for_this_call};
use reply_reader::{Event, steps};
pub use row::{Row, RowIndex, SimpleIndex};
pub use row_writer::BinaryRowWriter;
pub use simple_query::{SimpleColumn, SimpleQueryMessage, SimpleQueryRow};
pub use stack::{StackResult, StatementStack};
// The fuzzer (`crate::fuzzing::client_replies`) builds rows' statements as queries do.
#[cfg(feature = "storage")]
pub(crate) use copy_target::quote_ident;
pub(crate) use statement::StatementInner;
pub use statement::{Column, Statement};
pub(crate) use statement_cache::CachePolicy;
use statement_cache::StatementCache;
pub use statement_cache::StatementCacheStats;
pub use transaction::{IsolationLevel, Transaction, TransactionBuilder};

use crate::connection::{AsyncMessages, CancelToken, Connected, Request, Shared};
use crate::error::Error;
use crate::protocol::backend::{RowDescription, TransactionStatus};
use crate::protocol::{ObjectKind, ProtocolVersion, frontend};
use crate::types::{CodecContext, Type};

/// How long a CancelRequest sent for a timed-out query may take.
const CANCEL_TIMEOUT: Duration = Duration::from_secs(10);

/// A client of one PostgreSQL connection.
///
/// Clones share the connection; requests from every clone are written in the order they are
/// made and may be in flight together (they are pipelined), and each gets its own replies.
/// When the last clone is dropped the connection is closed.
///
/// ```no_run
/// # async fn f() -> Result<(), pgline::Error> {
/// let client = pgline::connect("postgres://app@localhost/app").await?;
/// let stmt = client.prepare("SELECT $1::int4 + 1").await?;
/// let row = client.query_one(&stmt, &[&41i32]).await?;
/// assert_eq!(row.get::<_, i32>(0), 42);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
    /// This clone's per-request timeout; see [`Client::with_timeout`].
    timeout: Option<Duration>,
    /// The ownership token of a transaction's clone; see `transaction.rs`.
    owner: Option<u64>,
}

pub(crate) struct ClientInner {
    pub(crate) shared: Arc<Shared>,
    pub(crate) codecs: Arc<CodecContext>,
    next_statement: AtomicU64,
    cancel: CancelToken,
    protocol: ProtocolVersion,
    /// Types looked up in `pg_type`, by OID.
    types: Mutex<HashMap<u32, Type>>,
    /// Prepared statements for SQL text.
    cache: Mutex<StatementCache>,
    /// The prepared catalog query, made on first need.
    type_info: tokio::sync::OnceCell<Statement>,
}

impl Drop for ClientInner {
    fn drop(&mut self) {
        self.shared.clients_gone();
    }
}

impl Client {
    pub(crate) fn new(
        connected: Connected,
        codecs: CodecContext,
        timeout: Option<Duration>,
        cache: CachePolicy,
    ) -> Client {
        let Connected {
            shared,
            cancel,
            protocol,
        } = connected;
        Client {
            inner: Arc::new(ClientInner {
                shared,
                codecs: Arc::new(codecs),
                next_statement: AtomicU64::new(0),
                cancel,
                protocol,
                types: Mutex::new(HashMap::new()),
                cache: Mutex::new(StatementCache::new(cache)),
                type_info: tokio::sync::OnceCell::new(),
            }),
            timeout,
            owner: None,
        }
    }

    /// Sends one request as this clone: a transaction's clone may run while it owns the
    /// connection; any other clone's request waits (parked in order) until it ends.
    pub(crate) fn send(
        &self,
        request: Request,
        encode: impl FnOnce(&mut bytes::BytesMut) -> Result<(), Error>,
    ) -> Result<crate::connection::ReplyReceiver, Error> {
        self.inner
            .shared
            .send(request.owned(self.owner, request.ownership), encode)
    }

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.inner.shared
    }

    pub(crate) fn codecs(&self) -> &Arc<CodecContext> {
        &self.inner.codecs
    }

    /// Whether the connection is closed; a closed client never works again.
    pub fn is_closed(&self) -> bool {
        self.inner.shared.is_closed()
    }

    pub(crate) fn cache(&self) -> std::sync::MutexGuard<'_, StatementCache> {
        // Plain data: a panic while holding it cannot leave it inconsistent.
        self.inner.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The statement cache's counters: hits, misses, invalidations, size.
    ///
    /// SQL text given to `query`, `execute` and friends is prepared once per connection and
    /// kept (see [`ConnectOptions::statement_cache_size`](crate::ConnectOptions::statement_cache_size)).
    pub fn statement_cache_stats(&self) -> StatementCacheStats {
        self.cache().stats()
    }

    /// Closed, idle on the wire and requests sent, read together: what a pool checks when a
    /// client comes back.
    pub(crate) fn wire_state(&self) -> crate::connection::WireState {
        self.inner.shared.wire_state()
    }

    /// Whether another clone of this client is alive (a pool must not reuse the connection).
    pub(crate) fn is_shared(&self) -> bool {
        Arc::strong_count(&self.inner) > 1
    }

    /// The transaction status the server reported in its last ReadyForQuery: idle, in a
    /// transaction block, or in a failed one (statements are refused until it ends).
    ///
    /// With requests in flight this is the status after the last one that has completed.
    pub fn transaction_status(&self) -> TransactionStatus {
        self.inner.shared.transaction_status()
    }

    /// A clone of this client whose requests time out after `timeout` (`None`: never),
    /// overriding [`ConnectOptions::query_timeout`](crate::ConnectOptions::query_timeout).
    ///
    /// When a request takes longer, pgline sends a CancelRequest for the connection's running
    /// query, returns an [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) error, and drains the
    /// request's replies in the background: the connection stays usable. A server-side
    /// `statement_timeout` is a database error instead (SQLSTATE 57014), see
    /// [`Error::is_statement_timeout`].
    ///
    /// PostgreSQL's cancel protocol targets whatever the session runs when it arrives: with
    /// other clones' requests pipelined behind the timed-out one, one of those can be the one
    /// cancelled. Give latency-bound work its own connection when that matters.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// use std::time::Duration;
    /// let fast = client.with_timeout(Some(Duration::from_millis(200)));
    /// match fast.query("SELECT pg_sleep(1)", &[]).await {
    ///     Err(e) if e.kind() == pgline::ErrorKind::Timeout => {}
    ///     other => panic!("{other:?}"),
    /// }
    /// # Ok(()) }
    /// ```
    pub fn with_timeout(&self, timeout: Option<Duration>) -> Client {
        Client {
            inner: self.inner.clone(),
            timeout,
            owner: self.owner,
        }
    }

    /// This clone's request timeout.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Runs one request under this clone's timeout; see [`Client::with_timeout`].
    pub(crate) async fn timed<T>(
        &self,
        request: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        let Some(limit) = self.timeout else {
            return request.await;
        };
        match tokio::time::timeout(limit, request).await {
            Ok(result) => result,
            Err(_) => {
                // The request future is gone: its replies are drained by the connection.
                let cancelled = self.inner.cancel.cancel_query_within(CANCEL_TIMEOUT).await;
                let note = match cancelled {
                    Ok(()) => "a CancelRequest was sent".to_owned(),
                    Err(e) => format!("the CancelRequest failed: {e}"),
                };
                Err(Error::timeout(format!(
                    "the request took longer than the client timeout of {:?}; {note}",
                    limit
                )))
            }
        }
    }

    /// A server parameter as last reported (`server_version`, `TimeZone`,
    /// `standard_conforming_strings`, `in_hot_standby`, ...).
    pub fn parameter(&self, name: &str) -> Option<String> {
        self.inner.shared.parameter(name)
    }

    /// The protocol version the session speaks (3.0, or 3.2 when asked for with
    /// `max_protocol_version` and the server has it).
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.inner.protocol
    }

    /// What is needed to cancel this connection's running query from elsewhere.
    pub fn cancel_token(&self) -> CancelToken {
        self.inner.cancel.clone()
    }

    /// A receiver of notifications and notices.
    ///
    /// Any number of receivers may exist at once (on this client or its clones); each gets
    /// every message from the moment it subscribed. Messages that arrive while no receiver is
    /// alive (before the first call, or after every receiver was dropped) are kept, up to
    /// [`ASYNC_MESSAGE_BUFFER`](crate::ASYNC_MESSAGE_BUFFER), for the next receiver. A receiver
    /// holds as many unread; when it is full, new messages are dropped for it and counted (see
    /// [`AsyncMessages::dropped`](crate::AsyncMessages::dropped) and
    /// [`Client::dropped_async_messages`]), so an unread receiver never blocks the connection.
    /// Notices are also logged with `tracing` at target `pgline::notice`.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// let mut messages = client.async_messages();
    /// client.batch_execute("LISTEN jobs").await?;
    /// while let Some(pgline::AsyncMessage::Notification(n)) = messages.recv().await {
    ///     println!("{}: {}", n.channel(), n.payload());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn async_messages(&self) -> AsyncMessages {
        self.inner.shared.subscribe()
    }

    /// How many notifications and notices this connection dropped: those that found the
    /// backlog full while no receiver was alive, plus one for each receiver whose queue was
    /// full (a message two full receivers missed counts twice).
    pub fn dropped_async_messages(&self) -> u64 {
        self.inner.shared.dropped_async_messages()
    }

    /// Prepares a statement, letting the server infer parameter types.
    pub async fn prepare(&self, query: &str) -> Result<Statement, Error> {
        self.prepare_typed(query, &[]).await
    }

    /// Prepares a statement with the types of (some of) its parameters given; the server
    /// infers the rest.
    pub async fn prepare_typed(&self, query: &str, types: &[Type]) -> Result<Statement, Error> {
        self.timed(self.prepare_unbounded(query, types)).await
    }

    pub(crate) async fn prepare_unbounded(
        &self,
        query: &str,
        types: &[Type],
    ) -> Result<Statement, Error> {
        self.prepare_named(self.next_statement_name(), query, types)
            .await
    }

    /// Parses and describes a named statement. Until it is handed out, a guard closes it on the
    /// server if this future fails or is dropped after Parse went out: no statement leaks.
    pub(crate) async fn prepare_named(
        &self,
        name: String,
        query: &str,
        types: &[Type],
    ) -> Result<Statement, Error> {
        let pending = self.start_prepare(name, query, types)?;
        self.finish_prepare(pending).await
    }

    /// Sends Parse, Describe and Sync for a named statement without waiting, so several
    /// prepares go out in one flight (a pipeline's new statements).
    pub(crate) fn start_prepare(
        &self,
        name: String,
        query: &str,
        types: &[Type],
    ) -> Result<PendingPrepare, Error> {
        let rx = self.send(Request::extended(1), |buf| {
            frontend::parse(&name, query, types.iter().map(Type::oid), buf)
                .map_err(Error::protocol)?;
            frontend::describe(ObjectKind::Statement, &name, buf).map_err(Error::protocol)?;
            frontend::sync(buf);
            Ok(())
        })?;
        Ok(PendingPrepare {
            guard: statement::CloseOnDrop::new(self.shared(), name),
            reply: Reply::new(self.shared(), rx, steps::PREPARE),
            may_copy: crate::connection::may_copy(query),
        })
    }

    /// Reads a prepare's reply and resolves its types.
    pub(crate) async fn finish_prepare(&self, pending: PendingPrepare) -> Result<Statement, Error> {
        let PendingPrepare {
            mut guard,
            mut reply,
            may_copy,
        } = pending;
        let mut param_oids = Vec::new();
        let mut fields = None;
        let mut parsed = false;
        while !reply.is_done() {
            match reply.next().await? {
                Event::ParseComplete => parsed = true,
                Event::NoData | Event::Ready(_) => {}
                Event::ParameterDescription(params) => param_oids = params.types().collect(),
                Event::RowDescription(description) => fields = Some(description),
                Event::Error(db) => {
                    reply.finish().await.ok();
                    if !parsed {
                        // Parse itself failed: there is no statement to close.
                        guard.disarm();
                    }
                    return Err(Error::db(*db));
                }
                other => return Err(not_for_this_call(&other)),
            }
        }
        let mut params = Vec::with_capacity(param_oids.len());
        for oid in param_oids {
            params.push(self.resolve_type(oid).await?);
        }
        let columns = match fields {
            Some(fields) => self.columns(&fields).await?,
            None => Vec::new(),
        };
        let name = guard.disarm();
        Ok(Statement::new(StatementInner {
            name,
            params,
            columns,
            codecs: self.inner.codecs.clone(),
            connection: Arc::downgrade(&self.inner.shared),
            may_copy,
        }))
    }

    /// The next statement name on this connection.
    pub(crate) fn next_statement_name(&self) -> String {
        let n = self.inner.next_statement.fetch_add(1, Ordering::Relaxed);
        format!("pgline_s{n}")
    }

    /// The columns a RowDescription describes, with their types resolved.
    pub(crate) async fn columns(&self, fields: &RowDescription) -> Result<Vec<Column>, Error> {
        let mut columns = Vec::new();
        for field in fields.fields() {
            let type_ = self.resolve_type(field.type_oid).await?;
            columns.push(
                Column::new(
                    field.name.to_owned(),
                    type_,
                    field.table_oid,
                    field.column_id,
                )
                .with_type_modifier(field.type_modifier),
            );
        }
        Ok(columns)
    }

    pub(crate) fn cached_type(&self, oid: u32) -> Option<Type> {
        self.inner
            .types
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&oid)
            .cloned()
    }

    pub(crate) fn cache_types(&self, types: Vec<Type>) {
        let mut cache = self.inner.types.lock().unwrap_or_else(|e| e.into_inner());
        for t in types {
            cache.insert(t.oid(), t);
        }
    }

    pub(crate) async fn type_info_statement(
        &self,
        query: impl FnOnce() -> &'static str,
    ) -> Result<Statement, Error> {
        self.inner
            .type_info
            .get_or_try_init(|| self.prepare_unbounded(query(), &[Type::OID]))
            .await
            .cloned()
    }

    /// The type for an OID: a built-in one, or what the catalog says (cached per connection).
    pub(crate) async fn resolve_type(&self, oid: u32) -> Result<Type, Error> {
        if let Some(t) = Type::from_oid(oid) {
            return Ok(t);
        }
        // Boxed: the lookup prepares its catalog query, which resolves types in turn (all
        // built-in, so the recursion stops there).
        Box::pin(type_lookup::lookup(self, oid)).await
    }
}

/// A prepare whose request went out; see [`Client::start_prepare`].
pub(crate) struct PendingPrepare {
    guard: statement::CloseOnDrop,
    reply: Reply,
    may_copy: bool,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("closed", &self.is_closed())
            .finish_non_exhaustive()
    }
}

/// Something a query can run: a prepared [`Statement`] or SQL text.
pub trait ToStatement: sealed::Sealed {
    #[doc(hidden)]
    fn to_statement(&self) -> StatementRef<'_>;
}

#[doc(hidden)]
pub enum StatementRef<'a> {
    Prepared(&'a Statement),
    Text(&'a str),
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Statement {}
    impl Sealed for str {}
    impl Sealed for String {}
}

impl ToStatement for Statement {
    fn to_statement(&self) -> StatementRef<'_> {
        StatementRef::Prepared(self)
    }
}

impl ToStatement for str {
    fn to_statement(&self) -> StatementRef<'_> {
        StatementRef::Text(self)
    }
}

impl ToStatement for String {
    fn to_statement(&self) -> StatementRef<'_> {
        StatementRef::Text(self)
    }
}
