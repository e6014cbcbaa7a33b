//! Client CPU of the round-trip workloads, one driver per process, for instruction counts
//! under callgrind (the machine is noisy; instructions are not):
//!
//! ```sh
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.pgline \
//!     target/release/deps/cpu_roundtrip-* pgline int4 20000
//! ```
//!
//! `scripts/bench cpu` runs both drivers and prints the ratio. Needs the servers of
//! `scripts/test` (`PGLINE_PG15_*`).

use tokio::runtime::Builder;

fn env(k: &str) -> String {
    std::env::var(k).unwrap_or_else(|_| {
        panic!("{k} is not set: run with scripts/bench, which starts the servers")
    })
}

const ROWS_SQL: &str =
    "SELECT g::int4, g::int8 * 1000, 'row ' || g, g % 2 = 0 FROM generate_series(1, 100) g";

fn main() {
    // `cargo test` runs this target with flags and no workload: a short smoke run of both.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.is_empty() {
        for driver in ["pgline", "tokio-postgres"] {
            for workload in ["int4", "rows100"] {
                run(driver, workload, 10);
            }
        }
        return;
    }
    let iterations = args
        .get(2)
        .map_or(10_000, |n| n.parse().expect("iterations"));
    run(
        &args[0],
        args.get(1).map_or("int4", String::as_str),
        iterations,
    );
}

fn run(driver: &str, workload: &str, iterations: usize) {
    let (host, port, db) = (
        env("PGLINE_PG15_HOST"),
        env("PGLINE_PG15_PORT"),
        env("PGLINE_TEST_DB"),
    );
    let rt = Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let mut checksum = 0i64;
        // Both clients have the same method names, so one body serves both.
        macro_rules! work {
            ($client:expr) => {{
                let client = $client;
                let int4 = client.prepare("SELECT $1::int4").await.unwrap();
                let rows = client.prepare(ROWS_SQL).await.unwrap();
                for i in 0..iterations as i32 {
                    if workload == "int4text" {
                        // SQL text: pgline's statement cache prepares it once; tokio-postgres
                        // prepares it on every call.
                        checksum += i64::from(
                            client
                                .query_one("SELECT $1::int4", &[&i])
                                .await
                                .unwrap()
                                .get::<_, i32>(0),
                        );
                    } else if workload == "int4" {
                        checksum += i64::from(
                            client
                                .query_one(&int4, &[&i])
                                .await
                                .unwrap()
                                .get::<_, i32>(0),
                        );
                    } else {
                        for row in client.query(&rows, &[]).await.unwrap() {
                            let (a, b, c, d): (i32, i64, &str, bool) =
                                (row.get(0), row.get(1), row.get(2), row.get(3));
                            checksum += i64::from(a) + b + c.len() as i64 + i64::from(d);
                        }
                    }
                }
            }};
        }
        match driver {
            "pgline" => {
                let url = format!("postgres://pgline_trust@{host}:{port}/{db}?sslmode=disable");
                work!(pgline::connect(&url).await.unwrap());
            }
            "tokio-postgres" => {
                let kv = format!(
                    "host={host} port={port} user=pgline_trust dbname={db} sslmode=disable"
                );
                let (client, connection) = tokio_postgres::connect(&kv, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(connection);
                work!(client);
            }
            other => panic!("unknown driver {other}: pgline or tokio-postgres"),
        }
        println!("{driver} {workload} x{iterations}: checksum {checksum}");
    });
}
