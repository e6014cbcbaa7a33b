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

    let mut group = c.benchmark_group("select_int4_prepared");
    let pgline_stmt = rt.block_on(pgline.prepare("SELECT $1::int4")).unwrap();
    let tokio_stmt = rt.block_on(tokio_pg.prepare("SELECT $1::int4")).unwrap();
    group.bench_function("pgline", |b| {
        b.iter(|| {
            rt.block_on(async {
                let row = pgline.query_one(&pgline_stmt, &[&7i32]).await.unwrap();
                assert_eq!(row.get::<_, i32>(0), 7);
            })
        })
    });
    group.bench_function("tokio_postgres", |b| {
        b.iter(|| {
            rt.block_on(async {
                let row = tokio_pg.query_one(&tokio_stmt, &[&7i32]).await.unwrap();
                assert_eq!(row.get::<_, i32>(0), 7);
            })
        })
    });
    group.finish();

    let sql =
        "SELECT g::int4, g::int8 * 1000, 'row ' || g, g % 2 = 0 FROM generate_series(1, 100) g";
    let mut group = c.benchmark_group("select_100_rows_prepared");
    let pgline_stmt = rt.block_on(pgline.prepare(sql)).unwrap();
    let tokio_stmt = rt.block_on(tokio_pg.prepare(sql)).unwrap();
    group.bench_function("pgline", |b| {
        b.iter(|| {
            rt.block_on(async {
                let rows = pgline.query(&pgline_stmt, &[]).await.unwrap();
                let mut sum = 0i64;
                for row in &rows {
                    let a: i32 = row.get(0);
                    let b: i64 = row.get(1);
                    let c: &str = row.get(2);
                    let d: bool = row.get(3);
                    sum += i64::from(a) + b + c.len() as i64 + i64::from(d);
                }
                assert_eq!(rows.len(), 100);
                sum
            })
        })
    });
    group.bench_function("tokio_postgres", |b| {
        b.iter(|| {
            rt.block_on(async {
                let rows = tokio_pg.query(&tokio_stmt, &[]).await.unwrap();
                let mut sum = 0i64;
                for row in &rows {
                    let a: i32 = row.get(0);
                    let b: i64 = row.get(1);
                    let c: &str = row.get(2);
                    let d: bool = row.get(3);
                    sum += i64::from(a) + b + c.len() as i64 + i64::from(d);
                }
                assert_eq!(rows.len(), 100);
                sum
            })
        })
    });
    group.finish();
}

criterion_group!(benches, roundtrip);
criterion_main!(benches);
