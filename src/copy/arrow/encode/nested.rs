//! Lists as one-dimensional PostgreSQL arrays, and dictionary-encoded columns.

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef};
use arrow_buffer::NullBuffer;

use super::{Encode, MAX_FIELD, NULL, encode_all, put};
use crate::copy::arrow::error::ValueError;

/// A list column as arrays of the column's element type: `int32 ndim, int32 has_null,
/// oid element, (int32 length, int32 lower bound = 1)` then the elements as fields. An empty
/// list is PostgreSQL's empty array: `ndim = 0` and no dimension.
pub(crate) struct List {
    /// Row `i`'s elements are child rows `offsets[i]..offsets[i + 1]`.
    offsets: Vec<usize>,
    nulls: Option<NullBuffer>,
    child: Box<dyn Encode>,
    elem_oid: u32,
    buf: Vec<u8>,
    starts: Vec<usize>,
}

impl List {
    /// `offsets` (one more than rows, into `values`) are rebased onto the slice of `values`
    /// the rows use, so elements no row refers to are never encoded.
    pub(crate) fn new(
        array: &dyn Array,
        mut offsets: Vec<usize>,
        values: &ArrayRef,
        plan_child: impl FnOnce(&dyn Array) -> Option<Box<dyn Encode>>,
        elem_oid: u32,
    ) -> Option<List> {
        let first = *offsets.first()?;
        let last = *offsets.last()?;
        let child = values.slice(first, last - first);
        offsets.iter_mut().for_each(|o| *o -= first);
        Some(List {
            offsets,
            nulls: array.logical_nulls(),
            child: plan_child(child.as_ref())?,
            elem_oid,
            buf: Vec::new(),
            starts: Vec::new(),
        })
    }

    fn is_null(&self, i: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(i))
    }
}

impl Encode for List {
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError> {
        let n = self.offsets.last().copied().unwrap_or(0);
        let (buf, starts) = encode_all(self.child.as_mut(), n).map_err(|e| {
            let row = self
                .offsets
                .partition_point(|&o| o <= e.row)
                .saturating_sub(1);
            let elem = e.row - self.offsets[row];
            ValueError::new(row, format!("element {elem}: {}", e.reason))
        })?;
        self.buf = buf;
        self.starts = starts;
        for (i, s) in sizes.iter_mut().enumerate() {
            let (a, b) = (self.offsets[i], self.offsets[i + 1]);
            *s += if self.is_null(i) {
                4
            } else if a == b {
                4 + 12
            } else {
                if b - a > i32::MAX as usize {
                    return Err(ValueError::new(i, "more than i32::MAX elements"));
                }
                let len = 20 + self.starts[b] - self.starts[a];
                if len > MAX_FIELD {
                    return Err(ValueError::new(
                        i,
                        format!("{len} bytes exceed a field's limit"),
                    ));
                }
                4 + len
            };
        }
        Ok(0)
    }

    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]) {
        let oid = self.elem_oid.to_be_bytes();
        for (c, i) in cursors.iter_mut().zip(first..) {
            let (a, b) = (self.offsets[i], self.offsets[i + 1]);
            if self.is_null(i) {
                put(out, c, &NULL);
                continue;
            }
            if a == b {
                put(out, c, &12i32.to_be_bytes());
                put(out, c, &[0; 8]);
                put(out, c, &oid);
                continue;
            }
            let body = &self.buf[self.starts[a]..self.starts[b]];
            // A NULL element's field is exactly its -1 length word.
            let has_null = (a..b).any(|j| {
                self.starts[j + 1] - self.starts[j] == 4
                    && self.buf[self.starts[j]..self.starts[j] + 4] == NULL
            });
            // Both checked in `sizes`.
            put(out, c, &((20 + body.len()) as i32).to_be_bytes());
            put(out, c, &1i32.to_be_bytes());
            put(out, c, &i32::from(has_null).to_be_bytes());
            put(out, c, &oid);
            put(out, c, &((b - a) as i32).to_be_bytes());
            put(out, c, &1i32.to_be_bytes());
            put(out, c, body);
        }
    }
}

/// A dictionary column: its values encoded once, each row's field copied by key.
pub(crate) struct Dict {
    keys: Vec<usize>,
    nulls: Option<NullBuffer>,
    values: Box<dyn Encode>,
    nvalues: usize,
    buf: Vec<u8>,
    starts: Vec<usize>,
}

impl Dict {
    pub(crate) fn new(
        array: &dyn Array,
        plan_values: impl FnOnce(&dyn Array) -> Option<Box<dyn Encode>>,
    ) -> Option<Dict> {
        let dict = array.as_any_dictionary_opt()?;
        // `normalized_keys` panics on empty values (a dictionary of only NULLs, as
        // `new_null_array` makes): no key can be valid then.
        let keys = match dict.values().is_empty() {
            true => vec![usize::MAX; dict.keys().len()],
            false => dict.normalized_keys(),
        };
        Some(Dict {
            keys,
            nulls: dict.keys().logical_nulls(),
            values: plan_values(dict.values().as_ref())?,
            nvalues: dict.values().len(),
            buf: Vec::new(),
            starts: Vec::new(),
        })
    }

    fn is_null(&self, i: usize) -> bool {
        self.nulls.as_ref().is_some_and(|n| n.is_null(i))
    }
}

impl Encode for Dict {
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError> {
        let (buf, starts) = encode_all(self.values.as_mut(), self.nvalues)
            .map_err(|e| ValueError::new(0, format!("dictionary value {}: {}", e.row, e.reason)))?;
        self.buf = buf;
        self.starts = starts;
        for (i, s) in sizes.iter_mut().enumerate() {
            if self.is_null(i) {
                *s += 4;
                continue;
            }
            let k = self.keys[i];
            if k >= self.nvalues {
                return Err(ValueError::new(
                    i,
                    format!("dictionary key {k} out of range"),
                ));
            }
            *s += self.starts[k + 1] - self.starts[k];
        }
        Ok(0)
    }

    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]) {
        for (c, i) in cursors.iter_mut().zip(first..) {
            if self.is_null(i) {
                put(out, c, &NULL);
            } else {
                let k = self.keys[i];
                put(out, c, &self.buf[self.starts[k]..self.starts[k + 1]]);
            }
        }
    }
}
