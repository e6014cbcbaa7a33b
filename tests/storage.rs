//! The storage bridge against pg15 and pg18: a table out to Parquet, Arrow IPC (file and
//! stream) and CSV, on local files and `memory://`, whole and split by rows, and back into a
//! table that must then equal the source.

mod support;

use pgline::storage::{FileFormat, Location};
use pgline::{Client, ErrorKind};

async fn connect(server: &support::Server) -> Client {
    let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
    pgline::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

async fn scalar(client: &Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).await.unwrap().get(0)
}

const FORMATS: [FileFormat; 4] = [
    FileFormat::Parquet,
    FileFormat::ArrowFile,
    FileFormat::ArrowStream,
    FileFormat::Csv,
];

/// A fresh local directory for this run.
fn local_dir(tag: &str) -> String {
    let dir = std::env::temp_dir().join(format!("pgline-storage-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.to_str().unwrap().to_owned()
}

async fn assert_same(client: &Client, what: &str) {
    let missing = scalar(
        client,
        "SELECT count(*) FROM (SELECT * FROM st_src EXCEPT ALL SELECT * FROM st_dst) d",
    )
    .await;
    let extra = scalar(
        client,
        "SELECT count(*) FROM (SELECT * FROM st_dst EXCEPT ALL SELECT * FROM st_src) d",
    )
    .await;
    assert_eq!((missing, extra), (0, 0), "{what}");
}

async fn tables_round_trip_through_files(server: support::Server) {
    let client = connect(&server).await;
    client
        .batch_execute(
            "CREATE TEMP TABLE st_src AS SELECT i::int8 AS id, i * 0.25::float8 AS x, \
             CASE WHEN i % 7 = 0 THEN NULL ELSE 'note, \"' || i END AS note, \
             timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute' AS at, \
             date '2000-02-29' + i AS d, (i * 1.5)::numeric(12, 2) AS n, i % 2 = 0 AS flag, \
             jsonb_build_object('i', i) AS j, md5(i::text)::uuid AS u \
             FROM generate_series(1, 2500) i; \
             CREATE TEMP TABLE st_dst (LIKE st_src)",
        )
        .await
        .unwrap();
    let local = local_dir(server.name);
    for format in FORMATS {
        let ext = format.extension();
        for base in [local.clone(), format!("memory:///{}/{ext}", server.name)] {
            let what = format!("{}: {format:?} in {base}", server.name);
            // One file.
            let file = format!("{base}/all.{ext}");
            let files = client
                .select_to_storage("SELECT * FROM st_src", &[], &file, format, None)
                .await
                .unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(files.len(), 1, "{what}");
            assert_eq!(files[0].rows, 2500, "{what}");
            assert!(files[0].bytes > 0, "{what}");
            let loaded = client
                .load_from_storage("st_dst", &file, format, true)
                .await
                .unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(loaded, 2500, "{what}");
            assert_same(&client, &what).await;

            // Split by rows, with a parameter; loaded back from the folder.
            let dir = format!("{base}/split-{ext}/");
            let files = client
                .select_to_storage(
                    "SELECT * FROM st_src WHERE id > $1",
                    &[&0i64],
                    &format!("{dir}part.{ext}"),
                    format,
                    Some(1000),
                )
                .await
                .unwrap_or_else(|e| panic!("{what}: {e:?}"));
            let rows: Vec<u64> = files.iter().map(|f| f.rows).collect();
            assert_eq!(rows, [1000, 1000, 500], "{what}");
            assert!(
                files[1]
                    .path
                    .as_ref()
                    .ends_with(&format!("part-00001.{ext}"))
            );
            let loaded = client
                .load_from_storage("st_dst", &dir, format, true)
                .await
                .unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(loaded, 2500, "{what}");
            assert_same(&client, &what).await;

            // No rows: one file with the columns, which loads nothing (and overwrite empties).
            let empty = format!("{base}/empty.{ext}");
            let files = client
                .select_to_storage(
                    "SELECT * FROM st_src WHERE false",
                    &[],
                    &empty,
                    format,
                    None,
                )
                .await
                .unwrap();
            assert_eq!(files.len(), 1);
            assert_eq!(files[0].rows, 0);
            assert_eq!(
                client
                    .load_from_storage("st_dst", &empty, format, true)
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e:?}")),
                0
            );
            assert_eq!(scalar(&client, "SELECT count(*) FROM st_dst").await, 0);
        }
    }

    // A missing source fails; the table is as it was.
    client
        .batch_execute("INSERT INTO st_dst SELECT * FROM st_src")
        .await
        .unwrap();
    let e = client
        .load_from_storage(
            "st_dst",
            Location::parse(&format!("{local}/missing.parquet")).unwrap(),
            FileFormat::Parquet,
            true,
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io, "{e:?}");
    assert_same(&client, "after a missing file").await;
    std::fs::remove_dir_all(&local).unwrap();
}

#[tokio::test]
async fn tables_round_trip_through_files_pg15() {
    tables_round_trip_through_files(support::pg15()).await;
}

#[tokio::test]
async fn tables_round_trip_through_files_pg18() {
    tables_round_trip_through_files(support::pg18()).await;
}
