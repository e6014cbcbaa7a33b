//! Statement stacks against the real servers: both error modes, outside and inside a caller's
//! transaction, checked against the table's contents afterwards.

mod support;

use pgline::types::SqlParam;
use pgline::{Client, ErrorKind, SqlState, StatementStack, TransactionStatus};

async fn client(server: &support::Server) -> Client {
    pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

async fn keys(client: &Client, table: &str) -> Vec<i32> {
    client
        .query(&format!("SELECT id FROM {table} ORDER BY id"), &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

async fn fresh_table(client: &Client, table: &str) {
    client
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS {table}; CREATE TEMP TABLE {table} (id int PRIMARY KEY)"
        ))
        .await
        .unwrap();
}

/// Four operations; the third (index 2) inserts a duplicate key.
macro_rules! failing_stack {
    ($table:literal) => {{
        static ONE: [&(dyn SqlParam + Sync); 1] = [&1i32];
        static SETS: [[&(dyn SqlParam + Sync); 1]; 2] = [[&2i32], [&3i32]];
        StatementStack::new()
            .execute(concat!("INSERT INTO ", $table, " VALUES ($1)"), &ONE)
            .execute_many(concat!("INSERT INTO ", $table, " VALUES ($1)"), &SETS)
            .execute(concat!("INSERT INTO ", $table, " VALUES ($1)"), &ONE)
            .select(concat!("SELECT count(*) FROM ", $table), &[])
    }};
}

#[tokio::test]
async fn stack_runs_every_kind_and_reports_each_result() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        fresh_table(&client, "stack_ok").await;
        let sets: Vec<[&(dyn SqlParam + Sync); 1]> = vec![[&10i32], [&11i32], [&12i32]];
        let stack = StatementStack::new()
            .execute("INSERT INTO stack_ok VALUES ($1)", &[&1i32])
            .execute_many("INSERT INTO stack_ok VALUES ($1)", &sets)
            .select(
                "SELECT id FROM stack_ok WHERE id > $1 ORDER BY id",
                &[&5i32],
            );
        for continue_on_error in [false, true] {
            fresh_table(&client, "stack_ok").await;
            let results = client
                .execute_stack(&stack, continue_on_error)
                .await
                .unwrap();
            assert_eq!(results.len(), 3);
            for (i, r) in results.iter().enumerate() {
                assert_eq!(r.index, i);
                assert!(r.is_ok(), "{}: {:?}", server.name, r.error);
            }
            assert_eq!(results[0].rows_affected, 1);
            assert_eq!(results[1].rows_affected, 3);
            let ids: Vec<i32> = results[2].rows.iter().map(|r| r.get(0)).collect();
            assert_eq!(ids, [10, 11, 12], "{}", server.name);
            assert_eq!(keys(&client, "stack_ok").await, [1, 10, 11, 12]);
        }
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn stack_stops_at_the_first_error_and_keeps_nothing_outside_a_transaction() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        fresh_table(&client, "stack_atomic").await;
        let stack = failing_stack!("stack_atomic");
        let err = client.execute_stack(&stack, false).await.unwrap_err();
        assert_eq!(err.code(), Some(&SqlState::UNIQUE_VIOLATION), "{err}");
        assert_eq!(err.operation(), Some(2));
        assert_eq!(keys(&client, "stack_atomic").await, Vec::<i32>::new());
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn stack_continues_past_errors_outside_a_transaction() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        fresh_table(&client, "stack_each").await;
        let stack = failing_stack!("stack_each");
        let results = client.execute_stack(&stack, true).await.unwrap();
        assert_eq!(results.len(), 4);
        assert!(results[0].is_ok() && results[1].is_ok() && results[3].is_ok());
        assert_eq!(results[1].rows_affected, 2);
        let err = results[2].error.as_ref().unwrap();
        assert_eq!(err.code(), Some(&SqlState::UNIQUE_VIOLATION));
        assert_eq!(err.operation(), Some(2));
        assert_eq!(results[3].rows[0].get::<_, i64>(0), 3, "{}", server.name);
        assert_eq!(keys(&client, "stack_each").await, [1, 2, 3]);
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn stack_continues_past_errors_inside_a_transaction_with_savepoints() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        fresh_table(&client, "stack_tx_each").await;
        let tx = client.transaction().await.unwrap();
        tx.execute("INSERT INTO stack_tx_each VALUES (100)", &[])
            .await
            .unwrap();
        // Two failures, so the stack recovers twice; the last operation reads what stayed.
        let one: [&(dyn SqlParam + Sync); 1] = [&1i32];
        let two: [&(dyn SqlParam + Sync); 1] = [&2i32];
        let hundred: [&(dyn SqlParam + Sync); 1] = [&100i32];
        let stack = StatementStack::new()
            .execute("INSERT INTO stack_tx_each VALUES ($1)", &one)
            .execute("INSERT INTO stack_tx_each VALUES ($1)", &hundred)
            .execute("INSERT INTO stack_tx_each VALUES ($1)", &two)
            .execute("SELECT 1/0", &[])
            .select("SELECT count(*) FROM stack_tx_each", &[]);
        let results = tx.execute_stack(&stack, true).await.unwrap();
        assert!(results[0].is_ok() && results[2].is_ok() && results[4].is_ok());
        assert_eq!(
            results[1].error.as_ref().unwrap().code(),
            Some(&SqlState::UNIQUE_VIOLATION)
        );
        assert_eq!(
            results[3].error.as_ref().unwrap().code(),
            Some(&SqlState::DIVISION_BY_ZERO)
        );
        assert_eq!(results[4].rows[0].get::<_, i64>(0), 3, "{}", server.name);
        // The caller's transaction is still open and usable, and not committed by the stack.
        assert_eq!(tx.status(), TransactionStatus::InTransaction);
        assert_eq!(keys(&tx, "stack_tx_each").await, [1, 2, 100]);
        tx.rollback().await.unwrap();
        assert_eq!(keys(&client, "stack_tx_each").await, Vec::<i32>::new());
    }
}

#[tokio::test]
async fn stack_error_inside_a_transaction_leaves_it_failed_for_the_caller() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        fresh_table(&client, "stack_tx_atomic").await;
        let tx = client.transaction().await.unwrap();
        tx.execute("INSERT INTO stack_tx_atomic VALUES (50)", &[])
            .await
            .unwrap();
        let stack = failing_stack!("stack_tx_atomic");
        let err = tx.execute_stack(&stack, false).await.unwrap_err();
        assert_eq!(err.code(), Some(&SqlState::UNIQUE_VIOLATION));
        assert_eq!(err.operation(), Some(2));
        assert_eq!(tx.status(), TransactionStatus::Failed, "{}", server.name);
        tx.rollback().await.unwrap();
        assert_eq!(keys(&client, "stack_tx_atomic").await, Vec::<i32>::new());
    }
}

#[tokio::test]
async fn stack_inside_a_transaction_never_commits_it() {
    let client = client(&support::pg15()).await;
    fresh_table(&client, "stack_no_commit").await;
    let tx = client.transaction().await.unwrap();
    let stack = failing_stack!("stack_no_commit");
    let results = tx.execute_stack(&stack, true).await.unwrap();
    assert!(results[2].error.is_some());
    assert_eq!(tx.status(), TransactionStatus::InTransaction);
    assert_eq!(keys(&tx, "stack_no_commit").await, [1, 2, 3]);
    drop(tx);
    assert_eq!(keys(&client, "stack_no_commit").await, Vec::<i32>::new());
}

#[tokio::test]
async fn stack_bad_sql_is_its_operations_error_and_keeps_the_transaction() {
    let client = client(&support::pg15()).await;
    fresh_table(&client, "stack_bad_sql").await;
    let tx = client.transaction().await.unwrap();
    let stack = StatementStack::new()
        .execute("INSERT INTO stack_bad_sql VALUES (7)", &[])
        .execute("INSERT INTO nowhere_at_all VALUES ($1)", &[&1i32])
        .select("SELECT id FROM stack_bad_sql", &[]);
    let results = tx.execute_stack(&stack, true).await.unwrap();
    assert!(results[0].is_ok());
    assert_eq!(
        results[1].error.as_ref().unwrap().code(),
        Some(&SqlState::UNDEFINED_TABLE)
    );
    assert_eq!(results[1].error.as_ref().unwrap().operation(), Some(1));
    assert_eq!(results[2].rows[0].get::<_, i32>(0), 7);
    assert_eq!(tx.status(), TransactionStatus::InTransaction);
    tx.commit().await.unwrap();
    assert_eq!(keys(&client, "stack_bad_sql").await, [7]);
    // Without continue_on_error the same stack fails as a whole before anything runs.
    let err = client.execute_stack(&stack, false).await.unwrap_err();
    assert_eq!(err.operation(), Some(1));
    assert_ne!(err.kind(), ErrorKind::Aborted);
    assert_eq!(keys(&client, "stack_bad_sql").await, [7]);
}

#[tokio::test]
async fn stack_execute_many_sets_fail_together_in_both_places() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        // Set 2 repeats set 0's key: the whole operation is undone, the others stay.
        let sets: Vec<[&(dyn SqlParam + Sync); 1]> = vec![[&5i32], [&6i32], [&5i32]];
        let stack = StatementStack::new()
            .execute("INSERT INTO stack_many VALUES (1)", &[])
            .execute_many("INSERT INTO stack_many VALUES ($1)", &sets)
            .execute("INSERT INTO stack_many VALUES (2)", &[]);
        fresh_table(&client, "stack_many").await;
        let results = client.execute_stack(&stack, true).await.unwrap();
        let err = results[1].error.as_ref().unwrap();
        assert_eq!(err.code(), Some(&SqlState::UNIQUE_VIOLATION));
        assert_eq!(err.operation(), Some(1));
        assert_eq!(results[1].rows_affected, 0);
        assert_eq!(keys(&client, "stack_many").await, [1, 2], "{}", server.name);

        fresh_table(&client, "stack_many").await;
        let tx = client.transaction().await.unwrap();
        let results = tx.execute_stack(&stack, true).await.unwrap();
        assert!(results[0].is_ok() && results[2].is_ok());
        assert!(results[1].error.is_some());
        assert_eq!(keys(&tx, "stack_many").await, [1, 2], "{}", server.name);
        tx.commit().await.unwrap();
        assert_eq!(keys(&client, "stack_many").await, [1, 2]);
    }
}
