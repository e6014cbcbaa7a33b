//! COPY encode benchmark: 1,000,000 rows × 8 columns (int4, int8, float8, text, bool,
//! timestamptz, numeric from Decimal128(18, 4), date) from Arrow `RecordBatch`es of 100,000
//! rows into one binary COPY stream: pgline's `RecordBatchEncoder` against the `pgpq` crate's
//! encoder, same data, same run.
//!
//! pgpq is built against arrow 59 and pgline against arrow 60, so the batches are built twice
//! from the same generated values with each version's arrays; only the encode is timed. The
//! output buffer is reused (cleared, capacity kept) across iterations for both.
//!
//! `cargo bench -p pgline-benches --bench copy_encode`. For instruction counts (the machine is
//! noisy), `COPY_ENCODE_ONLY=pgline|pgpq` encodes the whole stream three times with that encoder
//! alone, outside criterion, inside `run_encode_pgline` / `run_encode_pgpq` (count with
//! callgrind's `--toggle-collect=*run_encode_pgline*`).

use std::hint::black_box;
use std::sync::Arc;

use bytes::BytesMut;
use criterion::{Criterion, Throughput};
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

const TYPES: [Type; 8] = [
    Type::INT4,
    Type::INT8,
    Type::FLOAT8,
    Type::TEXT,
    Type::BOOL,
    Type::TIMESTAMPTZ,
    Type::NUMERIC,
    Type::DATE,
];

#[inline(never)]
fn run_encode_pgline(batches: &[arrow_array::RecordBatch], out: &mut BytesMut) {
    out.clear();
    let mut enc = RecordBatchEncoder::new(TYPES.to_vec());
    for b in batches {
        enc.encode(b, out).unwrap();
    }
    enc.finish(out);
}

#[inline(never)]
fn run_encode_pgpq(batches: &[arrow_array_59::RecordBatch], out: &mut BytesMut) {
    out.clear();
    let mut enc = pgpq::ArrowToPostgresBinaryEncoder::try_new(&batches[0].schema()).unwrap();
    enc.write_header(out).unwrap();
    for b in batches {
        enc.write_batch(b, out).unwrap();
    }
    enc.write_footer(out).unwrap();
}

fn main() {
    let rows = rows();
    let ours = pgline_batches(&rows);
    let theirs = pgpq_batches(&rows);
    drop(rows);

    // Both produce a whole stream; check they agree byte for byte before timing anything.
    let (mut a, mut b) = (BytesMut::new(), BytesMut::new());
    run_encode_pgline(&ours, &mut a);
    run_encode_pgpq(&theirs, &mut b);
    eprintln!(
        "stream bytes: pgline {} pgpq {}, identical: {}",
        a.len(),
        b.len(),
        a == b
    );
    assert!(a == b, "pgline's and pgpq's streams differ");

    if let Ok(which) = std::env::var("COPY_ENCODE_ONLY") {
        for _ in 0..3 {
            match which.as_str() {
                "pgline" => run_encode_pgline(black_box(&ours), &mut a),
                "pgpq" => run_encode_pgpq(black_box(&theirs), &mut b),
                other => panic!("unknown encoder {other}; pgline or pgpq"),
            }
        }
        black_box((a.len(), b.len()));
        return;
    }

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("copy_encode");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("pgline", |bench| {
        bench.iter(|| {
            run_encode_pgline(&ours, &mut a);
            black_box(a.len())
        })
    });
    group.bench_function("pgpq", |bench| {
        bench.iter(|| {
            run_encode_pgpq(&theirs, &mut b);
            black_box(b.len())
        })
    });
    group.finish();
    c.final_summary();
}
