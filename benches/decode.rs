//! Decoding 100,000 rows of eight columns (int4, int8, float8, text, timestamptz, numeric,
//! jsonb, bool) into Rust values: pgline against tokio-postgres on the same query in the same
//! run, one current-thread runtime for both, TLS off on both, every value decoded into the
//! same types (`i32`, `i64`, `f64`, `&str`, `DateTime<Utc>`, `rust_decimal::Decimal`,
//! `serde_json::Value`, `bool`). Criterion reports rows per second for three groups:
//! `decode_100k_rows` (query and decode: the server's work, the transfer, then decoding),
//! `decode_100k_rows_fetched` (decoding alone, rows fetched untimed) and
//! `decode_100k_rows_streamed` (`query_raw`, each row decoded as it arrives).
//!
//! Needs the servers of `scripts/test` (it reads `PGLINE_PG15_*`); run with
//! `cargo bench -p pgline-benches --bench decode` after sourcing their environment, or
//! `scripts/bench decode`. Client CPU alone (the machine is noisy): `benches/decode_cpu.rs`.

#[path = "support/decode_workload.rs"]
mod workload;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn decode(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (pgline, pgline_stmt) = rt.block_on(workload::pgline_setup());
    let (tokio_pg, tokio_stmt) = rt.block_on(workload::tokio_setup());
    // Both decode the same values, collected or streamed.
    let expected = rt.block_on(workload::tokio_run(&tokio_pg, &tokio_stmt));
    assert_eq!(
        rt.block_on(workload::pgline_run(&pgline, &pgline_stmt)),
        expected
    );
    assert_eq!(
        rt.block_on(workload::pgline_stream_run(&pgline, &pgline_stmt)),
        expected
    );
    assert_eq!(
        rt.block_on(workload::tokio_stream_run(&tokio_pg, &tokio_stmt)),
        expected
    );

    let mut group = c.benchmark_group("decode_100k_rows");
    group.throughput(Throughput::Elements(workload::ROWS as u64));
    group.sample_size(10);
    group.bench_function("pgline", |b| {
        b.iter(|| rt.block_on(workload::pgline_run(&pgline, &pgline_stmt)))
    });
    group.bench_function("tokio_postgres", |b| {
        b.iter(|| rt.block_on(workload::tokio_run(&tokio_pg, &tokio_stmt)))
    });
    group.finish();

    // Decoding alone: rows fetched untimed, then every value decoded.
    let mut group = c.benchmark_group("decode_100k_rows_fetched");
    group.throughput(Throughput::Elements(workload::ROWS as u64));
    group.sample_size(10);
    group.bench_function("pgline", |b| {
        b.iter_batched_ref(
            || rt.block_on(pgline.query(&pgline_stmt, &[])).expect("query"),
            |rows| workload::pgline_decode(rows),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("tokio_postgres", |b| {
        b.iter_batched_ref(
            || {
                rt.block_on(tokio_pg.query(&tokio_stmt, &[]))
                    .expect("query")
            },
            |rows| workload::tokio_decode(rows),
            BatchSize::PerIteration,
        )
    });
    group.finish();

    // The same rows streamed: each decoded as it arrives, while the server still sends.
    let mut group = c.benchmark_group("decode_100k_rows_streamed");
    group.throughput(Throughput::Elements(workload::ROWS as u64));
    group.sample_size(10);
    group.bench_function("pgline", |b| {
        b.iter(|| rt.block_on(workload::pgline_stream_run(&pgline, &pgline_stmt)))
    });
    group.bench_function("tokio_postgres", |b| {
        b.iter(|| rt.block_on(workload::tokio_stream_run(&tokio_pg, &tokio_stmt)))
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
