//! Every captured server vector, grouped with the PostgreSQL type and the Rust type that
//! decodes it: decoding must succeed, print what the server printed (where the Rust type's
//! `Display` follows PostgreSQL's output), and re-encode to the server's exact bytes.
//!
//! The real-server tests reuse [`GROUPS`]: `SELECT <sql>` must return `bin`, and a parameter
//! round trip (`SELECT $1::<type>`) of the decoded value must return it again.

use std::fmt::Display;

use bytes::BytesMut;

use super::vectors::{self, Vector};
use super::{
    BitString, BoxError, Cidr, Date, FromSql, Inet, Interval, Kind, MacAddr, MacAddr8, Money,
    Multirange, Numeric, PgLsn, Range, Time, TimeTz, Timestamp, TimestampTz, ToSql, Type,
};

/// Decodes `raw`, returns (text if the type prints like PostgreSQL, re-encoded bytes).
pub(crate) type Check = fn(&Type, &[u8]) -> Result<(Option<String>, Vec<u8>), BoxError>;

/// A group of vectors, the type they were captured as, and how to check them.
pub(crate) struct Group {
    pub(crate) name: &'static str,
    pub(crate) ty: fn() -> Type,
    pub(crate) vectors: &'static [Vector],
    pub(crate) check: Check,
}

fn encode<T: ToSql>(v: &T, ty: &Type) -> Result<Vec<u8>, BoxError> {
    let mut b = BytesMut::new();
    v.to_sql(ty, &mut b)?;
    Ok(b.to_vec())
}

/// For types whose `Display` is PostgreSQL's output.
fn shown<T: for<'a> FromSql<'a> + ToSql + Display>(
    ty: &Type,
    raw: &[u8],
) -> Result<(Option<String>, Vec<u8>), BoxError> {
    let v = T::from_sql(ty, raw)?;
    Ok((Some(v.to_string()), encode(&v, ty)?))
}

/// For types printed some other way (or not at all): bytes only.
fn bytes_only<T: for<'a> FromSql<'a> + ToSql>(
    ty: &Type,
    raw: &[u8],
) -> Result<(Option<String>, Vec<u8>), BoxError> {
    let v = T::from_sql(ty, raw)?;
    Ok((None, encode(&v, ty)?))
}

fn as_text(ty: &Type, raw: &[u8]) -> Result<(Option<String>, Vec<u8>), BoxError> {
    let v = String::from_sql(ty, raw)?;
    let again = encode(&v, ty)?;
    Ok((Some(v), again))
}

fn as_bool(ty: &Type, raw: &[u8]) -> Result<(Option<String>, Vec<u8>), BoxError> {
    let v = bool::from_sql(ty, raw)?;
    Ok((Some(if v { "t" } else { "f" }.into()), encode(&v, ty)?))
}

fn as_char(ty: &Type, raw: &[u8]) -> Result<(Option<String>, Vec<u8>), BoxError> {
    let v = i8::from_sql(ty, raw)?;
    let text = if v == 0 {
        String::new()
    } else {
        char::from(v as u8).to_string()
    };
    Ok((Some(text), encode(&v, ty)?))
}

fn as_bytea(ty: &Type, raw: &[u8]) -> Result<(Option<String>, Vec<u8>), BoxError> {
    let v = Vec::<u8>::from_sql(ty, raw)?;
    let hex: String = v.iter().map(|b| format!("{b:02x}")).collect();
    Ok((Some(format!("\\x{hex}")), encode(&v, ty)?))
}

fn posint() -> Type {
    Type::new(
        "vec_posint".into(),
        vectors::OID_VEC_POSINT,
        Kind::Domain(Type::INT4),
        "public".into(),
    )
}

/// Every scalar, range and multirange group; arrays, composites and enums are checked in
/// their own modules, with their element types.
pub(crate) const GROUPS: &[Group] = &[
    Group {
        name: "bool",
        ty: || Type::BOOL,
        vectors: vectors::BOOL,
        check: as_bool,
    },
    Group {
        name: "int2",
        ty: || Type::INT2,
        vectors: vectors::INT2,
        check: shown::<i16>,
    },
    Group {
        name: "int4",
        ty: || Type::INT4,
        vectors: vectors::INT4,
        check: shown::<i32>,
    },
    Group {
        name: "int8",
        ty: || Type::INT8,
        vectors: vectors::INT8,
        check: shown::<i64>,
    },
    Group {
        name: "oid",
        ty: || Type::OID,
        vectors: vectors::OID,
        check: shown::<u32>,
    },
    Group {
        name: "float4",
        ty: || Type::FLOAT4,
        vectors: vectors::FLOAT4,
        check: bytes_only::<f32>,
    },
    Group {
        name: "float8",
        ty: || Type::FLOAT8,
        vectors: vectors::FLOAT8,
        check: bytes_only::<f64>,
    },
    Group {
        name: "\"char\"",
        ty: || Type::CHAR,
        vectors: vectors::CHAR,
        check: as_char,
    },
    Group {
        name: "text",
        ty: || Type::TEXT,
        vectors: vectors::TEXT,
        check: as_text,
    },
    Group {
        name: "varchar",
        ty: || Type::VARCHAR,
        vectors: vectors::VARCHAR,
        check: as_text,
    },
    Group {
        name: "bpchar",
        ty: || Type::BPCHAR,
        vectors: vectors::BPCHAR,
        check: as_text,
    },
    Group {
        name: "name",
        ty: || Type::NAME,
        vectors: vectors::NAME,
        check: as_text,
    },
    Group {
        name: "bytea",
        ty: || Type::BYTEA,
        vectors: vectors::BYTEA,
        check: as_bytea,
    },
    Group {
        name: "xml",
        ty: || Type::XML,
        vectors: vectors::XML,
        check: as_text,
    },
    Group {
        name: "json",
        ty: || Type::JSON,
        vectors: vectors::JSON,
        check: as_text,
    },
    Group {
        name: "jsonb",
        ty: || Type::JSONB,
        vectors: vectors::JSONB,
        check: as_text,
    },
    Group {
        name: "numeric",
        ty: || Type::NUMERIC,
        vectors: vectors::NUMERIC,
        check: shown::<Numeric>,
    },
    Group {
        name: "money",
        ty: || Type::MONEY,
        vectors: vectors::MONEY,
        check: bytes_only::<Money>,
    },
    Group {
        name: "uuid",
        ty: || Type::UUID,
        vectors: vectors::UUID,
        check: shown::<::uuid::Uuid>,
    },
    Group {
        name: "pg_lsn",
        ty: || Type::PG_LSN,
        vectors: vectors::PG_LSN,
        check: shown::<PgLsn>,
    },
    Group {
        name: "date",
        ty: || Type::DATE,
        vectors: vectors::DATE,
        check: shown::<Date>,
    },
    Group {
        name: "time",
        ty: || Type::TIME,
        vectors: vectors::TIME,
        check: shown::<Time>,
    },
    Group {
        name: "timetz",
        ty: || Type::TIMETZ,
        vectors: vectors::TIMETZ,
        check: shown::<TimeTz>,
    },
    Group {
        name: "timestamp",
        ty: || Type::TIMESTAMP,
        vectors: vectors::TIMESTAMP,
        check: shown::<Timestamp>,
    },
    Group {
        name: "timestamptz",
        ty: || Type::TIMESTAMPTZ,
        vectors: vectors::TIMESTAMPTZ,
        check: shown::<TimestampTz>,
    },
    Group {
        name: "interval",
        ty: || Type::INTERVAL,
        vectors: vectors::INTERVAL,
        check: shown::<Interval>,
    },
    Group {
        name: "inet",
        ty: || Type::INET,
        vectors: vectors::INET,
        check: shown::<Inet>,
    },
    Group {
        name: "cidr",
        ty: || Type::CIDR,
        vectors: vectors::CIDR,
        check: shown::<Cidr>,
    },
    Group {
        name: "macaddr",
        ty: || Type::MACADDR,
        vectors: vectors::MACADDR,
        check: shown::<MacAddr>,
    },
    Group {
        name: "macaddr8",
        ty: || Type::MACADDR8,
        vectors: vectors::MACADDR8,
        check: shown::<MacAddr8>,
    },
    Group {
        name: "bit",
        ty: || Type::BIT,
        vectors: vectors::BIT,
        check: shown::<BitString>,
    },
    Group {
        name: "varbit",
        ty: || Type::VARBIT,
        vectors: vectors::VARBIT,
        check: shown::<BitString>,
    },
    Group {
        name: "int4range",
        ty: || Type::INT4_RANGE,
        vectors: vectors::INT4_RANGE,
        check: shown::<Range<i32>>,
    },
    Group {
        name: "int8range",
        ty: || Type::INT8_RANGE,
        vectors: vectors::INT8_RANGE,
        check: shown::<Range<i64>>,
    },
    Group {
        name: "numrange",
        ty: || Type::NUM_RANGE,
        vectors: vectors::NUM_RANGE,
        check: shown::<Range<Numeric>>,
    },
    Group {
        name: "daterange",
        ty: || Type::DATE_RANGE,
        vectors: vectors::DATE_RANGE,
        check: shown::<Range<Date>>,
    },
    Group {
        name: "tsrange",
        ty: || Type::TS_RANGE,
        vectors: vectors::TS_RANGE,
        check: shown::<Range<Timestamp>>,
    },
    Group {
        name: "tstzrange",
        ty: || Type::TSTZ_RANGE,
        vectors: vectors::TSTZ_RANGE,
        check: shown::<Range<TimestampTz>>,
    },
    Group {
        name: "int4multirange",
        ty: || Type::INT4_MULTIRANGE,
        vectors: vectors::INT4_MULTIRANGE,
        check: shown::<Multirange<i32>>,
    },
    Group {
        name: "nummultirange",
        ty: || Type::NUM_MULTIRANGE,
        vectors: vectors::NUM_MULTIRANGE,
        check: shown::<Multirange<Numeric>>,
    },
    Group {
        name: "datemultirange",
        ty: || Type::DATE_MULTIRANGE,
        vectors: vectors::DATE_MULTIRANGE,
        check: shown::<Multirange<Date>>,
    },
    Group {
        name: "domain",
        ty: posint,
        vectors: vectors::POSINT,
        check: shown::<i32>,
    },
];

#[test]
fn every_server_vector_decodes_prints_and_reencodes_exactly() {
    let mut checked = 0;
    for g in GROUPS {
        let ty = (g.ty)();
        for v in g.vectors {
            let raw = v.bytes();
            let (text, again) =
                (g.check)(&ty, &raw).unwrap_or_else(|e| panic!("{} {}: {e}", g.name, v.sql));
            if let Some(text) = text {
                assert_eq!(text, v.text, "{} {}", g.name, v.sql);
            }
            assert_eq!(again, raw, "{} {}", g.name, v.sql);
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked}");
}

#[test]
fn jsonb_values_survive_a_round_trip_through_serde() {
    // serde_json reorders nothing the server has not already normalized, so the decoded value
    // re-encodes to JSON the server reads back as the same document.
    for v in vectors::JSONB {
        let value = serde_json::Value::from_sql(&Type::JSONB, &v.bytes()).unwrap();
        let text: serde_json::Value = serde_json::from_str(v.text).unwrap();
        assert_eq!(value, text, "{}", v.sql);
    }
}
