//! [`MaybeInfinite`]: ±infinity made explicit for date and timestamp types that lack it.

use bytes::{BufMut, BytesMut};

use super::super::primitives::{base_oid, oid};
use super::super::{BoxError, CodecContext, FromSql, IsNull, ToSql, Type};

/// A date or timestamp that may be `infinity` or `-infinity`, around a Rust type that cannot
/// hold them (chrono's and time's types, `SystemTime`).
///
/// Decoding such a type alone turns ±infinity into an error; wrap it in `MaybeInfinite` to
/// receive them. Works for `date`, `timestamp` and `timestamptz`.
///
/// ```
/// use pgline::types::{FromSql, MaybeInfinite, Type};
/// use std::time::SystemTime;
/// let v = MaybeInfinite::<SystemTime>::from_sql(&Type::TIMESTAMPTZ, &i64::MAX.to_be_bytes());
/// assert_eq!(v.unwrap(), MaybeInfinite::Infinity);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MaybeInfinite<T> {
    /// `-infinity`.
    NegInfinity,
    /// A finite value.
    Finite(T),
    /// `infinity`.
    Infinity,
}

/// The wire width of the type's ±infinity sentinels, if it has them.
fn sentinel_width(ty: &Type) -> Option<usize> {
    match base_oid(ty) {
        oid::DATE => Some(4),
        oid::TIMESTAMP | oid::TIMESTAMPTZ => Some(8),
        _ => None,
    }
}

impl<'a, T: FromSql<'a>> FromSql<'a> for MaybeInfinite<T> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Self::from_sql_with(CodecContext::default_ref(), ty, Some(raw))
    }

    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Self, BoxError> {
        let Some(bytes) = raw else {
            return Self::from_sql_null(ty);
        };
        match (sentinel_width(ty), bytes) {
            (Some(4), [0x7f, 0xff, 0xff, 0xff]) => Ok(MaybeInfinite::Infinity),
            (Some(4), [0x80, 0, 0, 0]) => Ok(MaybeInfinite::NegInfinity),
            (Some(8), [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) => {
                Ok(MaybeInfinite::Infinity)
            }
            (Some(8), [0x80, 0, 0, 0, 0, 0, 0, 0]) => Ok(MaybeInfinite::NegInfinity),
            _ => T::from_sql_with(ctx, ty, raw).map(MaybeInfinite::Finite),
        }
    }

    fn accepts(ty: &Type) -> bool {
        sentinel_width(ty).is_some() && T::accepts(ty)
    }
}

impl<T: ToSql> ToSql for MaybeInfinite<T> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.to_sql_with(CodecContext::default_ref(), ty, out)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        let positive = match self {
            MaybeInfinite::Finite(v) => return v.to_sql_with(ctx, ty, out),
            MaybeInfinite::Infinity => true,
            MaybeInfinite::NegInfinity => false,
        };
        match (sentinel_width(ty), positive) {
            (Some(4), true) => out.put_i32(i32::MAX),
            (Some(4), false) => out.put_i32(i32::MIN),
            (_, true) => out.put_i64(i64::MAX),
            (_, false) => out.put_i64(i64::MIN),
        }
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        sentinel_width(ty).is_some() && T::accepts(ty)
    }
}
