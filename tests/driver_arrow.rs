//! The COPY issue's operations on a driver `Session` against pg15 and pg18: `select_to_arrow`
//! with the driver's placeholder styles, `load_from_arrow` (append, overwrite, all or nothing
//! inside and outside the session's transaction) and the storage bridge through `memory://`, each
//! seen by the query hooks.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, Int32Array, RecordBatch, StringArray};
use futures_util::TryStreamExt;
use pgline::storage::FileFormat;
use pgline::types::SqlParam;
use pgline::{
    Database, DatabaseHooks, Error, ErrorClass, ErrorKind, QueryEvent, Session, batch_stream,
};

#[derive(Default)]
struct Seen {
    complete: AtomicU64,
    errors: AtomicU64,
    rows: AtomicU64,
    last: Mutex<Option<(String, String)>>,
}

impl DatabaseHooks for Seen {
    fn on_query_complete(&self, event: &QueryEvent<'_>) {
        self.complete.fetch_add(1, Ordering::SeqCst);
        self.rows.fetch_add(event.rows, Ordering::SeqCst);
        *self.last.lock().unwrap() = Some((event.operation.to_owned(), event.statement.to_owned()));
    }
    fn on_error(&self, _: &QueryEvent<'_>, _: &Error) {
        self.errors.fetch_add(1, Ordering::SeqCst);
    }
}

impl Seen {
    fn last(&self) -> (String, String) {
        self.last
            .lock()
            .unwrap()
            .clone()
            .expect("a completed query")
    }
    fn take_rows(&self) -> u64 {
        self.rows.swap(0, Ordering::SeqCst)
    }
}

async fn session(server: &support::Server, hooks: Arc<Seen>) -> (Database, Session) {
    let db = Database::builder(&server.url(support::USER_TRUST, &[("sslmode", "disable")]))
        .unwrap()
        .settings(|s| {
            s.pool_min_size = 0;
            s.pool_max_size = 1;
        })
        .hooks(hooks)
        .build()
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
    let session = db
        .session()
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
    (db, session)
}

fn batch(ids: std::ops::Range<i32>) -> RecordBatch {
    let names: Vec<Option<String>> = ids
        .clone()
        .map(|i| (i % 5 != 0).then(|| format!("item {i}")))
        .collect();
    RecordBatch::try_from_iter([
        (
            "id",
            Arc::new(Int32Array::from_iter_values(ids)) as ArrayRef,
        ),
        ("name", Arc::new(StringArray::from(names)) as ArrayRef),
    ])
    .unwrap()
}

async fn count(s: &Session) -> i64 {
    s.select_value("SELECT count(*) FROM da_items", &[])
        .await
        .unwrap()
}

/// The ids of all batches, in order.
fn ids(batches: &[RecordBatch]) -> Vec<i32> {
    batches
        .iter()
        .flat_map(|b| b.column(0).as_primitive::<Int32Type>().values().to_vec())
        .collect()
}

async fn arrow_through_a_session(server: support::Server) {
    let name = server.name;
    let hooks = Arc::new(Seen::default());
    let (_db, s) = session(&server, hooks.clone()).await;
    s.execute_script(
        "DROP TABLE IF EXISTS da_items; \
         CREATE TEMP TABLE da_items (id int PRIMARY KEY CHECK (id <> 4242), name text)",
    )
    .await
    .unwrap();

    // Append twice, then overwrite: the hooks see each load as a COPY with its rows.
    let loaded = s
        .load_from_arrow("da_items", batch_stream([batch(0..1000)]), false)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!(loaded, 1000, "{name}");
    assert_eq!(hooks.take_rows(), 1000, "{name}");
    assert_eq!(hooks.last().0, "COPY", "{name}");
    assert!(hooks.last().1.contains("da_items"), "{name}");
    s.load_from_arrow("da_items", batch_stream([batch(1000..1500)]), false)
        .await
        .unwrap();
    assert_eq!(count(&s).await, 1500, "{name}");
    let loaded = s
        .load_from_arrow(
            "da_items",
            batch_stream([batch(0..300), batch(300..400)]),
            true,
        )
        .await
        .unwrap();
    assert_eq!((loaded, count(&s).await), (400, 400), "{name}");

    // A bad row (the CHECK) fails the load, overwrite or not, and leaves the table as it was.
    hooks.take_rows();
    for overwrite in [false, true] {
        let e = s
            .load_from_arrow("da_items", batch_stream([batch(4000..5000)]), overwrite)
            .await
            .unwrap_err();
        assert_eq!(e.class(), ErrorClass::CheckViolation, "{name}: {e:?}");
        assert_eq!(count(&s).await, 400, "{name}: overwrite {overwrite}");
    }
    assert_eq!(hooks.errors.load(Ordering::SeqCst), 2, "{name}");

    // Inside the session's own transaction a failed load rolls back to its savepoint only.
    s.begin().await.unwrap();
    s.execute("INSERT INTO da_items VALUES (-1, 'kept')", &[])
        .await
        .unwrap();
    let e = s
        .load_from_arrow("da_items", batch_stream([batch(4000..5000)]), true)
        .await
        .unwrap_err();
    assert_eq!(e.class(), ErrorClass::CheckViolation, "{name}: {e:?}");
    s.load_from_arrow("da_items", batch_stream([batch(400..500)]), false)
        .await
        .unwrap();
    s.commit().await.unwrap();
    assert_eq!(count(&s).await, 501, "{name}");

    // select_to_arrow with `?`, `:name` (a repeated name reuses its value) and `$n`, and without
    // parameters (binary COPY); batches of the requested size.
    let cases: [(&str, &[&(dyn SqlParam + Sync)]); 4] = [
        (
            "SELECT id, name FROM da_items WHERE id >= ? AND id < ? ORDER BY id",
            &[&10i32, &260i32],
        ),
        (
            "SELECT id, name FROM da_items WHERE id >= :lo AND id < :lo + 250 ORDER BY id",
            &[&10i32],
        ),
        (
            "SELECT id, name FROM da_items WHERE id >= $1 AND id < $2 ORDER BY id",
            &[&10i32, &260i32],
        ),
        (
            "SELECT id, name FROM da_items WHERE id >= 10 AND id < 260 ORDER BY id",
            &[],
        ),
    ];
    for (sql, params) in cases {
        hooks.take_rows();
        let batches: Vec<RecordBatch> = s
            .select_to_arrow(sql, params, 100)
            .await
            .unwrap_or_else(|e| panic!("{name}: {sql}: {e:?}"))
            .try_collect()
            .await
            .unwrap_or_else(|e| panic!("{name}: {sql}: {e:?}"));
        let sizes: Vec<usize> = batches.iter().map(RecordBatch::num_rows).collect();
        assert_eq!(sizes, [100, 100, 50], "{name}: {sql}");
        assert_eq!(
            ids(&batches),
            (10..260).collect::<Vec<_>>(),
            "{name}: {sql}"
        );
        let names = batches[0].column(1).as_string::<i32>();
        assert!(names.is_null(0), "{name}: {sql}: id 10 has no name");
        assert_eq!(names.value(1), "item 11", "{name}: {sql}");
        let (operation, statement) = hooks.last();
        assert_eq!(operation, "SELECT", "{name}: {sql}");
        assert!(
            !statement.contains('?') && !statement.contains(":lo"),
            "{statement}"
        );
    }
    // A wrong parameter count is refused before anything is sent; the session still works.
    let Err(e) = s
        .select_to_arrow("SELECT id FROM da_items WHERE id = ?", &[&1i32, &2i32], 10)
        .await
    else {
        panic!("{name}: two values for one placeholder were taken");
    };
    assert_eq!(e.kind(), ErrorKind::Usage, "{name}: {e:?}");
    assert_eq!(count(&s).await, 501, "{name}");

    // The storage bridge through memory://, split by rows, and back with overwrite.
    let dir = format!("memory:///driver-{name}");
    hooks.take_rows();
    let files = s
        .select_to_storage(
            "SELECT id, name FROM da_items WHERE id >= :lo ORDER BY id",
            &[&0i32],
            &format!("{dir}/items.parquet"),
            FileFormat::Parquet,
            Some(200),
        )
        .await
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let rows: Vec<u64> = files.iter().map(|f| f.rows).collect();
    assert_eq!(rows, [200, 200, 100], "{name}");
    assert_eq!(hooks.take_rows(), 500, "{name}");
    let loaded = s
        .load_from_storage("da_items", &format!("{dir}/"), FileFormat::Parquet, true)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!((loaded, count(&s).await), (500, 500), "{name}");
    let missing: i64 = s
        .select_value(
            "SELECT count(*) FROM generate_series(0, 499) i \
             WHERE NOT EXISTS (SELECT FROM da_items WHERE id = i)",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(missing, 0, "{name}");
}

#[tokio::test]
async fn arrow_through_a_session_pg15() {
    arrow_through_a_session(support::pg15()).await;
}

#[tokio::test]
async fn arrow_through_a_session_pg18() {
    arrow_through_a_session(support::pg18()).await;
}
