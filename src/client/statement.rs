//! Prepared statements and the columns they return.

use std::sync::{Arc, Weak};

use crate::connection::{Request, Shared};
use crate::error::Error;
use crate::protocol::{ObjectKind, frontend};
use crate::types::{CodecContext, Type};

/// A column of a statement's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    name: String,
    type_: Type,
    table_oid: Option<u32>,
    column_id: Option<i16>,
    type_modifier: i32,
}

impl Column {
    pub(crate) fn new(name: String, type_: Type, table_oid: u32, column_id: i16) -> Column {
        Column {
            name,
            type_,
            table_oid: (table_oid != 0).then_some(table_oid),
            column_id: (column_id != 0).then_some(column_id),
            type_modifier: -1,
        }
    }

    /// With the type modifier RowDescription gave.
    pub(crate) fn with_type_modifier(mut self, type_modifier: i32) -> Column {
        self.type_modifier = type_modifier;
        self
    }

    /// The type modifier (`atttypmod`): the `(p, s)` of `numeric(p, s)`, the length of
    /// `varchar(n)`; -1 when there is none.
    pub fn type_modifier(&self) -> i32 {
        self.type_modifier
    }

    /// The column's name (its alias in the query, when it has one).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The column's type.
    pub fn type_(&self) -> &Type {
        &self.type_
    }

    /// The OID of the table the column comes from, when it is a plain table column.
    pub fn table_oid(&self) -> Option<u32> {
        self.table_oid
    }

    /// The column's attribute number in that table.
    pub fn column_id(&self) -> Option<i16> {
        self.column_id
    }
}

/// A prepared statement: its name on the server, the types of its parameters and its columns.
///
/// Cheap to clone; the server-side statement is closed when the last clone is dropped.
#[derive(Clone)]
pub struct Statement(pub(crate) Arc<StatementInner>);

pub(crate) struct StatementInner {
    /// Empty for the unnamed statement of a one-shot query (nothing to close).
    pub(crate) name: String,
    pub(crate) params: Vec<Type>,
    pub(crate) columns: Vec<Column>,
    pub(crate) codecs: Arc<CodecContext>,
    pub(crate) connection: Weak<Shared>,
    /// The SQL may run a COPY: its executions are barriers (see `connection::Request`).
    pub(crate) may_copy: bool,
}

impl Statement {
    pub(crate) fn new(inner: StatementInner) -> Statement {
        Statement(Arc::new(inner))
    }

    /// The types of the statement's parameters, as the server inferred or was told them.
    pub fn params(&self) -> &[Type] {
        &self.0.params
    }

    /// The statement's result columns (empty for statements that return no rows).
    pub fn columns(&self) -> &[Column] {
        &self.0.columns
    }

    pub(crate) fn name(&self) -> &str {
        &self.0.name
    }

    /// Whether both are the same prepared statement (not merely equal text).
    pub(crate) fn same_as(&self, other: &Statement) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Whether the statement was prepared on the connection `shared` runs.
    pub(crate) fn belongs_to(&self, shared: &Arc<Shared>) -> bool {
        std::ptr::eq(self.0.connection.as_ptr(), Arc::as_ptr(shared))
    }
}

impl std::fmt::Debug for Statement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Statement")
            .field("name", &self.0.name)
            .field("params", &self.0.params)
            .field("columns", &self.0.columns)
            .finish()
    }
}

impl Drop for StatementInner {
    fn drop(&mut self) {
        if self.name.is_empty() {
            return;
        }
        if let Some(shared) = self.connection.upgrade() {
            close_statement(&shared, &self.name);
        }
    }
}

/// Closes a named statement on the server without waiting: Close and Sync, replies discarded.
pub(crate) fn close_statement(shared: &Shared, name: &str) {
    let queued = shared.send(Request::extended(1), |buf| {
        frontend::close(ObjectKind::Statement, name, buf).map_err(Error::protocol)?;
        frontend::sync(buf);
        Ok(())
    });
    // Dropping the receiver makes the connection discard the CloseComplete; a closed
    // connection has nothing left to close.
    drop(queued);
}

/// Closes a statement whose Parse went out unless [`CloseOnDrop::disarm`] hands it on: a
/// prepare that fails or is dropped half way leaves nothing behind on the server.
pub(crate) struct CloseOnDrop {
    shared: Arc<Shared>,
    name: Option<String>,
}

impl CloseOnDrop {
    pub(crate) fn new(shared: &Arc<Shared>, name: String) -> CloseOnDrop {
        CloseOnDrop {
            shared: shared.clone(),
            name: Some(name),
        }
    }

    /// The statement is in safe hands (or never existed): keep it open.
    pub(crate) fn disarm(&mut self) -> String {
        self.name.take().unwrap_or_default()
    }
}

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        if let Some(name) = self.name.take() {
            close_statement(&self.shared, &name);
        }
    }
}
