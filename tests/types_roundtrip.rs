//! Every type against the real servers (pg15 and pg18), driven by the captured vectors of
//! `src/types/captured_vectors.rs`: the literal decoded (`SELECT <literal>` returns the
//! captured bytes, which decode and re-encode exactly), a parameter round trip
//! (`SELECT $1::<type>` of the decoded value returns the same bytes), and the server's text of
//! the value we sent (`format('%s', $1::<type>)`) equal to the text it prints for the literal.
//! Arrays of every type go through the same checks: empty, one-dimensional with NULLs, and
//! three-dimensional with lower bounds other than 1. Then the chrono, time, rust_decimal and bigdecimal
//! conversions, citext, and `&str`/`&[u8]` borrowed from the row.

mod support;

// The vectors and their checks are shared with the unit tests; `captured_vectors_check` names
// its types through `super::`, which the glob below provides.
#[path = "../src/types/captured_vectors.rs"]
mod captured_vectors;
#[allow(dead_code)]
#[path = "../src/types/captured_vectors_check.rs"]
mod captured_vectors_check;

use std::fmt::Write as _;

use captured_vectors_check::{ARRAYS, CUSTOM, Check, GROUPS};
use pgline::Client;
use pgline::types::*;

/// The capture's session settings (see `capture_vectors.py`), so texts compare exactly.
const SESSION: &str = "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; \
    SET IntervalStyle = 'postgres'; SET extra_float_digits = 1; SET lc_monetary = 'C'";

/// The types the capture created, made again in this session only.
const CREATE_TYPES: &str = "
    CREATE DOMAIN pg_temp.vec_posint AS int4 CHECK (VALUE > 0);
    CREATE TYPE pg_temp.vec_mood AS ENUM ('sad', 'meh', 'ok', 'happy');
    CREATE TYPE pg_temp.vec_pair AS (a int4, b text);";

async fn connect(server: &support::Server) -> Client {
    let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
    let client = pgline::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
    client.batch_execute(SESSION).await.unwrap();
    client
}

fn hex(b: &[u8]) -> String {
    b.iter().fold(String::new(), |mut s, x| {
        let _ = write!(s, "{x:02x}");
        s
    })
}

/// What a live check expects of the literal.
struct Want<'a> {
    /// The column's `pg_type.typname`.
    type_name: String,
    /// The column's OID, for built-in types (created types have this session's OIDs).
    oid: Option<u32>,
    /// The captured bytes and text, when the literal is a captured vector.
    captured: Option<(Vec<u8>, &'a str)>,
}

/// The type a vector's SQL casts to: what follows its last `::`.
fn cast_of(sql: &str) -> &str {
    sql.rsplit_once("::").map_or(sql, |(_, t)| t)
}

/// Runs the literal, decode, parameter and text checks on one value; `Err` says what differed.
async fn check_live(
    client: &Client,
    sql: &str,
    cast: &str,
    check: Check,
    want: &Want<'_>,
) -> Result<(), String> {
    let literal = client
        .query_one(&format!("SELECT {sql}, format('%s', {sql})"), &[])
        .await
        .map_err(|e| format!("literal: {e}"))?;
    let column = literal.columns()[0].type_().clone();
    if column.name() != want.type_name || want.oid.is_some_and(|oid| oid != column.oid()) {
        return Err(format!("column type {column:?} ({})", column.oid()));
    }
    let raw = literal
        .raw_value(0)
        .map_err(|e| e.to_string())?
        .ok_or("the literal is NULL")?
        .to_vec();
    let text: String = literal.try_get(1).map_err(|e| e.to_string())?;
    if let Some((bin, captured_text)) = &want.captured {
        if raw != *bin {
            return Err(format!("server sent {} (captured {})", hex(&raw), hex(bin)));
        }
        if text != *captured_text {
            return Err(format!(
                "server printed {text:?} (captured {captured_text:?})"
            ));
        }
    }
    let decoded = check(&column, &raw).map_err(|e| format!("decode: {e}"))?;
    if !decoded.accepted {
        return Err(format!("the Rust type does not accept {column:?}"));
    }
    if decoded.bytes != raw {
        return Err(format!("re-encoded as {}", hex(&decoded.bytes)));
    }
    if let Some(ours) = &decoded.text {
        if *ours != text {
            return Err(format!("we print {ours:?}, the server {text:?}"));
        }
    }
    let stmt = client
        .prepare(&format!("SELECT $1::{cast}, format('%s', $1::{cast})"))
        .await
        .map_err(|e| format!("prepare: {e}"))?;
    let row = client
        .query_one(&stmt, &[&*decoded.value])
        .await
        .map_err(|e| format!("parameter: {e}"))?;
    let back = row
        .raw_value(0)
        .map_err(|e| e.to_string())?
        .ok_or("the parameter came back NULL")?;
    if back != raw {
        return Err(format!("parameter came back as {}", hex(back)));
    }
    let back_text: &str = row.try_get(1).map_err(|e| e.to_string())?;
    if back_text != text {
        return Err(format!(
            "the server prints our parameter as {back_text:?}, the literal as {text:?}"
        ));
    }
    Ok(())
}

/// `text` as an element of an array literal: double-quoted, `"` and `\` escaped.
fn array_element(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The array literals checked for each group: empty, `ARRAY[v1, NULL, v2, ...]`, and a
/// 2x2x2 array with bounds `[0:1][-1:0][5:6]` cycling through the values and NULL.
fn array_literals(g: &captured_vectors_check::Group) -> Vec<String> {
    let cast = cast_of(g.vectors[0].sql);
    let mut constructor: Vec<&str> = g.vectors.iter().map(|v| v.sql).collect();
    constructor.insert(1.min(constructor.len()), "NULL");
    let mut texts: Vec<String> = g.vectors.iter().map(|v| array_element(v.text)).collect();
    texts.push("NULL".into());
    let e = |i: usize| texts[i % texts.len()].clone();
    let cube = format!(
        "[0:1][-1:0][5:6]={{{{{{{},{}}},{{{},{}}}}},{{{{{},{}}},{{{},{}}}}}}}",
        e(0),
        e(1),
        e(2),
        e(3),
        e(4),
        e(5),
        e(6),
        e(7)
    );
    vec![
        format!("'{{}}'::{cast}[]"),
        format!("ARRAY[{}]::{cast}[]", constructor.join(", ")),
        format!("'{}'::{cast}[]", cube.replace('\'', "''")),
    ]
}

#[tokio::test]
async fn types_every_captured_value_round_trips_through_both_servers() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        client.batch_execute(CREATE_TYPES).await.unwrap();
        let mut failures = Vec::new();
        let mut checked = 0;
        for g in GROUPS.iter().chain(ARRAYS).chain(CUSTOM) {
            // RowDescription reports a domain's base type (the parameter keeps the domain).
            let ty = (g.ty)().base().clone();
            let builtin = Type::from_oid(ty.oid()).is_some();
            for v in g.vectors {
                let want = Want {
                    type_name: ty.name().to_owned(),
                    oid: builtin.then(|| ty.oid()),
                    captured: builtin.then(|| (v.bytes(), v.text)),
                };
                if let Err(e) = check_live(&client, v.sql, cast_of(v.sql), g.check, &want).await {
                    failures.push(format!("{}: {} {}: {e}", server.name, g.name, v.sql));
                }
                checked += 1;
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(checked > 230, "{checked}");
    }
}

#[tokio::test]
async fn types_arrays_of_every_type_round_trip_with_nulls_and_lower_bounds() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        client.batch_execute(CREATE_TYPES).await.unwrap();
        let mut failures = Vec::new();
        let mut checked = 0;
        // Groups of arrays are left out: their captured values already have NULLs and three
        // dimensions, and an array of arrays is only an array with more dimensions.
        for g in GROUPS.iter().chain(CUSTOM) {
            let element = (g.ty)();
            if matches!(element.kind(), Kind::Array(_)) {
                continue;
            }
            let cast = format!("{}[]", cast_of(g.vectors[0].sql));
            let want = Want {
                type_name: format!("_{}", element.name()),
                oid: None,
                captured: None,
            };
            for sql in array_literals(g) {
                if let Err(e) = check_live(&client, &sql, &cast, g.array, &want).await {
                    failures.push(format!("{}: {} {sql}: {e}", server.name, g.name));
                }
                checked += 1;
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        assert!(checked > 130, "{checked}");
    }
}

#[tokio::test]
async fn types_anonymous_records_decode_field_by_field() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        for v in captured_vectors::RECORD {
            let row = client
                .query_one(&format!("SELECT {}", v.sql), &[])
                .await
                .unwrap();
            assert_eq!(row.raw_value(0).unwrap().unwrap(), v.bytes(), "{}", v.sql);
            let record: Composite<'_> = row.get(0);
            assert_eq!(record.type_(), &Type::RECORD);
            match record.len() {
                0 => assert_eq!(v.sql, "ROW()::record"),
                2 if record.field_type(0) == Some(&Type::INT4) => {
                    assert_eq!(record.get::<i32>(0).unwrap(), 1);
                    assert_eq!(record.get::<&str>(1).unwrap(), "x");
                }
                2 => {
                    let inner: Composite<'_> = record.get(0).unwrap();
                    assert_eq!(inner.get::<i32>(1).unwrap(), 2);
                    assert_eq!(record.get::<Vec<i32>>(1).unwrap(), [1, 2]);
                }
                3 => {
                    assert_eq!(record.get::<Option<i32>>(0).unwrap(), None);
                    assert!(record.get::<i32>(0).is_err(), "NULL into i32");
                    assert_eq!(record.get::<String>(1).unwrap(), "");
                    assert_eq!(record.get::<Numeric>(2).unwrap().to_string(), "1.5");
                }
                n => panic!("{}: {n} fields", v.sql),
            }
        }
    }
}

/// Checks a Rust type from a conversion crate against a vector group: the values it can hold
/// round-trip through the server exactly (bytes and text), the others are conversion errors.
/// Returns the SQL of the refused values.
#[cfg(any(feature = "chrono", feature = "time", feature = "rust_decimal"))]
async fn conversion_live<T>(
    client: &Client,
    vectors: &[captured_vectors::Vector],
) -> Vec<&'static str>
where
    T: for<'a> FromSql<'a> + ToSql + PartialEq + std::fmt::Debug + 'static,
{
    let mut refused = Vec::new();
    for v in vectors {
        let row = client
            .query_one(&format!("SELECT {}", v.sql), &[])
            .await
            .unwrap();
        let value = match row.try_get::<_, T>(0) {
            Ok(value) => value,
            Err(e) => {
                assert_eq!(e.kind(), pgline::ErrorKind::Conversion, "{}: {e}", v.sql);
                refused.push(v.sql);
                continue;
            }
        };
        let cast = cast_of(v.sql);
        let back = client
            .query_one(
                &format!("SELECT $1::{cast}, format('%s', $1::{cast})"),
                &[&value],
            )
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", v.sql));
        assert_eq!(back.raw_value(0).unwrap().unwrap(), v.bytes(), "{}", v.sql);
        assert_eq!(back.get::<_, &str>(1), v.text, "{}", v.sql);
        assert_eq!(back.get::<_, T>(0), value, "{}", v.sql);
    }
    refused
}

#[cfg(any(feature = "chrono", feature = "time"))]
const INFINITIES: [&str; 2] = ["'infinity'::timestamp", "'-infinity'::timestamp"];

#[cfg(feature = "chrono")]
#[tokio::test]
async fn types_chrono_values_round_trip_and_refuse_what_chrono_cannot_hold() {
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let refused = conversion_live::<NaiveDateTime>(&client, captured_vectors::TIMESTAMP).await;
        assert_eq!(
            refused,
            [
                "'294276-12-31 23:59:59.999999'::timestamp",
                INFINITIES[0],
                INFINITIES[1]
            ]
        );
        let refused =
            conversion_live::<DateTime<Utc>>(&client, captured_vectors::TIMESTAMPTZ).await;
        assert_eq!(refused.len(), 3, "{refused:?}");
        let refused =
            conversion_live::<DateTime<FixedOffset>>(&client, captured_vectors::TIMESTAMPTZ).await;
        assert_eq!(refused.len(), 3, "{refused:?}");
        let refused = conversion_live::<NaiveDate>(&client, captured_vectors::DATE).await;
        assert_eq!(
            refused,
            [
                "'5874897-12-31'::date",
                "'infinity'::date",
                "'-infinity'::date"
            ]
        );
        let refused = conversion_live::<NaiveTime>(&client, captured_vectors::TIME).await;
        assert_eq!(refused, ["'24:00:00'::time"]);
        // ±infinity through MaybeInfinite.
        let refused =
            conversion_live::<MaybeInfinite<NaiveDateTime>>(&client, captured_vectors::TIMESTAMP)
                .await;
        assert_eq!(refused, ["'294276-12-31 23:59:59.999999'::timestamp"]);
        let row = client
            .query_one("SELECT 'infinity'::timestamptz", &[])
            .await
            .unwrap();
        assert_eq!(
            row.get::<_, MaybeInfinite<DateTime<Utc>>>(0),
            MaybeInfinite::Infinity
        );
    }
}

#[cfg(feature = "time")]
#[tokio::test]
async fn types_time_crate_values_round_trip_and_refuse_what_it_cannot_hold() {
    use time::{OffsetDateTime, PrimitiveDateTime};
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let refused =
            conversion_live::<PrimitiveDateTime>(&client, captured_vectors::TIMESTAMP).await;
        assert_eq!(
            refused,
            [
                "'294276-12-31 23:59:59.999999'::timestamp",
                INFINITIES[0],
                INFINITIES[1]
            ]
        );
        let refused =
            conversion_live::<OffsetDateTime>(&client, captured_vectors::TIMESTAMPTZ).await;
        assert_eq!(refused.len(), 3, "{refused:?}");
        let refused = conversion_live::<time::Date>(&client, captured_vectors::DATE).await;
        assert_eq!(
            refused,
            [
                "'10000-01-01'::date",
                "'5874897-12-31'::date",
                "'infinity'::date",
                "'-infinity'::date"
            ]
        );
        let refused = conversion_live::<time::Time>(&client, captured_vectors::TIME).await;
        assert_eq!(refused, ["'24:00:00'::time"]);
    }
}

#[cfg(all(feature = "rust_decimal", feature = "bigdecimal"))]
#[tokio::test]
async fn types_rust_decimal_and_bigdecimal_round_trip_exactly_or_refuse() {
    use bigdecimal::BigDecimal;
    use rust_decimal::Decimal;
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let refused = conversion_live::<Decimal>(&client, captured_vectors::NUMERIC).await;
        for sql in &refused {
            // Only what Decimal cannot hold: NaN, infinities, more than 28 places or 96 bits.
            let n: Numeric = client
                .query_one(&format!("SELECT {sql}"), &[])
                .await
                .unwrap()
                .get(0);
            let s = n.to_string();
            let places = s.split_once('.').map_or(0, |(_, f)| f.len());
            let digits = s.chars().filter(char::is_ascii_digit).count();
            assert!(
                !n.is_finite() || places > 28 || digits > 28,
                "Decimal refused {sql} = {s}"
            );
        }
        assert!(refused.len() >= 7, "{refused:?}");
        let refused = conversion_live::<BigDecimal>(&client, captured_vectors::NUMERIC).await;
        assert_eq!(
            refused,
            [
                "'NaN'::numeric",
                "'Infinity'::numeric",
                "'-Infinity'::numeric"
            ]
        );
    }
}

#[tokio::test]
async fn types_citext_is_text_without_registration() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        client
            .batch_execute("CREATE EXTENSION IF NOT EXISTS citext")
            .await
            .unwrap();
        let row = client
            .query_one("SELECT $1::citext = 'HeLLo', $1::citext", &[&"hello"])
            .await
            .unwrap();
        assert!(row.get::<_, bool>(0));
        assert_eq!(row.columns()[1].type_().name(), "citext");
        assert_eq!(row.get::<_, &str>(1), "hello");
        let row = client
            .query_one("SELECT ARRAY['a', NULL]::citext[]", &[])
            .await
            .unwrap();
        assert_eq!(
            row.get::<_, Vec<Option<String>>>(0),
            [Some("a".into()), None]
        );
    }
}

#[tokio::test]
async fn types_str_and_bytes_borrow_from_the_row() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let row = client
            .query_one(
                "SELECT 'hello'::text, '\\xdeadbeef'::bytea, '{\"a\": 1}'::jsonb, \
                 ARRAY['x', 'yz']::text[], ROW(1, 'inner'::text)",
                &[],
            )
            .await
            .unwrap();
        let within = |i: usize, p: *const u8, len: usize| {
            let raw = row.raw_value(i).unwrap().unwrap();
            let range = raw.as_ptr_range();
            assert!(range.contains(&p), "column {i} was copied");
            assert!(p as usize + len <= range.end as usize, "column {i}");
        };
        let s: &str = row.get(0);
        assert_eq!(s, "hello");
        assert_eq!(s.as_ptr(), row.raw_value(0).unwrap().unwrap().as_ptr());
        let b: &[u8] = row.get(1);
        assert_eq!(b, [0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(b.as_ptr(), row.raw_value(1).unwrap().unwrap().as_ptr());
        // jsonb's text borrowed past its version byte.
        let j: &str = row.get(2);
        assert_eq!(j, "{\"a\": 1}");
        within(2, j.as_ptr(), j.len());
        let elements: Vec<&str> = row.get(3);
        assert_eq!(elements, ["x", "yz"]);
        for e in &elements {
            within(3, e.as_ptr(), e.len());
        }
        let record: Composite<'_> = row.get(4);
        let inner: &str = record.get(1).unwrap();
        assert_eq!(inner, "inner");
        within(4, inner.as_ptr(), inner.len());
        // The same value read twice borrows the same bytes.
        assert_eq!(row.get::<_, &str>(0).as_ptr(), s.as_ptr());
    }
}
