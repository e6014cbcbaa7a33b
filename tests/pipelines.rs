//! Pipelines, execute_many, the statement cache and transactions against the real servers.

mod support;

use std::time::Duration;

use pgline::types::SqlParam;
use pgline::{Client, ErrorKind, IsolationLevel, SqlState, SyncMode, TransactionStatus};

async fn client(server: &support::Server) -> Client {
    pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

async fn client_with_cache(server: &support::Server, size: usize) -> Client {
    let config: pgline::Config = server
        .url("pgline_trust", &[("sslmode", "disable")])
        .parse()
        .unwrap();
    pgline::ConnectOptions::new()
        .statement_cache_size(size)
        .connect(&config)
        .await
        .unwrap()
}

async fn count(client: &Client, table: &str) -> i64 {
    client
        .query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn pipeline_of_a_thousand_operations_answers_in_order() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let numbers: Vec<i32> = (0..1000).collect();
        let params: Vec<[&(dyn SqlParam + Sync); 1]> = numbers
            .iter()
            .map(|n| [n as &(dyn SqlParam + Sync)])
            .collect();
        let mut pipeline = client.pipeline();
        for p in &params {
            pipeline = pipeline.query("SELECT $1::int4 * 2, 'x'::text", p);
        }
        assert_eq!(pipeline.len(), 1000);
        let results = pipeline.run().await.unwrap();
        assert_eq!(results.len(), 1000);
        for (i, result) in results.iter().enumerate() {
            let outcome = result.as_ref().unwrap();
            assert_eq!(outcome.rows.len(), 1);
            assert_eq!(
                outcome.rows[0].get::<_, i32>(0),
                i as i32 * 2,
                "{}",
                server.name
            );
        }
        // The new statement was prepared once and cached.
        let stats = client.statement_cache_stats();
        assert_eq!(stats.len, 1);
    }
}

async fn error_at_500(
    client: &Client,
    mode: SyncMode,
) -> Vec<Result<pgline::PipelineOutcome, pgline::Error>> {
    client
        .batch_execute("DROP TABLE IF EXISTS piped; CREATE TABLE piped (n int PRIMARY KEY)")
        .await
        .unwrap();
    // Operation 500 inserts a duplicate of operation 499's key.
    let keys: Vec<i32> = (0..1000).map(|i| if i == 500 { 499 } else { i }).collect();
    let params: Vec<[&(dyn SqlParam + Sync); 1]> =
        keys.iter().map(|n| [n as &(dyn SqlParam + Sync)]).collect();
    let mut pipeline = client.pipeline().sync_mode(mode);
    for p in &params {
        pipeline = pipeline.execute("INSERT INTO piped VALUES ($1)", p);
    }
    pipeline.run().await.unwrap()
}

#[tokio::test]
async fn pipeline_error_in_operation_500_in_each_sync_mode() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let results = error_at_500(&client, SyncMode::Atomic).await;
        for (i, result) in results.iter().enumerate() {
            let err = result.as_ref().unwrap_err();
            assert_eq!(err.operation(), Some(i));
            if i == 500 {
                assert_eq!(err.code(), Some(&SqlState::UNIQUE_VIOLATION));
            } else {
                assert_eq!(err.kind(), ErrorKind::Aborted, "{i}");
                assert!(err.to_string().contains("operation 500"), "{err}");
            }
        }
        assert_eq!(count(&client, "piped").await, 0, "atomic: nothing stays");

        let results = error_at_500(&client, SyncMode::Isolated).await;
        for (i, result) in results.iter().enumerate() {
            if i == 500 {
                let err = result.as_ref().unwrap_err();
                assert_eq!(err.code(), Some(&SqlState::UNIQUE_VIOLATION));
                assert_eq!(err.operation(), Some(500));
            } else {
                assert_eq!(result.as_ref().unwrap().rows_affected, 1, "{i}");
            }
        }
        assert_eq!(count(&client, "piped").await, 999, "isolated: all but one");
        client.batch_execute("DROP TABLE piped").await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipeline_larger_than_the_socket_buffers_completes() {
    let client = client(&support::pg15()).await;
    let numbers: Vec<i32> = (0..10_000).collect();
    let params: Vec<[&(dyn SqlParam + Sync); 1]> = numbers
        .iter()
        .map(|n| [n as &(dyn SqlParam + Sync)])
        .collect();
    let mut pipeline = client.pipeline().sync_mode(SyncMode::Isolated);
    for p in &params {
        pipeline = pipeline.query("SELECT $1::int4, repeat('y', 1000)", p);
    }
    let results = tokio::time::timeout(Duration::from_secs(120), pipeline.run())
        .await
        .expect("no deadlock")
        .unwrap();
    assert_eq!(results.len(), 10_000);
    let last = results[9_999].as_ref().unwrap();
    assert_eq!(last.rows[0].get::<_, i32>(0), 9_999);
    assert_eq!(last.rows[0].get::<_, &str>(1).len(), 1000);
}

#[tokio::test]
async fn pipeline_future_dropped_mid_flight_leaves_the_connection_right() {
    let client = client(&support::pg15()).await;
    for polls in 0..4 {
        let numbers: Vec<i32> = (0..200).collect();
        let params: Vec<[&(dyn SqlParam + Sync); 1]> = numbers
            .iter()
            .map(|n| [n as &(dyn SqlParam + Sync)])
            .collect();
        let mut pipeline = client.pipeline();
        for p in &params {
            pipeline = pipeline.query("SELECT $1::int4, pg_sleep(0.0001)", p);
        }
        let mut run = std::pin::pin!(pipeline.run());
        for _ in 0..polls {
            let _ = futures_util::FutureExt::now_or_never(&mut run);
            tokio::task::yield_now().await;
        }
    }
    for i in 0..10i32 {
        let row = client
            .query_one("SELECT $1::int4 + 1", &[&i])
            .await
            .unwrap();
        assert_eq!(row.get::<_, i32>(0), i + 1);
    }
    assert_eq!(client.transaction_status(), TransactionStatus::Idle);
}

#[tokio::test]
async fn execute_many_is_one_atomic_flight() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        client
            .batch_execute("CREATE TEMP TABLE many (id int PRIMARY KEY, name text)")
            .await
            .unwrap();
        let rows: Vec<(i32, String)> = (0..1000).map(|i| (i, format!("n{i}"))).collect();
        let n = client
            .execute_many(
                "INSERT INTO many VALUES ($1, $2)",
                rows.iter()
                    .map(|(id, name)| [id as &(dyn SqlParam + Sync), name as _]),
            )
            .await
            .unwrap();
        assert_eq!(n, 1000);
        assert_eq!(count(&client, "many").await, 1000);
        // A duplicate in set 700: nothing of the batch stays.
        let more: Vec<i32> = (1000..2000)
            .map(|i| if i == 1700 { 5 } else { i })
            .collect();
        let err = client
            .execute_many(
                "INSERT INTO many (id) VALUES ($1)",
                more.iter().map(|id| [id as &(dyn SqlParam + Sync)]),
            )
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(&SqlState::UNIQUE_VIOLATION));
        assert_eq!(err.operation(), Some(700));
        assert_eq!(count(&client, "many").await, 1000, "{}", server.name);
    }
}

#[tokio::test]
async fn statement_cache_counts_hits_and_reprepares_after_alter_table() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        client
            .batch_execute("CREATE TEMP TABLE cached (a int)")
            .await
            .unwrap();
        client
            .execute("INSERT INTO cached VALUES ($1)", &[&1i32])
            .await
            .unwrap();
        let before = client.statement_cache_stats();
        for _ in 0..5 {
            let rows = client
                .query("SELECT * FROM cached WHERE a = $1", &[&1i32])
                .await
                .unwrap();
            assert_eq!(rows[0].len(), 1);
        }
        let after = client.statement_cache_stats();
        assert_eq!(after.misses - before.misses, 1);
        assert_eq!(after.hits - before.hits, 4);
        // The result type changes under the cached statement: prepared again, retried once.
        client
            .batch_execute("ALTER TABLE cached ADD COLUMN b text DEFAULT 'new'")
            .await
            .unwrap();
        let rows = client
            .query("SELECT * FROM cached WHERE a = $1", &[&1i32])
            .await
            .unwrap();
        assert_eq!(rows[0].len(), 2, "{}", server.name);
        assert_eq!(rows[0].get::<_, &str>("b"), "new");
        assert_eq!(client.statement_cache_stats().invalidations, 1);
    }
}

#[tokio::test]
async fn statement_cache_evicts_and_closes_the_least_recently_used() {
    let client = client_with_cache(&support::pg15(), 3).await;
    for i in 0..10i32 {
        let sql = format!("SELECT $1::int4 + {i}");
        let row = client.query_one(&sql, &[&1i32]).await.unwrap();
        assert_eq!(row.get::<_, i32>(0), 1 + i);
    }
    assert_eq!(client.statement_cache_stats().len, 3);
    let prepared: i64 = client
        .query_one("SELECT count(*) FROM pg_prepared_statements", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(prepared, 3, "evicted statements are closed on the server");
}

#[tokio::test]
async fn statement_cache_size_zero_leaves_nothing_named_on_the_server() {
    for server in support::all_servers() {
        let client = client_with_cache(&server, 0).await;
        for i in 0..20i32 {
            let row = client
                .query_one("SELECT $1::int4 * 3, $2::text", &[&i, &"t"])
                .await
                .unwrap();
            assert_eq!(row.get::<_, i32>(0), i * 3);
            client
                .execute("SELECT $1::int8", &[&(i as i64)])
                .await
                .unwrap();
        }
        // A type the client has to look up in the catalog first.
        client
            .batch_execute(
                "DROP TYPE IF EXISTS mood_zero; CREATE TYPE mood_zero AS ENUM ('ok', 'sad')",
            )
            .await
            .unwrap();
        let rows = client
            .query("SELECT 'sad'::mood_zero, $1::int4", &[&1i32])
            .await
            .unwrap();
        assert_eq!(rows[0].get::<_, &str>(0), "sad");
        let err = client
            .query("SELECT $1::int4 / 0", &[&1i32])
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some(&SqlState::DIVISION_BY_ZERO));
        let prepared: i64 = client
            .query_one("SELECT count(*) FROM pg_prepared_statements", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(prepared, 0, "{}", server.name);
        assert_eq!(client.statement_cache_stats().len, 0);
        client.batch_execute("DROP TYPE mood_zero").await.unwrap();
    }
}

#[tokio::test]
async fn transaction_commit_rollback_and_drop() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        client
            .batch_execute("CREATE TEMP TABLE tx (n int)")
            .await
            .unwrap();
        let tx = client.transaction().await.unwrap();
        assert_eq!(tx.status(), TransactionStatus::InTransaction);
        tx.execute("INSERT INTO tx VALUES (1)", &[]).await.unwrap();
        tx.commit().await.unwrap();
        let tx = client.transaction().await.unwrap();
        tx.execute("INSERT INTO tx VALUES (2)", &[]).await.unwrap();
        tx.rollback().await.unwrap();
        {
            let tx = client.transaction().await.unwrap();
            tx.execute("INSERT INTO tx VALUES (3)", &[]).await.unwrap();
            // Dropped without commit.
        }
        // Dropped while its statement is in flight.
        {
            let tx = client.transaction().await.unwrap();
            let insert = tx.execute("INSERT INTO tx SELECT 4 FROM pg_sleep(0.05)", &[]);
            let _ = tokio::time::timeout(Duration::from_millis(5), insert).await;
        }
        let rows = client.query("SELECT n FROM tx", &[]).await.unwrap();
        let ns: Vec<i32> = rows.iter().map(|r| r.get(0)).collect();
        assert_eq!(ns, [1], "{}", server.name);
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn transaction_savepoints_nest() {
    let client = client(&support::pg15()).await;
    client
        .batch_execute("CREATE TEMP TABLE sp (n int)")
        .await
        .unwrap();
    let mut tx = client.transaction().await.unwrap();
    tx.execute("INSERT INTO sp VALUES (1)", &[]).await.unwrap();
    {
        let mut inner = tx.savepoint().await.unwrap();
        inner
            .execute("INSERT INTO sp VALUES (2)", &[])
            .await
            .unwrap();
        {
            let innermost = inner.savepoint().await.unwrap();
            innermost
                .execute("INSERT INTO sp VALUES (3)", &[])
                .await
                .unwrap();
            innermost.rollback().await.unwrap();
        }
        // A failed statement inside a savepoint is undone by dropping it.
        {
            let failing = inner.savepoint().await.unwrap();
            failing.execute("SELECT 1/0", &[]).await.unwrap_err();
        }
        inner
            .execute("INSERT INTO sp VALUES (4)", &[])
            .await
            .unwrap();
        inner.commit().await.unwrap();
    }
    tx.commit().await.unwrap();
    let rows = client
        .query("SELECT n FROM sp ORDER BY n", &[])
        .await
        .unwrap();
    let ns: Vec<i32> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(ns, [1, 2, 4]);
}

#[tokio::test]
async fn transaction_owns_the_connection_other_clones_wait() {
    let client = client(&support::pg15()).await;
    client
        .batch_execute("CREATE TEMP TABLE owned (n int)")
        .await
        .unwrap();
    let tx = client.transaction().await.unwrap();
    tx.execute("INSERT INTO owned VALUES (1)", &[])
        .await
        .unwrap();
    // Another clone's request must not run inside the transaction.
    let other = client.clone();
    let outside = tokio::spawn(async move {
        let status: String = other
            .query_one(
                "SELECT CASE WHEN count(*) = 0 THEN 'waited' ELSE 'inside' END FROM owned",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        status
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !outside.is_finished(),
        "the other clone waits for the transaction"
    );
    tx.rollback().await.unwrap();
    assert_eq!(outside.await.unwrap(), "waited");
}

#[tokio::test]
async fn transaction_isolation_read_only_and_deferrable() {
    let client = client(&support::pg15()).await;
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::Serializable)
        .read_only(true)
        .deferrable(true)
        .start()
        .await
        .unwrap();
    let row = tx
        .query_one(
            "SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only'), current_setting('transaction_deferrable')",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, &str>(0), "serializable");
    assert_eq!(row.get::<_, &str>(1), "on");
    assert_eq!(row.get::<_, &str>(2), "on");
    let err = tx
        .execute("CREATE TEMP TABLE nope (n int)", &[])
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&SqlState::READ_ONLY_SQL_TRANSACTION));
    assert_eq!(tx.status(), TransactionStatus::Failed);
    tx.rollback().await.unwrap();
}
