//! Arrow `RecordBatch` → binary COPY tuples, column by column into one pre-sized buffer.
//!
//! Three passes per batch: map every column onto its target type (a column that cannot map
//! fails here, before any value is looked at); size every field of every row (value checks such
//! as overflow and range happen here, before any byte is written); then write each column's
//! fields at per-row cursors into the buffer sized by the totals.

mod nested;
pub(crate) mod numeric;
mod plan;
mod scalar;
pub(crate) mod temporal;

use arrow_array::RecordBatch;
use arrow_buffer::NullBuffer;
use bytes::BytesMut;

use super::ArrowCopyError;
use super::error::ValueError;
use crate::copy::{HEADER, TRAILER};
use crate::types::Type;

/// One column's encoder: sizes, then writes, every field of the column.
pub(crate) trait Encode {
    /// Checks every value and sizes every row's field (the 4-byte length word included):
    /// returns the part of the size that every row's field has, and adds each row's own
    /// remainder to `sizes`. A column whose fields all have one size touches no row.
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError>;
    /// Writes the fields of rows `first..first + cursors.len()`, row `first + k` at
    /// `cursors[k]` in `out`, advancing the cursors. Called after [`Encode::sizes`]
    /// succeeded, once per block of rows, with room for exactly those sizes.
    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]);
}

/// Rows written per block: a block's fields (tens of KiB for typical rows) stay in the L1
/// cache while every column writes into them. 2,048 (a few hundred KiB, in L2) measured
/// slower: each column's pass over the block missed L1 on every field.
const BLOCK_ROWS: usize = 512;

/// The length word of a NULL field.
pub(crate) const NULL: [u8; 4] = [0xff; 4];

/// The largest field PostgreSQL accepts: lengths travel as `int32`.
pub(crate) const MAX_FIELD: usize = i32::MAX as usize;

/// Copies `bytes` to `out` at `*c` and advances `*c`.
#[inline(always)]
pub(crate) fn put(out: &mut [u8], c: &mut usize, bytes: &[u8]) {
    out[*c..*c + bytes.len()].copy_from_slice(bytes);
    *c += bytes.len();
}

/// Writes a field of `W` bytes, its length word first, at `*c` and advances `*c`: one bounds
/// check for the whole field, and stores of constant size.
#[inline(always)]
pub(crate) fn put_field<const W: usize>(out: &mut [u8], c: &mut usize, value: [u8; W]) {
    let at = *c;
    let field = &mut out[at..at + 4 + W];
    field[..4].copy_from_slice(&(W as i32).to_be_bytes());
    field[4..].copy_from_slice(&value);
    *c = at + 4 + W;
}

/// The validity of rows `first..first + n`, 64 rows at a time: bit `k` of a word for row `k`
/// of its 64 (the last word padded with zeros). A word's shift and mask per row is a fraction
/// of what a bit iterator or `is_null(i)` spends.
pub(crate) fn valid_words(
    nulls: &NullBuffer,
    first: usize,
    n: usize,
) -> impl Iterator<Item = u64> + '_ {
    let chunks = nulls.inner().inner().bit_chunks(nulls.offset() + first, n);
    let last = chunks.remainder_bits();
    chunks.iter().chain(std::iter::once(last))
}

/// Encodes `n` rows one after another: the bytes and each row's start (plus the end).
pub(crate) fn encode_all(
    enc: &mut dyn Encode,
    n: usize,
) -> Result<(Vec<u8>, Vec<usize>), ValueError> {
    let mut sizes = vec![0usize; n];
    let common = enc.sizes(&mut sizes)?;
    let mut starts = Vec::with_capacity(n + 1);
    let mut total = 0usize;
    for s in &sizes {
        starts.push(total);
        total += s + common;
    }
    starts.push(total);
    let mut buf = vec![0u8; total];
    let mut cursors = starts[..n].to_vec();
    enc.write(0, &mut buf, &mut cursors);
    Ok((buf, starts))
}

/// Encodes `RecordBatch`es into a binary COPY stream for a table whose columns have the given
/// types: the header before the first batch's tuples, the trailer on
/// [`finish`](RecordBatchEncoder::finish).
///
/// Each Arrow column is mapped onto its target column's type (domains count as their base
/// type):
///
/// | Arrow | PostgreSQL |
/// | --- | --- |
/// | Int8, Int16 / Int32 / Int64 | int2 / int4 / int8, or any wider integer, numeric, float8 (≤ 32 bits), float4 (≤ 16 bits) |
/// | UInt8 / UInt16 / UInt32 | int2 / int4 / int8 (the next wider type) or wider, numeric |
/// | UInt64 | int8 (values above `i64::MAX` are an error) or numeric (exact) |
/// | Float16, Float32 / Float64 | float4 or float8 / float8; numeric (the shortest decimal that reads back as the same float; NaN, ±Infinity) |
/// | Decimal128, Decimal256 | numeric, exact |
/// | Utf8, LargeUtf8, Utf8View | text, varchar, bpchar, name, enums, citext, xml; json; jsonb; uuid (parsed) |
/// | Binary, LargeBinary, BinaryView, FixedSizeBinary | bytea; FixedSizeBinary(16) also uuid |
/// | Boolean | bool |
/// | Date32, Date64 | date (`i32::MIN`/`MAX` days, `i64::MIN`/`MAX` ms are ±infinity) |
/// | Time32, Time64 | time |
/// | Timestamp (any unit, with or without zone) | timestamp, timestamptz (`i64::MIN`/`MAX` are ±infinity) |
/// | Duration | interval (microseconds) |
/// | Interval (YearMonth, DayTime, MonthDayNano) | interval |
/// | List, LargeList, FixedSizeList | a one-dimensional array of the column's element type |
/// | Struct, Map | jsonb or json (the row as a JSON object) |
/// | Dictionary | whatever its values map to (text, bytea, ...) |
/// | Null | any type: every value NULL |
///
/// Sub-microsecond values (nanosecond timestamps, times, durations and intervals) are
/// truncated toward negative infinity, so a time before the epoch stays before it. Values
/// outside PostgreSQL's range (timestamps before 4714 BC or after 294276 AD, a time past
/// 24:00:00) are an error naming the column and row, and nothing is written.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{Int32Array, RecordBatch, StringArray};
/// use bytes::BytesMut;
/// use pgline::copy::arrow::RecordBatchEncoder;
/// use pgline::types::Type;
/// let batch = RecordBatch::try_from_iter([
///     ("id", Arc::new(Int32Array::from(vec![1])) as _),
///     ("name", Arc::new(StringArray::from(vec![Some("a")])) as _),
/// ]).unwrap();
/// let mut enc = RecordBatchEncoder::new(vec![Type::INT8, Type::TEXT]);
/// let mut out = BytesMut::new();
/// enc.encode(&batch, &mut out).unwrap();
/// enc.finish(&mut out);
/// assert_eq!(&out[19..], b"\0\x02\0\0\0\x08\0\0\0\0\0\0\0\x01\0\0\0\x01a\xff\xff");
/// ```
pub struct RecordBatchEncoder {
    types: Vec<Type>,
    header_written: bool,
    /// Each row's size beyond the part every row shares; kept to spare an allocation per batch.
    sizes: Vec<usize>,
}

impl std::fmt::Debug for RecordBatchEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordBatchEncoder")
            .field("types", &self.types)
            .field("header_written", &self.header_written)
            .finish_non_exhaustive()
    }
}

impl RecordBatchEncoder {
    /// An encoder for a table (or column list) whose columns have these types, in order.
    pub fn new(types: Vec<Type>) -> RecordBatchEncoder {
        RecordBatchEncoder {
            types,
            header_written: false,
            sizes: Vec::new(),
        }
    }

    /// The target column types.
    pub fn types(&self) -> &[Type] {
        &self.types
    }

    /// Appends the batch's rows as tuples (after the header, the first time). On error `out`
    /// is left as it was.
    pub fn encode(
        &mut self,
        batch: &RecordBatch,
        out: &mut BytesMut,
    ) -> Result<(), ArrowCopyError> {
        if batch.num_columns() != self.types.len() {
            return Err(ArrowCopyError::ColumnCount {
                batch: batch.num_columns(),
                table: self.types.len(),
            });
        }
        let count = i16::try_from(self.types.len()).map_err(|_| ArrowCopyError::ColumnCount {
            batch: batch.num_columns(),
            table: i16::MAX as usize,
        })?;
        let schema = batch.schema();
        let mut encoders = Vec::with_capacity(self.types.len());
        for ((array, field), ty) in batch.columns().iter().zip(schema.fields()).zip(&self.types) {
            encoders.push(plan::plan(array.as_ref(), ty).ok_or_else(|| {
                ArrowCopyError::Unsupported {
                    column: field.name().clone(),
                    arrow: array.data_type().clone(),
                    pg: ty.clone(),
                }
            })?);
        }
        let rows = batch.num_rows();
        let sizes = &mut self.sizes;
        sizes.clear();
        sizes.resize(rows, 0);
        // The field count word.
        let mut common = 2;
        for (enc, field) in encoders.iter_mut().zip(schema.fields()) {
            common += enc.sizes(sizes).map_err(|e| e.in_column(field.name()))?;
        }
        out.reserve(sizes.iter().sum::<usize>() + common * rows + HEADER.len());
        if !self.header_written {
            out.extend_from_slice(&HEADER);
        }
        // Column by column within blocks of rows small enough to stay in cache: one pass per
        // column over the whole batch would stream the output through memory once a column.
        // Each block is written where it ends up in `out`, not copied there.
        let mut cursors = Vec::with_capacity(BLOCK_ROWS);
        for first in (0..rows).step_by(BLOCK_ROWS) {
            let end = (first + BLOCK_ROWS).min(rows);
            cursors.clear();
            let mut total = 0;
            for s in &sizes[first..end] {
                cursors.push(total);
                total += s + common;
            }
            let start = out.len();
            out.resize(start + total, 0);
            let block = &mut out[start..];
            for c in &mut cursors {
                put(block, c, &count.to_be_bytes());
            }
            for enc in &encoders {
                enc.write(first, block, &mut cursors);
            }
        }
        self.header_written = true;
        Ok(())
    }

    /// Appends the trailer (and the header if no batch was encoded), ending the stream.
    pub fn finish(self, out: &mut BytesMut) {
        if !self.header_written {
            out.extend_from_slice(&HEADER);
        }
        out.extend_from_slice(&TRAILER);
    }
}
