//! Ranges ([`Range<T>`]) and multiranges ([`Multirange<T>`]) over any subtype.
//!
//! Binary range: a flags byte, then each present bound as `int32 length` and bytes; a
//! multirange is an `int32` count of length-prefixed ranges. `Display` follows `range_out`
//! and `multirange_out`. See <https://www.postgresql.org/docs/current/rangetypes.html>.

use std::fmt::{self, Write as _};
use std::ops::Bound;

use bytes::{BufMut, BytesMut};

use super::wire::{Reader, count_i32, write_nullable};
use super::{BoxError, CodecContext, DecodeError, FromSql, IsNull, Kind, ToSql, Type};

const EMPTY: u8 = 0x01;
const LB_INC: u8 = 0x02;
const UB_INC: u8 = 0x04;
const LB_INF: u8 = 0x08;
const UB_INF: u8 = 0x10;
/// The flags that mean something on the wire; `range_recv` masks out the rest.
const WIRE_FLAGS: u8 = EMPTY | LB_INC | UB_INC | LB_INF | UB_INF;

/// A range value: empty, or a lower and an upper bound, each inclusive, exclusive or
/// unbounded.
///
/// Sent as is; the server canonicalizes discrete ranges (`[1,5]` comes back as `[1,6)`).
///
/// ```
/// use std::ops::Bound;
/// use pgline::types::Range;
/// let r = Range::new(Bound::Included(1), Bound::Excluded(5));
/// assert_eq!(r.to_string(), "[1,5)");
/// assert!(r.contains(&4) && !r.contains(&5));
/// assert_eq!(Range::<i32>::Empty.to_string(), "empty");
/// assert_eq!(Range::new(Bound::Unbounded, Bound::Included(5)).to_string(), "(,5]");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Range<T> {
    /// The empty range.
    Empty,
    /// A range with two bounds (either may be [`Bound::Unbounded`]).
    Bounds {
        /// The lower bound.
        lower: Bound<T>,
        /// The upper bound.
        upper: Bound<T>,
    },
}

impl<T> Range<T> {
    /// The range between `lower` and `upper`.
    pub fn new(lower: Bound<T>, upper: Bound<T>) -> Range<T> {
        Range::Bounds { lower, upper }
    }

    /// Whether this is the empty range.
    pub fn is_empty(&self) -> bool {
        matches!(self, Range::Empty)
    }

    /// The lower bound, `None` when empty.
    pub fn lower(&self) -> Option<&Bound<T>> {
        match self {
            Range::Empty => None,
            Range::Bounds { lower, .. } => Some(lower),
        }
    }

    /// The upper bound, `None` when empty.
    pub fn upper(&self) -> Option<&Bound<T>> {
        match self {
            Range::Empty => None,
            Range::Bounds { upper, .. } => Some(upper),
        }
    }

    /// Whether `v` lies within the range.
    pub fn contains(&self, v: &T) -> bool
    where
        T: PartialOrd,
    {
        match self {
            Range::Empty => false,
            Range::Bounds { lower, upper } => {
                let above = match lower {
                    Bound::Included(l) => v >= l,
                    Bound::Excluded(l) => v > l,
                    Bound::Unbounded => true,
                };
                let below = match upper {
                    Bound::Included(u) => v <= u,
                    Bound::Excluded(u) => v < u,
                    Bound::Unbounded => true,
                };
                above && below
            }
        }
    }
}

/// Writes a bound's text quoted as `range_bound_escape` does.
fn write_bound<T: fmt::Display>(f: &mut fmt::Formatter<'_>, v: &T) -> fmt::Result {
    let text = v.to_string();
    let quote = text.is_empty()
        || text.bytes().any(|c| {
            b"\"\\()[],".contains(&c) || matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
        });
    if quote {
        f.write_char('"')?;
    }
    for c in text.chars() {
        if c == '"' || c == '\\' {
            f.write_char(c)?;
        }
        f.write_char(c)?;
    }
    if quote {
        f.write_char('"')?;
    }
    Ok(())
}

impl<T: fmt::Display> fmt::Display for Range<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (lower, upper) = match self {
            Range::Empty => return f.write_str("empty"),
            Range::Bounds { lower, upper } => (lower, upper),
        };
        match lower {
            Bound::Included(v) => {
                f.write_char('[')?;
                write_bound(f, v)?;
            }
            Bound::Excluded(v) => {
                f.write_char('(')?;
                write_bound(f, v)?;
            }
            Bound::Unbounded => f.write_char('(')?,
        }
        f.write_char(',')?;
        match upper {
            Bound::Included(v) => {
                write_bound(f, v)?;
                f.write_char(']')
            }
            Bound::Excluded(v) => {
                write_bound(f, v)?;
                f.write_char(')')
            }
            Bound::Unbounded => f.write_char(')'),
        }
    }
}

/// The subtype of a range type, through domains.
fn subtype(ty: &Type) -> Option<&Type> {
    match ty.base().kind() {
        Kind::Range(sub) => Some(sub),
        _ => None,
    }
}

/// The range type of a multirange type, through domains.
fn range_type(ty: &Type) -> Option<&Type> {
    match ty.base().kind() {
        Kind::Multirange(range) => Some(range),
        _ => None,
    }
}

fn not_a(type_name: &'static str, ty: &Type) -> DecodeError {
    DecodeError::Invalid {
        type_name,
        field: "type",
        value: i64::from(ty.oid()),
    }
}

fn decode_range<'a, T: FromSql<'a>>(
    ctx: &CodecContext,
    ty: &Type,
    raw: &'a [u8],
) -> Result<Range<T>, BoxError> {
    let sub = subtype(ty).ok_or_else(|| not_a("range", ty))?;
    let mut r = Reader::new(raw, "range");
    let flags = r.u8("flags")? & WIRE_FLAGS;
    if flags & EMPTY != 0 {
        r.finish()?;
        return Ok(Range::Empty);
    }
    let mut bound = |inf: u8, inc: u8, field| -> Result<Bound<T>, BoxError> {
        if flags & inf != 0 {
            return Ok(Bound::Unbounded);
        }
        let bytes = r.nullable_value(field)?.ok_or(DecodeError::Invalid {
            type_name: "range",
            field,
            value: -1,
        })?;
        let v = T::from_sql_with(ctx, sub, Some(bytes))?;
        Ok(if flags & inc != 0 {
            Bound::Included(v)
        } else {
            Bound::Excluded(v)
        })
    };
    let lower = bound(LB_INF, LB_INC, "lower bound")?;
    let upper = bound(UB_INF, UB_INC, "upper bound")?;
    r.finish()?;
    Ok(Range::Bounds { lower, upper })
}

fn encode_range<T: ToSql>(
    ctx: &CodecContext,
    sub: &Type,
    range: &Range<T>,
    out: &mut BytesMut,
) -> Result<(), BoxError> {
    let (lower, upper) = match range {
        Range::Empty => {
            out.put_u8(EMPTY);
            return Ok(());
        }
        Range::Bounds { lower, upper } => (lower, upper),
    };
    let flag = |b: &Bound<T>, inc: u8, inf: u8| match b {
        Bound::Included(_) => inc,
        Bound::Excluded(_) => 0,
        Bound::Unbounded => inf,
    };
    out.put_u8(flag(lower, LB_INC, LB_INF) | flag(upper, UB_INC, UB_INF));
    for b in [lower, upper] {
        if let Bound::Included(v) | Bound::Excluded(v) = b {
            write_nullable(out, "range", |out| match v.to_sql_with(ctx, sub, out)? {
                IsNull::No => Ok(IsNull::No),
                IsNull::Yes => Err(Box::new(super::EncodeError::NotRepresentable {
                    type_name: "range",
                    reason: "a range bound cannot be NULL (use Bound::Unbounded)",
                })),
            })?;
        }
    }
    Ok(())
}

impl<'a, T: FromSql<'a>> FromSql<'a> for Range<T> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Range<T>, BoxError> {
        decode_range(CodecContext::default_ref(), ty, raw)
    }

    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Range<T>, BoxError> {
        match raw {
            Some(raw) => decode_range(ctx, ty, raw),
            None => Self::from_sql_null(ty),
        }
    }

    fn accepts(ty: &Type) -> bool {
        subtype(ty).is_some_and(T::accepts)
    }
}

impl<T: ToSql> ToSql for Range<T> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.to_sql_with(CodecContext::default_ref(), ty, out)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        let sub = subtype(ty).ok_or_else(|| not_a("range", ty))?;
        encode_range(ctx, sub, self, out)?;
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        subtype(ty).is_some_and(T::accepts)
    }
}

/// A multirange: an ordered list of non-overlapping ranges.
///
/// ```
/// use std::ops::Bound::{Excluded, Included};
/// use pgline::types::{Multirange, Range};
/// let m = Multirange(vec![Range::new(Included(1), Excluded(3)), Range::new(Included(5), Excluded(7))]);
/// assert_eq!(m.to_string(), "{[1,3),[5,7)}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Multirange<T>(pub Vec<Range<T>>);

impl<T: fmt::Display> fmt::Display for Multirange<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('{')?;
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(',')?;
            }
            write!(f, "{r}")?;
        }
        f.write_char('}')
    }
}

fn decode_multirange<'a, T: FromSql<'a>>(
    ctx: &CodecContext,
    ty: &Type,
    raw: &'a [u8],
) -> Result<Multirange<T>, BoxError> {
    let range_ty = range_type(ty).ok_or_else(|| not_a("multirange", ty))?;
    let mut r = Reader::new(raw, "multirange");
    let count = r.i32("range count")?;
    let count = usize::try_from(count).map_err(|_| r.invalid("range count", i64::from(count)))?;
    // Each range needs its 4-byte length and a flags byte.
    let limit = r.remaining() / 5;
    if count > limit {
        return Err(Box::new(DecodeError::TooLarge {
            type_name: "multirange",
            field: "range count",
            value: count as u64,
            limit: limit as u64,
        }));
    }
    let mut ranges = Vec::with_capacity(count);
    for _ in 0..count {
        let bytes = r.nullable_value("range")?.ok_or(DecodeError::Invalid {
            type_name: "multirange",
            field: "range",
            value: -1,
        })?;
        ranges.push(decode_range(ctx, range_ty, bytes)?);
    }
    r.finish()?;
    Ok(Multirange(ranges))
}

impl<'a, T: FromSql<'a>> FromSql<'a> for Multirange<T> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Multirange<T>, BoxError> {
        decode_multirange(CodecContext::default_ref(), ty, raw)
    }

    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Multirange<T>, BoxError> {
        match raw {
            Some(raw) => decode_multirange(ctx, ty, raw),
            None => Self::from_sql_null(ty),
        }
    }

    fn accepts(ty: &Type) -> bool {
        range_type(ty).is_some_and(<Range<T> as FromSql>::accepts)
    }
}

impl<T: ToSql> ToSql for Multirange<T> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.to_sql_with(CodecContext::default_ref(), ty, out)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        let range_ty = range_type(ty).ok_or_else(|| not_a("multirange", ty))?;
        let sub = subtype(range_ty).ok_or_else(|| not_a("range", range_ty))?;
        out.put_i32(count_i32(self.0.len(), "multirange", "range count")?);
        for range in &self.0 {
            write_nullable(out, "multirange", |out| {
                encode_range(ctx, sub, range, out).map(|()| IsNull::No)
            })?;
        }
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        range_type(ty).is_some_and(<Range<T> as ToSql>::accepts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::captured_vectors::{self, Vector};
    use crate::types::{Date, Numeric, Timestamp, TimestampTz};
    use proptest::prelude::*;
    use std::ops::Bound::{Excluded, Included, Unbounded};

    fn enc<T: ToSql>(v: &T, ty: &Type) -> Vec<u8> {
        let mut b = BytesMut::new();
        v.to_sql(ty, &mut b).unwrap();
        b.to_vec()
    }

    fn check<T>(ty: &Type, vectors: &[Vector])
    where
        T: for<'a> FromSql<'a> + ToSql + fmt::Display,
    {
        for v in vectors {
            let value = T::from_sql(ty, &v.bytes()).unwrap_or_else(|e| panic!("{}: {e}", v.sql));
            assert_eq!(value.to_string(), v.text, "{}", v.sql);
            assert_eq!(enc(&value, ty), v.bytes(), "{}", v.sql);
        }
    }

    #[test]
    fn range_server_vectors() {
        check::<Range<i32>>(&Type::INT4_RANGE, captured_vectors::INT4_RANGE);
        check::<Range<i64>>(&Type::INT8_RANGE, captured_vectors::INT8_RANGE);
        check::<Range<Numeric>>(&Type::NUM_RANGE, captured_vectors::NUM_RANGE);
        check::<Range<Date>>(&Type::DATE_RANGE, captured_vectors::DATE_RANGE);
        check::<Range<Timestamp>>(&Type::TS_RANGE, captured_vectors::TS_RANGE);
        check::<Range<TimestampTz>>(&Type::TSTZ_RANGE, captured_vectors::TSTZ_RANGE);
    }

    #[test]
    fn multirange_server_vectors() {
        check::<Multirange<i32>>(&Type::INT4_MULTIRANGE, captured_vectors::INT4_MULTIRANGE);
        check::<Multirange<Numeric>>(&Type::NUM_MULTIRANGE, captured_vectors::NUM_MULTIRANGE);
        check::<Multirange<Date>>(&Type::DATE_MULTIRANGE, captured_vectors::DATE_MULTIRANGE);
    }

    #[test]
    fn range_arrays_decode_with_nulls() {
        let raw = captured_vectors::INT4_RANGE_ARRAY[0].bytes();
        let v = Vec::<Option<Range<i32>>>::from_sql(&Type::INT4_RANGE_ARRAY, &raw).unwrap();
        assert_eq!(
            v,
            [
                Some(Range::new(Included(1), Excluded(2))),
                Some(Range::Empty),
                None
            ]
        );
        assert_eq!(enc(&v, &Type::INT4_RANGE_ARRAY), raw);
    }

    #[test]
    fn range_bounds_are_quoted_like_range_out() {
        let r = Range::new(Included(String::new()), Excluded("a,\"b\\".to_string()));
        assert_eq!(r.to_string(), r#"["","a,""b\\")"#);
    }

    #[test]
    fn range_malformed() {
        let err = |raw: &[u8]| {
            *Range::<i32>::from_sql(&Type::INT4_RANGE, raw)
                .unwrap_err()
                .downcast::<DecodeError>()
                .unwrap()
        };
        assert!(matches!(err(&[]), DecodeError::Truncated { .. }));
        assert!(matches!(err(&[0x01, 0]), DecodeError::TrailingBytes { .. }));
        assert!(matches!(
            err(&[0x02, 0, 0, 0, 4, 0, 0]),
            DecodeError::Truncated { .. }
        ));
        assert!(matches!(err(&[0x18, 0]), DecodeError::TrailingBytes { .. }));
        assert!(matches!(
            err(&[0x08, 0xff, 0xff, 0xff, 0xff]),
            DecodeError::Invalid {
                field: "upper bound",
                value: -1,
                ..
            }
        ));
        // The bound itself must be a valid int4.
        assert!(
            Range::<i32>::from_sql(&Type::INT4_RANGE, &[0x18 & !0x10, 0, 0, 0, 2, 0, 1]).is_err()
        );
        // Flags the wire does not use are ignored, as range_recv does.
        assert_eq!(
            Range::<i32>::from_sql(&Type::INT4_RANGE, &[0x18 | 0x80]).unwrap(),
            Range::new(Unbounded, Unbounded)
        );
        let merr = |raw: &[u8]| {
            *Multirange::<i32>::from_sql(&Type::INT4_MULTIRANGE, raw)
                .unwrap_err()
                .downcast::<DecodeError>()
                .unwrap()
        };
        assert!(matches!(
            merr(&[0xff, 0xff, 0xff, 0xff]),
            DecodeError::Invalid {
                field: "range count",
                ..
            }
        ));
        assert!(matches!(
            merr(&[0, 0x10, 0, 0, 0, 0, 0, 1, 1]),
            DecodeError::TooLarge { .. }
        ));
        assert!(matches!(
            merr(&[0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0]),
            DecodeError::Invalid { field: "range", .. }
        ));
    }

    #[test]
    fn range_types_check_their_subtype() {
        assert!(<Range<i32> as FromSql>::accepts(&Type::INT4_RANGE));
        assert!(!<Range<i64> as FromSql>::accepts(&Type::INT4_RANGE));
        assert!(!<Range<i32> as FromSql>::accepts(&Type::INT4_MULTIRANGE));
        assert!(<Multirange<i32> as ToSql>::accepts(&Type::INT4_MULTIRANGE));
        assert!(!<Multirange<i32> as ToSql>::accepts(&Type::INT4_RANGE));
    }

    fn arb_bound() -> impl Strategy<Value = Bound<i64>> {
        prop_oneof![
            any::<i64>().prop_map(Included),
            any::<i64>().prop_map(Excluded),
            Just(Unbounded),
        ]
    }

    fn arb_range() -> impl Strategy<Value = Range<i64>> {
        prop_oneof![
            1 => Just(Range::Empty),
            5 => (arb_bound(), arb_bound()).prop_map(|(l, u)| Range::new(l, u)),
        ]
    }

    proptest! {
        #[test]
        fn ranges_round_trip(r in arb_range()) {
            prop_assert_eq!(Range::<i64>::from_sql(&Type::INT8_RANGE, &enc(&r, &Type::INT8_RANGE)).unwrap(), r);
        }

        #[test]
        fn multiranges_round_trip(v in prop::collection::vec(arb_range(), 0..5)) {
            let m = Multirange(v);
            prop_assert_eq!(Multirange::<i64>::from_sql(&Type::INT8_MULTIRANGE, &enc(&m, &Type::INT8_MULTIRANGE)).unwrap(), m);
        }

        #[test]
        fn range_decoders_never_panic(raw: Vec<u8>) {
            let _ = Range::<i32>::from_sql(&Type::INT4_RANGE, &raw);
            let _ = Multirange::<Numeric>::from_sql(&Type::NUM_MULTIRANGE, &raw);
        }
    }
}
