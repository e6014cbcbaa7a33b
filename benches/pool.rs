//! The pool under contention and alone: 64 tasks run `SELECT 1` through 8 connections with
//! pgline's pool, deadpool-postgres and bb8-postgres (both over tokio-postgres) in the same run,
//! on the same 2-thread runtime, TLS off everywhere; then one uncontended acquire + release.
//!
//! Both workloads cost every client one round trip: `extended` is `SELECT 1` through the
//! extended protocol on the unnamed statement (pgline `query_one` with SQL text and no
//! parameters, tokio-postgres `query_typed`), `simple` is `simple_query` everywhere.
//!
//! pgline runs each workload twice: lending each task a connection (`pool.get()`, as the other
//! pools do) and as shared requests (`pool.query_one` / `pool.simple_query`), which pipeline the
//! tasks' requests over the same 8 connections.
//!
//! Each pool is set to do no work per checkout beyond its own bookkeeping: deadpool's
//! `RecyclingMethod::Fast`, bb8 without `test_on_check_out`, pgline with its default health
//! check (only after 5 s idle, which never happens here).
//!
//! Needs the servers of `scripts/test` (it reads `PGLINE_PG15_*`); run with
//! `scripts/bench pool`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use tokio::runtime::Runtime;

const TASKS: u64 = 64;
const CONNECTIONS: usize = 8;

fn server() -> (String, String) {
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
    (
        format!("postgres://pgline_trust@{host}:{port}/{db}?sslmode=disable"),
        format!("host={host} port={port} user=pgline_trust dbname={db} sslmode=disable"),
    )
}

/// tokio-postgres's `query_typed` result, checked to be the one row `query_one` would return.
async fn one_row(
    rows: impl std::future::Future<Output = Result<Vec<tokio_postgres::Row>, tokio_postgres::Error>>,
) -> Result<tokio_postgres::Row, tokio_postgres::Error> {
    let mut rows = rows.await?;
    assert_eq!(rows.len(), 1);
    Ok(rows.pop().unwrap())
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// `iters` queries split over 64 tasks; the wall time of them all, as a criterion routine.
macro_rules! contended {
    ($($workload:tt)*) => {
        |b: &mut criterion::Bencher| b.iter_custom(contended_once!($($workload)*))
    };
}

/// The same as a closure of the query count, also for runs outside criterion. Each task takes
/// a connection per query (`|client| query`), or runs shared requests on the pool
/// (`shared |pool| query`).
macro_rules! contended_once {
    ($rt:expr, $pool:expr, shared |$p:ident| $query:expr) => {
        contended_once!(@run $rt, $pool, |$p| {
            $query.await.unwrap();
        })
    };
    ($rt:expr, $pool:expr, |$client:ident| $query:expr) => {
        contended_once!(@run $rt, $pool, |pool| {
            let $client = pool.get().await.unwrap();
            $query.await.unwrap();
        })
    };
    (@run $rt:expr, $pool:expr, |$p:ident| $body:block) => {
        |iters: u64| {
            let per_task = iters.div_ceil(TASKS);
            $rt.block_on(async {
                let started = Instant::now();
                let mut tasks = Vec::new();
                for _ in 0..TASKS {
                    let $p = $pool.clone();
                    tasks.push(tokio::spawn(async move {
                        for _ in 0..per_task $body
                    }));
                }
                for task in tasks {
                    task.await.unwrap();
                }
                started
                    .elapsed()
                    .mul_f64(iters as f64 / (per_task * TASKS) as f64)
            })
        }
    };
}

/// `iters` acquire + release pairs by one task, nothing else running.
macro_rules! uncontended {
    ($rt:expr, $pool:expr) => {
        |b: &mut criterion::Bencher| {
            b.iter_custom(|iters| {
                $rt.block_on(async {
                    let started = Instant::now();
                    for _ in 0..iters {
                        drop(std::hint::black_box($pool.get().await.unwrap()));
                    }
                    started.elapsed()
                })
            })
        }
    };
}

fn pools(c: &mut Criterion) {
    let (url, kv) = server();
    let rt = runtime();
    let only = std::env::var("POOL_BENCH_ONLY").ok();
    let pgline = rt.block_on(async {
        pgline::pool::PoolBuilder::from_conninfo(&url)
            .unwrap()
            .settings(|s| s.max_size = CONNECTIONS)
            .build()
            .unwrap()
    });
    let deadpool = {
        let config: tokio_postgres::Config = kv.parse().unwrap();
        let manager = deadpool_postgres::Manager::from_config(
            config,
            tokio_postgres::NoTls,
            deadpool_postgres::ManagerConfig {
                recycling_method: deadpool_postgres::RecyclingMethod::Fast,
            },
        );
        deadpool_postgres::Pool::builder(manager)
            .max_size(CONNECTIONS)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .unwrap()
    };
    let bb8 = rt.block_on(async {
        let manager = bb8_postgres::PostgresConnectionManager::new_from_stringlike(
            &kv,
            tokio_postgres::NoTls,
        )
        .unwrap();
        bb8::Pool::builder()
            .max_size(CONNECTIONS as u32)
            .test_on_check_out(false)
            .build(manager)
            .await
            .unwrap()
    });

    if let Some(only) = only {
        // One workload, outside criterion, for `perf stat` / `strace -c` / callgrind:
        // POOL_BENCH_ONLY=extended/pgline:200000.
        let (name, n) = only
            .split_once(':')
            .expect("POOL_BENCH_ONLY=workload/pool:queries");
        let n: u64 = n.parse().unwrap();
        let b = |f: &mut dyn FnMut(u64) -> Duration| {
            let t = f(n);
            eprintln!(
                "{name}: {n} queries, {:.2} us a query",
                t.as_secs_f64() * 1e6 / n as f64
            );
        };
        match name {
            "extended/pgline" => {
                b(&mut contended_once!(rt, pgline, |c| c.query_one("SELECT 1", &[])))
            }
            "extended/deadpool" => b(&mut contended_once!(rt, deadpool, |c| one_row(
                c.query_typed("SELECT 1", &[])
            ))),
            "extended/bb8" => b(&mut contended_once!(rt, bb8, |c| one_row(
                c.query_typed("SELECT 1", &[])
            ))),
            "simple/pgline" => b(&mut contended_once!(rt, pgline, |c| c.simple_query("SELECT 1"))),
            "simple/deadpool" => {
                b(&mut contended_once!(rt, deadpool, |c| c.simple_query("SELECT 1")))
            }
            "extended/shared" => b(&mut contended_once!(
                rt,
                pgline,
                shared | p | p.query_one("SELECT 1", &[])
            )),
            "simple/shared" => b(&mut contended_once!(
                rt,
                pgline,
                shared | p | p.simple_query("SELECT 1")
            )),
            other => panic!("unknown workload {other}"),
        }
        std::process::exit(0);
    }

    let mut group = c.benchmark_group("pool_64_tasks_8_connections");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(4));
    // One round trip of the extended protocol on the unnamed statement everywhere: pgline runs
    // SQL text without parameters that way; tokio-postgres does with `query_typed` (its
    // `query_one` with text would prepare first, a second round trip).
    group.bench_function(
        "extended/pgline",
        contended!(rt, pgline, |c| c.query_one("SELECT 1", &[])),
    );
    group.bench_function(
        "extended/deadpool",
        contended!(rt, deadpool, |c| one_row(c.query_typed("SELECT 1", &[]))),
    );
    group.bench_function(
        "extended/bb8",
        contended!(rt, bb8, |c| one_row(c.query_typed("SELECT 1", &[]))),
    );
    // The same statements as shared requests: `Pool::query_one` / `Pool::simple_query` pipeline
    // the 64 tasks' requests over the 8 connections instead of lending each task one.
    group.bench_function(
        "extended/pgline_shared",
        contended!(rt, pgline, shared | p | p.query_one("SELECT 1", &[])),
    );
    group.bench_function(
        "simple/pgline_shared",
        contended!(rt, pgline, shared | p | p.simple_query("SELECT 1")),
    );
    group.bench_function(
        "simple/pgline",
        contended!(rt, pgline, |c| c.simple_query("SELECT 1")),
    );
    group.bench_function(
        "simple/deadpool",
        contended!(rt, deadpool, |c| c.simple_query("SELECT 1")),
    );
    group.bench_function(
        "simple/bb8",
        contended!(rt, bb8, |c| c.simple_query("SELECT 1")),
    );
    group.finish();

    let mut group = c.benchmark_group("pool_acquire_release_uncontended");
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("pgline", uncontended!(rt, pgline));
    group.bench_function("deadpool", uncontended!(rt, deadpool));
    group.bench_function("bb8", uncontended!(rt, bb8));
    group.finish();
}

criterion_group!(benches, pools);
criterion_main!(benches);
