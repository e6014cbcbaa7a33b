//! Client CPU of the decode workload (`benches/decode.rs`), one driver per process, for
//! instruction counts under callgrind (the machine is noisy; instructions are not):
//!
//! ```sh
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.pgline \
//!     target/release/deps/decode_cpu-* pgline 4
//! ```
//!
//! Run each driver with N and 2N iterations and divide the difference by N, so connecting and
//! the first query's type lookups cancel out. Without arguments (as `cargo test` runs it) both
//! drivers decode the rows once and must agree. Needs the servers of `scripts/test`
//! (`PGLINE_PG15_*`).

// The streamed variants serve only benches/decode.rs.
#[allow(dead_code)]
#[path = "support/decode_workload.rs"]
mod workload;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    if args.is_empty() {
        let pgline = rt.block_on(async {
            let (client, stmt) = workload::pgline_setup().await;
            workload::pgline_run(&client, &stmt).await
        });
        let tokio_pg = rt.block_on(async {
            let (client, stmt) = workload::tokio_setup().await;
            workload::tokio_run(&client, &stmt).await
        });
        assert_eq!(pgline, tokio_pg, "both drivers decode the same values");
        return;
    }
    let iterations: usize = args
        .get(1)
        .map_or(4, |n| n.parse().expect("iterations: a number"));
    let checksum = rt.block_on(async {
        let mut sum = 0u64;
        match args[0].as_str() {
            "pgline" => {
                let (client, stmt) = workload::pgline_setup().await;
                for _ in 0..iterations {
                    sum = sum.wrapping_add(workload::pgline_run(&client, &stmt).await);
                }
            }
            "tokio-postgres" => {
                let (client, stmt) = workload::tokio_setup().await;
                for _ in 0..iterations {
                    sum = sum.wrapping_add(workload::tokio_run(&client, &stmt).await);
                }
            }
            other => panic!("unknown driver {other}: pgline or tokio-postgres"),
        }
        sum
    });
    println!("{} x{iterations}: checksum {checksum}", args[0]);
}
