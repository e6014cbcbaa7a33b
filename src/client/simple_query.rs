//! The simple query protocol: SQL text, possibly several statements, results as text.

use std::sync::Arc;

use super::Client;
use super::reply::{Reply, not_for_this_call};
use super::reply_reader::{Event, steps};
use crate::connection::{Request, may_copy};
use crate::error::Error;
use crate::protocol::backend::DataRow;
use crate::protocol::frontend;

/// A column of a simple query's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimpleColumn {
    name: String,
}

impl SimpleColumn {
    /// The column's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A row of a simple query's result: every value in PostgreSQL's text form.
#[derive(Clone, Debug)]
pub struct SimpleQueryRow {
    columns: Arc<[SimpleColumn]>,
    row: DataRow,
}

impl SimpleQueryRow {
    /// The row's columns.
    pub fn columns(&self) -> &[SimpleColumn] {
        &self.columns
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether the row has no fields.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The text of field `idx` (by position or name), `None` for NULL.
    pub fn try_get<I: super::row::SimpleIndex>(&self, idx: I) -> Result<Option<&str>, Error> {
        let i = idx.simple_index(&self.columns).ok_or_else(|| {
            Error::conversion("no such column in the row", "no such column".into())
        })?;
        let raw =
            self.row.fields().nth(i).ok_or_else(|| {
                Error::unexpected("DataRow has fewer fields than its description")
            })?;
        raw.map(|v| {
            std::str::from_utf8(v).map_err(|e| Error::conversion("field is not UTF-8", Box::new(e)))
        })
        .transpose()
    }

    /// The text of field `idx`, `None` for NULL.
    ///
    /// # Panics
    /// When the column does not exist.
    #[track_caller]
    pub fn get<I: super::row::SimpleIndex>(&self, idx: I) -> Option<&str> {
        match self.try_get(idx) {
            Ok(v) => v,
            Err(e) => panic!("error retrieving column: {e}"),
        }
    }
}

/// One result item of [`Client::simple_query`].
#[derive(Debug)]
#[non_exhaustive]
pub enum SimpleQueryMessage {
    /// The columns of the rows that follow.
    RowDescription(Arc<[SimpleColumn]>),
    /// A row.
    Row(SimpleQueryRow),
    /// A statement finished, having affected this many rows (0 when it reports none).
    CommandComplete(u64),
}

impl Client {
    /// Runs SQL text, which may hold several statements, with the simple query protocol and
    /// returns every row and completion in order. Values come back as text.
    ///
    /// Never pass untrusted input here: there are no parameters, so escaping is on you.
    pub async fn simple_query(&self, sql: &str) -> Result<Vec<SimpleQueryMessage>, Error> {
        self.timed(async {
            let mut reply = self.send_simple(sql)?;
            let mut out = Vec::new();
            let mut columns: Option<Arc<[SimpleColumn]>> = None;
            while !reply.is_done() {
                match reply.next().await? {
                    Event::RowDescription(description) => {
                        let cols: Arc<[SimpleColumn]> = description
                            .fields()
                            .map(|f| SimpleColumn {
                                name: f.name.to_owned(),
                            })
                            .collect();
                        columns = Some(cols.clone());
                        out.push(SimpleQueryMessage::RowDescription(cols));
                    }
                    Event::DataRow(body) => {
                        // The reader only lets a DataRow follow a RowDescription.
                        let cols = columns.clone().unwrap_or_else(|| Arc::from([]));
                        let row = DataRow::parse(body).map_err(Error::protocol)?;
                        if row.len() != cols.len() {
                            return Err(Error::unexpected(
                                "DataRow field count differs from its RowDescription",
                            ));
                        }
                        out.push(SimpleQueryMessage::Row(SimpleQueryRow {
                            columns: cols,
                            row,
                        }));
                    }
                    Event::CommandComplete(c) => {
                        columns = None;
                        out.push(SimpleQueryMessage::CommandComplete(c.rows().unwrap_or(0)));
                    }
                    Event::EmptyQuery | Event::Ready(_) => {}
                    Event::Error(db) => {
                        reply.finish().await.ok();
                        return Err(Error::db(*db));
                    }
                    other => return Err(not_for_this_call(&other)),
                }
            }
            Ok(out)
        })
        .await
    }

    /// Runs SQL text, which may hold several statements, ignoring any rows: for schema set-up
    /// and scripts.
    pub async fn batch_execute(&self, sql: &str) -> Result<(), Error> {
        self.timed(async {
            let mut reply = self.send_simple(sql)?;
            while !reply.is_done() {
                match reply.next().await? {
                    Event::RowDescription(_)
                    | Event::DataRow(_)
                    | Event::CommandComplete(_)
                    | Event::EmptyQuery
                    | Event::Ready(_) => {}
                    Event::Error(db) => {
                        reply.finish().await.ok();
                        return Err(Error::db(*db));
                    }
                    other => return Err(not_for_this_call(&other)),
                }
            }
            Ok(())
        })
        .await
    }

    fn send_simple(&self, sql: &str) -> Result<Reply, Error> {
        let request = Request::simple().barrier_if(may_copy(sql));
        let rx = self.send(request, |buf| {
            frontend::query(sql, buf).map_err(Error::protocol)
        })?;
        Ok(Reply::new(self.shared(), rx, steps::QUERY))
    }
}
