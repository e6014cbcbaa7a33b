//! COPY and Arrow end to end against a real server, pgline and tokio-postgres in the same run:
//!
//! - `load_1m_rows_8_cols`: 1,000,000 rows × 8 columns (int4, int8, float8, text, bool,
//!   timestamptz, float8, date) into an unlogged table, truncated before each iteration.
//!   pgline's `load_from_arrow` from 10 batches of 100,000 rows; tokio-postgres's
//!   `BinaryCopyInWriter` fed the same rows one by one; psql's
//!   `\copy ... FROM file (FORMAT binary)` of the same rows already encoded (the server's limit).
//! - `row_writer_10k_rows_4_cols`: pgline's `copy_in_rows` (column types from the catalog) and
//!   `BinaryRowWriter` with the types given, against `BinaryCopyInWriter` (types given).
//! - `select_1m_rows_to_arrow`: pgline's `select_to_arrow` (extended protocol, binary rows) and
//!   `copy_to_arrow` (binary COPY) against tokio-postgres's `query` plus building the same Arrow
//!   arrays by hand.
//!
//! `COPY_LOAD_CPU=runs` runs each workload outside criterion and prints the wall time and the
//! CPU time of this process and of the server per run (`support/cpu_split.rs`): which side
//! limits the wall time.
//!
//! Needs the servers of `scripts/test` (it reads `PGLINE_PG15_*`); run with
//! `scripts/bench copy_load`.

#[path = "support/cpu_split.rs"]
mod cpu;

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

/// One row's values: int4, int8, float8, text, bool, timestamptz (Unix µs), float8, date
/// (Unix days).
type Row8 = (i32, i64, f64, Option<String>, bool, i64, f64, i32);

/// Row `i`'s values, the same for every contender.
fn row(i: usize) -> Row8 {
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

/// Everything the workloads share: connections, the data in each contender's shape, psql.
struct Fixture {
    pg: pgline::Client,
    tp: tokio_postgres::Client,
    batches: Vec<RecordBatch>,
    rows: Vec<Row8>,
    small: Vec<(i32, i64, String, f64)>,
    psql: String,
    file: std::path::PathBuf,
    env: Vec<(String, String)>,
}

const SELECT: &str = "SELECT a, b, c, d, e, f, g, h FROM pgline_bench_load";

impl Fixture {
    fn new(rt: &Runtime) -> Fixture {
        let (url, kv, env) = server();
        let (pg, tp) = rt.block_on(async {
            let pg = pgline::connect(&url).await.unwrap();
            pg.batch_execute(SETUP_SQL).await.unwrap();
            (pg, tokio_connect(&kv).await)
        });
        let batches: Vec<RecordBatch> = (0..ROWS).step_by(BATCH).map(|s| batch(s, BATCH)).collect();
        let rows = (0..ROWS).map(row).collect();
        let small = (0..SMALL)
            .map(|i| (i as i32, i as i64, format!("row {i}"), i as f64))
            .collect();
        // The same rows encoded once, for psql.
        let file = std::env::temp_dir().join(format!("pgline-bench-{}.pgcopy", std::process::id()));
        let fixture = Fixture {
            pg,
            tp,
            batches,
            rows,
            small,
            psql: std::env::var("PGLINE_PSQL").unwrap_or_else(|_| "psql".to_owned()),
            file,
            env,
        };
        rt.block_on(async {
            fixture.fill_load_table().await;
            let mut out = fixture
                .pg
                .copy_out("COPY pgline_bench_load TO STDOUT (FORMAT binary)")
                .await
                .unwrap();
            let mut bytes = Vec::new();
            while let Some(chunk) = out.next().await {
                bytes.extend_from_slice(&chunk.unwrap());
            }
            std::fs::write(&fixture.file, bytes).unwrap();
        });
        fixture
    }

    async fn fill_load_table(&self) {
        self.pg
            .load_from_arrow(
                "pgline_bench_load",
                pgline::batch_stream(self.batches.clone()),
                true,
            )
            .await
            .unwrap();
    }

    async fn truncate(&self, table: &str) {
        self.pg
            .batch_execute(&format!("TRUNCATE {table}"))
            .await
            .unwrap();
    }

    async fn load_pgline(&self) {
        let n = self
            .pg
            .load_from_arrow(
                "pgline_bench_load",
                pgline::batch_stream(self.batches.clone()),
                false,
            )
            .await
            .unwrap();
        assert_eq!(n, ROWS as u64);
    }

    async fn load_tokio_postgres(&self) {
        let sink = self
            .tp
            .copy_in("COPY pgline_bench_load FROM STDIN (FORMAT binary)")
            .await
            .unwrap();
        let writer = BinaryCopyInWriter::new(sink, &TYPES);
        pin_mut!(writer);
        for r in &self.rows {
            let ts = chrono::DateTime::from_timestamp_micros(r.5).unwrap();
            let day = chrono::NaiveDate::from_num_days_from_ce_opt(r.7 + 719_163).unwrap();
            let values: [&(dyn ToSql + Sync); 8] = [&r.0, &r.1, &r.2, &r.3, &r.4, &ts, &r.6, &day];
            writer.as_mut().write(&values).await.unwrap();
        }
        assert_eq!(writer.finish().await.unwrap(), ROWS as u64);
    }

    /// psql with `\copy` on the command line: `TO` a file or `FROM` one.
    fn psql(&self, copy: &str) {
        let status = std::process::Command::new(&self.psql)
            .args(["-X", "-q", "-c", copy])
            .envs(self.env.iter().cloned())
            .status()
            .unwrap();
        assert!(status.success());
    }

    async fn load_psql(&self) {
        self.psql(&format!(
            "\\copy pgline_bench_load FROM '{}' (FORMAT binary)",
            self.file.display()
        ));
    }

    async fn small_copy_in_rows(&self) {
        let w = self
            .pg
            .copy_in_rows("pgline_bench_small", &["a", "b", "c", "d"])
            .await
            .unwrap();
        self.write_small(w).await;
    }

    async fn write_small(&self, mut w: pgline::BinaryRowWriter) {
        for r in &self.small {
            w.write(&[&r.0, &r.1, &r.2, &r.3]).await.unwrap();
        }
        assert_eq!(w.finish().await.unwrap(), SMALL as u64);
    }

    /// With the types given, as BinaryCopyInWriter takes them: no catalog query.
    async fn small_row_writer_types_given(&self) {
        let sink = self
            .pg
            .copy_in("COPY pgline_bench_small (a, b, c, d) FROM STDIN (FORMAT binary)")
            .await
            .unwrap();
        let types = vec![
            pgline::types::Type::INT4,
            pgline::types::Type::INT8,
            pgline::types::Type::TEXT,
            pgline::types::Type::FLOAT8,
        ];
        self.write_small(pgline::BinaryRowWriter::new(sink, types).unwrap())
            .await;
    }

    async fn small_tokio_postgres(&self) {
        let sink = self
            .tp
            .copy_in("COPY pgline_bench_small (a, b, c, d) FROM STDIN (FORMAT binary)")
            .await
            .unwrap();
        let types = [Type::INT4, Type::INT8, Type::TEXT, Type::FLOAT8];
        let writer = BinaryCopyInWriter::new(sink, &types);
        pin_mut!(writer);
        for r in &self.small {
            writer
                .as_mut()
                .write(&[&r.0, &r.1, &r.2, &r.3])
                .await
                .unwrap();
        }
        assert_eq!(writer.finish().await.unwrap(), SMALL as u64);
    }

    async fn select_pgline(&self) {
        let batches: Vec<RecordBatch> = self
            .pg
            .select_to_arrow(SELECT, &[], BATCH)
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), ROWS);
    }

    /// The same rows by binary COPY: `COPY (...) TO STDOUT (FORMAT binary)`, same decoders.
    async fn select_pgline_copy(&self) {
        let batches: Vec<RecordBatch> = self
            .pg
            .copy_to_arrow(SELECT, BATCH)
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), ROWS);
    }

    async fn select_tokio_postgres(&self) {
        let rows = self.tp.query(SELECT, &[]).await.unwrap();
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
    }

    /// The server's own cost of the select as binary COPY, with psql writing to /dev/null.
    async fn select_psql_to_null(&self) {
        self.psql(&format!("\\copy ({SELECT}) TO '/dev/null' (FORMAT binary)"));
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.file);
    }
}

/// Times `iters` runs of `work`, each after `TRUNCATE` (not timed).
macro_rules! loads {
    ($rt:expr, $fx:expr, $table:expr, $work:ident) => {
        |b: &mut criterion::Bencher| {
            b.to_async(&$rt).iter_custom(|iters| {
                let fx = &$fx;
                async move {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        fx.truncate($table).await;
                        let start = Instant::now();
                        fx.$work().await;
                        total += start.elapsed();
                    }
                    total
                }
            })
        }
    };
}

fn load(c: &mut Criterion) {
    let rt = runtime();
    let fx = Fixture::new(&rt);
    if let Ok(runs) = std::env::var("COPY_LOAD_CPU") {
        cpu_split(&rt, &fx, runs.parse().expect("COPY_LOAD_CPU=runs"));
        return;
    }

    let mut g = c.benchmark_group("load_1m_rows_8_cols");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function(
        "pgline_load_from_arrow",
        loads!(rt, fx, "pgline_bench_load", load_pgline),
    );
    g.bench_function(
        "tokio_postgres_binary_copy_in_writer",
        loads!(rt, fx, "pgline_bench_load", load_tokio_postgres),
    );
    g.bench_function(
        "psql_copy_binary_file",
        loads!(rt, fx, "pgline_bench_load", load_psql),
    );
    g.finish();

    let mut g = c.benchmark_group("row_writer_10k_rows_4_cols");
    g.throughput(Throughput::Elements(SMALL as u64));
    g.bench_function(
        "pgline_copy_in_rows",
        loads!(rt, fx, "pgline_bench_small", small_copy_in_rows),
    );
    g.bench_function(
        "pgline_binary_row_writer_types_given",
        loads!(rt, fx, "pgline_bench_small", small_row_writer_types_given),
    );
    g.bench_function(
        "tokio_postgres_binary_copy_in_writer",
        loads!(rt, fx, "pgline_bench_small", small_tokio_postgres),
    );
    g.finish();

    let mut g = c.benchmark_group("select_1m_rows_to_arrow");
    g.sample_size(10);
    g.throughput(Throughput::Elements(ROWS as u64));
    rt.block_on(fx.fill_load_table());
    g.bench_function("pgline_select_to_arrow", |b| {
        b.to_async(&rt).iter(|| fx.select_pgline())
    });
    g.bench_function("pgline_copy_to_arrow", |b| {
        b.to_async(&rt).iter(|| fx.select_pgline_copy())
    });
    g.bench_function("tokio_postgres_query_and_builders", |b| {
        b.to_async(&rt).iter(|| fx.select_tokio_postgres())
    });
    g.finish();
}

/// `COPY_LOAD_CPU=runs`: instead of criterion, each workload `runs` times (the row writers
/// 20 times that, in one block), printing wall time and the CPU time of the client and of the
/// server per run. With client and server on the same two cores, this shows which side
/// limits the wall time.
fn cpu_split(rt: &Runtime, fx: &Fixture, runs: u32) {
    let server = cpu::Server::new(
        &std::env::var("PGLINE_PG15_DATA_DIR")
            .expect("PGLINE_PG15_DATA_DIR (scripts/bench sets it)"),
    );
    macro_rules! each_after_truncate {
        ($name:expr, $table:expr, $work:ident) => {{
            let mut total = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
            for _ in 0..runs {
                rt.block_on(fx.truncate($table));
                let before = server.sample();
                rt.block_on(fx.$work());
                let s = server.since(before, 1);
                total = (total.0 + s.wall, total.1 + s.client, total.2 + s.server);
            }
            let split = cpu::Split {
                wall: total.0 / runs,
                client: total.1 / runs,
                server: total.2 / runs,
            };
            println!("{:<48} {split}", $name);
        }};
    }
    macro_rules! block {
        ($name:expr, $table:expr, $work:ident, $n:expr) => {{
            if !$table.is_empty() {
                rt.block_on(fx.truncate($table));
            }
            let before = server.sample();
            for _ in 0..$n {
                rt.block_on(fx.$work());
            }
            println!("{:<48} {}", $name, server.since(before, $n));
        }};
    }
    println!(
        "per run ({runs} runs; row writers: {} runs in one block):",
        runs * 20
    );
    each_after_truncate!(
        "load/pgline_load_from_arrow",
        "pgline_bench_load",
        load_pgline
    );
    each_after_truncate!(
        "load/tokio_postgres_binary_copy_in_writer",
        "pgline_bench_load",
        load_tokio_postgres
    );
    each_after_truncate!("load/psql_copy_binary_file", "pgline_bench_load", load_psql);
    block!(
        "row_writer/pgline_copy_in_rows",
        "pgline_bench_small",
        small_copy_in_rows,
        runs * 20
    );
    block!(
        "row_writer/pgline_binary_row_writer_types_given",
        "pgline_bench_small",
        small_row_writer_types_given,
        runs * 20
    );
    block!(
        "row_writer/tokio_postgres_binary_copy_in_writer",
        "pgline_bench_small",
        small_tokio_postgres,
        runs * 20
    );
    rt.block_on(fx.fill_load_table());
    block!("select/pgline_select_to_arrow", "", select_pgline, runs);
    block!("select/pgline_copy_to_arrow", "", select_pgline_copy, runs);
    block!(
        "select/tokio_postgres_query_and_builders",
        "",
        select_tokio_postgres,
        runs
    );
    block!(
        "select/psql_copy_to_dev_null",
        "",
        select_psql_to_null,
        runs
    );
}

criterion_group!(benches, load);
criterion_main!(benches);
