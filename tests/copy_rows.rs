//! The binary row writer (`Client::copy_in_rows`) against pg15 and pg18: typed values land as
//! their columns' types, errors leave the table unchanged and the connection usable.

mod support;

use pgline::Client;
use std::time::{Duration, UNIX_EPOCH};

use pgline::types::{Numeric, SqlParam};

async fn connect(server: &support::Server) -> Client {
    let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
    pgline::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

async fn count(client: &Client, table: &str) -> i64 {
    client
        .query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .await
        .unwrap()
        .get(0)
}

async fn rows_land_as_their_column_types(server: support::Server) {
    let client = connect(&server).await;
    client
        .batch_execute(
            "CREATE TEMP TABLE rw_items (id int8 PRIMARY KEY, name text, price numeric(10, 2), \
             tags text[], doc jsonb, seen timestamptz, flag bool, \
             total int8 GENERATED ALWAYS AS (id * 2) STORED)",
        )
        .await
        .unwrap();
    // Every column COPY can write, in table order (the generated one is left out).
    let mut writer = client.copy_in_rows("rw_items", &[]).await.unwrap();
    assert_eq!(writer.types().len(), 7, "{}", server.name);
    let tags = vec!["a".to_owned(), "b".to_owned()];
    let doc = serde_json::json!({"k": [1, 2]});
    for id in 0..10_000i64 {
        let name = format!("item {id}");
        let price: Option<Numeric> = (id % 3 == 0).then(|| "19.99".parse().unwrap());
        let seen = (id % 5 == 0).then_some(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let flag = id % 2 == 0;
        let row: [&(dyn SqlParam + Sync); 7] = [&id, &name, &price, &tags, &doc, &seen, &flag];
        writer.write(&row).await.unwrap();
    }
    assert_eq!(writer.finish().await.unwrap(), 10_000, "{}", server.name);
    let row = client
        .query_one(
            "SELECT name, price::text, tags, doc::text, flag, total, \
             extract(epoch FROM seen)::int8 FROM rw_items WHERE id = 4245",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "item 4245");
    assert_eq!(row.get::<_, Option<String>>(1).as_deref(), Some("19.99"));
    assert_eq!(row.get::<_, Vec<String>>(2), tags);
    assert_eq!(row.get::<_, String>(3), r#"{"k": [1, 2]}"#);
    assert!(!row.get::<_, bool>(4));
    assert_eq!(row.get::<_, i64>(5), 8490);
    assert_eq!(row.get::<_, Option<i64>>(6), Some(1_700_000_000));
    let nulls: i64 = client
        .query_one("SELECT count(*) FROM rw_items WHERE price IS NULL", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(nulls, 6_666);

    // A column subset in the caller's order; the others take their defaults.
    let mut writer = client
        .copy_in_rows("rw_items", &["flag", "id"])
        .await
        .unwrap();
    writer.write(&[&false, &-1i64]).await.unwrap();
    assert_eq!(writer.finish().await.unwrap(), 1);
    let name: Option<String> = client
        .query_one("SELECT name FROM rw_items WHERE id = -1", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(name, None);
}

#[tokio::test]
async fn rows_land_as_their_column_types_pg15() {
    rows_land_as_their_column_types(support::pg15()).await;
}

#[tokio::test]
async fn rows_land_as_their_column_types_pg18() {
    rows_land_as_their_column_types(support::pg18()).await;
}

async fn failures_leave_the_table_unchanged(server: support::Server) {
    let client = connect(&server).await;
    client
        .batch_execute("CREATE TEMP TABLE rw_checked (id int4 CHECK (id <> 150000), note text)")
        .await
        .unwrap();

    // An unknown column fails before the COPY starts.
    let e = client
        .copy_in_rows("rw_checked", &["id", "nope"])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), pgline::ErrorKind::Usage, "{e}");

    // A value of the wrong Rust type is refused locally; the row is not sent and the COPY
    // goes on.
    let mut writer = client.copy_in_rows("rw_checked", &[]).await.unwrap();
    let e = writer.write(&[&"not an int", &"x"]).await.unwrap_err();
    assert_eq!(e.kind(), pgline::ErrorKind::Conversion, "{e}");
    writer.write(&[&1i32, &"one"]).await.unwrap();
    assert_eq!(writer.finish().await.unwrap(), 1);

    // The server rejects row 150,000 while rows are still being sent: the error stops the
    // writer (in `write` or at `finish`) and nothing of this COPY remains.
    let mut writer = client.copy_in_rows("rw_checked", &[]).await.unwrap();
    let mut failed = None;
    for id in 0..300_000i32 {
        if let Err(e) = writer.write(&[&id, &"row"]).await {
            failed = Some(e);
            break;
        }
    }
    let e = match failed {
        Some(e) => e,
        None => writer.finish().await.unwrap_err(),
    };
    assert_eq!(
        e.code(),
        Some(&pgline::SqlState::CHECK_VIOLATION),
        "{}: {e}",
        server.name
    );
    assert_eq!(count(&client, "rw_checked").await, 1);

    // Dropped half way: CopyFail, nothing copied, the connection is usable.
    let mut writer = client.copy_in_rows("rw_checked", &[]).await.unwrap();
    for id in 200_000..260_000i32 {
        writer.write(&[&id, &"dropped"]).await.unwrap();
    }
    drop(writer);
    assert_eq!(count(&client, "rw_checked").await, 1);

    // Aborted: the same.
    let mut writer = client.copy_in_rows("rw_checked", &[]).await.unwrap();
    writer.write(&[&7i32, &"aborted"]).await.unwrap();
    writer.abort("changed my mind").await.unwrap();
    assert_eq!(count(&client, "rw_checked").await, 1);
}

#[tokio::test]
async fn failures_leave_the_table_unchanged_pg15() {
    failures_leave_the_table_unchanged(support::pg15()).await;
}

#[tokio::test]
async fn failures_leave_the_table_unchanged_pg18() {
    failures_leave_the_table_unchanged(support::pg18()).await;
}
