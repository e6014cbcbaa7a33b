//! The handle applications use: cheap to clone, safe to share between tasks.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use crate::cancel::CancelToken;
use crate::connection::Shared;
use crate::connection::responses::{Responses, unexpected};
use crate::error::Error;
use crate::notification::AsyncMessage;
use crate::protocol::backend::{ParameterDescription, RowDescription};
use crate::protocol::{ObjectKind, ProtocolVersion, frontend};
use crate::statement::{Column, Statement, StatementInner};
use crate::types::{CodecContext, Type};

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
pub struct Client(pub(crate) Arc<ClientInner>);

pub(crate) struct ClientInner {
    pub(crate) shared: Arc<Shared>,
    pub(crate) codecs: Arc<CodecContext>,
    next_statement: AtomicU64,
    cancel: CancelToken,
    protocol: ProtocolVersion,
    /// Types looked up in `pg_type`, by OID.
    types: Mutex<HashMap<u32, Type>>,
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
        shared: Arc<Shared>,
        codecs: CodecContext,
        cancel: CancelToken,
        protocol: ProtocolVersion,
    ) -> Client {
        Client(Arc::new(ClientInner {
            shared,
            codecs: Arc::new(codecs),
            next_statement: AtomicU64::new(0),
            cancel,
            protocol,
            types: Mutex::new(HashMap::new()),
            type_info: tokio::sync::OnceCell::new(),
        }))
    }

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.0.shared
    }

    pub(crate) fn codecs(&self) -> &Arc<CodecContext> {
        &self.0.codecs
    }

    /// Whether the connection is closed; a closed client never works again.
    pub fn is_closed(&self) -> bool {
        self.0.shared.is_closed()
    }

    /// A server parameter as last reported (`server_version`, `TimeZone`,
    /// `standard_conforming_strings`, `in_hot_standby`, ...).
    pub fn parameter(&self, name: &str) -> Option<String> {
        self.0.shared.parameter(name)
    }

    /// The protocol version the session speaks (3.0, or 3.2 when asked for with
    /// `max_protocol_version` and the server has it).
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.0.protocol
    }

    /// What is needed to cancel this connection's running query from elsewhere.
    pub fn cancel_token(&self) -> CancelToken {
        self.0.cancel.clone()
    }

    /// Notifications and notices, from now on. Only one receiver exists at a time: a later call
    /// replaces the earlier one. Messages that arrive while nobody subscribed are dropped.
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
    pub fn async_messages(&self) -> mpsc::UnboundedReceiver<AsyncMessage> {
        self.0.shared.subscribe()
    }

    /// Prepares a statement, letting the server infer parameter types.
    pub async fn prepare(&self, query: &str) -> Result<Statement, Error> {
        self.prepare_typed(query, &[]).await
    }

    /// Prepares a statement with the types of (some of) its parameters given; the server
    /// infers the rest.
    pub async fn prepare_typed(&self, query: &str, types: &[Type]) -> Result<Statement, Error> {
        let n = self.0.next_statement.fetch_add(1, Ordering::Relaxed);
        let name = format!("pgline_s{n}");
        self.prepare_named(name, query, types, true).await
    }

    pub(crate) async fn prepare_named(
        &self,
        name: String,
        query: &str,
        types: &[Type],
        close_on_drop: bool,
    ) -> Result<Statement, Error> {
        let rx = self.0.shared.send(1, |buf| {
            frontend::parse(&name, query, types.iter().map(Type::oid), buf)
                .map_err(Error::protocol)?;
            frontend::describe(ObjectKind::Statement, &name, buf).map_err(Error::protocol)?;
            frontend::sync(buf);
            Ok(())
        })?;
        let mut responses = Responses::new(rx);
        let outcome = async {
            responses.expect(b'1', "ParseComplete").await?;
            let params = responses.expect(b't', "ParameterDescription").await?;
            let params = ParameterDescription::parse(params.body).map_err(Error::protocol)?;
            let param_oids: Vec<u32> = params.types().collect();
            let columns = responses.next().await?;
            let fields = match columns.tag {
                b'T' => Some(RowDescription::parse(columns.body).map_err(Error::protocol)?),
                b'n' => None,
                tag => return Err(unexpected("RowDescription or NoData", tag)),
            };
            responses.expect(b'Z', "ReadyForQuery").await?;
            Ok((param_oids, fields))
        }
        .await;
        let (param_oids, fields) = outcome?;
        let mut params = Vec::with_capacity(param_oids.len());
        for oid in param_oids {
            params.push(self.resolve_type(oid).await?);
        }
        let columns = match fields {
            Some(fields) => self.columns(&fields).await?,
            None => Vec::new(),
        };
        Ok(Statement::new(StatementInner {
            name: if close_on_drop { name } else { String::new() },
            params,
            columns,
            codecs: self.0.codecs.clone(),
            connection: Arc::downgrade(&self.0.shared),
        }))
    }

    /// The columns a RowDescription describes, with their types resolved.
    pub(crate) async fn columns(&self, fields: &RowDescription) -> Result<Vec<Column>, Error> {
        let mut columns = Vec::new();
        for field in fields.fields() {
            let type_ = self.resolve_type(field.type_oid).await?;
            columns.push(Column::new(
                field.name.to_owned(),
                type_,
                field.table_oid,
                field.column_id,
            ));
        }
        Ok(columns)
    }

    pub(crate) fn cached_type(&self, oid: u32) -> Option<Type> {
        self.0
            .types
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&oid)
            .cloned()
    }

    pub(crate) fn cache_types(&self, types: Vec<Type>) {
        let mut cache = self.0.types.lock().unwrap_or_else(|e| e.into_inner());
        for t in types {
            cache.insert(t.oid(), t);
        }
    }

    pub(crate) async fn type_info_statement(
        &self,
        query: impl FnOnce() -> &'static str,
    ) -> Result<Statement, Error> {
        self.0
            .type_info
            .get_or_try_init(|| self.prepare_typed(query(), &[Type::OID]))
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
        Box::pin(crate::type_lookup::lookup(self, oid)).await
    }
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
    impl Sealed for crate::Statement {}
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
