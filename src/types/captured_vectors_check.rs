//! Every captured server vector, grouped with the PostgreSQL type and the Rust type that
//! decodes it: decoding must succeed, print what the server printed (where the Rust type's
//! `Display` follows PostgreSQL's output), and re-encode to the server's exact bytes.
//!
//! The real-server tests (`tests/types_roundtrip.rs`) include this file and its vectors with
//! `#[path]`: `SELECT <sql>` must return `bin`, the decoded value sent back as a parameter
//! (`SELECT $1::<type>`) must return it again, and arrays of every group's type go through the
//! same checks with [`Group::array`]. So this file holds data and check functions only, no
//! tests, and names nothing private to the crate.

use std::fmt::Display;

use bytes::BytesMut;

use super::captured_vectors::{self, Vector};
use super::{
    Array, BitString, BoxError, Cidr, Composite, Date, Field, FromSql, Inet, Interval, Kind,
    MacAddr, MacAddr8, Money, Multirange, Numeric, PgLsn, Range, Record, SqlParam, Time, TimeTz,
    Timestamp, TimestampTz, ToSql, Type,
};

/// What a check made of one value.
pub(crate) struct Checked {
    /// The value printed as PostgreSQL prints it, where the Rust type can.
    pub(crate) text: Option<String>,
    /// The decoded value encoded again.
    pub(crate) bytes: Vec<u8>,
    /// The decoded value, ready to be sent as a parameter.
    pub(crate) value: Box<dyn SqlParam + Sync>,
    /// Whether the decoding Rust type's `FromSql::accepts` takes the type (what `Row::get`
    /// checks first).
    pub(crate) accepted: bool,
}

/// Decodes `raw` as a value of the type and checks nothing itself: the caller compares.
pub(crate) type Check = fn(&Type, &[u8]) -> Result<Checked, BoxError>;

/// A group of vectors, the type they were captured as, and how to check them.
pub(crate) struct Group {
    pub(crate) name: &'static str,
    /// The type as the capture server described it (OIDs of created types are that server's).
    pub(crate) ty: fn() -> Type,
    pub(crate) vectors: &'static [Vector],
    pub(crate) check: Check,
    /// The same Rust type as an `Array<Option<T>>`, for arrays of the group's type. For
    /// groups of arrays it is `check` again: PostgreSQL has no arrays of arrays, only more
    /// dimensions.
    pub(crate) array: Check,
}

fn encode<T: ToSql>(v: &T, ty: &Type) -> Result<Vec<u8>, BoxError> {
    let mut b = BytesMut::new();
    v.to_sql(ty, &mut b)?;
    Ok(b.to_vec())
}

fn checked<T: ToSql + 'static>(
    text: Option<String>,
    v: T,
    ty: &Type,
    accepted: bool,
) -> Result<Checked, BoxError> {
    Ok(Checked {
        text,
        bytes: encode(&v, ty)?,
        value: Box::new(v),
        accepted,
    })
}

fn accepts<T: for<'a> FromSql<'a>>(ty: &Type) -> bool {
    <T as FromSql>::accepts(ty)
}

/// For types whose `Display` is PostgreSQL's output.
fn shown<T: for<'a> FromSql<'a> + ToSql + Display + 'static>(
    ty: &Type,
    raw: &[u8],
) -> Result<Checked, BoxError> {
    let v = T::from_sql(ty, raw)?;
    checked(Some(v.to_string()), v, ty, accepts::<T>(ty))
}

/// For types printed some other way (or not at all): bytes only.
fn bytes_only<T: for<'a> FromSql<'a> + ToSql + 'static>(
    ty: &Type,
    raw: &[u8],
) -> Result<Checked, BoxError> {
    checked(None, T::from_sql(ty, raw)?, ty, accepts::<T>(ty))
}

/// An array of `T`s, any shape, NULL elements allowed.
fn array_of<T: for<'a> FromSql<'a> + ToSql + 'static>(
    ty: &Type,
    raw: &[u8],
) -> Result<Checked, BoxError> {
    bytes_only::<Array<Option<T>>>(ty, raw)
}

fn as_text(ty: &Type, raw: &[u8]) -> Result<Checked, BoxError> {
    let v = String::from_sql(ty, raw)?;
    checked(Some(v.clone()), v, ty, accepts::<String>(ty))
}

fn as_bool(ty: &Type, raw: &[u8]) -> Result<Checked, BoxError> {
    let v = bool::from_sql(ty, raw)?;
    checked(
        Some(if v { "t" } else { "f" }.into()),
        v,
        ty,
        accepts::<bool>(ty),
    )
}

fn as_char(ty: &Type, raw: &[u8]) -> Result<Checked, BoxError> {
    let v = i8::from_sql(ty, raw)?;
    let text = if v == 0 {
        String::new()
    } else {
        char::from(v as u8).to_string()
    };
    checked(Some(text), v, ty, accepts::<i8>(ty))
}

fn as_bytea(ty: &Type, raw: &[u8]) -> Result<Checked, BoxError> {
    let v = Vec::<u8>::from_sql(ty, raw)?;
    let hex: String = v.iter().map(|b| format!("{b:02x}")).collect();
    checked(Some(format!("\\x{hex}")), v, ty, accepts::<Vec<u8>>(ty))
}

/// A `vec_pair` (`a int4, b text`) read field by field and sent back as a [`Record`].
fn as_pair(ty: &Type, raw: &[u8]) -> Result<Checked, BoxError> {
    let c = Composite::from_sql(ty, raw)?;
    let a: Option<i32> = c.get_by_name("a")?;
    let b: Option<String> = c.get_by_name("b")?;
    let accepted = <Composite<'_> as FromSql>::accepts(ty);
    checked(None, Record::new().with(a).with(b), ty, accepted)
}

fn posint() -> Type {
    Type::new(
        "vec_posint".into(),
        captured_vectors::OID_VEC_POSINT,
        Kind::Domain(Type::INT4),
        "public".into(),
    )
}

fn mood() -> Type {
    let labels = ["sad", "meh", "ok", "happy"].map(String::from).to_vec();
    Type::new(
        "vec_mood".into(),
        captured_vectors::OID_VEC_MOOD,
        Kind::Enum(labels),
        "public".into(),
    )
}

fn pair() -> Type {
    let fields = vec![
        Field::new("a".into(), Type::INT4),
        Field::new("b".into(), Type::TEXT),
    ];
    Type::new(
        "vec_pair".into(),
        captured_vectors::OID_VEC_PAIR,
        Kind::Composite(fields),
        "public".into(),
    )
}

fn array_type(name: &str, oid: u32, element: Type) -> Type {
    Type::new(name.into(), oid, Kind::Array(element), "public".into())
}

/// Every scalar, range and multirange group; arrays, composites and enums are checked in
/// their own modules, with their element types.
pub(crate) const GROUPS: &[Group] = &[
    Group {
        name: "bool",
        ty: || Type::BOOL,
        vectors: captured_vectors::BOOL,
        check: as_bool,
        array: array_of::<bool>,
    },
    Group {
        name: "int2",
        ty: || Type::INT2,
        vectors: captured_vectors::INT2,
        check: shown::<i16>,
        array: array_of::<i16>,
    },
    Group {
        name: "int4",
        ty: || Type::INT4,
        vectors: captured_vectors::INT4,
        check: shown::<i32>,
        array: array_of::<i32>,
    },
    Group {
        name: "int8",
        ty: || Type::INT8,
        vectors: captured_vectors::INT8,
        check: shown::<i64>,
        array: array_of::<i64>,
    },
    Group {
        name: "oid",
        ty: || Type::OID,
        vectors: captured_vectors::OID,
        check: shown::<u32>,
        array: array_of::<u32>,
    },
    Group {
        name: "float4",
        ty: || Type::FLOAT4,
        vectors: captured_vectors::FLOAT4,
        check: bytes_only::<f32>,
        array: array_of::<f32>,
    },
    Group {
        name: "float8",
        ty: || Type::FLOAT8,
        vectors: captured_vectors::FLOAT8,
        check: bytes_only::<f64>,
        array: array_of::<f64>,
    },
    Group {
        name: "\"char\"",
        ty: || Type::CHAR,
        vectors: captured_vectors::CHAR,
        check: as_char,
        array: array_of::<i8>,
    },
    Group {
        name: "text",
        ty: || Type::TEXT,
        vectors: captured_vectors::TEXT,
        check: as_text,
        array: array_of::<String>,
    },
    Group {
        name: "varchar",
        ty: || Type::VARCHAR,
        vectors: captured_vectors::VARCHAR,
        check: as_text,
        array: array_of::<String>,
    },
    Group {
        name: "bpchar",
        ty: || Type::BPCHAR,
        vectors: captured_vectors::BPCHAR,
        check: as_text,
        array: array_of::<String>,
    },
    Group {
        name: "name",
        ty: || Type::NAME,
        vectors: captured_vectors::NAME,
        check: as_text,
        array: array_of::<String>,
    },
    Group {
        name: "bytea",
        ty: || Type::BYTEA,
        vectors: captured_vectors::BYTEA,
        check: as_bytea,
        array: array_of::<Vec<u8>>,
    },
    Group {
        name: "xml",
        ty: || Type::XML,
        vectors: captured_vectors::XML,
        check: as_text,
        array: array_of::<String>,
    },
    Group {
        name: "json",
        ty: || Type::JSON,
        vectors: captured_vectors::JSON,
        check: as_text,
        array: array_of::<String>,
    },
    Group {
        name: "jsonb",
        ty: || Type::JSONB,
        vectors: captured_vectors::JSONB,
        check: as_text,
        array: array_of::<String>,
    },
    Group {
        name: "numeric",
        ty: || Type::NUMERIC,
        vectors: captured_vectors::NUMERIC,
        check: shown::<Numeric>,
        array: array_of::<Numeric>,
    },
    Group {
        name: "money",
        ty: || Type::MONEY,
        vectors: captured_vectors::MONEY,
        check: bytes_only::<Money>,
        array: array_of::<Money>,
    },
    Group {
        name: "uuid",
        ty: || Type::UUID,
        vectors: captured_vectors::UUID,
        check: shown::<::uuid::Uuid>,
        array: array_of::<::uuid::Uuid>,
    },
    Group {
        name: "pg_lsn",
        ty: || Type::PG_LSN,
        vectors: captured_vectors::PG_LSN,
        check: shown::<PgLsn>,
        array: array_of::<PgLsn>,
    },
    Group {
        name: "date",
        ty: || Type::DATE,
        vectors: captured_vectors::DATE,
        check: shown::<Date>,
        array: array_of::<Date>,
    },
    Group {
        name: "time",
        ty: || Type::TIME,
        vectors: captured_vectors::TIME,
        check: shown::<Time>,
        array: array_of::<Time>,
    },
    Group {
        name: "timetz",
        ty: || Type::TIMETZ,
        vectors: captured_vectors::TIMETZ,
        check: shown::<TimeTz>,
        array: array_of::<TimeTz>,
    },
    Group {
        name: "timestamp",
        ty: || Type::TIMESTAMP,
        vectors: captured_vectors::TIMESTAMP,
        check: shown::<Timestamp>,
        array: array_of::<Timestamp>,
    },
    Group {
        name: "timestamptz",
        ty: || Type::TIMESTAMPTZ,
        vectors: captured_vectors::TIMESTAMPTZ,
        check: shown::<TimestampTz>,
        array: array_of::<TimestampTz>,
    },
    Group {
        name: "interval",
        ty: || Type::INTERVAL,
        vectors: captured_vectors::INTERVAL,
        check: shown::<Interval>,
        array: array_of::<Interval>,
    },
    Group {
        name: "inet",
        ty: || Type::INET,
        vectors: captured_vectors::INET,
        check: shown::<Inet>,
        array: array_of::<Inet>,
    },
    Group {
        name: "cidr",
        ty: || Type::CIDR,
        vectors: captured_vectors::CIDR,
        check: shown::<Cidr>,
        array: array_of::<Cidr>,
    },
    Group {
        name: "macaddr",
        ty: || Type::MACADDR,
        vectors: captured_vectors::MACADDR,
        check: shown::<MacAddr>,
        array: array_of::<MacAddr>,
    },
    Group {
        name: "macaddr8",
        ty: || Type::MACADDR8,
        vectors: captured_vectors::MACADDR8,
        check: shown::<MacAddr8>,
        array: array_of::<MacAddr8>,
    },
    Group {
        name: "bit",
        ty: || Type::BIT,
        vectors: captured_vectors::BIT,
        check: shown::<BitString>,
        array: array_of::<BitString>,
    },
    Group {
        name: "varbit",
        ty: || Type::VARBIT,
        vectors: captured_vectors::VARBIT,
        check: shown::<BitString>,
        array: array_of::<BitString>,
    },
    Group {
        name: "int4range",
        ty: || Type::INT4_RANGE,
        vectors: captured_vectors::INT4_RANGE,
        check: shown::<Range<i32>>,
        array: array_of::<Range<i32>>,
    },
    Group {
        name: "int8range",
        ty: || Type::INT8_RANGE,
        vectors: captured_vectors::INT8_RANGE,
        check: shown::<Range<i64>>,
        array: array_of::<Range<i64>>,
    },
    Group {
        name: "numrange",
        ty: || Type::NUM_RANGE,
        vectors: captured_vectors::NUM_RANGE,
        check: shown::<Range<Numeric>>,
        array: array_of::<Range<Numeric>>,
    },
    Group {
        name: "daterange",
        ty: || Type::DATE_RANGE,
        vectors: captured_vectors::DATE_RANGE,
        check: shown::<Range<Date>>,
        array: array_of::<Range<Date>>,
    },
    Group {
        name: "tsrange",
        ty: || Type::TS_RANGE,
        vectors: captured_vectors::TS_RANGE,
        check: shown::<Range<Timestamp>>,
        array: array_of::<Range<Timestamp>>,
    },
    Group {
        name: "tstzrange",
        ty: || Type::TSTZ_RANGE,
        vectors: captured_vectors::TSTZ_RANGE,
        check: shown::<Range<TimestampTz>>,
        array: array_of::<Range<TimestampTz>>,
    },
    Group {
        name: "int4multirange",
        ty: || Type::INT4_MULTIRANGE,
        vectors: captured_vectors::INT4_MULTIRANGE,
        check: shown::<Multirange<i32>>,
        array: array_of::<Multirange<i32>>,
    },
    Group {
        name: "nummultirange",
        ty: || Type::NUM_MULTIRANGE,
        vectors: captured_vectors::NUM_MULTIRANGE,
        check: shown::<Multirange<Numeric>>,
        array: array_of::<Multirange<Numeric>>,
    },
    Group {
        name: "datemultirange",
        ty: || Type::DATE_MULTIRANGE,
        vectors: captured_vectors::DATE_MULTIRANGE,
        check: shown::<Multirange<Date>>,
        array: array_of::<Multirange<Date>>,
    },
    Group {
        name: "domain",
        ty: posint,
        vectors: captured_vectors::POSINT,
        check: shown::<i32>,
        array: array_of::<i32>,
    },
];

/// The captured arrays, each decoded as `Array<Option<T>>` of its element's Rust type.
pub(crate) const ARRAYS: &[Group] = &[
    Group {
        name: "int4[]",
        ty: || Type::INT4_ARRAY,
        vectors: captured_vectors::INT4_ARRAY,
        check: array_of::<i32>,
        array: array_of::<i32>,
    },
    Group {
        name: "int8[]",
        ty: || Type::INT8_ARRAY,
        vectors: captured_vectors::INT8_ARRAY,
        check: array_of::<i64>,
        array: array_of::<i64>,
    },
    Group {
        name: "text[]",
        ty: || Type::TEXT_ARRAY,
        vectors: captured_vectors::TEXT_ARRAY,
        check: array_of::<String>,
        array: array_of::<String>,
    },
    Group {
        name: "float8[]",
        ty: || Type::FLOAT8_ARRAY,
        vectors: captured_vectors::FLOAT8_ARRAY,
        check: array_of::<f64>,
        array: array_of::<f64>,
    },
    Group {
        name: "numeric[]",
        ty: || Type::NUMERIC_ARRAY,
        vectors: captured_vectors::NUMERIC_ARRAY,
        check: array_of::<Numeric>,
        array: array_of::<Numeric>,
    },
    Group {
        name: "bool[]",
        ty: || Type::BOOL_ARRAY,
        vectors: captured_vectors::BOOL_ARRAY,
        check: array_of::<bool>,
        array: array_of::<bool>,
    },
    Group {
        name: "timestamptz[]",
        ty: || Type::TIMESTAMPTZ_ARRAY,
        vectors: captured_vectors::TIMESTAMPTZ_ARRAY,
        check: array_of::<TimestampTz>,
        array: array_of::<TimestampTz>,
    },
    Group {
        name: "jsonb[]",
        ty: || Type::JSONB_ARRAY,
        vectors: captured_vectors::JSONB_ARRAY,
        check: array_of::<String>,
        array: array_of::<String>,
    },
    Group {
        name: "int4range[]",
        ty: || Type::INT4_RANGE_ARRAY,
        vectors: captured_vectors::INT4_RANGE_ARRAY,
        check: array_of::<Range<i32>>,
        array: array_of::<Range<i32>>,
    },
];

/// The types the capture created (`vec_mood`, `vec_pair`, `vec_posint`) and arrays of them; a
/// real-server test creates them again (with other OIDs) and resolves them from `pg_type`.
pub(crate) const CUSTOM: &[Group] = &[
    Group {
        name: "vec_mood",
        ty: mood,
        vectors: captured_vectors::MOOD,
        check: as_text,
        array: array_of::<String>,
    },
    Group {
        name: "vec_mood[]",
        ty: || array_type("_vec_mood", captured_vectors::OID_VEC_MOOD_ARRAY, mood()),
        vectors: captured_vectors::MOOD_ARRAY,
        check: array_of::<String>,
        array: array_of::<String>,
    },
    Group {
        name: "vec_posint[]",
        ty: || {
            array_type(
                "_vec_posint",
                captured_vectors::OID_VEC_POSINT_ARRAY,
                posint(),
            )
        },
        vectors: captured_vectors::POSINT_ARRAY,
        check: array_of::<i32>,
        array: array_of::<i32>,
    },
    Group {
        name: "vec_pair",
        ty: pair,
        vectors: captured_vectors::PAIR,
        check: as_pair,
        array: as_pair_array,
    },
];

/// Arrays of `vec_pair`, each element read and re-sent as [`as_pair`] does.
fn as_pair_array(ty: &Type, raw: &[u8]) -> Result<Checked, BoxError> {
    let a = Array::<Option<Composite<'_>>>::from_sql(ty, raw)?;
    let mut records = Vec::with_capacity(a.len());
    for c in a.iter() {
        records.push(match c {
            Some(c) => {
                let x: Option<i32> = c.get_by_name("a")?;
                let y: Option<String> = c.get_by_name("b")?;
                Some(Record::new().with(x).with(y))
            }
            None => None,
        });
    }
    let records = Array::new(a.dimensions().to_vec(), records)?;
    let accepted = <Array<Option<Composite<'_>>> as FromSql>::accepts(ty);
    checked(None, records, ty, accepted)
}
