//! The decode workload shared by `benches/decode.rs` (wall clock, criterion) and
//! `benches/decode_cpu.rs` (client instructions under callgrind): 100,000 rows of int4, int8,
//! float8, text, timestamptz, numeric, jsonb and bool read from one table, every value decoded
//! into the same Rust types by pgline and by tokio-postgres, on the same server with TLS off.
//!
//! Needs the servers of `scripts/test` (it reads `PGLINE_PG15_*`).

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use rust_decimal::Decimal;
use serde_json::Value;

/// Rows the query returns.
pub const ROWS: usize = 100_000;

/// Made once per server and kept: an unlogged table, so the server only scans and sends.
/// The jsonb values are small objects, as applications store them.
const SETUP: &str = "
    CREATE UNLOGGED TABLE IF NOT EXISTS pgline_bench_decode AS
    SELECT g::int4 AS i4,
           g::int8 * 1000003 AS i8,
           g * 1.25::float8 AS f8,
           'user-' || g || '@example.com' AS t,
           '2024-01-01 00:00:00+00'::timestamptz + g * interval '1.5 second' AS ts,
           (g * 1.01)::numeric(12, 2) AS n,
           jsonb_build_object('id', g, 'kind', 'order', 'tags', jsonb_build_array('a', 'b'),
                              'active', g % 2 = 0) AS j,
           g % 3 = 0 AS b
    FROM generate_series(1, 100000) g";

/// The query both drivers run, prepared once.
pub const QUERY: &str = "SELECT i4, i8, f8, t, ts, n, j, b FROM pgline_bench_decode";

fn env(k: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| {
        panic!("{k} is not set: run the benches with scripts/bench (or scripts/test), which start the servers")
    })
}

/// pgline's URL and tokio-postgres's key/value string for the pg15 server, TLS off on both.
pub fn server() -> (String, String) {
    let (host, port, db) = (
        env("PGLINE_PG15_HOST"),
        env("PGLINE_PG15_PORT"),
        env("PGLINE_TEST_DB"),
    );
    (
        format!("postgres://pgline_trust@{host}:{port}/{db}?sslmode=disable"),
        format!("host={host} port={port} user=pgline_trust dbname={db} sslmode=disable"),
    )
}

/// Folds every decoded value of a row into a number both drivers must agree on.
#[inline]
#[allow(clippy::too_many_arguments)]
fn fold(
    sum: u64,
    i4: i32,
    i8: i64,
    f8: f64,
    t: &str,
    ts: DateTime<Utc>,
    n: Decimal,
    j: &Value,
    b: bool,
) -> u64 {
    let json = j.as_object().map_or(0, |o| o.len() as u64) + j["id"].as_u64().unwrap_or(0);
    sum.wrapping_add(i4 as u64)
        .wrapping_add(i8 as u64)
        .wrapping_add(f8.to_bits())
        .wrapping_add(t.len() as u64)
        .wrapping_add(ts.timestamp_micros() as u64)
        .wrapping_add(n.mantissa() as u64)
        .wrapping_add(json)
        .wrapping_add(u64::from(b))
}

/// Decodes every column of a row (pgline's or tokio-postgres's: the same `get` calls) into
/// the checksum.
macro_rules! decode_row {
    ($sum:expr, $row:expr) => {{
        let row = &$row;
        let j: Value = row.get(6);
        fold(
            $sum,
            row.get(0),
            row.get(1),
            row.get(2),
            row.get(3),
            row.get(4),
            row.get(5),
            &j,
            row.get(7),
        )
    }};
}

/// A pgline connection, the table made, and the statement prepared.
pub async fn pgline_setup() -> (pgline::Client, pgline::Statement) {
    let client = pgline::connect(&server().0).await.expect("pgline connects");
    client.batch_execute(SETUP).await.expect("bench table");
    let stmt = client.prepare(QUERY).await.expect("prepare");
    (client, stmt)
}

/// One run of the query through pgline, every value decoded.
pub async fn pgline_run(client: &pgline::Client, stmt: &pgline::Statement) -> u64 {
    let rows = client.query(stmt, &[]).await.expect("query");
    assert_eq!(rows.len(), ROWS);
    pgline_decode(&rows)
}

/// Every value of rows pgline fetched, decoded.
pub fn pgline_decode(rows: &[pgline::Row]) -> u64 {
    let mut sum = 0u64;
    for row in rows {
        sum = decode_row!(sum, row);
    }
    sum
}

/// One run through pgline's `query_raw`: each row decoded as it arrives.
pub async fn pgline_stream_run(client: &pgline::Client, stmt: &pgline::Statement) -> u64 {
    let params: [&(dyn pgline::types::SqlParam + Sync); 0] = [];
    let mut rows = std::pin::pin!(client.query_raw(stmt, params).await.expect("query"));
    let (mut sum, mut count) = (0u64, 0);
    while let Some(row) = rows.next().await {
        let row = row.expect("row");
        sum = decode_row!(sum, row);
        count += 1;
    }
    assert_eq!(count, ROWS);
    sum
}

/// A tokio-postgres connection (its task spawned on the current runtime), the table made, and
/// the statement prepared.
pub async fn tokio_setup() -> (tokio_postgres::Client, tokio_postgres::Statement) {
    let (client, connection) = tokio_postgres::connect(&server().1, tokio_postgres::NoTls)
        .await
        .expect("tokio-postgres connects");
    tokio::spawn(connection);
    client.batch_execute(SETUP).await.expect("bench table");
    let stmt = client.prepare(QUERY).await.expect("prepare");
    (client, stmt)
}

/// One run of the query through tokio-postgres, every value decoded into the same types.
pub async fn tokio_run(client: &tokio_postgres::Client, stmt: &tokio_postgres::Statement) -> u64 {
    let rows = client.query(stmt, &[]).await.expect("query");
    assert_eq!(rows.len(), ROWS);
    tokio_decode(&rows)
}

/// Every value of rows tokio-postgres fetched, decoded into the same types.
pub fn tokio_decode(rows: &[tokio_postgres::Row]) -> u64 {
    let mut sum = 0u64;
    for row in rows {
        sum = decode_row!(sum, row);
    }
    sum
}

/// One run through tokio-postgres's `query_raw`: each row decoded as it arrives.
pub async fn tokio_stream_run(
    client: &tokio_postgres::Client,
    stmt: &tokio_postgres::Statement,
) -> u64 {
    let params: [&(dyn tokio_postgres::types::ToSql + Sync); 0] = [];
    let mut rows = std::pin::pin!(client.query_raw(stmt, params).await.expect("query"));
    let (mut sum, mut count) = (0u64, 0);
    while let Some(row) = rows.next().await {
        let row = row.expect("row");
        sum = decode_row!(sum, row);
        count += 1;
    }
    assert_eq!(count, ROWS);
    sum
}
