//! Streams rows through `query_raw` and decodes each one as it arrives, holding only a bounded
//! part of the result in memory however many rows there are; prints the count and the peak
//! resident memory. The measurement in BENCHMARKS.md:
//!
//! ```sh
//! DATABASE_URL=postgres://user@host/db /usr/bin/time -v \
//!     target/release/examples/stream_rows 10000000
//! ```
//!
//! The argument is the number of rows (default ten million).

use futures_util::StreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), pgline::Error> {
    let url = std::env::var("DATABASE_URL")
        .expect("DATABASE_URL is not set: point it at a PostgreSQL server");
    let rows: i64 = std::env::args()
        .nth(1)
        .map_or(10_000_000, |n| n.parse().expect("the row count: a number"));
    let client = pgline::connect(&url).await?;
    let stmt = client
        .prepare(
            "SELECT g, 'row number ' || g, g * 0.5::float8, g % 7 = 0 \
             FROM generate_series(1::int8, $1) g",
        )
        .await?;
    let mut stream = std::pin::pin!(client.query_raw(&stmt, [&rows]).await?);
    let (mut count, mut sum) = (0i64, 0i64);
    while let Some(row) = stream.next().await {
        let row = row?;
        let (n, text, half, flag): (i64, &str, f64, bool) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        sum = sum.wrapping_add(n + text.len() as i64 + half as i64 + i64::from(flag));
        count += 1;
    }
    assert_eq!(count, rows, "every row arrived");
    println!("{count} rows streamed (checksum {sum})");
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(peak) = status.lines().find(|l| l.starts_with("VmHWM")) {
            println!(
                "peak resident memory: {}",
                peak.trim_start_matches("VmHWM:").trim()
            );
        }
    }
    Ok(())
}
