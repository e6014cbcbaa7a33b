//! COPY and Arrow end to end against a real server, pgline and tokio-postgres in the same run:
//!
//! - `load_1m_rows_8_cols`: 1,000,000 rows × 8 columns (int4, int8, float8, text, bool,
//!   timestamptz, float8, date) into an unlogged table, truncated before each iteration.
//!   pgline's `load_from_arrow` from 10 batches of 100,000 rows; tokio-postgres's
//!   `BinaryCopyInWriter` fed the same rows one by one; psql's
//!   `\copy ... FROM file (FORMAT binary)` of the same rows already encoded (the server's limit).
//! - `row_writer_10k_rows_4_cols`: pgline's `copy_in_rows` (column types from the catalog) and
//!   `BinaryRowWriter` with the types given, against `BinaryCopyInWriter` (types given).
//! - `select_1m_rows_to_arrow`: pgline's `select_to_arrow` against tokio-postgres's `query`
//!   plus building the same Arrow arrays by hand.
//!
//! Needs the servers of `scripts/test` (it reads `PGLINE_PG15_*`); run with
//! `scripts/bench copy_load`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use chrono::Datelike;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::{StreamExt, TryStreamExt, pin_mut};
use tokio::runtime::Runtime;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};

const ROWS: usize = 1_000_000;
const BATCH: usize = 100_000;
const SMALL: usize = 10_000;
const SETUP_SQL: &str = "
    DROP TABLE IF EXISTS pgline_bench_load, pgline_bench_small;
    CREATE UNLOGGED TABLE pgline_bench_load (a int4, b int8, c float8, d text, e bool,
        f timestamptz, g float8, h date);
    CREATE UNLOGGED TABLE pgline_bench_small (a int4, b int8, c text, d float8);";
const TYPES: [Type; 8] = [
    Type::INT4,
    Type::INT8,
    Type::FLOAT8,
    Type::TEXT,
    Type::BOOL,
    Type::TIMESTAMPTZ,
    Type::FLOAT8,
    Type::DATE,
];
/// 2000-01-01 in Unix microseconds and days.
const Y2K_MICROS: i64 = 946_684_800_000_000;
const Y2K_DAYS: i32 = 10_957;

fn server() -> (String, String, Vec<(String, String)>) {
    let get = |k: &str| {
        std::env::var(k).unwrap_or_else(|_| {
            panic!("{k} is not set: run the benches with scripts/bench, which starts the servers")
        })
    };
    let (host, port, db) = (
        get("PGLINE_PG15_HOST"),
        get("PGLINE_PG15_PORT"),
        get("PGLINE_TEST_DB"),
    );
    let env = vec![
        ("PGHOST".into(), host.clone()),
        ("PGPORT".into(), port.clone()),
        ("PGDATABASE".into(), db.clone()),
        ("PGUSER".into(), "pgline_trust".into()),
    ];
    (
        format!("postgres://pgline_trust@{host}:{port}/{db}?sslmode=disable"),
        format!("host={host} port={port} user=pgline_trust dbname={db} sslmode=disable"),
        env,
    )
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Row `i`'s values, the same for every contender.
fn row(i: usize) -> (i32, i64, f64, Option<String>, bool, i64, f64, i32) {
    (
        i as i32,
        i as i64 * 7,
        i as f64 / 3.0,
        (i % 20 != 0).then(|| format!("name-{i:x}")),
        i % 2 == 0,
        Y2K_MICROS + i as i64 * 1_000_003,
        i as f64 * 0.5,
        Y2K_DAYS + (i % 11_000) as i32,
    )
}

fn batch(start: usize, n: usize) -> RecordBatch {
    let mut a = Int32Builder::with_capacity(n);
    let mut b = Int64Builder::with_capacity(n);
    let mut c = Float64Builder::with_capacity(n);
    let mut d = StringBuilder::new();
    let mut e = BooleanBuilder::with_capacity(n);
    let mut f = TimestampMicrosecondBuilder::with_capacity(n).with_timezone("UTC");
    let mut g = Float64Builder::with_capacity(n);
    let mut h = Date32Builder::with_capacity(n);
    for i in start..start + n {
        let r = row(i);
        a.append_value(r.0);
        b.append_value(r.1);
        c.append_value(r.2);
        d.append_option(r.3);
        e.append_value(r.4);
        f.append_value(r.5);
        g.append_value(r.6);
        h.append_value(r.7);
    }
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("a", Arc::new(a.finish())),
        ("b", Arc::new(b.finish())),
        ("c", Arc::new(c.finish())),
        ("d", Arc::new(d.finish())),
        ("e", Arc::new(e.finish())),
        ("f", Arc::new(f.finish())),
        ("g", Arc::new(g.finish())),
        ("h", Arc::new(h.finish())),
    ];
    RecordBatch::try_from_iter(columns).unwrap()
}

async fn tokio_connect(kv: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(kv, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

/// Times `iters` runs of `f`, each after `TRUNCATE` (not timed).
async fn timed_loads<F, Fut>(pg: &pgline::Client, table: &str, iters: u64, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        pg.batch_execute(&format!("TRUNCATE {table}"))
            .await
            .unwrap();
        let start = Instant::now();
        f().await;
        total += start.elapsed();
    }
    total
}

fn load(c: &mut Criterion) {
    let rt = runtime();
    let (url, kv, env) = server();
    let (pg, tp) = rt.block_on(async {
        let pg = pgline::connect(&url).await.unwrap();
        pg.batch_execute(SETUP_SQL).await.unwrap();
        (pg, tokio_connect(&kv).await)
    });
    let batches: Vec<RecordBatch> = (0..ROWS).step_by(BATCH).map(|s| batch(s, BATCH)).collect();
    let rows: Vec<_> = (0..ROWS).map(row).collect();
    // The same rows encoded once, for psql.
    let file = std::env::temp_dir().join(format!("pgline-bench-{}.pgcopy", std::process::id()));
    rt.block_on(async {
        pg.load_from_arrow(
            "pgline_bench_load",
            pgline::batch_stream(batches.clone()),
            true,
        )
        .await
        .unwrap();
        let mut out = pg
            .copy_out("COPY pgline_bench_load TO STDOUT (FORMAT binary)")
            .await
            .unwrap();
        let mut bytes = Vec::new();
        while let Some(chunk) = out.next().await {
            bytes.extend_from_slice(&chunk.unwrap());
        }
        std::fs::write(&file, bytes).unwrap();
    });
    let psql = std::env::var("PGLINE_PSQL").unwrap_or_else(|_| "psql".to_owned());
    let copy_cmd = format!(
        "\\copy pgline_bench_load FROM '{}' (FORMAT binary)",
        file.display()
    );

    let mut g = c.benchmark_group("load_1m_rows_8_cols");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("pgline_load_from_arrow", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (pg, batches) = (&pg, &batches);
            async move {
                timed_loads(pg, "pgline_bench_load", iters, || async {
                    let n = pg
                        .load_from_arrow(
                            "pgline_bench_load",
                            pgline::batch_stream(batches.clone()),
                            false,
                        )
                        .await
                        .unwrap();
                    assert_eq!(n, ROWS as u64);
                })
                .await
            }
        })
    });
    g.bench_function("tokio_postgres_binary_copy_in_writer", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (pg, tp, rows) = (&pg, &tp, &rows);
            async move {
                timed_loads(pg, "pgline_bench_load", iters, || async {
                    let sink = tp
                        .copy_in("COPY pgline_bench_load FROM STDIN (FORMAT binary)")
                        .await
                        .unwrap();
                    let writer = BinaryCopyInWriter::new(sink, &TYPES);
                    pin_mut!(writer);
                    for r in rows {
                        let ts = chrono::DateTime::from_timestamp_micros(r.5).unwrap();
                        let day =
                            chrono::NaiveDate::from_num_days_from_ce_opt(r.7 + 719_163).unwrap();
                        let values: [&(dyn ToSql + Sync); 8] =
                            [&r.0, &r.1, &r.2, &r.3, &r.4, &ts, &r.6, &day];
                        writer.as_mut().write(&values).await.unwrap();
                    }
                    assert_eq!(writer.finish().await.unwrap(), ROWS as u64);
                })
                .await
            }
        })
    });
    g.bench_function("psql_copy_binary_file", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (pg, psql, copy_cmd, env) = (&pg, &psql, &copy_cmd, &env);
            async move {
                timed_loads(pg, "pgline_bench_load", iters, || async {
                    let status = std::process::Command::new(psql)
                        .args(["-X", "-q", "-c", copy_cmd])
                        .envs(env.iter().cloned())
                        .status()
                        .unwrap();
                    assert!(status.success());
                })
                .await
            }
        })
    });
    g.finish();
    let _ = std::fs::remove_file(&file);

    let mut g = c.benchmark_group("row_writer_10k_rows_4_cols");
    g.throughput(Throughput::Elements(SMALL as u64));
    let small: Vec<(i32, i64, String, f64)> = (0..SMALL)
        .map(|i| (i as i32, i as i64, format!("row {i}"), i as f64))
        .collect();
    g.bench_function("pgline_copy_in_rows", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (pg, small) = (&pg, &small);
            async move {
                timed_loads(pg, "pgline_bench_small", iters, || async {
                    let mut w = pg
                        .copy_in_rows("pgline_bench_small", &["a", "b", "c", "d"])
                        .await
                        .unwrap();
                    for r in small {
                        w.write(&[&r.0, &r.1, &r.2, &r.3]).await.unwrap();
                    }
                    assert_eq!(w.finish().await.unwrap(), SMALL as u64);
                })
                .await
            }
        })
    });
    // The same with the types given, as BinaryCopyInWriter takes them: no catalog query.
    g.bench_function("pgline_binary_row_writer_types_given", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (pg, small) = (&pg, &small);
            async move {
                timed_loads(pg, "pgline_bench_small", iters, || async {
                    let sink = pg
                        .copy_in("COPY pgline_bench_small (a, b, c, d) FROM STDIN (FORMAT binary)")
                        .await
                        .unwrap();
                    let types = vec![
                        pgline::types::Type::INT4,
                        pgline::types::Type::INT8,
                        pgline::types::Type::TEXT,
                        pgline::types::Type::FLOAT8,
                    ];
                    let mut w = pgline::BinaryRowWriter::new(sink, types).unwrap();
                    for r in small {
                        w.write(&[&r.0, &r.1, &r.2, &r.3]).await.unwrap();
                    }
                    assert_eq!(w.finish().await.unwrap(), SMALL as u64);
                })
                .await
            }
        })
    });
    g.bench_function("tokio_postgres_binary_copy_in_writer", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let (pg, tp, small) = (&pg, &tp, &small);
            async move {
                timed_loads(pg, "pgline_bench_small", iters, || async {
                    let sink = tp
                        .copy_in("COPY pgline_bench_small (a, b, c, d) FROM STDIN (FORMAT binary)")
                        .await
                        .unwrap();
                    let types = [Type::INT4, Type::INT8, Type::TEXT, Type::FLOAT8];
                    let writer = BinaryCopyInWriter::new(sink, &types);
                    pin_mut!(writer);
                    for r in small {
                        writer
                            .as_mut()
                            .write(&[&r.0, &r.1, &r.2, &r.3])
                            .await
                            .unwrap();
                    }
                    assert_eq!(writer.finish().await.unwrap(), SMALL as u64);
                })
                .await
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("select_1m_rows_to_arrow");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS as u64));
    rt.block_on(async {
        pg.load_from_arrow(
            "pgline_bench_load",
            pgline::batch_stream(batches.clone()),
            true,
        )
        .await
        .unwrap();
    });
    const SELECT: &str = "SELECT a, b, c, d, e, f, g, h FROM pgline_bench_load";
    g.bench_function("pgline_select_to_arrow", |b| {
        b.to_async(&rt).iter(|| async {
            let batches: Vec<RecordBatch> = pg
                .select_to_arrow(SELECT, &[], BATCH)
                .await
                .unwrap()
                .try_collect()
                .await
                .unwrap();
            assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), ROWS);
        })
    });
    g.bench_function("tokio_postgres_query_and_builders", |b| {
        b.to_async(&rt).iter(|| async {
            let rows = tp.query(SELECT, &[]).await.unwrap();
            let mut out = Vec::new();
            for chunk in rows.chunks(BATCH) {
                let n = chunk.len();
                let mut a = Int32Builder::with_capacity(n);
                let mut b = Int64Builder::with_capacity(n);
                let mut c = Float64Builder::with_capacity(n);
                let mut d = StringBuilder::new();
                let mut e = BooleanBuilder::with_capacity(n);
                let mut f = TimestampMicrosecondBuilder::with_capacity(n).with_timezone("UTC");
                let mut g = Float64Builder::with_capacity(n);
                let mut h = Date32Builder::with_capacity(n);
                for r in chunk {
                    a.append_option(r.get::<_, Option<i32>>(0));
                    b.append_option(r.get::<_, Option<i64>>(1));
                    c.append_option(r.get::<_, Option<f64>>(2));
                    d.append_option(r.get::<_, Option<&str>>(3));
                    e.append_option(r.get::<_, Option<bool>>(4));
                    f.append_option(
                        r.get::<_, Option<chrono::DateTime<chrono::Utc>>>(5)
                            .map(|t| t.timestamp_micros()),
                    );
                    g.append_option(r.get::<_, Option<f64>>(6));
                    h.append_option(
                        r.get::<_, Option<chrono::NaiveDate>>(7)
                            .map(|d| d.num_days_from_ce() - 719_163),
                    );
                }
                let columns: Vec<ArrayRef> = vec![
                    Arc::new(a.finish()),
                    Arc::new(b.finish()),
                    Arc::new(c.finish()),
                    Arc::new(d.finish()),
                    Arc::new(e.finish()),
                    Arc::new(f.finish()),
                    Arc::new(g.finish()),
                    Arc::new(h.finish()),
                ];
                out.push(columns);
            }
            assert_eq!(out.iter().map(|c| c[0].len()).sum::<usize>(), ROWS);
        })
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
