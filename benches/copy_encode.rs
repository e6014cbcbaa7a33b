//! COPY encode benchmark: 1,000,000 rows × 8 columns (int4, int8, float8, text, bool,
//! timestamptz, numeric from Decimal128(18, 4), date) from Arrow `RecordBatch`es of 100,000
//! rows into one binary COPY stream: pgline's `RecordBatchEncoder` against the `pgpq` crate's
//! encoder, same data, same run.
//!
//! pgpq is built against arrow 59 and pgline against arrow 60, so the batches are built twice
//! from the same generated values with each version's arrays; only the encode is timed. The
//! output buffer is reused (cleared, capacity kept) across iterations for both.
//!
//! `cargo bench --bench copy_encode --features arrow`.

use std::hint::black_box;
use std::sync::Arc;

use bytes::BytesMut;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pgline::copy::arrow::RecordBatchEncoder;
use pgline::types::Type;

const ROWS: usize = 1_000_000;
const BATCH: usize = 100_000;

/// One generated row, NULLs included (text and numeric are NULL one row in twenty).
struct Row {
    int4: i32,
    int8: i64,
    float8: f64,
    text: Option<String>,
    boolean: bool,
    ts_micros: i64,
    decimal: Option<i128>,
    days: i32,
}

fn rows() -> Vec<Row> {
    // xorshift64*: deterministic, no rand dependency.
    let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        s.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    (0..ROWS)
        .map(|i| {
            let r = next();
            Row {
                int4: r as i32,
                int8: (r >> 1) as i64,
                float8: (r % 1_000_000) as f64 / 7.0,
                text: (i % 20 != 0).then(|| format!("name-{:x}", r % 0xff_ffff_ffff)),
                boolean: r & 1 == 1,
                // 2000..2030, microseconds.
                ts_micros: 946_684_800_000_000 + (r % 946_080_000_000_000) as i64,
                decimal: (i % 20 != 7).then(|| (r % 100_000_000_000) as i128 - 50_000_000_000),
                days: 10_957 + (r % 11_000) as i32,
            }
        })
        .collect()
}

fn pgline_batches(rows: &[Row]) -> Vec<arrow_array::RecordBatch> {
    use arrow_array::*;
    rows.chunks(BATCH)
        .map(|c| {
            let columns: Vec<(&str, ArrayRef)> = vec![
                (
                    "int4",
                    Arc::new(c.iter().map(|r| r.int4).collect::<Int32Array>()),
                ),
                (
                    "int8",
                    Arc::new(c.iter().map(|r| r.int8).collect::<Int64Array>()),
                ),
                (
                    "float8",
                    Arc::new(c.iter().map(|r| r.float8).collect::<Float64Array>()),
                ),
                (
                    "text",
                    Arc::new(c.iter().map(|r| r.text.as_deref()).collect::<StringArray>()),
                ),
                (
                    "bool",
                    Arc::new(c.iter().map(|r| Some(r.boolean)).collect::<BooleanArray>()),
                ),
                (
                    "ts",
                    Arc::new(
                        TimestampMicrosecondArray::from(
                            c.iter().map(|r| r.ts_micros).collect::<Vec<_>>(),
                        )
                        .with_timezone("UTC"),
                    ),
                ),
                (
                    "numeric",
                    Arc::new(
                        c.iter()
                            .map(|r| r.decimal)
                            .collect::<Decimal128Array>()
                            .with_precision_and_scale(18, 4)
                            .unwrap(),
                    ),
                ),
                (
                    "date",
                    Arc::new(Date32Array::from(
                        c.iter().map(|r| r.days).collect::<Vec<_>>(),
                    )),
                ),
            ];
            RecordBatch::try_from_iter(columns).unwrap()
        })
        .collect()
}

fn pgpq_batches(rows: &[Row]) -> Vec<arrow_array_59::RecordBatch> {
    use arrow_array_59::*;
    rows.chunks(BATCH)
        .map(|c| {
            let columns: Vec<(&str, ArrayRef)> = vec![
                (
                    "int4",
                    Arc::new(c.iter().map(|r| r.int4).collect::<Int32Array>()),
                ),
                (
                    "int8",
                    Arc::new(c.iter().map(|r| r.int8).collect::<Int64Array>()),
                ),
                (
                    "float8",
                    Arc::new(c.iter().map(|r| r.float8).collect::<Float64Array>()),
                ),
                (
                    "text",
                    Arc::new(c.iter().map(|r| r.text.as_deref()).collect::<StringArray>()),
                ),
                (
                    "bool",
                    Arc::new(c.iter().map(|r| Some(r.boolean)).collect::<BooleanArray>()),
                ),
                (
                    "ts",
                    Arc::new(
                        TimestampMicrosecondArray::from(
                            c.iter().map(|r| r.ts_micros).collect::<Vec<_>>(),
                        )
                        .with_timezone("UTC"),
                    ),
                ),
                (
                    "numeric",
                    Arc::new(
                        c.iter()
                            .map(|r| r.decimal)
                            .collect::<Decimal128Array>()
                            .with_precision_and_scale(18, 4)
                            .unwrap(),
                    ),
                ),
                (
                    "date",
                    Arc::new(Date32Array::from(
                        c.iter().map(|r| r.days).collect::<Vec<_>>(),
                    )),
                ),
            ];
            RecordBatch::try_from_iter(columns).unwrap()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rows = rows();
    let ours = pgline_batches(&rows);
    let theirs = pgpq_batches(&rows);
    drop(rows);
    let types = vec![
        Type::INT4,
        Type::INT8,
        Type::FLOAT8,
        Type::TEXT,
        Type::BOOL,
        Type::TIMESTAMPTZ,
        Type::NUMERIC,
        Type::DATE,
    ];

    // Both produce a whole stream; check they agree on its size before timing anything.
    let encode_ours = |out: &mut BytesMut| {
        let mut enc = RecordBatchEncoder::new(types.clone());
        for b in &ours {
            enc.encode(b, out).unwrap();
        }
        enc.finish(out);
    };
    let schema = theirs[0].schema();
    let encode_theirs = |out: &mut BytesMut| {
        let mut enc = pgpq::ArrowToPostgresBinaryEncoder::try_new(&schema).unwrap();
        enc.write_header(out).unwrap();
        for b in &theirs {
            enc.write_batch(b, out).unwrap();
        }
        enc.write_footer(out).unwrap();
    };
    let (mut a, mut b) = (BytesMut::new(), BytesMut::new());
    encode_ours(&mut a);
    encode_theirs(&mut b);
    eprintln!(
        "stream bytes: pgline {} pgpq {}, identical: {}",
        a.len(),
        b.len(),
        a == b
    );

    let mut group = c.benchmark_group("copy_encode");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("pgline", |bench| {
        bench.iter(|| {
            a.clear();
            encode_ours(&mut a);
            black_box(a.len())
        })
    });
    group.bench_function("pgpq", |bench| {
        bench.iter(|| {
            b.clear();
            encode_theirs(&mut b);
            black_box(b.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
