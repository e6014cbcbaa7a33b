//! bool, integers, floats, `"char"`, text-like types, bytea, and `Option`/references of any type.
//!
//! Every `accepts` looks through domains ([`Type::base`]). See
//! <https://www.postgresql.org/docs/current/datatype.html>.

use bytes::{BufMut, BytesMut};

use super::wire::exact;
use super::{BoxError, CodecContext, DecodeError, FromSql, IsNull, Kind, ToSql, Type};

pub(crate) mod oid {
    //! OIDs the codecs compare against, named once.
    pub(crate) const BOOL: u32 = 16;
    pub(crate) const BYTEA: u32 = 17;
    pub(crate) const CHAR: u32 = 18;
    pub(crate) const NAME: u32 = 19;
    pub(crate) const INT8: u32 = 20;
    pub(crate) const INT2: u32 = 21;
    pub(crate) const INT4: u32 = 23;
    pub(crate) const REGPROC: u32 = 24;
    pub(crate) const TEXT: u32 = 25;
    pub(crate) const OID: u32 = 26;
    pub(crate) const JSON: u32 = 114;
    pub(crate) const XML: u32 = 142;
    pub(crate) const CIDR: u32 = 650;
    pub(crate) const FLOAT4: u32 = 700;
    pub(crate) const FLOAT8: u32 = 701;
    pub(crate) const UNKNOWN: u32 = 705;
    pub(crate) const MACADDR8: u32 = 774;
    pub(crate) const MONEY: u32 = 790;
    pub(crate) const MACADDR: u32 = 829;
    pub(crate) const INET: u32 = 869;
    pub(crate) const BPCHAR: u32 = 1042;
    pub(crate) const VARCHAR: u32 = 1043;
    pub(crate) const DATE: u32 = 1082;
    pub(crate) const TIME: u32 = 1083;
    pub(crate) const TIMESTAMP: u32 = 1114;
    pub(crate) const TIMESTAMPTZ: u32 = 1184;
    pub(crate) const INTERVAL: u32 = 1186;
    pub(crate) const TIMETZ: u32 = 1266;
    pub(crate) const BIT: u32 = 1560;
    pub(crate) const VARBIT: u32 = 1562;
    pub(crate) const NUMERIC: u32 = 1700;
    pub(crate) const REGCLASS: u32 = 2205;
    pub(crate) const REGTYPE: u32 = 2206;
    pub(crate) const RECORD: u32 = 2249;
    pub(crate) const UUID: u32 = 2950;
    pub(crate) const PG_LSN: u32 = 3220;
    pub(crate) const JSONB: u32 = 3802;
    pub(crate) const REGNAMESPACE: u32 = 4089;
    pub(crate) const REGROLE: u32 = 4096;
}

/// The OID of `ty` once domains are stripped.
#[inline]
pub(crate) fn base_oid(ty: &Type) -> u32 {
    match ty.kind() {
        Kind::Domain(_) => ty.base().oid(),
        _ => ty.oid(),
    }
}

macro_rules! fixed_width {
    ($rust:ty, $what:expr, $($pg:path)|+) => {
        impl ToSql for $rust {
            fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
                out.put_slice(&self.to_be_bytes());
                Ok(IsNull::No)
            }
            fn accepts(ty: &Type) -> bool {
                matches!(base_oid(ty), $($pg)|+)
            }
        }
        impl<'a> FromSql<'a> for $rust {
            #[inline]
            fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
                Ok(<$rust>::from_be_bytes(exact(raw, $what)?))
            }
            fn accepts(ty: &Type) -> bool {
                matches!(base_oid(ty), $($pg)|+)
            }
        }
    };
}

fixed_width!(i16, "int2", oid::INT2);
fixed_width!(i32, "int4", oid::INT4);
fixed_width!(i64, "int8", oid::INT8);
fixed_width!(
    u32,
    "oid",
    oid::OID | oid::REGPROC | oid::REGCLASS | oid::REGTYPE | oid::REGNAMESPACE | oid::REGROLE
);
fixed_width!(f32, "float4", oid::FLOAT4);
fixed_width!(f64, "float8", oid::FLOAT8);

impl ToSql for i8 {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i8(*self);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::CHAR
    }
}

impl<'a> FromSql<'a> for i8 {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(i8::from_be_bytes(exact(raw, "\"char\"")?))
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::CHAR
    }
}

impl ToSql for bool {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_u8(u8::from(*self));
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::BOOL
    }
}

impl<'a> FromSql<'a> for bool {
    #[inline]
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        match exact::<1>(raw, "bool")? {
            [0] => Ok(false),
            [1] => Ok(true),
            [b] => Err(Box::new(DecodeError::Invalid {
                type_name: "bool",
                field: "byte",
                value: i64::from(b),
            })),
        }
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::BOOL
    }
}

/// Whether `ty` is carried as UTF-8 text in binary format.
///
/// The built-in string types, `unknown` and `xml`, enums, and any type in the string category
/// (`typcategory = 'S'`, e.g. citext) or named `citext`. Other extension types are not: their
/// binary forms are their own (pgvector's `vector`, PostGIS, hstore).
pub(crate) fn is_text_like(ty: &Type) -> bool {
    let ty = ty.base();
    match ty.oid() {
        oid::TEXT | oid::VARCHAR | oid::BPCHAR | oid::NAME | oid::UNKNOWN | oid::XML => true,
        _ => {
            matches!(ty.kind(), Kind::Enum(_))
                || (matches!(ty.kind(), Kind::Simple) && ty.category() == 'S')
                || ty.name() == "citext"
        }
    }
}

fn is_json(ty: &Type) -> bool {
    matches!(base_oid(ty), oid::JSON | oid::JSONB)
}

/// The JSON text of a json or jsonb value: jsonb's version byte checked and stripped.
#[inline]
pub(crate) fn json_text<'a>(ty: &Type, raw: &'a [u8]) -> Result<&'a [u8], DecodeError> {
    if base_oid(ty) != oid::JSONB {
        return Ok(raw);
    }
    match raw.split_first() {
        Some((1, text)) => Ok(text),
        Some((&v, _)) => Err(DecodeError::Invalid {
            type_name: "jsonb",
            field: "version",
            value: i64::from(v),
        }),
        None => Err(DecodeError::Truncated {
            type_name: "jsonb",
            field: "version",
        }),
    }
}

/// Writes jsonb's version byte when `ty` is jsonb.
#[inline]
pub(crate) fn json_prefix(ty: &Type, out: &mut BytesMut) {
    if base_oid(ty) == oid::JSONB {
        out.put_u8(1);
    }
}

pub(crate) fn utf8<'a>(raw: &'a [u8], type_name: &'static str) -> Result<&'a str, DecodeError> {
    std::str::from_utf8(raw).map_err(|e| DecodeError::Utf8 {
        type_name,
        valid_up_to: e.valid_up_to(),
    })
}

/// `&str` and `String` are sent as text-like types, and as json/jsonb (raw JSON text).
impl ToSql for &str {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        json_prefix(ty, out);
        out.put_slice(self.as_bytes());
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        is_text_like(ty) || is_json(ty)
    }
}

impl ToSql for String {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        (&**self).to_sql(ty, out)
    }
    fn accepts(ty: &Type) -> bool {
        <&str as ToSql>::accepts(ty)
    }
}

impl ToSql for Box<str> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        (&**self).to_sql(ty, out)
    }
    fn accepts(ty: &Type) -> bool {
        <&str as ToSql>::accepts(ty)
    }
}

/// Borrows text from the row; json and jsonb give their JSON text.
impl<'a> FromSql<'a> for &'a str {
    #[inline]
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        let raw = json_text(ty, raw)?;
        Ok(utf8(raw, "text")?)
    }
    fn accepts(ty: &Type) -> bool {
        is_text_like(ty) || is_json(ty)
    }
}

impl<'a> FromSql<'a> for String {
    #[inline]
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        <&str>::from_sql(ty, raw).map(str::to_owned)
    }
    fn accepts(ty: &Type) -> bool {
        <&str as FromSql>::accepts(ty)
    }
}

impl<'a> FromSql<'a> for Box<str> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        <&str>::from_sql(ty, raw).map(Box::from)
    }
    fn accepts(ty: &Type) -> bool {
        <&str as FromSql>::accepts(ty)
    }
}

/// `&[u8]` and `Vec<u8>` are sent as bytea, and as json/jsonb (raw JSON text bytes).
impl ToSql for &[u8] {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        json_prefix(ty, out);
        out.put_slice(self);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::BYTEA || is_json(ty)
    }
}

impl ToSql for Vec<u8> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        (&**self).to_sql(ty, out)
    }
    fn accepts(ty: &Type) -> bool {
        <&[u8] as ToSql>::accepts(ty)
    }
}

impl<const N: usize> ToSql for [u8; N] {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        (&self[..]).to_sql(ty, out)
    }
    fn accepts(ty: &Type) -> bool {
        <&[u8] as ToSql>::accepts(ty)
    }
}

/// Borrows bytea from the row; json and jsonb give their JSON text's bytes (no UTF-8 check).
impl<'a> FromSql<'a> for &'a [u8] {
    #[inline]
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(json_text(ty, raw)?)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::BYTEA || is_json(ty)
    }
}

impl<'a> FromSql<'a> for Vec<u8> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        <&[u8]>::from_sql(ty, raw).map(<[u8]>::to_vec)
    }
    fn accepts(ty: &Type) -> bool {
        <&[u8] as FromSql>::accepts(ty)
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

impl<T: ToSql> ToSql for Box<T> {
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
    #[inline]
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        T::from_sql(ty, raw).map(Some)
    }
    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(None)
    }
    #[inline]
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
    use super::super::SqlParam;
    use super::*;
    use proptest::prelude::*;

    fn enc<T: ToSql>(v: T, ty: &Type) -> Vec<u8> {
        let mut buf = BytesMut::new();
        assert_eq!(v.to_sql(ty, &mut buf).unwrap(), IsNull::No);
        buf.to_vec()
    }

    fn decode_err<T: for<'a> FromSql<'a> + std::fmt::Debug>(ty: &Type, raw: &[u8]) -> DecodeError {
        *T::from_sql(ty, raw)
            .unwrap_err()
            .downcast::<DecodeError>()
            .expect("a DecodeError")
    }

    #[test]
    fn int4_round_trip_and_wrong_length() {
        let buf = enc(-2i32, &Type::INT4);
        assert_eq!(&buf[..], &[0xff, 0xff, 0xff, 0xfe]);
        assert_eq!(i32::from_sql(&Type::INT4, &buf).unwrap(), -2);
    }

    #[test]
    fn int_malformed_lengths_name_the_type() {
        assert_eq!(
            decode_err::<i32>(&Type::INT4, &[0, 0, 1]),
            DecodeError::Length {
                type_name: "int4",
                expected: 4,
                got: 3
            }
        );
        assert!(matches!(
            decode_err::<i16>(&Type::INT2, &[]),
            DecodeError::Length { expected: 2, .. }
        ));
        assert!(matches!(
            decode_err::<i64>(&Type::INT8, &[0; 9]),
            DecodeError::Length { expected: 8, .. }
        ));
        assert!(matches!(
            decode_err::<f64>(&Type::FLOAT8, &[0; 4]),
            DecodeError::Length { expected: 8, .. }
        ));
        assert!(matches!(
            decode_err::<f32>(&Type::FLOAT4, &[0; 8]),
            DecodeError::Length { expected: 4, .. }
        ));
        assert!(matches!(
            decode_err::<i8>(&Type::CHAR, &[]),
            DecodeError::Length { expected: 1, .. }
        ));
        assert!(matches!(
            decode_err::<u32>(&Type::OID, &[1, 2]),
            DecodeError::Length { expected: 4, .. }
        ));
    }

    #[test]
    fn bool_malformed_rejects_values_other_than_zero_and_one() {
        assert!(bool::from_sql(&Type::BOOL, &[1]).unwrap());
        assert!(!bool::from_sql(&Type::BOOL, &[0]).unwrap());
        assert_eq!(
            decode_err::<bool>(&Type::BOOL, &[2]),
            DecodeError::Invalid {
                type_name: "bool",
                field: "byte",
                value: 2
            }
        );
        assert!(bool::from_sql(&Type::BOOL, &[]).is_err());
        assert!(bool::from_sql(&Type::BOOL, &[1, 0]).is_err());
    }

    #[test]
    fn float_edge_values_keep_their_bits() {
        // Captured with COPY ... (FORMAT binary) from PostgreSQL 15 (see captured_vectors.rs).
        assert_eq!(enc(f64::NAN, &Type::FLOAT8), [0x7f, 0xf8, 0, 0, 0, 0, 0, 0]);
        assert_eq!(enc(-0.0f64, &Type::FLOAT8), [0x80, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(enc(f32::INFINITY, &Type::FLOAT4), [0x7f, 0x80, 0, 0]);
        let neg_zero = f64::from_sql(&Type::FLOAT8, &[0x80, 0, 0, 0, 0, 0, 0, 0]).unwrap();
        assert!(neg_zero == 0.0 && neg_zero.is_sign_negative());
        assert!(
            f32::from_sql(&Type::FLOAT4, &[0x7f, 0xc0, 0, 0])
                .unwrap()
                .is_nan()
        );
    }

    #[test]
    fn text_malformed_rejects_invalid_utf8() {
        assert_eq!(
            decode_err::<String>(&Type::TEXT, b"ab\xff"),
            DecodeError::Utf8 {
                type_name: "text",
                valid_up_to: 2
            }
        );
        assert_eq!(<&str>::from_sql(&Type::TEXT, b"ok").unwrap(), "ok");
        assert_eq!(<&str>::from_sql(&Type::TEXT, b"").unwrap(), "");
    }

    #[test]
    fn text_like_types_include_citext_enums_and_domains_but_not_vector() {
        let citext =
            Type::from_catalog(90100, "citext".into(), "public".into(), b'S', Kind::Simple);
        let mood = Type::new(
            "mood".into(),
            90101,
            Kind::Enum(vec!["ok".into()]),
            "public".into(),
        );
        let dom = Type::new(
            "t".into(),
            90102,
            Kind::Domain(Type::VARCHAR),
            "public".into(),
        );
        let vector = Type::new("vector".into(), 90103, Kind::Simple, "public".into());
        for ty in [
            &Type::TEXT,
            &Type::NAME,
            &Type::BPCHAR,
            &Type::XML,
            &citext,
            &mood,
            &dom,
        ] {
            assert!(<&str as FromSql>::accepts(ty), "{ty}");
            assert!(<String as ToSql>::accepts(ty), "{ty}");
        }
        assert!(!<&str as FromSql>::accepts(&vector));
        assert!(!<&str as FromSql>::accepts(&Type::INT4));
        assert!(!<&str as FromSql>::accepts(&Type::BYTEA));
    }

    #[test]
    fn domains_are_accepted_as_their_base_type() {
        let posint = Type::new(
            "posint".into(),
            90200,
            Kind::Domain(Type::INT4),
            "public".into(),
        );
        assert!(<i32 as FromSql>::accepts(&posint));
        assert!(<i32 as ToSql>::accepts(&posint));
        assert!(!<i64 as FromSql>::accepts(&posint));
        assert_eq!(i32::from_sql(&posint, &[0, 0, 0, 9]).unwrap(), 9);
    }

    #[test]
    fn jsonb_raw_text_strips_and_checks_version() {
        assert_eq!(<&str>::from_sql(&Type::JSONB, b"\x01{}").unwrap(), "{}");
        assert_eq!(<&str>::from_sql(&Type::JSON, b"{}").unwrap(), "{}");
        assert_eq!(<&[u8]>::from_sql(&Type::JSONB, b"\x01[1]").unwrap(), b"[1]");
        assert_eq!(
            decode_err::<String>(&Type::JSONB, b"\x02{}"),
            DecodeError::Invalid {
                type_name: "jsonb",
                field: "version",
                value: 2
            }
        );
        assert!(matches!(
            decode_err::<String>(&Type::JSONB, b""),
            DecodeError::Truncated { .. }
        ));
        assert_eq!(enc("{}", &Type::JSONB), b"\x01{}");
        assert_eq!(enc(&b"[]"[..], &Type::JSON), b"[]");
    }

    #[test]
    fn bytea_borrows_without_copying() {
        let raw = [1u8, 2, 3];
        let got = <&[u8]>::from_sql(&Type::BYTEA, &raw).unwrap();
        assert_eq!(got.as_ptr(), raw.as_ptr());
    }

    #[test]
    fn wrong_type_is_caught_before_encoding() {
        let mut buf = BytesMut::new();
        let err = 1i32
            .encode_param(&CodecContext::default(), &Type::TEXT, &mut buf)
            .unwrap_err();
        assert!(err.to_string().contains("i32"), "{err}");
        assert!(buf.is_empty());
    }

    #[test]
    fn null_into_non_option_is_an_error_and_option_gives_none() {
        assert!(i32::from_sql_nullable(&Type::INT4, None).is_err());
        assert_eq!(
            Option::<i32>::from_sql_nullable(&Type::INT4, None).unwrap(),
            None
        );
        assert_eq!(
            Option::<i32>::from_sql_with(&CodecContext::default(), &Type::INT4, None).unwrap(),
            None
        );
        let mut buf = BytesMut::new();
        assert_eq!(
            None::<i32>.to_sql(&Type::INT4, &mut buf).unwrap(),
            IsNull::Yes
        );
    }

    proptest! {
        #[test]
        fn int2_round_trips(v: i16) {
            prop_assert_eq!(i16::from_sql(&Type::INT2, &enc(v, &Type::INT2)).unwrap(), v);
        }

        #[test]
        fn int4_round_trips(v: i32) {
            prop_assert_eq!(i32::from_sql(&Type::INT4, &enc(v, &Type::INT4)).unwrap(), v);
        }

        #[test]
        fn int8_round_trips(v: i64) {
            prop_assert_eq!(i64::from_sql(&Type::INT8, &enc(v, &Type::INT8)).unwrap(), v);
        }

        #[test]
        fn oid_round_trips(v: u32) {
            prop_assert_eq!(u32::from_sql(&Type::OID, &enc(v, &Type::OID)).unwrap(), v);
        }

        #[test]
        fn char_round_trips(v: i8) {
            prop_assert_eq!(i8::from_sql(&Type::CHAR, &enc(v, &Type::CHAR)).unwrap(), v);
        }

        #[test]
        fn bool_round_trips(v: bool) {
            prop_assert_eq!(bool::from_sql(&Type::BOOL, &enc(v, &Type::BOOL)).unwrap(), v);
        }

        #[test]
        fn float8_round_trips_bit_exact(bits: u64) {
            let v = f64::from_bits(bits);
            let back = f64::from_sql(&Type::FLOAT8, &enc(v, &Type::FLOAT8)).unwrap();
            prop_assert_eq!(back.to_bits(), bits);
        }

        #[test]
        fn float4_round_trips_bit_exact(bits: u32) {
            let v = f32::from_bits(bits);
            let back = f32::from_sql(&Type::FLOAT4, &enc(v, &Type::FLOAT4)).unwrap();
            prop_assert_eq!(back.to_bits(), bits);
        }

        #[test]
        fn text_round_trips(v: String) {
            prop_assert_eq!(String::from_sql(&Type::TEXT, &enc(v.as_str(), &Type::TEXT)).unwrap(), v.clone());
            prop_assert_eq!(String::from_sql(&Type::JSONB, &enc(v.as_str(), &Type::JSONB)).unwrap(), v);
        }

        #[test]
        fn bytea_round_trips(v: Vec<u8>) {
            prop_assert_eq!(Vec::<u8>::from_sql(&Type::BYTEA, &enc(v.as_slice(), &Type::BYTEA)).unwrap(), v);
        }

        #[test]
        fn fixed_width_decoders_never_panic(raw: Vec<u8>) {
            let _ = i16::from_sql(&Type::INT2, &raw);
            let _ = i32::from_sql(&Type::INT4, &raw);
            let _ = i64::from_sql(&Type::INT8, &raw);
            let _ = f64::from_sql(&Type::FLOAT8, &raw);
            let _ = bool::from_sql(&Type::BOOL, &raw);
            let _ = <&str>::from_sql(&Type::JSONB, &raw);
        }
    }
}
