//! The driver's transactions (begin/commit/rollback, the retrying closure, a real
//! serialization failure between two sessions) and statement stacks in and out of a caller's
//! transaction, checked against the tables, on pg15 and pg18.

mod support;

use std::sync::atomic::{AtomicU32, Ordering};

use pgline::types::SqlParam;
use pgline::{Database, ErrorKind, IsolationLevel, SqlState, StatementStack, TransactionStatus};

async fn database(server: &support::Server) -> Database {
    Database::builder(&server.url(support::USER_TRUST, &[("sslmode", "disable")]))
        .unwrap()
        .settings(|s| {
            s.pool_min_size = 0;
            s.pool_max_size = 3;
        })
        .build()
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

fn servers() -> [support::Server; 2] {
    [support::pg15(), support::pg18()]
}

/// A fresh shared table for one test on one server.
async fn table(db: &Database, name: &str) {
    db.session()
        .await
        .unwrap()
        .execute_script(&format!(
            "DROP TABLE IF EXISTS {name}; CREATE TABLE {name} (id int PRIMARY KEY)"
        ))
        .await
        .unwrap();
}

async fn ids(db: &Database, name: &str) -> Vec<i32> {
    db.session()
        .await
        .unwrap()
        .select::<(i32,)>(&format!("SELECT id FROM {name} ORDER BY id"), &[])
        .await
        .unwrap()
        .into_iter()
        .map(|(id,)| id)
        .collect()
}

#[tokio::test]
async fn begin_commit_and_rollback_on_a_session() {
    for server in servers() {
        let db = database(&server).await;
        let t = format!("drv_tx_manual_{}", server.name);
        table(&db, &t).await;
        let s = db.session().await.unwrap();
        s.begin().await.unwrap();
        s.execute(&format!("INSERT INTO {t} VALUES (1)"), &[])
            .await
            .unwrap();
        s.rollback().await.unwrap();
        s.begin_with(IsolationLevel::RepeatableRead).await.unwrap();
        s.execute(&format!("INSERT INTO {t} VALUES (2)"), &[])
            .await
            .unwrap();
        s.commit().await.unwrap();
        assert_eq!(ids(&db, &t).await, vec![2]);
        // A transaction an error aborted does not commit quietly.
        s.begin().await.unwrap();
        s.execute(&format!("INSERT INTO {t} VALUES (3)"), &[])
            .await
            .unwrap();
        s.execute("SELECT 1/0", &[]).await.unwrap_err();
        let e = s.commit().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Usage);
        assert_eq!(s.client().transaction_status(), TransactionStatus::Idle);
        assert_eq!(ids(&db, &t).await, vec![2]);
        // The closure form does not nest inside a transaction opened by hand.
        s.begin().await.unwrap();
        let e = s
            .transaction(|tx| async move { tx.execute("SELECT 1", &[]).await })
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Usage);
        assert_eq!(
            s.client().transaction_status(),
            TransactionStatus::InTransaction
        );
        s.rollback().await.unwrap();
    }
}

#[tokio::test]
async fn the_closure_commits_on_ok_and_rolls_back_on_error_without_retrying_it() {
    for server in servers() {
        let db = database(&server).await;
        let t = format!("drv_tx_closure_{}", server.name);
        table(&db, &t).await;
        let insert = format!("INSERT INTO {t} VALUES ($1)");
        let n = db
            .transaction(|tx| {
                let insert = insert.clone();
                async move {
                    tx.execute(&insert, &[&1i32]).await?;
                    tx.execute(&insert, &[&2i32]).await
                }
            })
            .await
            .unwrap();
        assert_eq!(n, 1);
        let attempts = AtomicU32::new(0);
        let e = db
            .transaction(|tx| {
                let insert = insert.clone();
                let attempts = &attempts;
                async move {
                    attempts.fetch_add(1, Ordering::SeqCst);
                    tx.execute(&insert, &[&3i32]).await?;
                    tx.execute(&insert, &[&1i32]).await
                }
            })
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(&SqlState::UNIQUE_VIOLATION));
        assert_eq!(
            attempts.load(Ordering::SeqCst),
            1,
            "a unique violation is final"
        );
        assert_eq!(ids(&db, &t).await, vec![1, 2]);
    }
}

#[tokio::test]
async fn a_real_serialization_failure_is_retried_and_then_commits() {
    for server in servers() {
        let db = database(&server).await;
        let t = format!("drv_tx_serial_{}", server.name);
        table(&db, &t).await;
        // B reads the table in a serializable transaction; A reads it and inserts; B inserts
        // and commits first: A's commit is a write skew and fails with 40001.
        let b = db.session().await.unwrap();
        b.begin_with(IsolationLevel::Serializable).await.unwrap();
        let _: i64 = b
            .select_value(&format!("SELECT count(*) FROM {t}"), &[])
            .await
            .unwrap();
        let attempts = AtomicU32::new(0);
        let seen = db
            .transaction_with(Some(IsolationLevel::Serializable), |tx| {
                let (b, t, attempts) = (b.clone(), t.clone(), &attempts);
                async move {
                    let attempt = attempts.fetch_add(1, Ordering::SeqCst) + 1;
                    let count: i64 = tx
                        .select_value(&format!("SELECT count(*) FROM {t}"), &[])
                        .await?;
                    tx.execute(
                        &format!("INSERT INTO {t} VALUES ($1)"),
                        &[&(attempt as i32 * 10)],
                    )
                    .await?;
                    if attempt == 1 {
                        b.execute(&format!("INSERT INTO {t} VALUES (1)"), &[])
                            .await
                            .expect("B inserts");
                        b.commit().await.expect("B commits first");
                    }
                    Ok(count)
                }
            })
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", server.name));
        assert_eq!(attempts.load(Ordering::SeqCst), 2, "{}", server.name);
        assert_eq!(seen, 1, "the retry saw B's row");
        assert_eq!(ids(&db, &t).await, vec![1, 20]);
    }
}

#[tokio::test]
async fn retries_are_bounded() {
    for server in servers() {
        let db = Database::builder(&server.url(support::USER_TRUST, &[("sslmode", "disable")]))
            .unwrap()
            .settings(|s| {
                s.pool_min_size = 0;
                s.pool_max_size = 1;
                s.transaction_retries = 2;
            })
            .build()
            .await
            .unwrap();
        let attempts = AtomicU32::new(0);
        let e = db
            .transaction(|tx| {
                let attempts = &attempts;
                async move {
                    attempts.fetch_add(1, Ordering::SeqCst);
                    tx.execute(
                        "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'deadlock_detected'; END $$",
                        &[],
                    )
                    .await
                }
            })
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(&SqlState::T_R_DEADLOCK_DETECTED));
        assert_eq!(
            attempts.load(Ordering::SeqCst),
            3,
            "one run and two retries"
        );
        // The same on a session of one's own.
        let s = db.session().await.unwrap();
        attempts.store(0, Ordering::SeqCst);
        let e = s
            .transaction(|tx| {
                let attempts = &attempts;
                async move {
                    attempts.fetch_add(1, Ordering::SeqCst);
                    tx.execute(
                        "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'serialization_failure'; END $$",
                        &[],
                    )
                    .await
                }
            })
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(&SqlState::T_R_SERIALIZATION_FAILURE));
        assert_eq!(attempts.load(Ordering::SeqCst), 3);
        assert_eq!(s.client().transaction_status(), TransactionStatus::Idle);
    }
}

/// The stack every stack test runs: 1, a duplicate of 1 (fails), 3, then a count.
fn stack<'a>(insert: &'a str, count: &'a str) -> StatementStack<'a> {
    const ONE: &[&(dyn SqlParam + Sync)] = &[&1i32];
    const THREE: &[&(dyn SqlParam + Sync)] = &[&3i32];
    StatementStack::new()
        .execute(insert, ONE)
        .execute(insert, ONE)
        .execute(insert, THREE)
        .select(count, &[])
}

#[tokio::test]
async fn stacks_outside_a_transaction_in_both_modes() {
    for server in servers() {
        let db = database(&server).await;
        let t = format!("drv_stack_out_{}", server.name);
        table(&db, &t).await;
        let insert = format!("INSERT INTO {t} VALUES ($1)");
        let count = format!("SELECT count(*) FROM {t}");
        let s = db.session().await.unwrap();
        // Stop at the first error: one implicit transaction, nothing stays.
        let e = s
            .execute_stack(&stack(&insert, &count), false)
            .await
            .unwrap_err();
        assert_eq!(e.operation(), Some(1));
        assert_eq!(e.code(), Some(&SqlState::UNIQUE_VIOLATION));
        assert!(ids(&db, &t).await.is_empty());
        // Continue: each operation on its own.
        let results = s
            .execute_stack(&stack(&insert, &count), true)
            .await
            .unwrap();
        assert_eq!(results.len(), 4);
        assert!(results.iter().enumerate().all(|(i, r)| r.index == i));
        assert!(results[0].is_ok() && results[2].is_ok() && results[3].is_ok());
        assert_eq!(results[0].rows_affected, 1);
        assert_eq!(
            results[1].error.as_ref().unwrap().code(),
            Some(&SqlState::UNIQUE_VIOLATION)
        );
        assert_eq!(results[3].rows[0].get::<_, i64>(0), 2);
        assert_eq!(ids(&db, &t).await, vec![1, 3]);
    }
}

#[tokio::test]
async fn stacks_inside_the_callers_transaction_never_end_it() {
    for server in servers() {
        let db = database(&server).await;
        let t = format!("drv_stack_in_{}", server.name);
        table(&db, &t).await;
        let insert = format!("INSERT INTO {t} VALUES ($1)");
        let count = format!("SELECT count(*) FROM {t}");
        let s = db.session().await.unwrap();

        // Stop at the first error: the caller's transaction is left failed, for the caller.
        s.begin().await.unwrap();
        s.execute(&insert, &[&7i32]).await.unwrap();
        let e = s
            .execute_stack(&stack(&insert, &count), false)
            .await
            .unwrap_err();
        assert_eq!(e.operation(), Some(1));
        assert_eq!(s.client().transaction_status(), TransactionStatus::Failed);
        s.rollback().await.unwrap();
        assert!(ids(&db, &t).await.is_empty());

        // Continue: each operation in its own savepoint; the transaction stays open and usable,
        // and nothing is committed until the caller says so.
        s.begin().await.unwrap();
        s.execute(&insert, &[&7i32]).await.unwrap();
        let results = s
            .execute_stack(&stack(&insert, &count), true)
            .await
            .unwrap();
        assert!(results[0].is_ok() && !results[1].is_ok() && results[2].is_ok());
        assert_eq!(results[3].rows[0].get::<_, i64>(0), 3);
        assert_eq!(
            s.client().transaction_status(),
            TransactionStatus::InTransaction
        );
        assert!(ids(&db, &t).await.is_empty(), "nothing committed yet");
        s.rollback().await.unwrap();
        assert!(ids(&db, &t).await.is_empty(), "the stack committed nothing");

        s.begin().await.unwrap();
        s.execute_stack(&stack(&insert, &count), true)
            .await
            .unwrap();
        s.commit().await.unwrap();
        assert_eq!(ids(&db, &t).await, vec![1, 3]);
    }
}

#[tokio::test]
async fn a_lost_connection_is_retried_on_a_fresh_session() {
    for server in servers() {
        let db = database(&server).await;
        let t = format!("drv_tx_lost_{}", server.name);
        table(&db, &t).await;
        let killer = db.session().await.unwrap();
        let attempts = AtomicU32::new(0);
        let pids = std::sync::Mutex::new(Vec::new());
        db.transaction(|tx| {
            let (killer, t, attempts, pids) = (killer.clone(), t.clone(), &attempts, &pids);
            async move {
                let attempt = attempts.fetch_add(1, Ordering::SeqCst) + 1;
                let pid: i32 = tx.select_value("SELECT pg_backend_pid()", &[]).await?;
                pids.lock().unwrap().push(pid);
                if attempt == 1 {
                    let killed: bool = killer
                        .select_value("SELECT pg_terminate_backend($1)", &[&pid])
                        .await
                        .expect("terminate the transaction's backend");
                    assert!(killed);
                }
                tx.execute(
                    &format!("INSERT INTO {t} VALUES ($1)"),
                    &[&(attempt as i32)],
                )
                .await
            }
        })
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
        assert_eq!(attempts.load(Ordering::SeqCst), 2, "{}", server.name);
        let pids = pids.lock().unwrap().clone();
        assert_ne!(pids[0], pids[1], "the retry ran on another connection");
        assert_eq!(ids(&db, &t).await, vec![2]);
    }
}

#[tokio::test]
async fn stack_operations_take_any_placeholder_style() {
    for server in servers() {
        let db = database(&server).await;
        let t = format!("drv_stack_styles_{}", server.name);
        table(&db, &t).await;
        let s = db.session().await.unwrap();
        let (q, named, pct) = (
            format!("INSERT INTO {t} VALUES (?)"),
            format!("INSERT INTO {t} VALUES (:id)"),
            format!("SELECT count(*) FROM {t} WHERE id > %s"),
        );
        let sets: [[&(dyn SqlParam + Sync); 1]; 2] = [[&3i32], [&4i32]];
        let stack = StatementStack::new()
            .execute(&q, &[&1i32])
            .execute(&named, &[&2i32])
            .execute_many(&q, &sets)
            .select(&pct, &[&1i32]);
        let results = s.execute_stack(&stack, false).await.unwrap();
        assert_eq!(results[2].rows_affected, 2);
        assert_eq!(results[3].rows[0].get::<_, i64>(0), 3);
        assert_eq!(ids(&db, &t).await, vec![1, 2, 3, 4]);
        // A wrong count fails the stack before anything is sent, naming the operation.
        let bad = StatementStack::new()
            .execute(&q, &[&5i32])
            .execute(&q, &[&6i32, &7i32]);
        let e = s.execute_stack(&bad, true).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Usage);
        assert_eq!(e.operation(), Some(1));
        assert_eq!(ids(&db, &t).await, vec![1, 2, 3, 4]);
    }
}
