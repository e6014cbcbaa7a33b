//! Rows of a query result, decoded lazily: a row keeps the DataRow bytes and decodes a field
//! only when asked, borrowing `&str` and `&[u8]` from them without copying.

use std::fmt;

use bytes::Bytes;

use crate::error::Error;
use crate::statement::{Column, Statement};
use crate::types::FromSql;

/// Fields whose length-prefix offsets are kept inline, so typical rows allocate nothing.
const INLINE_FIELDS: usize = 16;

/// Where each field's 4-byte length prefix sits in the DataRow body.
#[derive(Clone)]
enum FieldOffsets {
    Inline { len: u8, at: [u32; INLINE_FIELDS] },
    Heap(Box<[u32]>),
}

impl FieldOffsets {
    fn as_slice(&self) -> &[u32] {
        match self {
            FieldOffsets::Inline { len, at } => &at[..usize::from(*len)],
            FieldOffsets::Heap(at) => at,
        }
    }
}

/// A DataRow body that does not match its own field lengths or the statement's columns.
#[derive(Debug)]
pub(crate) struct MalformedRow(pub &'static str);

impl fmt::Display for MalformedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed DataRow: {}", self.0)
    }
}

impl std::error::Error for MalformedRow {}

/// Walks a DataRow body once, checking every length against the body, and records where each
/// field starts.
fn index_fields(body: &[u8], expected: usize) -> Result<FieldOffsets, MalformedRow> {
    let count = body
        .get(..2)
        .map(|b| i16::from_be_bytes([b[0], b[1]]))
        .ok_or(MalformedRow("no field count"))?;
    if count < 0 || count as usize != expected {
        return Err(MalformedRow("field count differs from the row description"));
    }
    let wide = expected > INLINE_FIELDS;
    let mut inline = [0u32; INLINE_FIELDS];
    let mut heap = Vec::with_capacity(if wide { expected } else { 0 });
    let mut at = 2usize;
    for i in 0..expected {
        let len = body
            .get(at..at + 4)
            .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or(MalformedRow("field length runs past the end"))?;
        // Offsets fit in u32: a message is at most 1 GiB.
        match inline.get_mut(i) {
            Some(slot) if !wide => *slot = at as u32,
            _ => heap.push(at as u32),
        }
        at += 4;
        if len >= 0 {
            at = at
                .checked_add(len as usize)
                .filter(|end| *end <= body.len())
                .ok_or(MalformedRow("field runs past the end"))?;
        } else if len != -1 {
            return Err(MalformedRow("negative field length other than -1"));
        }
    }
    if at != body.len() {
        return Err(MalformedRow("bytes after the last field"));
    }
    let offsets = if wide {
        FieldOffsets::Heap(heap.into_boxed_slice())
    } else {
        FieldOffsets::Inline {
            len: expected as u8,
            at: inline,
        }
    };
    Ok(offsets)
}

/// A row of a query result.
///
/// ```no_run
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// let row = client.query_one("SELECT 1::int4 AS n, 'x'::text AS s", &[]).await?;
/// let n: i32 = row.get(0);
/// let s: &str = row.get("s");
/// assert_eq!((n, s), (1, "x"));
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Row {
    statement: Statement,
    body: Bytes,
    offsets: FieldOffsets,
}

impl Row {
    pub(crate) fn new(statement: Statement, body: Bytes) -> Result<Row, Error> {
        let offsets = index_fields(&body, statement.columns().len()).map_err(Error::protocol)?;
        Ok(Row {
            statement,
            body,
            offsets,
        })
    }

    /// The row's columns.
    pub fn columns(&self) -> &[Column] {
        self.statement.columns()
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.columns().len()
    }

    /// Whether the row has no fields.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The raw binary value of field `i`, `None` for NULL.
    fn raw(&self, i: usize) -> Option<&[u8]> {
        let at = self.offsets.as_slice()[i] as usize;
        // `index_fields` checked every prefix and extent against the body.
        let b = &self.body[at..at + 4];
        let len = i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (len >= 0).then(|| &self.body[at + 4..at + 4 + len as usize])
    }

    /// Decodes a field, by index or by column name.
    ///
    /// # Panics
    /// When the column does not exist or the value cannot be decoded as `T`; use
    /// [`Row::try_get`] to get an error instead.
    #[track_caller]
    pub fn get<'a, I, T>(&'a self, idx: I) -> T
    where
        I: RowIndex + fmt::Display,
        T: FromSql<'a>,
    {
        match self.try_get(&idx) {
            Ok(v) => v,
            Err(e) => panic!("error retrieving column {idx}: {e}"),
        }
    }

    /// Decodes a field, by index or by column name.
    pub fn try_get<'a, I, T>(&'a self, idx: I) -> Result<T, Error>
    where
        I: RowIndex + fmt::Display,
        T: FromSql<'a>,
    {
        let i = idx.index(self.columns()).ok_or_else(|| {
            Error::conversion(
                format!("no column {idx} in the row"),
                "no such column".into(),
            )
        })?;
        let column = &self.columns()[i];
        let ty = column.type_();
        if !T::accepts(ty) {
            return Err(Error::conversion(
                format!("column {i} ({:?})", column.name()),
                Box::new(crate::types::WrongType::new::<T>(ty.clone())),
            ));
        }
        T::from_sql_with(&self.statement.0.codecs, ty, self.raw(i)).map_err(|cause| {
            Error::conversion(
                format!(
                    "column {i} ({:?}) of type {ty} into {}",
                    column.name(),
                    crate::types::short_type_name(std::any::type_name::<T>())
                ),
                cause,
            )
        })
    }

    /// The raw binary value of a field, `None` for NULL.
    pub fn raw_value<I: RowIndex + fmt::Display>(&self, idx: I) -> Result<Option<&[u8]>, Error> {
        let i = idx.index(self.columns()).ok_or_else(|| {
            Error::conversion(
                format!("no column {idx} in the row"),
                "no such column".into(),
            )
        })?;
        Ok(self.raw(i))
    }
}

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_map();
        for (i, column) in self.columns().iter().enumerate() {
            list.entry(&column.name(), &self.raw(i).map(|v| v.len()));
        }
        list.finish()
    }
}

/// A way to pick a column: its position (`usize`) or its name (`&str`).
pub trait RowIndex {
    /// The column's position, if it exists.
    fn index(&self, columns: &[Column]) -> Option<usize>;
}

impl RowIndex for usize {
    fn index(&self, columns: &[Column]) -> Option<usize> {
        (*self < columns.len()).then_some(*self)
    }
}

impl RowIndex for str {
    fn index(&self, columns: &[Column]) -> Option<usize> {
        columns.iter().position(|c| c.name() == self).or_else(|| {
            columns
                .iter()
                .position(|c| c.name().eq_ignore_ascii_case(self))
        })
    }
}

impl<T: RowIndex + ?Sized> RowIndex for &T {
    fn index(&self, columns: &[Column]) -> Option<usize> {
        (**self).index(columns)
    }
}

/// A way to pick a column of a simple query row: its position or its name.
pub trait SimpleIndex {
    /// The column's position, if it exists.
    fn simple_index(&self, columns: &[crate::simple_query::SimpleColumn]) -> Option<usize>;
}

impl SimpleIndex for usize {
    fn simple_index(&self, columns: &[crate::simple_query::SimpleColumn]) -> Option<usize> {
        (*self < columns.len()).then_some(*self)
    }
}

impl SimpleIndex for &str {
    fn simple_index(&self, columns: &[crate::simple_query::SimpleColumn]) -> Option<usize> {
        columns.iter().position(|c| c.name() == *self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(fields: &[Option<&[u8]>]) -> Vec<u8> {
        let mut v = (fields.len() as i16).to_be_bytes().to_vec();
        for f in fields {
            match f {
                Some(f) => {
                    v.extend_from_slice(&(f.len() as i32).to_be_bytes());
                    v.extend_from_slice(f);
                }
                None => v.extend_from_slice(&(-1i32).to_be_bytes()),
            }
        }
        v
    }

    #[test]
    fn row_index_fields_records_every_prefix() {
        let b = body(&[Some(b"ab"), None, Some(b"")]);
        let offsets = index_fields(&b, 3).unwrap();
        assert_eq!(offsets.as_slice(), &[2, 8, 12]);
    }

    #[test]
    fn row_index_fields_spills_wide_rows_to_the_heap() {
        let fields: Vec<Option<&[u8]>> = (0..40).map(|_| Some(&b"x"[..])).collect();
        let b = body(&fields);
        let offsets = index_fields(&b, 40).unwrap();
        assert!(matches!(offsets, FieldOffsets::Heap(_)));
        assert_eq!(offsets.as_slice().len(), 40);
        assert_eq!(offsets.as_slice()[39], 2 + 39 * 5);
    }

    #[test]
    fn row_index_fields_rejects_malformed_bodies() {
        let b = body(&[Some(b"ab")]);
        assert!(index_fields(&b, 2).is_err(), "count mismatch");
        assert!(
            index_fields(&b[..b.len() - 1], 1).is_err(),
            "field past the end"
        );
        let mut extra = b.clone();
        extra.push(0);
        assert!(index_fields(&extra, 1).is_err(), "trailing bytes");
        let mut neg = body(&[None]);
        neg[2..6].copy_from_slice(&(-2i32).to_be_bytes());
        assert!(index_fields(&neg, 1).is_err(), "length -2");
        assert!(index_fields(&[], 0).is_err(), "no count");
        let huge = [0, 1, 0x7f, 0xff, 0xff, 0xff];
        assert!(index_fields(&huge, 1).is_err(), "length past the end");
    }
}
