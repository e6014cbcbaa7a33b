//! Shared requests (`Pool::query` and friends) against a real server: many tasks' requests
//! pipelined over few connections, each caller getting its own reply; the size bound; a
//! transaction opened through the shared path refused and rolled back; callers of `Pool::get`
//! served while shared requests run; the acquire timeout; dropped requests; killed backends;
//! the client timeout without a CancelRequest.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use pgline::pool::{Pool, PoolBuilder};
use pgline::{Client, ConnectOptions, ErrorKind};
use support::{USER_TRUST, pool_url as url, sessions};

async fn admin() -> Client {
    pgline::connect(&url("pgline_shared_admin", &[]))
        .await
        .unwrap()
}

/// Waits until no shared request runs on any connection.
async fn wait_unshared(pool: &Pool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while pool.metrics().shared != 0 {
        assert!(Instant::now() < deadline, "{:?}", pool.metrics());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn shared_requests_of_two_hundred_tasks_pipeline_over_max_size_connections() {
    let app = "pgline_shared_bound";
    let pool = Pool::new(&url(app, &[("pool_max_size", "4")])).unwrap();
    let admin = admin().await;
    let most_shared = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for task in 0..200i64 {
        let pool = pool.clone();
        let most_shared = most_shared.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..50i64 {
                // Each caller's own values come back: no reply reaches another caller.
                let want = task * 1000 + i;
                let row = pool
                    .query_one("SELECT $1::int8, $2::text", &[&want, &format!("t{want}")])
                    .await
                    .unwrap();
                assert_eq!(row.get::<_, i64>(0), want);
                assert_eq!(row.get::<_, &str>(1), format!("t{want}"));
                if i % 10 == 0 {
                    let rows = pool.simple_query(&format!("SELECT {want}")).await.unwrap();
                    let values: Vec<_> = rows
                        .iter()
                        .filter_map(|m| match m {
                            pgline::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_owned),
                            _ => None,
                        })
                        .collect();
                    assert_eq!(values, [want.to_string()]);
                }
                most_shared.fetch_max(pool.metrics().shared, Ordering::Relaxed);
            }
        }));
    }
    let mut peak = 0;
    while tasks.iter().any(|t| !t.is_finished()) {
        peak = peak.max(sessions(&admin, app).await);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for task in tasks {
        task.await.unwrap();
    }
    assert!(peak <= 4, "{peak} sessions for a pool of 4");
    let metrics = pool.metrics();
    assert!(metrics.size <= 4, "{metrics:?}");
    assert!(
        most_shared.load(Ordering::Relaxed) >= 1,
        "shared requests never ran on the idle list: {metrics:?}"
    );
    // Nothing was lent: every request ran on a shared connection.
    assert_eq!(metrics.acquires, 0, "{metrics:?}");
    wait_unshared(&pool).await;
    assert_eq!(pool.metrics().in_use, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_request_that_opens_a_transaction_fails_and_is_rolled_back() {
    let app = "pgline_shared_txn";
    let pool = Pool::new(&url(app, &[("pool_max_size", "2")])).unwrap();
    let admin = admin().await;
    admin
        .batch_execute("DROP TABLE IF EXISTS pool_shared_txn; CREATE TABLE pool_shared_txn (v int)")
        .await
        .unwrap();
    let error = pool
        .simple_query("BEGIN; INSERT INTO pool_shared_txn VALUES (1)")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Usage, "{error}");
    assert!(error.to_string().contains("transaction"), "{error}");
    wait_unshared(&pool).await;
    // The connection was closed, so its transaction rolled back; the pool goes on.
    let deadline = Instant::now() + Duration::from_secs(5);
    while sessions(&admin, app).await != 0 {
        assert!(
            Instant::now() < deadline,
            "the tainted connection stayed open"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let rows: i64 = admin
        .query_one("SELECT count(*) FROM pool_shared_txn", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 0);
    assert_eq!(pool.metrics().closed, 1);
    let n: i32 = pool.query_one("SELECT 7", &[]).await.unwrap().get(0);
    assert_eq!(n, 7);
    // A transaction that ends in the same request leaves the session as it found it.
    pool.simple_query("BEGIN; INSERT INTO pool_shared_txn VALUES (2); COMMIT")
        .await
        .unwrap();
    let rows: i64 = admin
        .query_one("SELECT count(*) FROM pool_shared_txn", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
    admin
        .batch_execute("DROP TABLE pool_shared_txn")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_of_get_are_served_while_shared_requests_keep_coming() {
    let app = "pgline_shared_mixed";
    let pool = Pool::new(&url(app, &[("pool_max_size", "2")])).unwrap();
    let admin = admin().await;
    admin
        .batch_execute(
            "DROP TABLE IF EXISTS pool_shared_mixed; CREATE TABLE pool_shared_mixed (v int)",
        )
        .await
        .unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut hammers = Vec::new();
    for _ in 0..16 {
        let (pool, stop) = (pool.clone(), stop.clone());
        hammers.push(tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let v: i32 = pool.query_one("SELECT 1", &[]).await.unwrap().get(0);
                assert_eq!(v, 1);
                n += 1;
            }
            n
        }));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Each lent connection runs a whole transaction while shared requests go on.
    for i in 0..10 {
        let started = Instant::now();
        let client = tokio::time::timeout(Duration::from_secs(5), pool.get())
            .await
            .expect("a caller of get starved behind shared requests")
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(5));
        client.batch_execute("BEGIN").await.unwrap();
        client
            .execute("INSERT INTO pool_shared_mixed VALUES ($1)", &[&i])
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        client.batch_execute("COMMIT").await.unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let mut total = 0;
    for hammer in hammers {
        total += hammer.await.unwrap();
    }
    assert!(total > 0);
    let rows: i64 = admin
        .query_one("SELECT count(*) FROM pool_shared_mixed", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 10);
    assert!(sessions(&admin, app).await <= 2);
    admin
        .batch_execute("DROP TABLE pool_shared_mixed")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_request_waits_at_most_the_acquire_timeout_when_all_is_lent() {
    let app = "pgline_shared_timeout";
    let pool = Pool::new(&url(
        app,
        &[("pool_max_size", "1"), ("pool_acquire_timeout", "200ms")],
    ))
    .unwrap();
    let held = pool.get().await.unwrap();
    let started = Instant::now();
    let error = pool.query_one("SELECT 1", &[]).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.is_safe_to_retry(), "nothing was sent: {error}");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(pool.metrics().timed_out_acquires, 1);
    // Given back, the connection takes shared requests again.
    drop(held);
    let v: i32 = pool.query_one("SELECT 2", &[]).await.unwrap().get(0);
    assert_eq!(v, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_shared_requests_do_not_disturb_the_others_on_their_connection() {
    let app = "pgline_shared_drop";
    let pool = Pool::new(&url(app, &[("pool_max_size", "1")])).unwrap();
    // Warm: one connection, then a slow request on it dropped midway with quick ones behind.
    pool.query_one("SELECT 1", &[]).await.unwrap();
    let slow = {
        let pool = pool.clone();
        tokio::spawn(async move {
            tokio::time::timeout(
                Duration::from_millis(100),
                pool.query("SELECT pg_sleep(0.5)", &[]),
            )
            .await
        })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    let mut quick = Vec::new();
    for i in 0..20i32 {
        let pool = pool.clone();
        quick.push(tokio::spawn(async move {
            let v: i32 = pool
                .query_one("SELECT $1::int4", &[&i])
                .await
                .unwrap()
                .get(0);
            assert_eq!(v, i);
        }));
    }
    assert!(
        slow.await.unwrap().is_err(),
        "the slow request was not dropped"
    );
    for q in quick {
        q.await.unwrap();
    }
    wait_unshared(&pool).await;
    let metrics = pool.metrics();
    assert_eq!((metrics.size, metrics.closed), (1, 0), "{metrics:?}");
    let v: i32 = pool.query_one("SELECT 3", &[]).await.unwrap().get(0);
    assert_eq!(v, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_shared_connection_is_replaced() {
    let app = "pgline_shared_kill";
    let pool = Pool::new(&url(app, &[("pool_max_size", "2")])).unwrap();
    let admin = admin().await;
    let pid: i32 = pool
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap()
        .get(0);
    admin
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .await
        .unwrap();
    // The client sees its socket close; the next shared request goes to a new connection.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match pool.query_one("SELECT pg_backend_pid()", &[]).await {
            Ok(row) => {
                assert_ne!(row.get::<_, i32>(0), pid);
                break;
            }
            // Sent before the client saw the socket close: it says so.
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::Db | ErrorKind::Closed | ErrorKind::Io),
                "{e}"
            ),
        }
        assert!(Instant::now() < deadline, "no new connection");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    wait_unshared(&pool).await;
    assert!(pool.metrics().closed >= 1, "{:?}", pool.metrics());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_timeout_of_a_shared_request_sends_no_cancel_request() {
    let app = "pgline_shared_client_timeout";
    let pool = PoolBuilder::from_conninfo(&url(app, &[("pool_max_size", "1")]))
        .unwrap()
        .connect_options(ConnectOptions::default().query_timeout(Some(Duration::from_millis(300))))
        .build()
        .unwrap();
    let admin = admin().await;
    admin
        .batch_execute(
            "DROP TABLE IF EXISTS pool_shared_timeout; CREATE TABLE pool_shared_timeout (v int)",
        )
        .await
        .unwrap();
    // A CancelRequest would stop whatever the shared connection runs, maybe another caller's
    // statement; so the caller gets its timeout and the statement runs to its end.
    let error = pool
        .simple_query("SELECT pg_sleep(0.6); INSERT INTO pool_shared_timeout VALUES (1)")
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.to_string().contains("no CancelRequest"), "{error}");
    // Behind the statement still running, a request would wait out its own timeout.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let v: i32 = pool.query_one("SELECT 9", &[]).await.unwrap().get(0);
    assert_eq!(v, 9);
    let rows: i64 = admin
        .query_one("SELECT count(*) FROM pool_shared_timeout", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 1, "the timed-out statement was cancelled");
    wait_unshared(&pool).await;
    assert_eq!(pool.metrics().closed, 0);
    admin
        .batch_execute("DROP TABLE pool_shared_timeout")
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn shared_requests_through_pgbouncer_in_transaction_mode() {
    // PgBouncer 1.18 in transaction mode loses track of simple queries pipelined with extended
    // ones (a protocol error, then connections that never answer): `pool_pipeline_depth=1`
    // sends a connection's next shared request only after the last one's answer. With the
    // statement cache off nothing named is left on any server connection.
    let bouncer = support::pgbouncer();
    let pool = Pool::new(&bouncer.url(
        USER_TRUST,
        &[
            ("sslmode", "disable"),
            ("pool_max_size", "4"),
            ("pool_statement_cache_size", "0"),
            ("pool_pipeline_depth", "1"),
        ],
    ))
    .unwrap();
    let mut tasks = Vec::new();
    for t in 0..50i64 {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut sum = 0i64;
            for q in 0..100i64 {
                let value = t * 100 + q;
                let got: i64 = if q % 2 == 0 {
                    pool.query_one("SELECT $1::int8", &[&value])
                        .await
                        .unwrap_or_else(|e| panic!("task {t} query {q}: {e}"))
                        .get(0)
                } else {
                    let rows = pool
                        .simple_query(&format!("SELECT {value}"))
                        .await
                        .unwrap_or_else(|e| panic!("task {t} query {q}: {e}"));
                    let pgline::SimpleQueryMessage::Row(row) = &rows[1] else {
                        panic!("{rows:?}")
                    };
                    row.get(0).unwrap().parse().unwrap()
                };
                assert_eq!(got, value);
                sum += got;
            }
            sum
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    assert_eq!(total, (0..5_000i64).sum::<i64>());
    assert!(pool.metrics().size <= 4);
    assert_eq!(pool.metrics().acquires, 0);
}
