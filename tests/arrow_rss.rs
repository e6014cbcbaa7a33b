//! Loading and reading back 10,000,000 rows keeps the process's peak RSS under 64 MiB: the
//! batches are made lazily and dropped once read, so whatever grows is pgline's own buffering.
//! A binary of its own, so no other test's memory counts toward the peak (VmHWM).

mod support;

use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use futures_util::{StreamExt, stream};

const ROWS: usize = 10_000_000;
const PER_BATCH: usize = 50_000;
const LIMIT_KIB: u64 = 64 * 1024;

/// VmHWM (peak resident set) of this process, in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/self/status");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn batch(start: usize, rows: usize) -> RecordBatch {
    let ids = (start as i64)..(start + rows) as i64;
    RecordBatch::try_from_iter([
        (
            "id",
            Arc::new(Int64Array::from_iter_values(ids.clone())) as ArrayRef,
        ),
        (
            "x",
            Arc::new(Float64Array::from_iter_values(
                ids.clone().map(|i| i as f64),
            )),
        ),
        (
            "note",
            Arc::new(StringArray::from_iter_values(ids.map(|i| format!("n{i}")))),
        ),
    ])
    .unwrap()
}

#[tokio::test]
async fn ten_million_rows_load_and_read_back_in_flat_memory() {
    let server = support::pg18();
    let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
    let client = pgline::connect(&url).await.unwrap();
    client
        .batch_execute("CREATE TEMP TABLE rss_rows (id int8, x float8, note text)")
        .await
        .unwrap();
    let source = stream::iter((0..ROWS).step_by(PER_BATCH))
        .map(|start| Ok::<_, std::convert::Infallible>(batch(start, PER_BATCH)));
    let loaded = client
        .load_from_arrow("rss_rows", source, false)
        .await
        .unwrap();
    assert_eq!(loaded, ROWS as u64);
    let after_load = peak_rss_kib();

    let mut batches = client
        .select_to_arrow("SELECT id, x, note FROM rss_rows", &[], PER_BATCH)
        .await
        .unwrap();
    let (mut rows, mut id_sum) = (0usize, 0i64);
    while let Some(batch) = batches.next().await {
        let batch = batch.unwrap();
        rows += batch.num_rows();
        let ids = batch
            .column(0)
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap();
        id_sum += ids.values().iter().sum::<i64>();
    }
    assert_eq!(rows, ROWS);
    assert_eq!(id_sum, (ROWS as i64 - 1) * ROWS as i64 / 2);
    let peak = peak_rss_kib();
    eprintln!("peak RSS: {after_load} KiB after the load, {peak} KiB after reading back");
    assert!(
        peak < LIMIT_KIB,
        "peak RSS {peak} KiB (after the load: {after_load} KiB) is over {LIMIT_KIB} KiB"
    );
}
