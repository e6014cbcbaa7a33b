//! The simple query protocol: SQL text, possibly several statements, results as text.

use std::sync::Arc;

use bytes::Bytes;

use crate::client::Client;
use crate::connection::responses::{Responses, unexpected};
use crate::error::Error;
use crate::protocol::backend::{CommandComplete, DataRow, RowDescription};
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
    pub fn try_get<I: crate::row::SimpleIndex>(&self, idx: I) -> Result<Option<&str>, Error> {
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
    pub fn get<I: crate::row::SimpleIndex>(&self, idx: I) -> Option<&str> {
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
        let mut responses = self.send_simple(sql)?;
        let mut out = Vec::new();
        let mut columns: Option<Arc<[SimpleColumn]>> = None;
        loop {
            let message = responses.next().await?;
            match message.tag {
                b'T' => {
                    let description =
                        RowDescription::parse(message.body).map_err(Error::protocol)?;
                    let cols = description
                        .fields()
                        .map(|f| SimpleColumn {
                            name: f.name.to_owned(),
                        })
                        .collect::<Vec<_>>();
                    let cols: Arc<[SimpleColumn]> = cols.into();
                    columns = Some(cols.clone());
                    out.push(SimpleQueryMessage::RowDescription(cols));
                }
                b'D' => {
                    let cols = columns
                        .clone()
                        .ok_or_else(|| unexpected("RowDescription before DataRow", b'D'))?;
                    let row = DataRow::parse(message.body).map_err(Error::protocol)?;
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
                b'C' => {
                    columns = None;
                    out.push(SimpleQueryMessage::CommandComplete(rows_of(message.body)?));
                }
                b'I' => {}
                b'Z' => return Ok(out),
                tag => return Err(unexpected("a simple query reply", tag)),
            }
        }
    }

    /// Runs SQL text, which may hold several statements, ignoring any rows: for schema set-up
    /// and scripts.
    pub async fn batch_execute(&self, sql: &str) -> Result<(), Error> {
        let mut responses = self.send_simple(sql)?;
        loop {
            let message = responses.next().await?;
            match message.tag {
                b'Z' => return Ok(()),
                b'T' | b'D' | b'C' | b'I' => {}
                tag => return Err(unexpected("a simple query reply", tag)),
            }
        }
    }

    fn send_simple(&self, sql: &str) -> Result<Responses, Error> {
        let rx = self
            .shared()
            .send(1, |buf| frontend::query(sql, buf).map_err(Error::protocol))?;
        Ok(Responses::new(rx))
    }
}

fn rows_of(body: Bytes) -> Result<u64, Error> {
    Ok(CommandComplete::parse(body)
        .map_err(Error::protocol)?
        .rows()
        .unwrap_or(0))
}
