//! Batches and pipelines against a real server, pgline and tokio-postgres in the same run, on
//! equal terms: same server, TLS off on both, one current-thread runtime for both.
//!
//! - `insert_1000_rows`: 1,000 rows into an unlogged table without constraints, truncated
//!   before every iteration (outside the timed part). pgline: one `execute_many`, which is
//!   atomic. tokio-postgres at its best: a transaction, all 1,000 `execute` futures of a
//!   prepared statement joined with `try_join_all`, then COMMIT.
//! - `mixed_1000_statements`: 1,000 statements cycling `SELECT $1::int4`, an INSERT and an
//!   UPDATE by primary key. pgline's pipeline in `SyncMode::Isolated` (each statement commits
//!   on its own, as each tokio-postgres call does) and in `SyncMode::Atomic`; tokio-postgres
//!   with every future in one `FuturesUnordered`; pgline awaiting each call in turn.
//! - `query_int4_statement_cache`: pgline's `query` given SQL text (statement cache warm)
//!   against the same query on a prepared `Statement`.
//!
//! Needs the servers of `scripts/test` (it reads `PGLINE_PG15_*`); run with
//! `scripts/bench batch`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use futures_util::StreamExt;
use futures_util::future::try_join_all;
use futures_util::stream::FuturesUnordered;
use pgline::SyncMode;
use pgline::types::SqlParam;
use tokio::runtime::Runtime;
use tokio_postgres::types::ToSql;

const BATCH: usize = 1000;
const SETUP_SQL: &str = "
    DROP TABLE IF EXISTS pgline_bench_batch, pgline_bench_mixed;
    CREATE UNLOGGED TABLE pgline_bench_batch (id int4, n int4, t text);
    CREATE UNLOGGED TABLE pgline_bench_mixed (id int4 PRIMARY KEY, n int4 NOT NULL);
    INSERT INTO pgline_bench_mixed SELECT g, 0 FROM generate_series(0, 999) g;
    ANALYZE pgline_bench_mixed;";
const TRUNCATE_SQL: &str = "TRUNCATE pgline_bench_batch";
const INSERT_SQL: &str = "INSERT INTO pgline_bench_batch (id, n, t) VALUES ($1, $2, $3)";
const SELECT_SQL: &str = "SELECT $1::int4";
const MIXED_INSERT_SQL: &str = "INSERT INTO pgline_bench_batch (id, n, t) VALUES ($1, $2, 'mixed')";
const UPDATE_SQL: &str = "UPDATE pgline_bench_mixed SET n = n + 1 WHERE id = $1";

fn server_url() -> (String, String) {
    let get = |k: &str| {
        std::env::var(k).unwrap_or_else(|_| {
            panic!("{k} is not set: run the benches with scripts/bench, which starts the servers")
        })
    };
    let host = get("PGLINE_PG15_HOST");
    let port = get("PGLINE_PG15_PORT");
    let db = get("PGLINE_TEST_DB");
    (
        format!("postgres://pgline_trust@{host}:{port}/{db}?sslmode=disable"),
        format!("host={host} port={port} user=pgline_trust dbname={db} sslmode=disable"),
    )
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn tokio_connect(kv: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(kv, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

/// One statement of the mixed stack, by position: 0 SELECT, 1 INSERT, 2 UPDATE. One future
/// type for all three, so tokio-postgres's calls fit one `FuturesUnordered`.
async fn tokio_mixed_op(
    client: &tokio_postgres::Client,
    statements: &[tokio_postgres::Statement; 3],
    i: usize,
    params: &[&(dyn ToSql + Sync)],
) -> u64 {
    if i % 3 == 0 {
        let rows = client.query(&statements[0], params).await.unwrap();
        assert_eq!(rows[0].get::<_, i32>(0), i as i32);
        0
    } else {
        client.execute(&statements[i % 3], params).await.unwrap()
    }
}

/// Rows the mixed stack affects: every INSERT and every UPDATE touches one.
fn mixed_affected() -> u64 {
    (0..BATCH).filter(|i| i % 3 != 0).count() as u64
}

fn batch(c: &mut Criterion) {
    let (url, kv) = server_url();
    let rt = runtime();
    let pgline = rt.block_on(async { pgline::connect(&url).await.unwrap() });
    let mut tokio_pg = rt.block_on(tokio_connect(&kv));
    // Truncates between iterations, outside the timed part, on a connection of its own.
    let admin = rt.block_on(tokio_connect(&kv));
    rt.block_on(admin.batch_execute(SETUP_SQL)).unwrap();

    // Run each iteration's setup untimed, then time `work`.
    macro_rules! timed {
        ($b:expr, $work:expr) => {
            $b.iter_custom(|iters| {
                rt.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        admin.batch_execute(TRUNCATE_SQL).await.unwrap();
                        let start = Instant::now();
                        $work;
                        total += start.elapsed();
                    }
                    total
                })
            })
        };
    }

    // 1,000-row INSERT batch.
    let rows: Vec<(i32, i32, String)> = (0..BATCH as i32)
        .map(|i| (i, i * 2, format!("item {i}")))
        .collect();
    let tokio_insert = rt.block_on(tokio_pg.prepare(INSERT_SQL)).unwrap();
    let tokio_rows: Vec<[&(dyn ToSql + Sync); 3]> = rows
        .iter()
        .map(|(id, n, t)| [id as &(dyn ToSql + Sync), n, t])
        .collect();
    let mut group = c.benchmark_group("insert_1000_rows");
    group.sample_size(10);
    group.bench_function("pgline_execute_many", |b| {
        timed!(b, {
            let n = pgline
                .execute_many(
                    INSERT_SQL,
                    rows.iter()
                        .map(|(id, n, t)| [id as &(dyn SqlParam + Sync), n, t]),
                )
                .await
                .unwrap();
            assert_eq!(n, BATCH as u64);
        })
    });
    group.bench_function("tokio_postgres_transaction_try_join_all", |b| {
        timed!(b, {
            let tx = tokio_pg.transaction().await.unwrap();
            let counts = try_join_all(tokio_rows.iter().map(|p| tx.execute(&tokio_insert, p)))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            assert_eq!(counts.iter().sum::<u64>(), BATCH as u64);
        })
    });
    group.finish();

    // 1,000 mixed statements.
    let ids: Vec<i32> = (0..BATCH as i32).collect();
    let pgline_params: Vec<Vec<&(dyn SqlParam + Sync)>> = ids
        .iter()
        .map(|id| match id % 3 {
            1 => vec![id as &(dyn SqlParam + Sync), id],
            _ => vec![id as &(dyn SqlParam + Sync)],
        })
        .collect();
    let tokio_params: Vec<Vec<&(dyn ToSql + Sync)>> = ids
        .iter()
        .map(|id| match id % 3 {
            1 => vec![id as &(dyn ToSql + Sync), id],
            _ => vec![id as &(dyn ToSql + Sync)],
        })
        .collect();
    let tokio_statements = rt.block_on(async {
        [
            tokio_pg.prepare(SELECT_SQL).await.unwrap(),
            tokio_pg.prepare(MIXED_INSERT_SQL).await.unwrap(),
            tokio_pg.prepare(UPDATE_SQL).await.unwrap(),
        ]
    });
    let pgline_pipeline = |mode: SyncMode| {
        let mut pipeline = pgline.pipeline().sync_mode(mode);
        for (i, params) in pgline_params.iter().enumerate() {
            pipeline = match i % 3 {
                0 => pipeline.query(SELECT_SQL, params),
                1 => pipeline.execute(MIXED_INSERT_SQL, params),
                _ => pipeline.execute(UPDATE_SQL, params),
            };
        }
        pipeline
    };
    let mut group = c.benchmark_group("mixed_1000_statements");
    group.sample_size(10);
    for (name, mode) in [
        ("pgline_pipeline_isolated", SyncMode::Isolated),
        ("pgline_pipeline_atomic", SyncMode::Atomic),
    ] {
        group.bench_function(name, |b| {
            timed!(b, {
                let results = pgline_pipeline(mode).run().await.unwrap();
                let mut affected = 0;
                for (i, result) in results.into_iter().enumerate() {
                    let outcome = result.unwrap();
                    if i % 3 == 0 {
                        assert_eq!(outcome.rows[0].get::<_, i32>(0), i as i32);
                    } else {
                        affected += outcome.rows_affected;
                    }
                }
                assert_eq!(affected, mixed_affected());
            })
        });
    }
    group.bench_function("tokio_postgres_futures_unordered", |b| {
        timed!(b, {
            let mut pending: FuturesUnordered<_> = tokio_params
                .iter()
                .enumerate()
                .map(|(i, p)| tokio_mixed_op(&tokio_pg, &tokio_statements, i, p))
                .collect();
            let mut affected = 0;
            while let Some(n) = pending.next().await {
                affected += n;
            }
            assert_eq!(affected, mixed_affected());
        })
    });
    group.bench_function("pgline_await_each", |b| {
        timed!(b, {
            let mut affected = 0;
            for (i, params) in pgline_params.iter().enumerate() {
                affected += match i % 3 {
                    0 => {
                        let rows = pgline.query(SELECT_SQL, params).await.unwrap();
                        assert_eq!(rows[0].get::<_, i32>(0), i as i32);
                        0
                    }
                    1 => pgline.execute(MIXED_INSERT_SQL, params).await.unwrap(),
                    _ => pgline.execute(UPDATE_SQL, params).await.unwrap(),
                };
            }
            assert_eq!(affected, mixed_affected());
        })
    });
    group.finish();

    // SQL text through the statement cache against a prepared statement.
    let statement = rt.block_on(pgline.prepare(SELECT_SQL)).unwrap();
    rt.block_on(pgline.query(SELECT_SQL, &[&7i32])).unwrap();
    let mut group = c.benchmark_group("query_int4_statement_cache");
    group.bench_function("pgline_text_cached", |b| {
        b.iter(|| {
            rt.block_on(async {
                let rows = pgline.query(SELECT_SQL, &[&7i32]).await.unwrap();
                assert_eq!(rows[0].get::<_, i32>(0), 7);
            })
        })
    });
    group.bench_function("pgline_prepared", |b| {
        b.iter(|| {
            rt.block_on(async {
                let rows = pgline.query(&statement, &[&7i32]).await.unwrap();
                assert_eq!(rows[0].get::<_, i32>(0), 7);
            })
        })
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
