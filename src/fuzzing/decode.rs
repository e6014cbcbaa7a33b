//! The `decode` fuzz target: arbitrary bytes as a value of a chosen type, decoded into every
//! Rust type whose `FromSql` accepts it; a value that decodes into a type with an exact codec
//! must survive re-encoding.
//!
//! Input layout: byte 0 is the mode (bit 7: the value is NULL; bit 6: JSON codecs off; bits 0-1
//! pick how the type is built, see [`choose_type`]; bit 2 picks a custom element type for arrays
//! and domains), bytes 1-4 a big-endian selector (an OID, or an index), the rest the value.

use std::fmt::Debug;
use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::SystemTime;

use bytes::BytesMut;

use super::Input;
use crate::types::{
    Array, BitString, Cidr, CodecContext, Composite, Date, Field, FromSql, HalfVector, Inet,
    Interval, IsNull, Json, Kind, MacAddr, MacAddr8, MaybeInfinite, Money, Multirange, Numeric,
    PgLsn, Range, SparseVector, SqlParam, Time, TimeTz, Timestamp, TimestampTz, ToSql, Type,
    Vector,
};

crate::pg_enum! {
    /// The labels of the fuzzer's `mood` enum.
    #[derive(Debug, PartialEq)]
    enum Mood {
        Sad = "sad",
        Meh = "meh",
        Ok = "ok",
        Happy = "happy",
    }
}

/// Decodes a value of a type chosen by the input; panics only on a bug.
pub fn decode(data: &[u8]) {
    run(data);
}

/// How many Rust types decoded the value.
pub(super) fn run(data: &[u8]) -> usize {
    let mut input = Input::new(data);
    let mode = input.u8();
    let selector = input.i32() as u32;
    let ty = choose_type(mode, selector);
    let ctx = CodecContext::new().with_json_codecs(mode & 0x40 == 0);
    let raw = input.rest();
    decode_every(&ctx, &ty, (mode & 0x80 == 0).then_some(raw))
}

/// Every built-in type, in OID order.
fn builtins() -> &'static [Type] {
    static ALL: OnceLock<Vec<Type>> = OnceLock::new();
    // Built-in OIDs are all below FirstNormalObjectId (16384).
    ALL.get_or_init(|| (0..16_384).filter_map(Type::from_oid).collect())
}

/// Types that only a server's catalog describes, built as `types::catalog` would; the OIDs are
/// those the vectors' capture server gave its types, so captured arrays of them decode.
fn custom_types() -> &'static [Type] {
    static ALL: OnceLock<Vec<Type>> = OnceLock::new();
    ALL.get_or_init(|| {
        let public = || "public".to_owned();
        let mood = Type::new(
            "mood".into(),
            16_505,
            Kind::Enum(Mood::LABELS.iter().map(|l| l.to_string()).collect()),
            public(),
        );
        let pair = Type::new(
            "pair".into(),
            16_513,
            Kind::Composite(vec![
                Field::new("a".into(), Type::INT4),
                Field::new("b".into(), Type::TEXT),
            ]),
            public(),
        );
        let posint = Type::new("posint".into(), 16_515, Kind::Domain(Type::INT4), public());
        let floatrange = Type::new(
            "floatrange".into(),
            16_520,
            Kind::Range(Type::FLOAT8),
            public(),
        );
        let floatmultirange = Type::new(
            "floatmultirange".into(),
            16_518,
            Kind::Multirange(floatrange.clone()),
            public(),
        );
        let pair_array = Type::new("_pair".into(), 16_512, Kind::Array(pair.clone()), public());
        let rich = Type::new(
            "rich".into(),
            16_529,
            Kind::Composite(vec![
                Field::new("n".into(), Type::NUMERIC),
                Field::new("t".into(), Type::TIMESTAMPTZ),
                Field::new("arr".into(), Type::INT4_ARRAY),
                Field::new("p".into(), pair.clone()),
                Field::new("j".into(), Type::JSONB),
                Field::new("m".into(), mood.clone()),
                Field::new("ps".into(), pair_array.clone()),
            ]),
            public(),
        );
        let vector = |name: &str, oid| Type::new(name.into(), oid, Kind::Simple, public());
        vec![
            vector("vector", 90_010),
            vector("halfvec", 90_011),
            vector("sparsevec", 90_012),
            mood,
            pair,
            posint,
            floatrange,
            floatmultirange,
            pair_array,
            rich,
        ]
    })
}

/// The type a column of this OID has: a built-in, one of the custom types, or an unknown base
/// type (the client would look it up in `pg_type`).
pub(super) fn type_by_oid(oid: u32) -> Type {
    Type::from_oid(oid)
        .or_else(|| custom_types().iter().find(|t| t.oid() == oid).cloned())
        .unwrap_or_else(|| Type::new(format!("t{oid}"), oid, Kind::Simple, "public".into()))
}

/// Index of `name` in [`custom_types`], for seeds.
#[cfg(test)]
pub(super) fn custom_index(name: &str) -> u32 {
    custom_types()
        .iter()
        .position(|t| t.name() == name)
        .unwrap_or_else(|| panic!("no custom type {name}")) as u32
}

/// Mode bits 0-1: 0 a built-in type by OID (any built-in if the OID is none), 1 a custom type,
/// 2 an array of the element bit 2 picks, 3 a domain over it.
fn choose_type(mode: u8, selector: u32) -> Type {
    let element = || {
        if mode & 0x04 == 0 {
            Type::from_oid(selector).unwrap_or_else(|| {
                let all = builtins();
                all[selector as usize % all.len()].clone()
            })
        } else {
            let all = custom_types();
            all[selector as usize % all.len()].clone()
        }
    };
    match mode & 0x03 {
        0 => element(),
        1 => {
            let all = custom_types();
            all[selector as usize % all.len()].clone()
        }
        2 => {
            let element = element();
            Type::new(
                format!("_{}", element.name()),
                90_100,
                Kind::Array(element),
                "public".into(),
            )
        }
        _ => Type::new(
            "dom".into(),
            90_101,
            Kind::Domain(element()),
            "public".into(),
        ),
    }
}

/// Decodes `raw` as `ty` into every Rust type pgline has, recursing into composite fields;
/// returns how many decoded it.
pub(crate) fn decode_every(ctx: &CodecContext, ty: &Type, raw: Option<&[u8]>) -> usize {
    let mut n = 0;
    n += exact::<i8>(ctx, ty, raw);
    n += exact::<i16>(ctx, ty, raw);
    n += exact::<i32>(ctx, ty, raw);
    n += exact::<i64>(ctx, ty, raw);
    n += exact::<u32>(ctx, ty, raw);
    n += exact::<bool>(ctx, ty, raw);
    n += float_bits::<f32>(ctx, ty, raw, |x| u64::from(x.to_bits()));
    n += float_bits::<f64>(ctx, ty, raw, |x| x.to_bits());
    n += exact::<String>(ctx, ty, raw);
    n += exact::<Box<str>>(ctx, ty, raw);
    n += exact::<Vec<u8>>(ctx, ty, raw);
    n += exact::<uuid::Uuid>(ctx, ty, raw);
    n += exact::<Numeric>(ctx, ty, raw);
    n += exact::<Money>(ctx, ty, raw);
    n += exact::<PgLsn>(ctx, ty, raw);
    n += exact::<Date>(ctx, ty, raw);
    n += exact::<Time>(ctx, ty, raw);
    n += exact::<TimeTz>(ctx, ty, raw);
    n += exact::<Timestamp>(ctx, ty, raw);
    n += exact::<TimestampTz>(ctx, ty, raw);
    n += exact::<Interval>(ctx, ty, raw);
    n += exact::<Inet>(ctx, ty, raw);
    n += exact::<Cidr>(ctx, ty, raw);
    n += exact::<IpAddr>(ctx, ty, raw);
    n += exact::<MacAddr>(ctx, ty, raw);
    n += exact::<MacAddr8>(ctx, ty, raw);
    n += exact::<BitString>(ctx, ty, raw);
    n += exact::<Vector>(ctx, ty, raw);
    n += exact::<HalfVector>(ctx, ty, raw);
    n += exact::<SparseVector>(ctx, ty, raw);
    n += exact::<Mood>(ctx, ty, raw);
    n += exact::<Option<i32>>(ctx, ty, raw);
    n += exact::<Option<String>>(ctx, ty, raw);
    n += exact::<Vec<Option<i32>>>(ctx, ty, raw);
    n += exact::<Vec<Option<String>>>(ctx, ty, raw);
    n += exact::<Vec<Option<Vec<u8>>>>(ctx, ty, raw);
    n += exact::<Array<Option<i16>>>(ctx, ty, raw);
    n += exact::<Array<Option<i32>>>(ctx, ty, raw);
    n += exact::<Array<Option<i64>>>(ctx, ty, raw);
    n += exact::<Array<Option<String>>>(ctx, ty, raw);
    n += exact::<Array<Option<Numeric>>>(ctx, ty, raw);
    n += exact::<Array<Option<TimestampTz>>>(ctx, ty, raw);
    n += exact::<Array<Option<Mood>>>(ctx, ty, raw);
    n += exact::<Array<Option<bool>>>(ctx, ty, raw);
    n += exact::<Array<Option<Vec<u8>>>>(ctx, ty, raw);
    n += exact::<Array<Option<uuid::Uuid>>>(ctx, ty, raw);
    n += exact::<Array<Option<Date>>>(ctx, ty, raw);
    n += exact::<Array<Option<Interval>>>(ctx, ty, raw);
    n += exact::<Array<Option<Inet>>>(ctx, ty, raw);
    n += exact::<Array<Option<BitString>>>(ctx, ty, raw);
    n += lossy::<Array<Option<f32>>>(ctx, ty, raw);
    n += lossy::<Array<Option<f64>>>(ctx, ty, raw);
    n += exact::<Range<i32>>(ctx, ty, raw);
    n += exact::<Range<i64>>(ctx, ty, raw);
    n += exact::<Range<Numeric>>(ctx, ty, raw);
    n += exact::<Range<Date>>(ctx, ty, raw);
    n += exact::<Range<Timestamp>>(ctx, ty, raw);
    n += exact::<Range<TimestampTz>>(ctx, ty, raw);
    n += exact::<Multirange<i32>>(ctx, ty, raw);
    n += exact::<Multirange<Numeric>>(ctx, ty, raw);
    n += exact::<Multirange<Date>>(ctx, ty, raw);
    n += exact::<Array<Option<Range<i32>>>>(ctx, ty, raw);
    n += exact::<MaybeInfinite<Date>>(ctx, ty, raw);
    n += lossy::<&str>(ctx, ty, raw);
    n += lossy::<&[u8]>(ctx, ty, raw);
    n += lossy::<SystemTime>(ctx, ty, raw);
    n += lossy::<serde_json::Value>(ctx, ty, raw);
    n += lossy::<Json<serde_json::Value>>(ctx, ty, raw);
    n += lossy::<Vec<Option<f64>>>(ctx, ty, raw);
    n += lossy::<Array<Option<serde_json::Value>>>(ctx, ty, raw);
    n += lossy::<Array<Option<&str>>>(ctx, ty, raw);
    n += lossy::<Range<f64>>(ctx, ty, raw);
    n += lossy::<Multirange<f64>>(ctx, ty, raw);
    n += lossy::<Vec<Option<Composite<'_>>>>(ctx, ty, raw);
    n += feature_types(ctx, ty, raw);
    if Composite::accepts(ty) {
        if let Ok(Some(composite)) = Option::<Composite<'_>>::from_sql_with(ctx, ty, raw) {
            for i in 0..composite.len() {
                let field_ty = composite.field_type(i).expect("a field's type").clone();
                let field_raw = composite.raw(i).expect("a field's value");
                n += decode_every(ctx, &field_ty, field_raw);
            }
        }
    }
    n
}

/// The conversions behind crate features (the fuzz crate turns them all on).
fn feature_types(ctx: &CodecContext, ty: &Type, raw: Option<&[u8]>) -> usize {
    // With every feature off there is nothing to count.
    #[allow(unused_mut)]
    let mut n = 0;
    #[cfg(feature = "chrono")]
    {
        use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
        n += exact::<NaiveDate>(ctx, ty, raw);
        n += exact::<NaiveTime>(ctx, ty, raw);
        n += exact::<NaiveDateTime>(ctx, ty, raw);
        n += exact::<DateTime<Utc>>(ctx, ty, raw);
        n += lossy::<DateTime<FixedOffset>>(ctx, ty, raw);
        n += exact::<Range<NaiveDate>>(ctx, ty, raw);
    }
    #[cfg(feature = "time")]
    {
        n += exact::<time::Date>(ctx, ty, raw);
        n += exact::<time::Time>(ctx, ty, raw);
        n += exact::<time::PrimitiveDateTime>(ctx, ty, raw);
        n += exact::<time::OffsetDateTime>(ctx, ty, raw);
    }
    #[cfg(feature = "rust_decimal")]
    {
        n += exact::<rust_decimal::Decimal>(ctx, ty, raw);
    }
    #[cfg(feature = "bigdecimal")]
    {
        n += exact::<bigdecimal::BigDecimal>(ctx, ty, raw);
    }
    let _ = (ctx, ty, raw);
    n
}

/// Decodes into `T` if it accepts `ty`; a decoded value is formatted, nothing more.
fn lossy<'a, T: FromSql<'a> + Debug>(
    ctx: &CodecContext,
    ty: &Type,
    raw: Option<&'a [u8]>,
) -> usize {
    if !T::accepts(ty) {
        return 0;
    }
    match T::from_sql_with(ctx, ty, raw) {
        Ok(value) => {
            let _ = format!("{value:?}");
            1
        }
        Err(_) => 0,
    }
}

/// Decodes into `T`; a decoded value that `T`'s `ToSql` takes must re-encode to bytes that
/// decode to an equal value.
fn exact<T>(ctx: &CodecContext, ty: &Type, raw: Option<&[u8]>) -> usize
where
    T: for<'a> FromSql<'a> + ToSql + PartialEq + Debug,
{
    if !<T as FromSql>::accepts(ty) {
        return 0;
    }
    let Ok(value) = T::from_sql_with(ctx, ty, raw) else {
        return 0;
    };
    let _ = format!("{value:?}");
    if !<T as ToSql>::accepts(ty) {
        return 1;
    }
    let mut buf = BytesMut::new();
    let again = match value.encode_param(ctx, ty, &mut buf) {
        Ok(IsNull::No) => Some(&buf[..]),
        Ok(IsNull::Yes) => None,
        Err(e) => panic!(
            "{ty}: decoded {value:?} as {} but it does not encode: {e}",
            std::any::type_name::<T>()
        ),
    };
    match T::from_sql_with(ctx, ty, again) {
        Ok(back) => assert_eq!(
            back,
            value,
            "{ty}: {} changed through {again:?}",
            std::any::type_name::<T>()
        ),
        Err(e) => panic!(
            "{ty}: {value:?} as {} re-encoded to {again:?}, which does not decode: {e}",
            std::any::type_name::<T>()
        ),
    }
    1
}

/// [`exact`] for floats, compared by bits so NaN and -0.0 count.
fn float_bits<T>(ctx: &CodecContext, ty: &Type, raw: Option<&[u8]>, bits: fn(T) -> u64) -> usize
where
    T: for<'a> FromSql<'a> + ToSql + Copy + Debug,
{
    if !<T as FromSql>::accepts(ty) {
        return 0;
    }
    let Ok(value) = T::from_sql_with(ctx, ty, raw) else {
        return 0;
    };
    let mut buf = BytesMut::new();
    value
        .encode_param(ctx, ty, &mut buf)
        .expect("a decoded float encodes");
    let back = T::from_sql_with(ctx, ty, Some(&buf[..])).expect("a re-encoded float decodes");
    assert_eq!(bits(back), bits(value), "{ty}: {value:?} changed");
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_covers_every_builtin_and_custom_type() {
        assert!(builtins().len() > 90, "{}", builtins().len());
        for ty in builtins() {
            for mode in [0u8, 2, 3, 0x80] {
                let mut data = vec![mode];
                data.extend_from_slice(&ty.oid().to_be_bytes());
                data.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0]);
                decode(&data);
            }
        }
        for i in 0..custom_types().len() as u32 {
            for mode in [1u8, 6, 7, 0x81] {
                let mut data = vec![mode];
                data.extend_from_slice(&i.to_be_bytes());
                data.extend_from_slice(&[0, 0, 0, 1, 0, 0, 0, 0]);
                decode(&data);
            }
        }
        decode(b"");
    }

    #[test]
    fn decode_chooses_the_type_the_input_names() {
        assert_eq!(choose_type(0, 23), Type::INT4);
        assert_eq!(
            choose_type(2, 25).kind(),
            &Kind::Array(Type::TEXT),
            "an array of text"
        );
        assert_eq!(choose_type(1, custom_index("vector")).name(), "vector");
        assert_eq!(choose_type(3, 16).base(), &Type::BOOL);
    }

    #[test]
    fn decode_round_trips_a_numeric_and_an_int_array() {
        // 12.5: ndigits 2, weight 0, positive, dscale 1, digits 12, 5000.
        let mut data = vec![0];
        data.extend_from_slice(&Type::NUMERIC.oid().to_be_bytes());
        data.extend_from_slice(&[0, 2, 0, 0, 0, 0, 0, 1, 0, 12, 0x13, 0x88]);
        decode(&data);
        let mut data = vec![0];
        data.extend_from_slice(&Type::INT4_ARRAY.oid().to_be_bytes());
        for word in [1i32, 0, 23, 2, 1, 4, 7, -1] {
            data.extend_from_slice(&word.to_be_bytes());
        }
        decode(&data);
    }
}
