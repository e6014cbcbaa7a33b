//! bool, integers, floats, text and bytea, and `Option` of any type.

use bytes::{BufMut, BytesMut};

use super::{BoxError, CodecContext, FromSql, IsNull, ToSql, Type};

fn exact<const N: usize>(raw: &[u8], what: &'static str) -> Result<[u8; N], BoxError> {
    raw.try_into()
        .map_err(|_| format!("{what} value must be {N} bytes, got {}", raw.len()).into())
}

macro_rules! fixed_width {
    ($rust:ty, $($pg:ident)|+, $what:expr) => {
        impl ToSql for $rust {
            fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
                out.put_slice(&self.to_be_bytes());
                Ok(IsNull::No)
            }
            fn accepts(ty: &Type) -> bool {
                matches!(ty.oid(), $(o if o == Type::$pg.oid())|+)
            }
        }
        impl<'a> FromSql<'a> for $rust {
            fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
                Ok(<$rust>::from_be_bytes(exact(raw, $what)?))
            }
            fn accepts(ty: &Type) -> bool {
                matches!(ty.oid(), $(o if o == Type::$pg.oid())|+)
            }
        }
    };
}

fixed_width!(i16, INT2, "int2");
fixed_width!(i32, INT4, "int4");
fixed_width!(i64, INT8, "int8");
fixed_width!(u32, OID, "oid");
fixed_width!(f32, FLOAT4, "float4");
fixed_width!(f64, FLOAT8, "float8");

impl ToSql for i8 {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i8(*self);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::CHAR
    }
}

impl<'a> FromSql<'a> for i8 {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(i8::from_be_bytes(exact(raw, "\"char\"")?))
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::CHAR
    }
}

impl ToSql for bool {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_u8(u8::from(*self));
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::BOOL
    }
}

impl<'a> FromSql<'a> for bool {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        match exact::<1>(raw, "bool")? {
            [0] => Ok(false),
            [1] => Ok(true),
            [b] => Err(format!("bool value must be 0 or 1, got {b}").into()),
        }
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::BOOL
    }
}

/// Whether `ty` is carried as UTF-8 text in binary format.
///
/// Unknown base types are included: extension types such as citext send their text form.
pub(crate) fn is_text_like(ty: &Type) -> bool {
    matches!(ty.oid(), 25 | 1043 | 1042 | 19 | 705)
        || (ty.schema() != "pg_catalog" && matches!(ty.kind(), super::Kind::Simple))
        || matches!(ty.kind(), super::Kind::Enum(_))
        || ty.name() == "citext"
}

impl ToSql for &str {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_slice(self.as_bytes());
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        is_text_like(ty)
    }
}

impl ToSql for String {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        (&**self).to_sql(ty, out)
    }
    fn accepts(ty: &Type) -> bool {
        is_text_like(ty)
    }
}

impl<'a> FromSql<'a> for &'a str {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(std::str::from_utf8(raw)?)
    }
    fn accepts(ty: &Type) -> bool {
        is_text_like(ty)
    }
}

impl<'a> FromSql<'a> for String {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        <&str>::from_sql(ty, raw).map(str::to_owned)
    }
    fn accepts(ty: &Type) -> bool {
        is_text_like(ty)
    }
}

impl ToSql for &[u8] {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_slice(self);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::BYTEA
    }
}

impl ToSql for Vec<u8> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        (&**self).to_sql(ty, out)
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::BYTEA
    }
}

impl<'a> FromSql<'a> for &'a [u8] {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(raw)
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::BYTEA
    }
}

impl<'a> FromSql<'a> for Vec<u8> {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(raw.to_vec())
    }
    fn accepts(ty: &Type) -> bool {
        *ty == Type::BYTEA
    }
}

impl<T: ToSql> ToSql for &T {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        (**self).to_sql(ty, out)
    }
    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        (**self).to_sql_with(ctx, ty, out)
    }
    fn accepts(ty: &Type) -> bool {
        T::accepts(ty)
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self {
            Some(v) => v.to_sql(ty, out),
            None => Ok(IsNull::Yes),
        }
    }
    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        match self {
            Some(v) => v.to_sql_with(ctx, ty, out),
            None => Ok(IsNull::Yes),
        }
    }
    fn accepts(ty: &Type) -> bool {
        T::accepts(ty)
    }
}

impl<'a, T: FromSql<'a>> FromSql<'a> for Option<T> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        T::from_sql(ty, raw).map(Some)
    }
    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(None)
    }
    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Self, BoxError> {
        match raw {
            Some(_) => T::from_sql_with(ctx, ty, raw).map(Some),
            None => Ok(None),
        }
    }
    fn accepts(ty: &Type) -> bool {
        T::accepts(ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int4_round_trip_and_wrong_length() {
        let mut buf = BytesMut::new();
        (-2i32).to_sql(&Type::INT4, &mut buf).unwrap();
        assert_eq!(&buf[..], &[0xff, 0xff, 0xff, 0xfe]);
        assert_eq!(i32::from_sql(&Type::INT4, &buf).unwrap(), -2);
        assert!(i32::from_sql(&Type::INT4, &buf[..3]).is_err());
    }

    #[test]
    fn bool_rejects_values_other_than_zero_and_one() {
        assert!(bool::from_sql(&Type::BOOL, &[1]).unwrap());
        assert!(bool::from_sql(&Type::BOOL, &[2]).is_err());
    }

    #[test]
    fn text_rejects_invalid_utf8() {
        assert!(<&str>::from_sql(&Type::TEXT, &[0xff]).is_err());
        assert_eq!(<&str>::from_sql(&Type::TEXT, b"ok").unwrap(), "ok");
    }

    #[test]
    fn wrong_type_is_caught_before_encoding() {
        use super::super::SqlParam;
        let mut buf = BytesMut::new();
        let err = 1i32
            .encode_param(&CodecContext::default(), &Type::TEXT, &mut buf)
            .unwrap_err();
        assert!(err.to_string().contains("i32"), "{err}");
        assert!(buf.is_empty());
    }
}
