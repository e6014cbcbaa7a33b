//! Rows of a query result, decoded lazily: a row keeps the DataRow bytes and decodes a field
//! only when asked, borrowing `&str` and `&[u8]` from them without copying.

use std::fmt;

use bytes::Bytes;

use super::statement::{Column, Statement};
use crate::error::Error;
use crate::protocol::backend::DataRow;
use crate::protocol::{MessageKind, Problem, ProtocolError};
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

/// Indexes a DataRow body in the protocol module's single validating walk, keeping where each
/// value's length prefix sits, and checks the value count against the statement's columns.
fn index_fields(body: Bytes, expected: usize) -> Result<(DataRow, FieldOffsets), Error> {
    let wide = expected > INLINE_FIELDS;
    let mut inline = [0u32; INLINE_FIELDS];
    let mut heap = Vec::with_capacity(if wide { expected } else { 0 });
    let row = DataRow::parse_indexed(body, |i, at| {
        if wide {
            heap.push(at);
        } else if let Some(slot) = inline.get_mut(i) {
            *slot = at;
        }
    })
    .map_err(Error::protocol)?;
    if row.len() != expected {
        return Err(Error::protocol(ProtocolError::malformed(
            MessageKind::DataRow,
            "column count (differs from the RowDescription)",
            Problem::Invalid {
                value: row.len() as i64,
            },
        )));
    }
    let offsets = if wide {
        FieldOffsets::Heap(heap.into_boxed_slice())
    } else {
        FieldOffsets::Inline {
            len: expected as u8,
            at: inline,
        }
    };
    Ok((row, offsets))
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
    row: DataRow,
    offsets: FieldOffsets,
}

impl Row {
    pub(crate) fn new(statement: Statement, body: Bytes) -> Result<Row, Error> {
        let (row, offsets) = index_fields(body, statement.columns().len())?;
        Ok(Row {
            statement,
            row,
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
    pub(crate) fn raw(&self, i: usize) -> Option<&[u8]> {
        let at = self.offsets.as_slice()[i] as usize;
        // `DataRow::parse_indexed` checked every prefix and extent against the body.
        let body = self.row.buffer();
        let b = &body[at..at + 4];
        let len = i32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        (len >= 0).then(|| &body[at + 4..at + 4 + len as usize])
    }

    /// Decodes a field, by index or by column name.
    ///
    /// # Panics
    /// When the column does not exist or the value cannot be decoded as `T`; use
    /// [`Row::try_get`] to get an error instead.
    #[track_caller]
    #[inline]
    pub fn get<'a, I, T>(&'a self, idx: I) -> T
    where
        I: RowIndex + fmt::Display,
        T: FromSql<'a>,
    {
        match self.try_get(&idx) {
            Ok(v) => v,
            Err(e) => get_failed(&idx, e),
        }
    }

    /// Decodes a field, by index or by column name.
    // The errors are built out of line, so what is left inlines into the caller's loop.
    #[inline]
    pub fn try_get<'a, I, T>(&'a self, idx: I) -> Result<T, Error>
    where
        I: RowIndex + fmt::Display,
        T: FromSql<'a>,
    {
        let Some(i) = idx.index(self.columns()) else {
            return Err(no_such_column(&idx));
        };
        let column = &self.columns()[i];
        let ty = column.type_();
        if !T::accepts(ty) {
            return Err(wrong_type::<T>(i, column));
        }
        T::from_sql_with(&self.statement.0.codecs, ty, self.raw(i))
            .map_err(|cause| decode_failed::<T>(i, column, cause))
    }

    /// Decodes column `i` into `field` of a derived `FromRow` struct (`Type::field`); errors
    /// name the field, the column and both types.
    pub(crate) fn try_get_field<'a, T: FromSql<'a>>(
        &'a self,
        i: usize,
        field: &str,
    ) -> Result<T, Error> {
        let column = &self.columns()[i];
        let ty = column.type_();
        let context = || {
            format!(
                "column {i} ({:?}) of type {ty} into field {field} ({})",
                column.name(),
                crate::types::short_type_name(std::any::type_name::<T>())
            )
        };
        if !T::accepts(ty) {
            return Err(Error::conversion(
                context(),
                Box::new(crate::types::WrongType::new::<T>(ty.clone())),
            ));
        }
        T::from_sql_with(&self.statement.0.codecs, ty, self.raw(i))
            .map_err(|cause| Error::conversion(context(), cause))
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

#[cold]
#[inline(never)]
#[track_caller]
fn get_failed(idx: &dyn fmt::Display, e: Error) -> ! {
    panic!("error retrieving column {idx}: {e}")
}

#[cold]
#[inline(never)]
fn no_such_column(idx: &dyn fmt::Display) -> Error {
    Error::conversion(
        format!("no column {idx} in the row"),
        "no such column".into(),
    )
}

#[cold]
#[inline(never)]
fn wrong_type<T: ?Sized>(i: usize, column: &Column) -> Error {
    Error::conversion(
        format!("column {i} ({:?})", column.name()),
        Box::new(crate::types::WrongType::new::<T>(column.type_().clone())),
    )
}

#[cold]
#[inline(never)]
fn decode_failed<T: ?Sized>(i: usize, column: &Column, cause: crate::types::BoxError) -> Error {
    Error::conversion(
        format!(
            "column {i} ({:?}) of type {} into {}",
            column.name(),
            column.type_(),
            crate::types::short_type_name(std::any::type_name::<T>())
        ),
        cause,
    )
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
    fn simple_index(&self, columns: &[super::simple_query::SimpleColumn]) -> Option<usize>;
}

impl SimpleIndex for usize {
    fn simple_index(&self, columns: &[super::simple_query::SimpleColumn]) -> Option<usize> {
        (*self < columns.len()).then_some(*self)
    }
}

impl SimpleIndex for &str {
    fn simple_index(&self, columns: &[super::simple_query::SimpleColumn]) -> Option<usize> {
        columns.iter().position(|c| c.name() == *self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(fields: &[Option<&[u8]>]) -> Bytes {
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
        Bytes::from(v)
    }

    #[test]
    fn row_index_fields_records_every_prefix() {
        let (_, offsets) = index_fields(body(&[Some(b"ab"), None, Some(b"")]), 3).unwrap();
        assert_eq!(offsets.as_slice(), &[2, 8, 12]);
    }

    #[test]
    fn row_index_fields_spills_wide_rows_to_the_heap() {
        let fields: Vec<Option<&[u8]>> = (0..40).map(|_| Some(&b"x"[..])).collect();
        let (_, offsets) = index_fields(body(&fields), 40).unwrap();
        assert!(matches!(offsets, FieldOffsets::Heap(_)));
        assert_eq!(offsets.as_slice().len(), 40);
        assert_eq!(offsets.as_slice()[39], 2 + 39 * 5);
    }

    #[test]
    fn row_index_fields_rejects_malformed_bodies_as_protocol_errors() {
        let b = body(&[Some(b"ab")]);
        let cases = [
            (b.clone(), 2, "count mismatch"),
            (b.slice(..b.len() - 1), 1, "field past the end"),
            (Bytes::from([&b[..], &[0]].concat()), 1, "trailing bytes"),
            (
                Bytes::from_static(&[0, 1, 0xff, 0xff, 0xff, 0xfe]),
                1,
                "length -2",
            ),
            (Bytes::new(), 0, "no count"),
            (
                Bytes::from_static(&[0, 1, 0x7f, 0xff, 0xff, 0xff]),
                1,
                "huge length",
            ),
            // More values than the count says, past the inline slots.
            (body(&[Some(&b"x"[..]); 20]), 1, "count too low"),
        ];
        for (bytes, expected, what) in cases {
            let err = index_fields(bytes, expected)
                .err()
                .unwrap_or_else(|| panic!("{what}"));
            assert_eq!(err.kind(), crate::ErrorKind::Protocol, "{what}");
            let cause = std::error::Error::source(&err).unwrap();
            assert!(cause.downcast_ref::<ProtocolError>().is_some(), "{what}");
        }
    }
}
