//! Round trips against a real server, pgline and tokio-postgres in the same run, on equal
//! terms: same server, TLS off on both, one current-thread runtime each, every value decoded.
//!
//! Needs the servers of `scripts/test` (it reads `PGLINE_PG15_*`); run with
//! `scripts/bench roundtrip`.

use criterion::{Criterion, criterion_group, criterion_main};
use tokio::runtime::Runtime;

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

fn roundtrip(c: &mut Criterion) {
    let (url, kv) = server_url();
    let rt = runtime();
    let pgline = rt.block_on(async { pgline::connect(&url).await.unwrap() });
    let tokio_pg = rt.block_on(async {
        let (client, connection) = tokio_postgres::connect(&kv, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client
    });

    // Both clients have the same method names: one body per workload serves both.
    macro_rules! int4 {
        ($client:expr, $stmt:expr) => {
            |b: &mut criterion::Bencher| {
                b.iter(|| {
                    rt.block_on(async {
                        let row = $client.query_one($stmt, &[&7i32]).await.unwrap();
                        assert_eq!(row.get::<_, i32>(0), 7);
                    })
                })
            }
        };
    }
    macro_rules! rows100 {
        ($client:expr, $stmt:expr) => {
            |b: &mut criterion::Bencher| {
                b.iter(|| {
                    rt.block_on(async {
                        let rows = $client.query($stmt, &[]).await.unwrap();
                        let mut sum = 0i64;
                        for row in &rows {
                            let (a, b, c, d): (i32, i64, &str, bool) =
                                (row.get(0), row.get(1), row.get(2), row.get(3));
                            sum += i64::from(a) + b + c.len() as i64 + i64::from(d);
                        }
                        assert_eq!(rows.len(), 100);
                        sum
                    })
                })
            }
        };
    }

    let mut group = c.benchmark_group("select_int4_prepared");
    let pgline_stmt = rt.block_on(pgline.prepare("SELECT $1::int4")).unwrap();
    let tokio_stmt = rt.block_on(tokio_pg.prepare("SELECT $1::int4")).unwrap();
    group.bench_function("pgline", int4!(pgline, &pgline_stmt));
    group.bench_function("tokio_postgres", int4!(tokio_pg, &tokio_stmt));
    group.finish();

    let sql =
        "SELECT g::int4, g::int8 * 1000, 'row ' || g, g % 2 = 0 FROM generate_series(1, 100) g";
    let mut group = c.benchmark_group("select_100_rows_prepared");
    let pgline_stmt = rt.block_on(pgline.prepare(sql)).unwrap();
    let tokio_stmt = rt.block_on(tokio_pg.prepare(sql)).unwrap();
    group.bench_function("pgline", rows100!(pgline, &pgline_stmt));
    group.bench_function("tokio_postgres", rows100!(tokio_pg, &tokio_stmt));
    group.finish();
}

criterion_group!(benches, roundtrip);
criterion_main!(benches);
