//! The pool against real servers: its size bound under load, the acquire timeout and FIFO
//! order, connections killed while idle and while busy, a transaction left open, lifetime,
//! idle timeout and max_queries, hooks and reset, close, and PgBouncer in transaction mode.
//! Restarts and failover are in `pool_failover.rs` (they stop the primary/standby pair).

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use pgline::pool::{Pool, PoolBuilder};
use pgline::{Client, ErrorKind, TransactionStatus};
use support::{USER_TRUST, pool_url as url, sessions};

async fn admin() -> Client {
    pgline::connect(&url("pgline_pool_admin", &[]))
        .await
        .unwrap()
}

async fn backend_pid(client: &Client) -> i32 {
    client
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap()
        .get(0)
}

/// Waits until the server shows exactly `want` sessions of `app`.
async fn wait_for_sessions(admin: &Client, app: &str, want: i64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = sessions(admin, app).await;
        if now == want {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{app}: {now} sessions, want {want}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until `n` connections are idle: one returned an instant after its last reply may
/// take a moment (the connection task marks the request done just after the caller saw it).
async fn wait_idle(pool: &Pool, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while pool.metrics().idle != n {
        assert!(Instant::now() < deadline, "{:?}", pool.metrics());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pool_two_hundred_tasks_never_hold_more_than_max_size_server_connections() {
    let app = "pgline_pool_bound";
    let pool = Pool::new(&url(app, &[("pool_max_size", "8")])).unwrap();
    let admin = admin().await;
    let done = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let done = done.clone();
        tokio::spawn(async move {
            let mut most = 0;
            while done.load(Ordering::Relaxed) < 200 {
                most = most.max(sessions(&admin, app).await);
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            most
        })
    };
    let mut tasks = Vec::new();
    for i in 0..200i32 {
        let pool = pool.clone();
        let done = done.clone();
        tasks.push(tokio::spawn(async move {
            let client = pool.get().await.unwrap();
            let row = client
                .query_one("SELECT $1::int4 + 0 FROM pg_sleep(0.005)", &[&i])
                .await
                .unwrap();
            assert_eq!(row.get::<_, i32>(0), i);
            drop(client);
            done.fetch_add(1, Ordering::Relaxed);
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let most = watcher.await.unwrap();
    assert!((1..=8).contains(&most), "{most} server sessions at once");
    let metrics = pool.metrics();
    assert_eq!(metrics.acquires, 200);
    assert!(metrics.created <= 8 && metrics.size <= 8, "{metrics:?}");
    assert_eq!(metrics.in_use, 0);
    assert!(metrics.acquire_wait_max > Duration::ZERO, "{metrics:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_acquire_times_out_and_waiters_are_served_in_the_order_they_asked() {
    let pool = Pool::new(&url(
        "pgline_pool_fifo",
        &[("pool_max_size", "1"), ("pool_acquire_timeout", "200ms")],
    ))
    .unwrap();
    let held = pool.get().await.unwrap();
    let started = Instant::now();
    let error = pool.get().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.is_safe_to_retry());
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(pool.metrics().timed_out_acquires, 1);

    let pool = Pool::new(&url("pgline_pool_fifo", &[("pool_max_size", "1")])).unwrap();
    let held_pid;
    {
        let held = pool.get().await.unwrap();
        held_pid = backend_pid(&held).await;
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for i in 0..6 {
            let task_pool = pool.clone();
            let order = order.clone();
            tasks.push(tokio::spawn(async move {
                let client = task_pool.get().await.unwrap();
                order.lock().unwrap().push(i);
                // Hold it a moment so a late task could overtake if the queue were unfair.
                tokio::time::sleep(Duration::from_millis(5)).await;
                backend_pid(&client).await
            }));
            // Each task queues before the next starts.
            while pool.metrics().waiting < i + 1 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
        drop(held);
        for task in tasks {
            assert_eq!(task.await.unwrap(), held_pid, "one connection all along");
        }
        assert_eq!(*order.lock().unwrap(), vec![0, 1, 2, 3, 4, 5]);
    }
    drop(held);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_terminated_idle_connections_are_never_handed_out() {
    let app = "pgline_pool_kill_idle";
    let pool = Pool::new(&url(app, &[("pool_max_size", "4")])).unwrap();
    let admin = admin().await;
    let mut pids = Vec::new();
    {
        let clients: Vec<_> = futures_util::future::join_all((0..4).map(|_| pool.get()))
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        for client in &clients {
            pids.push(backend_pid(client).await);
        }
    }
    wait_idle(&pool, 4).await;
    admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
            &[&app],
        )
        .await
        .unwrap();
    wait_for_sessions(&admin, app, 0).await;
    // Every connection handed out now works, and none is one of the dead.
    for _ in 0..3 {
        let clients: Vec<_> = futures_util::future::join_all((0..4).map(|_| pool.get()))
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        for client in &clients {
            assert!(!client.is_closed());
            assert!(!pids.contains(&backend_pid(client).await));
        }
    }
    let metrics = pool.metrics();
    assert_eq!(metrics.closed, 4, "{metrics:?}");
    assert_eq!(metrics.size, 4, "{metrics:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_a_busy_connection_killed_fails_only_its_request_and_is_replaced() {
    let app = "pgline_pool_kill_busy";
    let pool = Pool::new(&url(app, &[("pool_max_size", "2")])).unwrap();
    let admin = admin().await;
    let client = pool.get().await.unwrap();
    let pid = backend_pid(&client).await;
    let busy = {
        let admin_pid = pid;
        let admin = admin.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            admin
                .execute("SELECT pg_terminate_backend($1)", &[&admin_pid])
                .await
                .unwrap();
        })
    };
    let error = client.query("SELECT pg_sleep(30)", &[]).await.unwrap_err();
    busy.await.unwrap();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Db | ErrorKind::Closed | ErrorKind::Io
        ),
        "{error}"
    );
    assert!(!error.is_safe_to_retry(), "the query was sent: {error}");
    // A request made after the connection died was never sent, and says so.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !client.is_closed() {
        assert!(
            Instant::now() < deadline,
            "the client never saw its socket close"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let after = client.query("SELECT 1", &[]).await.unwrap_err();
    assert!(after.is_safe_to_retry(), "{after}");
    drop(client);
    let next = pool.get().await.unwrap();
    assert_ne!(backend_pid(&next).await, pid);
    assert_eq!(pool.metrics().closed, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_a_task_dropped_inside_a_transaction_is_rolled_back_before_reuse() {
    let pool = Pool::new(&url("pgline_pool_tx", &[("pool_max_size", "1")])).unwrap();
    let table = format!("pool_tx_probe_{}", std::process::id());
    let pid = {
        let client = pool.get().await.unwrap();
        client.batch_execute("BEGIN").await.unwrap();
        client
            .batch_execute(&format!("CREATE TABLE {table} (x int)"))
            .await
            .unwrap();
        assert_eq!(
            client.transaction_status(),
            TransactionStatus::InTransaction
        );
        backend_pid(&client).await
        // Dropped here with the transaction open.
    };
    let client = pool.get().await.unwrap();
    assert_eq!(
        backend_pid(&client).await,
        pid,
        "the same connection, reset"
    );
    assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    let exists: Option<String> = client
        .query_one(&format!("SELECT to_regclass('{table}')::text"), &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(exists, None, "the CREATE TABLE was rolled back");

    // A failed transaction is rolled back too.
    client.batch_execute("BEGIN").await.unwrap();
    client.batch_execute("SELECT 1/0").await.unwrap_err();
    // Client::transaction_status can lag the reply by an instant (the connection task stores
    // it after routing the ReadyForQuery): wait for it rather than race it.
    let deadline = Instant::now() + Duration::from_secs(1);
    while client.transaction_status() != TransactionStatus::Failed {
        assert!(
            Instant::now() < deadline,
            "{:?}",
            client.transaction_status()
        );
        tokio::task::yield_now().await;
    }
    drop(client);
    let client = pool.get().await.unwrap();
    assert_eq!(backend_pid(&client).await, pid);
    assert_eq!(client.transaction_status(), TransactionStatus::Idle);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_a_task_aborted_mid_request_does_not_hand_its_connection_on_busy() {
    let pool = Pool::new(&url(
        "pgline_pool_abort",
        &[("pool_max_size", "1"), ("pool_drain_timeout", "200ms")],
    ))
    .unwrap();
    let pid = backend_pid(&pool.get().await.unwrap()).await;
    let task = {
        let pool = pool.clone();
        tokio::spawn(async move {
            let client = pool.get().await.unwrap();
            client.batch_execute("BEGIN").await.unwrap();
            client.query("SELECT pg_sleep(5)", &[]).await.unwrap();
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    // Still running its sleep past the drain timeout: closed, and a new connection is made.
    let started = Instant::now();
    let client = pool.get().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "not made to wait for the sleep"
    );
    assert_ne!(backend_pid(&client).await, pid);
    assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    assert_eq!(pool.metrics().closed, 1);

    // A short request dropped mid-way drains within the drain timeout and the connection
    // comes back, rolled back.
    let pid = backend_pid(&client).await;
    drop(client);
    let task = {
        let pool = pool.clone();
        tokio::spawn(async move {
            let client = pool.get().await.unwrap();
            client.batch_execute("BEGIN").await.unwrap();
            client.query("SELECT pg_sleep(0.1)", &[]).await.unwrap();
        })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    task.abort();
    let _ = task.await;
    let client = pool.get().await.unwrap();
    assert_eq!(backend_pid(&client).await, pid);
    assert_eq!(client.transaction_status(), TransactionStatus::Idle);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_max_queries_recycles_a_connection_after_that_many_requests() {
    let pool = Pool::new(&url(
        "pgline_pool_maxq",
        &[("pool_max_size", "1"), ("pool_max_queries", "3")],
    ))
    .unwrap();
    let first = {
        let client = pool.get().await.unwrap();
        client.batch_execute("SELECT 1").await.unwrap();
        backend_pid(&client).await // two requests
    };
    let second = {
        let client = pool.get().await.unwrap();
        backend_pid(&client).await // the third: the connection is spent
    };
    assert_eq!(first, second);
    let third = backend_pid(&pool.get().await.unwrap()).await;
    assert_ne!(second, third);
    assert_eq!(pool.metrics().closed, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_max_lifetime_and_idle_timeout_close_connections_and_min_size_stays() {
    let lifetime = Pool::new(&url(
        "pgline_pool_life",
        &[
            ("pool_max_lifetime", "300ms"),
            ("pool_max_lifetime_jitter", "0"),
            ("pool_upkeep_interval", "50ms"),
        ],
    ))
    .unwrap();
    let pid = backend_pid(&lifetime.get().await.unwrap()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        lifetime.metrics().closed,
        1,
        "upkeep closed the expired one"
    );
    assert_eq!(lifetime.metrics().size, 0);
    assert_ne!(backend_pid(&lifetime.get().await.unwrap()).await, pid);

    let app = "pgline_pool_idle";
    let idle = Pool::new(&url(
        app,
        &[
            ("pool_min_size", "1"),
            ("pool_idle_timeout", "200ms"),
            ("pool_upkeep_interval", "50ms"),
        ],
    ))
    .unwrap();
    // Upkeep opens the min_size connection first; then two more are made for three callers.
    let deadline = Instant::now() + Duration::from_secs(5);
    while idle.metrics().idle < 1 {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    {
        let _held: Vec<_> = futures_util::future::join_all((0..3).map(|_| idle.get()))
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
    }
    wait_idle(&idle, 3).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let metrics = idle.metrics();
    assert_eq!((metrics.size, metrics.idle), (1, 1), "{metrics:?}");
    wait_for_sessions(&admin().await, app, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_min_size_is_opened_by_upkeep_and_close_waits_for_lent_connections() {
    let app = "pgline_pool_min";
    let pool = Pool::new(&url(
        app,
        &[("pool_min_size", "2"), ("pool_upkeep_interval", "50ms")],
    ))
    .unwrap();
    let admin = admin().await;
    wait_for_sessions(&admin, app, 2).await;
    // A session is visible on the server a moment before the pool counts the connection.
    let deadline = Instant::now() + Duration::from_secs(5);
    while pool.metrics().created < 2 {
        assert!(Instant::now() < deadline, "{:?}", pool.metrics());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(pool.metrics().created, 2);
    let lent = pool.get().await.unwrap();
    let giver = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        drop(lent);
    });
    let started = Instant::now();
    assert!(pool.close(Duration::from_secs(5)).await);
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "waited for the lent one"
    );
    giver.await.unwrap();
    assert_eq!(pool.get().await.unwrap_err().kind(), ErrorKind::Closed);
    assert_eq!(pool.metrics().size, 0);
    wait_for_sessions(&admin, app, 0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_hooks_run_at_their_points_and_the_reset_query_clears_session_state() {
    let connects = Arc::new(AtomicUsize::new(0));
    let acquires = Arc::new(AtomicUsize::new(0));
    let releases = Arc::new(AtomicUsize::new(0));
    let closes = Arc::new(AtomicUsize::new(0));
    let (c, a, r, x) = (
        connects.clone(),
        acquires.clone(),
        releases.clone(),
        closes.clone(),
    );
    let pool = PoolBuilder::from_conninfo(&url(
        "pgline_pool_hooks",
        &[("pool_max_size", "1"), ("pool_reset_query", "RESET ALL")],
    ))
    .unwrap()
    .after_connect(move |client| {
        c.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { client.batch_execute("SET work_mem = '7MB'").await })
    })
    .before_acquire(move |_| {
        a.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(()) })
    })
    .after_release(move |client| {
        r.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            client
                .batch_execute("SET application_name = 'pgline_pool_hooks_back'")
                .await
        })
    })
    .before_close(move |_| {
        x.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(()) })
    })
    .settings(|s| s.health_check_after = None)
    .build()
    .unwrap();
    let show = |client: pgline::pool::PooledClient, what: &'static str| async move {
        let rows = client.simple_query(&format!("SHOW {what}")).await.unwrap();
        match &rows[1] {
            pgline::SimpleQueryMessage::Row(row) => row.get(0).unwrap().to_owned(),
            other => panic!("{other:?}"),
        }
    };
    {
        let client = pool.get().await.unwrap();
        // The after-connect SET holds until a reset: RESET ALL puts it back to the default.
        client
            .batch_execute("SET search_path = nowhere")
            .await
            .unwrap();
        assert_eq!(show(client, "work_mem").await, "7MB");
    }
    let client = pool.get().await.unwrap();
    let search_path = {
        let rows = client.simple_query("SHOW search_path").await.unwrap();
        match &rows[1] {
            pgline::SimpleQueryMessage::Row(row) => row.get(0).unwrap().to_owned(),
            other => panic!("{other:?}"),
        }
    };
    assert_ne!(search_path, "nowhere");
    assert_eq!(
        show(client, "application_name").await,
        "pgline_pool_hooks_back"
    );
    // before_acquire runs on connections taken from the idle list, not on new ones.
    assert_eq!(connects.load(Ordering::SeqCst), 1);
    assert_eq!(acquires.load(Ordering::SeqCst), 1);
    // Wait for the last release to finish its reset and hook.
    let deadline = Instant::now() + Duration::from_secs(5);
    while releases.load(Ordering::SeqCst) < 2 || pool.metrics().idle < 1 {
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(pool.close(Duration::from_secs(5)).await);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(closes.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pool_through_pgbouncer_100_tasks_by_100_queries_all_succeed() {
    let bouncer = support::pgbouncer();
    let pool = Pool::new(&bouncer.url(
        USER_TRUST,
        &[("sslmode", "disable"), ("pool_max_size", "10")],
    ))
    .unwrap();
    let mut tasks = Vec::new();
    for t in 0..100i64 {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut sum = 0i64;
            for q in 0..100i64 {
                let client = pool.get().await.unwrap();
                let value = t * 100 + q;
                if q % 2 == 0 {
                    // The extended protocol with the unnamed statement (no parameters yet:
                    // the statement-cache-off variant comes with the statement cache).
                    let row = client
                        .query_one(&format!("SELECT {value}::int8"), &[])
                        .await
                        .unwrap_or_else(|e| panic!("task {t} query {q}: {e}"));
                    sum += row.get::<_, i64>(0);
                } else {
                    let rows = client
                        .simple_query(&format!("SELECT {value}"))
                        .await
                        .unwrap_or_else(|e| panic!("task {t} query {q}: {e}"));
                    let pgline::SimpleQueryMessage::Row(row) = &rows[1] else {
                        panic!("{rows:?}")
                    };
                    sum += row.get(0).unwrap().parse::<i64>().unwrap();
                }
            }
            sum
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    assert_eq!(total, (0..10_000i64).sum::<i64>());
    assert_eq!(pool.metrics().acquires, 10_000);
    assert!(pool.metrics().size <= 10);
}

/// The parameterised workload of the PgBouncer tests: each of 100 tasks runs 100 requests
/// with parameters (`query_one` and `execute`, alternately) through `pool`. Returns how many
/// failed or came back wrong, and the first few failures.
async fn parameterised_workload(pool: &Pool) -> (usize, Vec<String>) {
    let mut tasks = Vec::new();
    for t in 0..100i32 {
        let pool = pool.clone();
        tasks.push(tokio::spawn(async move {
            let mut failures = Vec::new();
            for q in 0..100i32 {
                let client = pool.get().await.unwrap();
                let i = t * 100 + q;
                let outcome = if q % 2 == 0 {
                    match client.query_one("SELECT $1::int4 + 1", &[&i]).await {
                        Ok(row) => match row.try_get::<_, i32>(0) {
                            Ok(got) if got == i + 1 => Ok(()),
                            Ok(got) => Err(format!("{i} + 1 came back as {got}")),
                            Err(e) => Err(describe(&e)),
                        },
                        Err(e) => Err(describe(&e)),
                    }
                } else {
                    let tag = format!("task {t}");
                    let want = q % 7 + 1;
                    match client
                        .execute(
                            "SELECT g FROM generate_series(1, $1::int4) g WHERE $2::text <> ''",
                            &[&want, &tag],
                        )
                        .await
                    {
                        Ok(n) if n == want as u64 => Ok(()),
                        Ok(n) => Err(format!("{n} rows, want {want}")),
                        Err(e) => Err(describe(&e)),
                    }
                };
                if let Err(e) = outcome {
                    failures.push(format!("task {t} query {q}: {e}"));
                }
            }
            failures
        }));
    }
    let mut failed = 0;
    let mut sample = Vec::new();
    for task in tasks {
        let failures = task.await.unwrap();
        failed += failures.len();
        let room = 3usize.saturating_sub(sample.len());
        sample.extend(failures.into_iter().take(room));
    }
    (failed, sample)
}

/// An error with the server's code and message when it has them.
fn describe(e: &pgline::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} {}", db.code().code(), db.message()),
        None => e.to_string(),
    }
}

/// PgBouncer's most server connections for one database and user (`default_pool_size` in
/// `scripts/pgbouncer`).
const BOUNCER_SERVER_CONNECTIONS: usize = 20;

/// Holds as many transactions open through PgBouncer at once as it has server connections, so
/// each lands on a different one, and reads every backend's `pg_prepared_statements`; with
/// `deallocate`, also empties it. Returns the named statements found per backend pid.
async fn prepared_statements_on_every_backend(
    bouncer: &support::Server,
    deallocate: bool,
) -> std::collections::BTreeMap<i32, i64> {
    let size = BOUNCER_SERVER_CONNECTIONS.to_string();
    let pool = Pool::new(&bouncer.url(
        USER_TRUST,
        &[
            ("sslmode", "disable"),
            ("pool_max_size", &size),
            ("pool_statement_cache_size", "0"),
        ],
    ))
    .unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(BOUNCER_SERVER_CONNECTIONS));
    let mut tasks = Vec::new();
    for _ in 0..BOUNCER_SERVER_CONNECTIONS {
        let pool = pool.clone();
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            let client = pool.get().await.unwrap();
            client.batch_execute("BEGIN").await.unwrap();
            let row = client
                .query_one(
                    "SELECT pg_backend_pid(), (SELECT count(*) FROM pg_prepared_statements)",
                    &[],
                )
                .await
                .unwrap();
            // Everyone holds a server connection before anyone lets theirs go.
            barrier.wait().await;
            if deallocate {
                client.batch_execute("DEALLOCATE ALL").await.unwrap();
            }
            client.batch_execute("COMMIT").await.unwrap();
            (row.get::<_, i32>(0), row.get::<_, i64>(1))
        }));
    }
    let mut found = std::collections::BTreeMap::new();
    for task in tasks {
        let (pid, count) = task.await.unwrap();
        assert!(found.insert(pid, count).is_none(), "backend {pid} twice");
    }
    assert!(pool.close(Duration::from_secs(5)).await);
    found
}

/// Issue 16: through PgBouncer in transaction mode, parameterised requests work with the
/// statement cache off and leave no named statement on any backend; with the default cache
/// (named statements) the same workload breaks on a PgBouncer that does not track prepared
/// statements, which is why the docs say to turn the cache off there.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pool_through_pgbouncer_with_parameters_needs_the_statement_cache_off() {
    let bouncer = support::pgbouncer();
    let url_with = |cache: Option<&str>| {
        let mut params = vec![("sslmode", "disable"), ("pool_max_size", "10")];
        if let Some(size) = cache {
            params.push(("pool_statement_cache_size", size));
        }
        bouncer.url(USER_TRUST, &params)
    };
    // Start from clean backends, whatever ran through PgBouncer before.
    prepared_statements_on_every_backend(&bouncer, true).await;

    let pool = Pool::new(&url_with(Some("0"))).unwrap();
    assert_eq!(pool.settings().statement_cache_size, Some(0));
    let (failed, sample) = parameterised_workload(&pool).await;
    assert_eq!(failed, 0, "with the cache off: {sample:?}");
    assert_eq!(pool.metrics().acquires, 10_000);
    let client = pool.get().await.unwrap();
    let stats = client.statement_cache_stats();
    assert_eq!(
        (stats.capacity, stats.len, stats.misses),
        (0, 0, 0),
        "{stats:?}"
    );
    drop(client);
    assert!(pool.close(Duration::from_secs(5)).await);
    let left = prepared_statements_on_every_backend(&bouncer, false).await;
    assert_eq!(left.len(), BOUNCER_SERVER_CONNECTIONS);
    assert!(
        left.values().all(|&n| n == 0),
        "named statements left: {left:?}"
    );

    // The default cache prepares named statements, which PgBouncer before 1.21 (or with
    // max_prepared_statements = 0, as the harness sets on newer ones) does not follow from
    // one server connection to the next.
    let pool = Pool::new(&url_with(None)).unwrap();
    assert_eq!(pool.settings().statement_cache_size, None);
    let (failed, sample) = parameterised_workload(&pool).await;
    assert!(pool.close(Duration::from_secs(5)).await);
    let left = prepared_statements_on_every_backend(&bouncer, true).await;
    eprintln!(
        "PgBouncer {} with the default statement cache: {failed} of 10000 requests failed, \
         e.g. {sample:?}; named statements per backend: {left:?}",
        support::pgbouncer_version()
    );
    assert!(
        failed > 0,
        "every request worked with named statements through PgBouncer"
    );
    assert!(left.values().any(|&n| n > 0), "{left:?}");
}
