//! Binary COPY stream → Arrow `RecordBatch`es of a chosen row count.

mod column;

use std::sync::Arc;

use arrow_array::{RecordBatch, RecordBatchOptions};
use arrow_schema::Schema;

use super::ArrowCopyError;
use crate::copy::CopyBinaryReader;
use crate::types::Type;
use column::Column;

#[cfg(test)]
pub(crate) use column::decimal_typmod as decimal_typmod_for_tests;

/// A result column to decode: its name, type and type modifier, as RowDescription gives them.
#[derive(Clone, Debug)]
pub struct DecodeColumn {
    /// The Arrow field name.
    pub name: String,
    /// The column's type.
    pub type_: Type,
    /// `atttypmod`: -1 when none; for `numeric(p, s)` it chooses Decimal128(p, s).
    pub typmod: i32,
}

impl DecodeColumn {
    /// A column without a type modifier.
    pub fn new(name: impl Into<String>, type_: Type) -> DecodeColumn {
        DecodeColumn {
            name: name.into(),
            type_,
            typmod: -1,
        }
    }

    /// With a type modifier (`atttypmod`).
    pub fn with_typmod(mut self, typmod: i32) -> DecodeColumn {
        self.typmod = typmod;
        self
    }
}

/// Decodes a `COPY ... TO STDOUT (FORMAT binary)` stream into `RecordBatch`es of
/// `batch_rows` rows (the last one may be shorter), holding at most one batch's values plus
/// the bytes pushed and not yet decoded.
///
/// | PostgreSQL | Arrow |
/// | --- | --- |
/// | bool | Boolean |
/// | int2, int4, int8, float4, float8 | Int16, Int32, Int64, Float32, Float64 |
/// | numeric(p, s) with p ≤ 38 | Decimal128(p, s) (NaN and out-of-range values are errors) |
/// | numeric otherwise | Utf8 (PostgreSQL's text form) |
/// | text, varchar, bpchar, name, enums, citext, xml | Utf8 |
/// | json, jsonb | Utf8, field metadata `ARROW:extension:name` = `arrow.json` |
/// | bytea | Binary |
/// | uuid | FixedSizeBinary(16), extension `arrow.uuid` |
/// | date | Date32 (±infinity as `i32::MAX`/`MIN`) |
/// | time | Time64(µs) |
/// | timestamp / timestamptz | Timestamp(µs) / Timestamp(µs, "UTC") (±infinity as `i64::MAX`/`MIN`; instants past 294247 AD, which overflow Arrow's 1970-based `i64`, are errors) |
/// | interval | Interval(MonthDayNano) |
/// | one-dimensional arrays of these | List (multi-dimensional arrays are errors) |
/// | pgvector `vector` | FixedSizeList(Float32, d) when every non-NULL row of the batch has dimension d, else List(Float32) |
/// | anything else | Binary: the value's binary form as received |
///
/// Domains decode as their base type. After an error the decoder is left mid-row: drop it.
///
/// ```
/// use pgline::copy::arrow::{DecodeColumn, RecordBatchDecoder};
/// use pgline::types::Type;
/// let stream = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\x04\0\0\0\x07\xff\xff";
/// let mut dec = RecordBatchDecoder::new(vec![DecodeColumn::new("n", Type::INT4)], 1024);
/// dec.push(stream).unwrap();
/// assert!(dec.next_batch().unwrap().is_none()); // fewer than 1024 rows so far
/// let batch = dec.finish().unwrap().unwrap();
/// assert_eq!(batch.num_rows(), 1);
/// ```
pub struct RecordBatchDecoder {
    reader: CopyBinaryReader,
    names: Vec<String>,
    types: Vec<Type>,
    columns: Vec<Column>,
    rows: usize,
    batch_rows: usize,
    emitted: bool,
}

impl std::fmt::Debug for RecordBatchDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordBatchDecoder")
            .field("names", &self.names)
            .field("types", &self.types)
            .field("rows", &self.rows)
            .field("batch_rows", &self.batch_rows)
            .finish_non_exhaustive()
    }
}

impl RecordBatchDecoder {
    /// A decoder for these result columns, emitting batches of `batch_rows` rows (at least 1).
    pub fn new(columns: Vec<DecodeColumn>, batch_rows: usize) -> RecordBatchDecoder {
        RecordBatchDecoder {
            reader: CopyBinaryReader::new(columns.len()),
            columns: columns
                .iter()
                .map(|c| Column::new(&c.type_, c.typmod))
                .collect(),
            names: columns.iter().map(|c| c.name.clone()).collect(),
            types: columns.into_iter().map(|c| c.type_).collect(),
            rows: 0,
            batch_rows: batch_rows.max(1),
            emitted: false,
        }
    }

    /// Rejects fields longer than `limit` bytes (default: 1 GiB).
    pub fn with_max_field_len(mut self, limit: usize) -> RecordBatchDecoder {
        self.reader = CopyBinaryReader::new(self.types.len()).with_max_field_len(limit);
        self
    }

    /// Appends the next chunk of the stream (a CopyData payload).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), ArrowCopyError> {
        Ok(self.reader.push(chunk)?)
    }

    /// The next full batch, or `None` until `batch_rows` rows have arrived. Call it until it
    /// returns `None` after each [`push`](Self::push).
    pub fn next_batch(&mut self) -> Result<Option<RecordBatch>, ArrowCopyError> {
        while self.rows < self.batch_rows {
            let Some(tuple) = self.reader.next_tuple()? else {
                return Ok(None);
            };
            append_row(&mut self.columns, &self.types, &self.names, |i| {
                tuple.get(i)
            })?;
            self.rows += 1;
        }
        self.take().map(Some)
    }

    /// Appends one row given as its fields' binary values (`None` for NULL), as a DataRow of a
    /// query with binary results carries them, instead of a COPY stream: the same column
    /// decoders, for results that cannot come by COPY. Returns a batch once `batch_rows` rows
    /// are gathered; [`finish_rows`](Self::finish_rows) returns the rest. Do not mix with
    /// [`push`](Self::push) on one decoder.
    ///
    /// ```
    /// use pgline::copy::arrow::{DecodeColumn, RecordBatchDecoder};
    /// use pgline::types::Type;
    /// let mut dec = RecordBatchDecoder::new(vec![DecodeColumn::new("n", Type::INT4)], 2);
    /// assert!(dec.push_row(&[Some(&7i32.to_be_bytes()[..])]).unwrap().is_none());
    /// assert_eq!(dec.push_row(&[None]).unwrap().unwrap().num_rows(), 2);
    /// assert_eq!(dec.finish_rows().unwrap(), None);
    /// ```
    pub fn push_row(
        &mut self,
        fields: &[Option<&[u8]>],
    ) -> Result<Option<RecordBatch>, ArrowCopyError> {
        self.push_fields(fields.len(), |i| fields[i])
    }

    /// [`push_row`](Self::push_row) for a row of `len` fields read through `field`, so a
    /// caller holding the row in another shape gathers nothing first.
    pub(crate) fn push_fields<'a>(
        &mut self,
        len: usize,
        field: impl Fn(usize) -> Option<&'a [u8]>,
    ) -> Result<Option<RecordBatch>, ArrowCopyError> {
        if len != self.columns.len() {
            return Err(ArrowCopyError::ColumnCount {
                batch: len,
                table: self.columns.len(),
            });
        }
        append_row(&mut self.columns, &self.types, &self.names, field)?;
        self.rows += 1;
        match self.rows >= self.batch_rows {
            true => self.take().map(Some),
            false => Ok(None),
        }
    }

    /// The rows [`push_row`](Self::push_row) gathered since the last batch, as a last, shorter
    /// batch; an empty batch if no batch was ever returned (so the caller learns the schema);
    /// or `None`.
    pub fn finish_rows(&mut self) -> Result<Option<RecordBatch>, ArrowCopyError> {
        if self.rows > 0 || !self.emitted {
            return self.take().map(Some);
        }
        Ok(None)
    }

    /// Checks that the stream ended with its trailer and returns the rows left over: a last,
    /// shorter batch, or an empty one if the stream had no rows at all (so the caller always
    /// learns the schema), or `None`.
    pub fn finish(&mut self) -> Result<Option<RecordBatch>, ArrowCopyError> {
        if let Some(batch) = self.next_batch()? {
            // A full batch was still buffered: hand it out; the caller calls finish again.
            return Ok(Some(batch));
        }
        self.reader.finish()?;
        self.finish_rows()
    }

    fn take(&mut self) -> Result<RecordBatch, ArrowCopyError> {
        let mut arrays = Vec::with_capacity(self.columns.len());
        let mut fields = Vec::with_capacity(self.columns.len());
        for (column, name) in self.columns.iter_mut().zip(&self.names) {
            let (array, field) = column.finish(name)?;
            arrays.push(array);
            fields.push(field);
        }
        let options = RecordBatchOptions::new().with_row_count(Some(self.rows));
        let batch =
            RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), arrays, &options)?;
        self.rows = 0;
        self.emitted = true;
        Ok(batch)
    }
}

/// Decodes one row's fields into the columns.
fn append_row<'a>(
    columns: &mut [Column],
    types: &[Type],
    names: &[String],
    field: impl Fn(usize) -> Option<&'a [u8]>,
) -> Result<(), ArrowCopyError> {
    for (i, (column, ty)) in columns.iter_mut().zip(types).enumerate() {
        column
            .append(field(i), ty)
            .map_err(|source| ArrowCopyError::Decode {
                column: names[i].clone(),
                pg: ty.clone(),
                source,
            })?;
    }
    Ok(())
}
