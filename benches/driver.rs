//! What the driver layer costs: `Session::select_one` of a small row into a struct against the
//! same query on the session's bare `Client` (`query_one` + `FromRow`), same connection, same
//! statement cache, TLS off, one current-thread runtime. The driver adds the placeholder
//! conversion lookup, the span, the hooks check and the row-count check.
//!
//! Criterion measures each alone; a paired loop then alternates them call by call (so both see
//! the same server and machine state) and prints the median of per-block ratios.
//!
//! Needs the servers of `scripts/test` (it reads `PGLINE_PG15_*`); run with
//! `scripts/bench driver`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use pgline::{FromRow, Row};
use tokio::runtime::Runtime;

const SQL: &str = "SELECT $1::int4 AS id, 'a small row'::text AS name, 2.5::float8 AS score";

#[derive(Debug)]
struct Small {
    id: i32,
    name: String,
    score: f64,
}

impl FromRow for Small {
    fn from_row(row: &Row) -> Result<Small, pgline::Error> {
        Ok(Small {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            score: row.try_get("score")?,
        })
    }
}

fn server_url() -> String {
    let get = |k: &str| {
        std::env::var(k).unwrap_or_else(|_| {
            panic!("{k} is not set: run the benches with scripts/bench, which starts the servers")
        })
    };
    format!(
        "postgres://pgline_trust@{}:{}/{}?sslmode=disable",
        get("PGLINE_PG15_HOST"),
        get("PGLINE_PG15_PORT"),
        get("PGLINE_TEST_DB")
    )
}

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn via_driver(session: &pgline::Session) {
    let row: Small = session.select_one(SQL, &[&7i32]).await.unwrap();
    assert_eq!((row.id, row.name.len(), row.score), (7, 11, 2.5));
}

async fn via_client(client: &pgline::Client) {
    let row = Small::from_row(&client.query_one(SQL, &[&7i32]).await.unwrap()).unwrap();
    assert_eq!((row.id, row.name.len(), row.score), (7, 11, 2.5));
}

fn driver(c: &mut Criterion) {
    let rt = runtime();
    let (db, session) = rt.block_on(async {
        let db = pgline::Database::builder(&server_url())
            .unwrap()
            .settings(|s| {
                s.pool_min_size = 1;
                s.pool_max_size = 1;
            })
            .build()
            .await
            .unwrap();
        let session = db.session().await.unwrap();
        (db, session)
    });
    let client = session.client().clone();

    let mut group = c.benchmark_group("select_one_small_row");
    group.bench_function("driver_session", |b| {
        b.iter(|| rt.block_on(via_driver(&session)))
    });
    group.bench_function("bare_client", |b| {
        b.iter(|| rt.block_on(via_client(&client)))
    });
    group.finish();

    // Paired: blocks of 200 calls each way, alternating; the median ratio of the blocks.
    let mut ratios = Vec::new();
    let (mut total_driver, mut total_client) = (Duration::ZERO, Duration::ZERO);
    rt.block_on(async {
        for _ in 0..100 {
            let t = Instant::now();
            for _ in 0..200 {
                via_driver(&session).await;
            }
            let d = t.elapsed();
            let t = Instant::now();
            for _ in 0..200 {
                via_client(&client).await;
            }
            let b = t.elapsed();
            total_driver += d;
            total_client += b;
            ratios.push(d.as_secs_f64() / b.as_secs_f64());
        }
    });
    ratios.sort_by(f64::total_cmp);
    eprintln!(
        "paired select_one: driver {:.2} µs, bare client {:.2} µs per call; median block ratio \
         {:.3} (driver / client)",
        total_driver.as_secs_f64() * 1e6 / 20_000.0,
        total_client.as_secs_f64() * 1e6 / 20_000.0,
        ratios[ratios.len() / 2]
    );
    drop(session);
    drop(client);
    rt.block_on(db.close(Duration::from_secs(5)));
}

criterion_group!(benches, driver);

/// `PGLINE_DRIVER_CPU=driver|client:N` runs N calls one way and exits, for callgrind: two runs
/// with different N give the client-side instructions per call, free of the machine's noise.
fn cpu(spec: &str) {
    let (way, n) = spec.split_once(':').expect("driver:N or client:N");
    let n: u32 = n.parse().unwrap();
    let rt = runtime();
    rt.block_on(async {
        let db = pgline::Database::builder(&server_url())
            .unwrap()
            .settings(|s| {
                s.pool_min_size = 0;
                s.pool_max_size = 1;
                s.pgvector_codecs = pgline::PgvectorCodecs::Off;
            })
            .build()
            .await
            .unwrap();
        let session = db.session().await.unwrap();
        for _ in 0..n {
            match way {
                "driver" => via_driver(&session).await,
                _ => via_client(session.client()).await,
            }
        }
    });
}

fn main() {
    if let Ok(spec) = std::env::var("PGLINE_DRIVER_CPU") {
        cpu(&spec);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
