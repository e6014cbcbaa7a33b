//! The client layer's guarantees against the real servers: the transaction status, a failing or
//! panicking `ToSql`, COPY sent through the wrong call, prepares that fail or are dropped,
//! timeouts, statements used on the wrong connection, and thousands of requests dropped at
//! random points.

mod support;

use std::time::Duration;

use bytes::BytesMut;
use futures_util::FutureExt;
use pgline::types::{IsNull, ToSql, Type};
use pgline::{Client, ErrorKind, SqlState, TransactionStatus};

async fn client(server: &support::Server) -> Client {
    pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

/// Statements prepared on the session that nothing holds: what the server lists, less what
/// the statement cache keeps on purpose.
async fn prepared_statements(client: &Client) -> i64 {
    let listed: i64 = client
        .query_one("SELECT count(*) FROM pg_prepared_statements", &[])
        .await
        .unwrap()
        .get(0);
    listed - client.statement_cache_stats().len as i64
}

#[tokio::test]
async fn client_transaction_status_follows_ready_for_query() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
        client.batch_execute("BEGIN").await.unwrap();
        assert_eq!(
            client.transaction_status(),
            TransactionStatus::InTransaction
        );
        let err = client.execute("SELECT 1/0", &[]).await.unwrap_err();
        assert_eq!(err.code(), Some(&SqlState::DIVISION_BY_ZERO));
        assert_eq!(client.transaction_status(), TransactionStatus::Failed);
        client.batch_execute("ROLLBACK").await.unwrap();
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

/// A parameter whose encoder panics or fails half way through writing its value.
struct Treacherous {
    panic: bool,
}

impl std::fmt::Debug for Treacherous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Treacherous")
    }
}

impl ToSql for Treacherous {
    fn to_sql(
        &self,
        _: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Send + Sync>> {
        out.extend_from_slice(b"half a value");
        if self.panic {
            panic!("the encoder panics");
        }
        Err("the encoder fails".into())
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Whether the backend with `pid` is still connected, as another session sees it.
async fn backend_alive(admin: &Client, pid: i32) -> bool {
    admin
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = $1",
            &[&pid],
        )
        .await
        .unwrap()
        .get::<_, i64>(0)
        == 1
}

#[tokio::test]
async fn client_dropped_with_a_request_in_flight_ends_the_session_after_its_reply() {
    for server in support::tls_servers() {
        let admin = client(&server).await;
        let client = client(&server).await;
        let pid: i32 = client
            .query_one("SELECT pg_backend_pid()", &[])
            .await
            .unwrap()
            .get(0);
        // The request goes out, its caller gives up, then the last client goes: the task may
        // send Terminate only once the reply it still owes has been read.
        let sleep = client.execute("SELECT pg_sleep(0.3)", &[]);
        assert!(
            tokio::time::timeout(Duration::from_millis(50), sleep)
                .await
                .is_err()
        );
        drop(client);
        let mut gone = false;
        for _ in 0..100 {
            if !backend_alive(&admin, pid).await {
                gone = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            gone,
            "{}: the session outlived its last client",
            server.name
        );
    }
}

#[tokio::test]
async fn client_a_failing_or_panicking_to_sql_leaves_nothing_queued() {
    let client = client(&support::pg15()).await;
    let stmt = client.prepare("SELECT $1::int4").await.unwrap();
    let failing = Treacherous { panic: false };
    let err = client.query(&stmt, &[&failing]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conversion);
    assert!(err.is_safe_to_retry());
    let panicking = Treacherous { panic: true };
    let caught = std::panic::AssertUnwindSafe(client.query(&stmt, &[&panicking]))
        .catch_unwind()
        .await;
    assert!(caught.is_err(), "the panic reaches the caller");
    // Nothing half-written went out: the next requests get exactly their own replies.
    for i in 0..5i32 {
        let row = client.query_one(&stmt, &[&i]).await.unwrap();
        assert_eq!(row.get::<_, i32>(0), i);
    }
    assert!(!client.is_closed());
}

#[tokio::test]
async fn client_copy_in_through_query_execute_or_batch_is_refused_and_the_connection_lives() {
    for server in support::all_servers() {
        let client = client(&server).await;
        client
            .batch_execute("CREATE TEMP TABLE copy_target (n int)")
            .await
            .unwrap();
        // Another clone's request queued right behind the COPY must not be swallowed by it.
        let other = client.clone();
        let behind = tokio::spawn(async move { other.query_one("SELECT 7", &[]).await });
        let err = client
            .execute("COPY copy_target FROM STDIN", &[])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage, "{}: {err:?}", server.name);
        assert!(err.to_string().contains("COPY API"), "{err}");
        let err = client
            .query("copy copy_target from stdin (format binary)", &[])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        let err = client
            .batch_execute("SELECT 1; COPY copy_target FROM STDIN; SELECT 2")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        let err = client
            .simple_query("COPY copy_target FROM STDIN")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        let row = behind.await.unwrap().unwrap();
        assert_eq!(row.get::<_, i32>(0), 7);
        // Nothing was copied, and the session is idle and usable.
        let n: i64 = client
            .query_one("SELECT count(*) FROM copy_target", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 0);
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn client_copy_out_through_query_is_drained_with_an_error() {
    for server in support::all_servers() {
        let client = client(&server).await;
        let err = client
            .query("COPY (SELECT generate_series(1, 10000)) TO STDOUT", &[])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage, "{}: {err:?}", server.name);
        assert!(err.to_string().contains("COPY API"), "{err}");
        let err = client
            .batch_execute("COPY (SELECT 1) TO STDOUT")
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        let row = client.query_one("SELECT 'after'", &[]).await.unwrap();
        assert_eq!(row.get::<_, &str>(0), "after");
    }
}

#[tokio::test]
async fn client_a_failed_prepare_leaves_no_statement() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        // Parse fails: nothing to close. Describe fails after Parse: impossible to provoke
        // separately, so a failing Bind in a text query stands in for "fails after Parse".
        client.prepare("SELEC 1").await.unwrap_err();
        client
            .query("SELECT $1::int4", &[&"not a number"])
            .await
            .unwrap_err();
        client
            .query("SELECT 1/$1::int4", &[&0i32])
            .await
            .unwrap_err();
        assert_eq!(prepared_statements(&client).await, 0, "{}", server.name);
    }
}

#[tokio::test]
async fn client_too_few_parameters_for_text_fail_before_sending() {
    let client = client(&support::pg15()).await;
    let err = client.query("SELECT $1::int4", &[]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conversion);
    assert!(err.to_string().contains("1 parameters but 0"), "{err}");
    let err = client
        .execute("SELECT $1::int4", &[&1i32, &2i32])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conversion);
    assert!(err.is_safe_to_retry());
    // A `$` in a string is not a parameter: the text still runs.
    let row = client.query_one("SELECT '$1'", &[]).await.unwrap();
    assert_eq!(row.get::<_, &str>(0), "$1");
}

#[tokio::test]
async fn client_statement_from_another_connection_is_refused() {
    let server = support::pg15();
    let a = client(&server).await;
    let b = client(&server).await;
    let on_a = a.prepare("SELECT 1::int4 AS a_column").await.unwrap();
    let _on_b = b.prepare("SELECT 'b'::text AS b_column").await.unwrap();
    let err = b.query(&on_a, &[]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Usage);
    assert!(err.is_safe_to_retry());
    assert!(err.to_string().contains("another connection"), "{err}");
    // Both connections still answer with their own statements.
    assert_eq!(a.query_one(&on_a, &[]).await.unwrap().get::<_, i32>(0), 1);
    let rows = b.query("SELECT 'b'::text AS b_column", &[]).await.unwrap();
    assert_eq!(rows[0].get::<_, &str>("b_column"), "b");
}

#[tokio::test]
async fn client_timeout_cancels_on_the_server_and_keeps_the_connection() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let quick = client.with_timeout(Some(Duration::from_millis(200)));
        let started = std::time::Instant::now();
        let err = quick.query("SELECT pg_sleep(30)", &[]).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout, "{}: {err:?}", server.name);
        assert!(!err.is_statement_timeout());
        assert!(started.elapsed() < Duration::from_secs(10));
        // The server really stopped: the next query answers at once, on the same connection.
        let row = client.query_one("SELECT 5::int4", &[]).await.unwrap();
        assert_eq!(row.get::<_, i32>(0), 5);
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
        // A server statement_timeout is told apart from the client's.
        client
            .batch_execute("SET statement_timeout = '100ms'")
            .await
            .unwrap();
        let err = client.query("SELECT pg_sleep(30)", &[]).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Db);
        assert!(err.is_statement_timeout(), "{err:?}");
        assert_eq!(err.code(), Some(&SqlState::QUERY_CANCELED));
    }
}

#[tokio::test]
async fn client_default_timeout_comes_from_connect_options() {
    let server = support::pg15();
    let config: pgline::Config = server
        .url("pgline_trust", &[("sslmode", "disable")])
        .parse()
        .unwrap();
    let client = pgline::ConnectOptions::new()
        .query_timeout(Some(Duration::from_millis(150)))
        .connect(&config)
        .await
        .unwrap();
    assert_eq!(client.timeout(), Some(Duration::from_millis(150)));
    let err = client
        .execute("SELECT pg_sleep(30)", &[])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    let patient = client.with_timeout(None);
    assert_eq!(
        patient.execute("SELECT pg_sleep(0.3)", &[]).await.unwrap(),
        1
    );
}

/// Thousands of requests from many tasks on one connection, each dropped at a random point:
/// every completed result is right, no statement leaks, and the connection works at the end.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_survives_ten_thousand_requests_dropped_at_random_points() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let tasks: Vec<_> = (0..50u64)
            .map(|task| {
                let client = client.clone();
                tokio::spawn(async move {
                    let mut seed = task.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
                    let mut next = move || {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        seed
                    };
                    let mut completed = 0u32;
                    for i in 0..200u64 {
                        let n = (task * 1000 + i) as i64;
                        let choice = next() % 4;
                        // Drop after 0..3 polls: before sending, mid-reply, or after it.
                        let polls = next() % 4;
                        let work = async {
                            match choice {
                                0 => {
                                    let row = client
                                        .query_one("SELECT $1::int8, repeat('x', 100)", &[&n])
                                        .await?;
                                    assert_eq!(row.get::<_, i64>(0), n);
                                }
                                1 => {
                                    let stmt = client.prepare("SELECT $1::int8 + 1").await?;
                                    let row = client.query_one(&stmt, &[&n]).await?;
                                    assert_eq!(row.get::<_, i64>(0), n + 1);
                                }
                                2 => {
                                    let rows =
                                        client.query("SELECT generate_series(1, 50)", &[]).await?;
                                    assert_eq!(rows.len(), 50);
                                    assert_eq!(rows[49].get::<_, i32>(0), 50);
                                }
                                _ => {
                                    let messages =
                                        client.simple_query(&format!("SELECT {n}")).await?;
                                    let got = messages.iter().find_map(|m| match m {
                                        pgline::SimpleQueryMessage::Row(r) => {
                                            r.get(0usize).map(str::to_owned)
                                        }
                                        _ => None,
                                    });
                                    assert_eq!(got, Some(n.to_string()));
                                }
                            }
                            Ok::<_, pgline::Error>(())
                        };
                        let mut work = std::pin::pin!(work);
                        let mut finished = false;
                        if polls == 3 {
                            work.await.unwrap();
                            finished = true;
                        } else {
                            for _ in 0..polls {
                                if let Some(result) = (&mut work).now_or_never() {
                                    result.unwrap();
                                    finished = true;
                                    break;
                                }
                                tokio::task::yield_now().await;
                            }
                        }
                        completed += u32::from(finished);
                    }
                    completed
                })
            })
            .collect();
        let mut completed = 0;
        for task in tasks {
            completed += task.await.unwrap();
        }
        assert!(completed >= 2_500, "{completed} of 10000 completed");
        assert!(!client.is_closed());
        let row = client.query_one("SELECT 'still here'", &[]).await.unwrap();
        assert_eq!(row.get::<_, &str>(0), "still here");
        // Dropped prepares closed their statements; closes are queued ahead of this query.
        assert_eq!(prepared_statements(&client).await, 0, "{}", server.name);
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn client_copy_in_and_out_in_text_and_binary() {
    for server in support::all_servers() {
        let client = client(&server).await;
        client
            .batch_execute("CREATE TEMP TABLE copied (id int8 PRIMARY KEY, name text)")
            .await
            .unwrap();
        let mut sink = client
            .copy_in("COPY copied (id, name) FROM STDIN")
            .await
            .unwrap();
        assert_eq!(sink.format(), pgline::protocol::Format::Text);
        for i in 0..20_000 {
            sink.send(format!("{i}\tname {i}\n")).await.unwrap();
        }
        assert_eq!(sink.finish().await.unwrap(), 20_000, "{}", server.name);

        // Out again, binary: the PGCOPY header then the rows.
        use futures_util::StreamExt;
        let mut out = client
            .copy_out("COPY (SELECT id FROM copied ORDER BY id) TO STDOUT (FORMAT binary)")
            .await
            .unwrap();
        assert_eq!(out.format(), pgline::protocol::Format::Binary);
        let mut all = Vec::new();
        while let Some(chunk) = out.next().await {
            all.extend_from_slice(&chunk.unwrap());
        }
        assert_eq!(out.rows(), Some(20_000));
        assert!(all.starts_with(b"PGCOPY\n\xff\r\n\0"));
        // Header 19 bytes, each row 2 + 4 + 8, trailer 2.
        assert_eq!(all.len(), 19 + 20_000 * 14 + 2);
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn client_copy_in_that_fails_or_is_dropped_leaves_the_table_unchanged() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        client
            .batch_execute(
                "CREATE TEMP TABLE guarded (id int8 CHECK (id < 50000)); \
                 INSERT INTO guarded VALUES (-1)",
            )
            .await
            .unwrap();
        // A bad row far into the data: the server's error stops the sink.
        let mut sink = client.copy_in("COPY guarded FROM STDIN").await.unwrap();
        let mut failed = None;
        for i in 0..200_000 {
            if let Err(e) = sink.send(format!("{i}\n")).await {
                failed = Some(e);
                break;
            }
        }
        let err = match failed {
            Some(e) => e,
            None => sink.finish().await.unwrap_err(),
        };
        assert_eq!(err.code(), Some(&SqlState::CHECK_VIOLATION), "{err:?}");
        // Dropped half way, while another clone waits behind the COPY.
        let mut sink = client.copy_in("COPY guarded FROM STDIN").await.unwrap();
        let other = client.clone();
        let behind = tokio::spawn(async move { other.query_one("SELECT 9", &[]).await });
        sink.send("1\n2\n3\n").await.unwrap();
        drop(sink);
        assert_eq!(behind.await.unwrap().unwrap().get::<_, i32>(0), 9);
        // Aborted.
        let mut sink = client.copy_in("COPY guarded FROM STDIN").await.unwrap();
        sink.send("4\n").await.unwrap();
        sink.abort("changed my mind").await.unwrap();
        let n: i64 = client
            .query_one("SELECT count(*) FROM guarded", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 1, "{}: only the row from before", server.name);
        // A COPY that fails before copy mode (no such table) is an error, nothing more.
        let err = client.copy_in("COPY missing FROM STDIN").await.unwrap_err();
        assert_eq!(err.code(), Some(&SqlState::UNDEFINED_TABLE));
        assert_eq!(
            client
                .query_one("SELECT 1", &[])
                .await
                .unwrap()
                .get::<_, i32>(0),
            1
        );
    }
}
