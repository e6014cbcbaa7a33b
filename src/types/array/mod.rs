//! Arrays: `Vec<T>`, slices, and the N-dimensional [`Array<T>`], with NULL elements.
//!
//! Binary: `int32 ndim, int32 has_nulls, uint32 element OID, (int32 length, int32 lower
//! bound) per dimension`, then each element as `int32 length` (-1 for NULL) and bytes. The
//! element OID is checked against the column's type; dimension counts and sizes from the wire
//! are bounded (at most 6 dimensions, and no more elements than 4-byte length words present)
//! before anything is allocated. See
//! <https://www.postgresql.org/docs/current/arrays.html>.

use std::fmt;

use bytes::{BufMut, BytesMut};

use super::wire::{Reader, count_i32, write_nullable};
use super::{BoxError, CodecContext, DecodeError, EncodeError, FromSql, IsNull, Kind, ToSql, Type};

/// PostgreSQL's `MAXDIM`: the most dimensions an array may have.
pub const MAX_DIMENSIONS: usize = 6;

const INT2VECTOR: u32 = 22;
const OIDVECTOR: u32 = 30;

/// One dimension of an array: its length and the index of its first element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Dimension {
    /// The number of elements along this dimension (at least 1).
    pub len: i32,
    /// The index of the first element (PostgreSQL's default is 1).
    pub lower_bound: i32,
}

/// Why an [`Array`] could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArrayError {
    /// More than [`MAX_DIMENSIONS`] dimensions.
    TooManyDimensions {
        /// The number given.
        got: usize,
    },
    /// A dimension's length is not positive, or its upper bound overflows `i32`.
    BadDimension {
        /// The dimension's index.
        index: usize,
    },
    /// The element count does not match the product of the dimension lengths.
    ElementCount {
        /// The product of the dimension lengths.
        expected: usize,
        /// The number of elements given.
        got: usize,
    },
}

impl fmt::Display for ArrayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArrayError::TooManyDimensions { got } => {
                write!(
                    f,
                    "array has {got} dimensions, at most {MAX_DIMENSIONS} allowed"
                )
            }
            ArrayError::BadDimension { index } => {
                write!(f, "array dimension {index} has a bad length or bounds")
            }
            ArrayError::ElementCount { expected, got } => {
                write!(f, "array dimensions hold {expected} elements, {got} given")
            }
        }
    }
}

impl std::error::Error for ArrayError {}

/// An N-dimensional array with lower bounds, elements in row-major order.
///
/// Use `Array<Option<T>>` for arrays that may hold NULLs. An empty array has no dimensions.
///
/// ```
/// use pgline::types::{Array, Dimension};
/// // '[0:1][5:6]={{1,2},{3,4}}'
/// let a = Array::new(
///     vec![Dimension { len: 2, lower_bound: 0 }, Dimension { len: 2, lower_bound: 5 }],
///     vec![1, 2, 3, 4],
/// )
/// .unwrap();
/// assert_eq!(a.get(&[1, 5]), Some(&3));
/// assert_eq!(a.get(&[2, 5]), None);
/// assert_eq!(Array::from(vec![7, 8]).dimensions(), &[Dimension { len: 2, lower_bound: 1 }]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Array<T> {
    dims: Vec<Dimension>,
    elements: Vec<T>,
}

fn check_dims(dims: &[Dimension]) -> Result<usize, ArrayError> {
    if dims.len() > MAX_DIMENSIONS {
        return Err(ArrayError::TooManyDimensions { got: dims.len() });
    }
    let mut total: usize = 1;
    for (index, d) in dims.iter().enumerate() {
        let bad = ArrayError::BadDimension { index };
        if d.len < 1 || d.lower_bound.checked_add(d.len - 1).is_none() {
            return Err(bad);
        }
        total = total.checked_mul(d.len as usize).ok_or(bad)?;
    }
    Ok(if dims.is_empty() { 0 } else { total })
}

impl<T> Array<T> {
    /// An array with these dimensions and elements in row-major order.
    pub fn new(dims: Vec<Dimension>, elements: Vec<T>) -> Result<Array<T>, ArrayError> {
        let expected = check_dims(&dims)?;
        if expected != elements.len() {
            return Err(ArrayError::ElementCount {
                expected,
                got: elements.len(),
            });
        }
        Ok(Array { dims, elements })
    }

    /// The dimensions, outermost first (empty for an empty array).
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dims
    }

    /// The elements in row-major order.
    pub fn elements(&self) -> &[T] {
        &self.elements
    }

    /// The elements in row-major order, consuming the array.
    pub fn into_elements(self) -> Vec<T> {
        self.elements
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    /// Whether the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// The element at these indices (one per dimension, counted from each lower bound).
    pub fn get(&self, indices: &[i32]) -> Option<&T> {
        if indices.len() != self.dims.len() || self.dims.is_empty() {
            return None;
        }
        let mut flat = 0usize;
        for (d, &i) in self.dims.iter().zip(indices) {
            let off = i64::from(i) - i64::from(d.lower_bound);
            if off < 0 || off >= i64::from(d.len) {
                return None;
            }
            flat = flat * d.len as usize + off as usize;
        }
        self.elements.get(flat)
    }

    /// The elements in row-major order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.elements.iter()
    }
}

impl<T> Default for Array<T> {
    fn default() -> Array<T> {
        Array {
            dims: Vec::new(),
            elements: Vec::new(),
        }
    }
}

impl<T> From<Vec<T>> for Array<T> {
    /// A one-dimensional array with lower bound 1 (empty when `v` is).
    fn from(v: Vec<T>) -> Array<T> {
        let dims = if v.is_empty() {
            Vec::new()
        } else {
            vec![Dimension {
                // Longer vectors cannot be sent anyway; encoding reports it.
                len: i32::try_from(v.len()).unwrap_or(i32::MAX),
                lower_bound: 1,
            }]
        };
        Array { dims, elements: v }
    }
}

impl<T> IntoIterator for Array<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.elements.into_iter()
    }
}

/// The element type of an array type, through domains.
fn element_type(ty: &Type) -> Option<&Type> {
    match ty.base().kind() {
        Kind::Array(elem) => Some(elem),
        _ => None,
    }
}

fn element_accepted<F: Fn(&Type) -> bool>(ty: &Type, accepts: F) -> bool {
    element_type(ty).is_some_and(accepts)
}

/// A parsed array header, positioned at the first element.
struct Header<'a> {
    ndim: usize,
    dims: [Dimension; MAX_DIMENSIONS],
    count: usize,
    reader: Reader<'a>,
}

fn read_header<'a, 't>(ty: &'t Type, raw: &'a [u8]) -> Result<(Header<'a>, &'t Type), DecodeError> {
    let elem = element_type(ty).ok_or(DecodeError::Invalid {
        type_name: "array",
        field: "type",
        value: i64::from(ty.oid()),
    })?;
    let mut r = Reader::new(raw, "array");
    let ndim = r.i32("ndim")?;
    if !(0..=MAX_DIMENSIONS as i32).contains(&ndim) {
        return Err(r.invalid("ndim", i64::from(ndim)));
    }
    let flags = r.i32("flags")?;
    if flags != 0 && flags != 1 {
        return Err(r.invalid("flags", i64::from(flags)));
    }
    let elem_oid = r.u32("element type")?;
    if elem_oid != elem.oid() && elem_oid != elem.base().oid() {
        return Err(DecodeError::ElementType {
            type_name: "array",
            expected: elem.oid(),
            got: elem_oid,
        });
    }
    let mut dims = [Dimension {
        len: 0,
        lower_bound: 0,
    }; MAX_DIMENSIONS];
    let mut count: u64 = 1;
    for d in dims.iter_mut().take(ndim as usize) {
        let len = r.i32("dimension length")?;
        let lower_bound = r.i32("lower bound")?;
        if len < 0 {
            return Err(r.invalid("dimension length", i64::from(len)));
        }
        if len > 0 && lower_bound.checked_add(len - 1).is_none() {
            return Err(r.invalid("lower bound", i64::from(lower_bound)));
        }
        // At most 6 factors below 2^31: no u64 overflow before the check below trips.
        count = count.saturating_mul(len as u64);
        *d = Dimension { len, lower_bound };
    }
    let (ndim, count) = if ndim == 0 || count == 0 {
        (0, 0)
    } else {
        (ndim as usize, count)
    };
    // Every element needs at least its 4-byte length word.
    let limit = (r.remaining() / 4) as u64;
    if count > limit {
        return Err(DecodeError::TooLarge {
            type_name: "array",
            field: "element count",
            value: count,
            limit,
        });
    }
    Ok((
        Header {
            ndim,
            dims,
            count: count as usize,
            reader: r,
        },
        elem,
    ))
}

/// Decodes every element of `raw` in order; returns the header's dimensions.
fn decode_elements<'a, T: FromSql<'a>>(
    ctx: &CodecContext,
    ty: &Type,
    raw: &'a [u8],
    max_ndim: Option<usize>,
) -> Result<(Vec<Dimension>, Vec<T>), BoxError> {
    let (mut h, elem) = read_header(ty, raw)?;
    if let Some(max) = max_ndim {
        if h.ndim > max {
            return Err(Box::new(DecodeError::Dimensions {
                expected: max,
                got: h.ndim,
            }));
        }
    }
    // Bounded by the header check: count <= remaining bytes / 4.
    let mut out = Vec::with_capacity(h.count);
    for _ in 0..h.count {
        let v = h.reader.nullable_value("element")?;
        out.push(T::from_sql_with(ctx, elem, v)?);
    }
    h.reader.finish()?;
    Ok((h.dims[..h.ndim].to_vec(), out))
}

/// Writes an array header and elements for `ty`.
fn encode_elements<'e, T: ToSql + 'e>(
    ctx: &CodecContext,
    ty: &Type,
    dims: &[Dimension],
    elements: impl ExactSizeIterator<Item = &'e T>,
    out: &mut BytesMut,
) -> Result<IsNull, BoxError> {
    let elem = element_type(ty).ok_or(EncodeError::NotRepresentable {
        type_name: "array",
        reason: "the parameter's type is not an array type",
    })?;
    out.put_i32(count_i32(dims.len(), "array", "ndim")?);
    let flags_at = out.len();
    out.put_i32(0);
    out.put_u32(elem.oid());
    // int2vector and oidvector are zero-based.
    let zero_based = matches!(ty.base().oid(), INT2VECTOR | OIDVECTOR);
    for d in dims {
        out.put_i32(d.len);
        out.put_i32(if zero_based { 0 } else { d.lower_bound });
    }
    let mut has_null = false;
    for e in elements {
        let at = out.len();
        write_nullable(out, "array", |out| e.to_sql_with(ctx, elem, out))?;
        has_null |= out[at..at + 4] == [0xff; 4];
    }
    if has_null {
        out[flags_at..flags_at + 4].copy_from_slice(&1i32.to_be_bytes());
    }
    Ok(IsNull::No)
}

fn one_dim(len: usize) -> Result<Vec<Dimension>, EncodeError> {
    if len == 0 {
        return Ok(Vec::new());
    }
    Ok(vec![Dimension {
        len: count_i32(len, "array", "length")?,
        lower_bound: 1,
    }])
}

impl<'a, T: FromSql<'a>> FromSql<'a> for Array<T> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Array<T>, BoxError> {
        Self::from_sql_with(CodecContext::default_ref(), ty, Some(raw))
    }

    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Array<T>, BoxError> {
        let Some(raw) = raw else {
            return Self::from_sql_null(ty);
        };
        let (dims, elements) = decode_elements(ctx, ty, raw, None)?;
        Ok(Array { dims, elements })
    }

    fn accepts(ty: &Type) -> bool {
        element_accepted(ty, T::accepts)
    }
}

/// One-dimensional arrays (or empty ones); lower bounds are dropped. A multi-dimensional
/// array is a [`DecodeError::Dimensions`]: decode it as [`Array<T>`].
impl<'a, T: FromSql<'a>> FromSql<'a> for Vec<T> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Vec<T>, BoxError> {
        Self::from_sql_with(CodecContext::default_ref(), ty, Some(raw))
    }

    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Vec<T>, BoxError> {
        let Some(raw) = raw else {
            return Self::from_sql_null(ty);
        };
        Ok(decode_elements(ctx, ty, raw, Some(1))?.1)
    }

    fn accepts(ty: &Type) -> bool {
        element_accepted(ty, T::accepts)
    }
}

impl<T: ToSql> ToSql for Array<T> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.to_sql_with(CodecContext::default_ref(), ty, out)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        encode_elements(ctx, ty, &self.dims, self.elements.iter(), out)
    }

    fn accepts(ty: &Type) -> bool {
        element_accepted(ty, T::accepts)
    }
}

/// Sent as a one-dimensional array with lower bound 1.
impl<T: ToSql> ToSql for &[T] {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.to_sql_with(CodecContext::default_ref(), ty, out)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        encode_elements(ctx, ty, &one_dim(self.len())?, self.iter(), out)
    }

    fn accepts(ty: &Type) -> bool {
        element_accepted(ty, T::accepts)
    }
}

impl<T: ToSql> ToSql for Vec<T> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.as_slice().to_sql(ty, out)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        self.as_slice().to_sql_with(ctx, ty, out)
    }

    fn accepts(ty: &Type) -> bool {
        element_accepted(ty, T::accepts)
    }
}

impl<T: ToSql, const N: usize> ToSql for [T; N] {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.as_slice().to_sql(ty, out)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        self.as_slice().to_sql_with(ctx, ty, out)
    }

    fn accepts(ty: &Type) -> bool {
        element_accepted(ty, T::accepts)
    }
}

#[cfg(test)]
mod tests;
