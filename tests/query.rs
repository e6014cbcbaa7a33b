//! The query API against the real servers: prepare, query, execute, streams, simple queries,
//! errors and closed connections.

mod support;

use futures_util::StreamExt;
use pgline::types::SqlParam;
use pgline::{Client, ErrorKind, SqlState};

async fn client(server: &support::Server) -> Client {
    pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

#[tokio::test]
async fn query_prepared_round_trip_of_basic_types() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let stmt = client
            .prepare("SELECT $1::int2, $2::int4, $3::int8, $4::float4, $5::float8, $6::bool, $7::text, $8::bytea")
            .await
            .unwrap();
        assert_eq!(stmt.params().len(), 8);
        assert_eq!(stmt.columns().len(), 8);
        let bytes = vec![0u8, 1, 255];
        let row = client
            .query_one(
                &stmt,
                &[
                    &-7i16,
                    &i32::MAX,
                    &i64::MIN,
                    &1.5f32,
                    &f64::NEG_INFINITY,
                    &true,
                    &"héllo",
                    &bytes,
                ],
            )
            .await
            .unwrap();
        assert_eq!(row.get::<_, i16>(0), -7);
        assert_eq!(row.get::<_, i32>(1), i32::MAX);
        assert_eq!(row.get::<_, i64>(2), i64::MIN);
        assert_eq!(row.get::<_, f32>(3), 1.5);
        assert_eq!(row.get::<_, f64>(4), f64::NEG_INFINITY);
        assert!(row.get::<_, bool>(5));
        assert_eq!(row.get::<_, &str>(6), "héllo");
        assert_eq!(row.get::<_, String>(6), "héllo");
        assert_eq!(row.get::<_, &[u8]>(7), &bytes[..]);
        assert_eq!(row.get::<_, Vec<u8>>(7), bytes);
    }
}

#[tokio::test]
async fn query_nulls_need_option() {
    let client = client(&support::pg15()).await;
    let none: Option<i32> = None;
    let row = client
        .query_one("SELECT $1::int4 AS n, $2::text AS t", &[&none, &Some("x")])
        .await
        .unwrap();
    assert_eq!(row.get::<_, Option<i32>>("n"), None);
    assert_eq!(row.get::<_, Option<&str>>("t"), Some("x"));
    let err = row.try_get::<_, i32>("n").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conversion);
    assert!(format!("{err:#}").contains("NULL"), "{err}");
}

#[tokio::test]
async fn query_type_mismatch_names_column_and_types() {
    let client = client(&support::pg15()).await;
    let row = client
        .query_one("SELECT 1::int8 AS big", &[])
        .await
        .unwrap();
    let err = row.try_get::<_, i32>("big").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conversion);
    let text = format!("{err:#}");
    assert!(
        text.contains("big") && text.contains("i32") && text.contains("int8"),
        "{text}"
    );
    // A parameter of the wrong Rust type is refused before anything is sent.
    let err = client.query("SELECT $1::int8", &[&1i32]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conversion);
    assert!(err.is_safe_to_retry());
    assert!(format!("{err:#}").contains("$1"), "{err}");
}

#[tokio::test]
async fn query_row_access_by_name_and_missing_column() {
    let client = client(&support::pg15()).await;
    let row = client
        .query_one("SELECT 1::int4 AS a, 2::int4 AS b", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, i32>("b"), 2);
    assert_eq!(row.columns()[0].name(), "a");
    assert_eq!(row.len(), 2);
    assert!(row.try_get::<_, i32>("zzz").is_err());
    assert!(row.try_get::<_, i32>(5usize).is_err());
}

#[tokio::test]
async fn query_execute_counts_rows_and_query_opt_one() {
    let client = client(&support::pg15()).await;
    client
        .batch_execute("CREATE TEMP TABLE t (id int4 PRIMARY KEY, name text)")
        .await
        .unwrap();
    let n = client
        .execute(
            "INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 5) g",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(n, 5);
    let insert = client
        .prepare("INSERT INTO t VALUES ($1, $2)")
        .await
        .unwrap();
    assert_eq!(client.execute(&insert, &[&6i32, &"six"]).await.unwrap(), 1);
    assert_eq!(
        client
            .execute("UPDATE t SET name = $1 WHERE id > $2", &[&"big", &3i32])
            .await
            .unwrap(),
        3
    );
    assert!(
        client
            .query_opt("SELECT 1 FROM t WHERE id = 99", &[])
            .await
            .unwrap()
            .is_none()
    );
    let err = client
        .query_one("SELECT 1 FROM t WHERE id = 99", &[])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RowCount);
    let err = client.query_opt("SELECT 1 FROM t", &[]).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RowCount);
    assert_eq!(
        client
            .query("SELECT * FROM t ORDER BY id", &[])
            .await
            .unwrap()
            .len(),
        6
    );
}

#[tokio::test]
async fn query_error_keeps_every_field_and_the_connection_stays_usable() {
    let client = client(&support::pg15()).await;
    client
        .batch_execute(
            "CREATE TEMP TABLE u (id int4 CONSTRAINT u_pk PRIMARY KEY); INSERT INTO u VALUES (1)",
        )
        .await
        .unwrap();
    let err = client
        .execute("INSERT INTO u VALUES ($1)", &[&1i32])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Db);
    assert_eq!(err.code(), Some(&SqlState::UNIQUE_VIOLATION));
    let db = err.as_db_error().unwrap();
    assert_eq!(db.constraint(), Some("u_pk"));
    assert_eq!(db.table(), Some("u"));
    assert!(db.detail().unwrap().contains("(id)=(1)"), "{db:?}");
    let err = client.query("SELEC 1", &[]).await.unwrap_err();
    assert_eq!(err.code(), Some(&SqlState::SYNTAX_ERROR));
    assert!(matches!(
        err.as_db_error().unwrap().position(),
        Some(pgline::error::ErrorPosition::Original(1))
    ));
    // Still usable after both errors, with the extended and the simple protocol.
    assert_eq!(
        client
            .query_one("SELECT 2::int4", &[])
            .await
            .unwrap()
            .get::<_, i32>(0),
        2
    );
    client.batch_execute("SELECT 1").await.unwrap();
}

#[tokio::test]
async fn query_raw_streams_rows_and_reports_affected() {
    let client = client(&support::pg15()).await;
    let params: [&(dyn SqlParam + Sync); 1] = [&50_000i32];
    let mut rows = client
        .query_raw("SELECT g FROM generate_series(1, $1) g", params)
        .await
        .unwrap();
    let mut sum = 0i64;
    let mut count = 0;
    while let Some(row) = rows.next().await {
        sum += i64::from(row.unwrap().get::<_, i32>(0));
        count += 1;
    }
    assert_eq!(count, 50_000);
    assert_eq!(sum, 50_000 * 50_001 / 2);
    assert_eq!(rows.rows_affected(), Some(50_000));
    // Dropping a stream half way leaves the connection ready for the next query.
    let params: [&(dyn SqlParam + Sync); 0] = [];
    let mut rows = client
        .query_raw("SELECT generate_series(1, 100000)", params)
        .await
        .unwrap();
    rows.next().await.unwrap().unwrap();
    drop(rows);
    assert_eq!(
        client
            .query_one("SELECT 7::int4", &[])
            .await
            .unwrap()
            .get::<_, i32>(0),
        7
    );
}

#[tokio::test]
async fn query_simple_protocol_returns_text_rows_and_counts() {
    let client = client(&support::pg15()).await;
    let messages = client
        .simple_query("CREATE TEMP TABLE s (a int, b text); INSERT INTO s VALUES (1, NULL), (2, 'x'); SELECT a, b FROM s ORDER BY a")
        .await
        .unwrap();
    use pgline::SimpleQueryMessage as M;
    let rows: Vec<_> = messages
        .iter()
        .filter_map(|m| match m {
            M::Row(r) => Some((
                r.get(0usize).map(str::to_owned),
                r.get("b").map(str::to_owned),
            )),
            _ => None,
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (Some("1".into()), None),
            (Some("2".into()), Some("x".into()))
        ]
    );
    let counts: Vec<u64> = messages
        .iter()
        .filter_map(|m| match m {
            M::CommandComplete(n) => Some(*n),
            _ => None,
        })
        .collect();
    assert_eq!(counts, vec![0, 2, 2]);
    let err = client
        .batch_execute("SELECT 1; SELECT 1/0; SELECT 3")
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(&SqlState::DIVISION_BY_ZERO));
    client.batch_execute("SELECT 1").await.unwrap();
}

#[tokio::test]
async fn query_statement_is_closed_on_the_server_when_dropped() {
    let client = client(&support::pg15()).await;
    let count = || async {
        client
            .query_one("SELECT count(*)::int8 FROM pg_prepared_statements", &[])
            .await
            .unwrap()
            .get::<_, i64>(0)
    };
    let before = count().await;
    let stmt = client.prepare("SELECT 1").await.unwrap();
    assert_eq!(count().await, before + 1);
    drop(stmt);
    assert_eq!(count().await, before);
}

#[tokio::test]
async fn query_concurrent_with_half_the_futures_dropped() {
    use std::sync::Arc;
    for server in support::tls_servers() {
        let client = Arc::new(client(&server).await);
        let stmt = client
            .prepare("SELECT $1::int4, pg_sleep(random() * 0.01)::text")
            .await
            .unwrap();
        let mut tasks = Vec::new();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for id in 0..100i32 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let drop_it = seed % 2 == 0;
            let client = client.clone();
            let stmt = stmt.clone();
            let fut = async move {
                let row = client.query_one(&stmt, &[&id]).await.unwrap();
                assert_eq!(row.get::<_, i32>(0), id, "a reply reached the wrong caller");
                id
            };
            if drop_it {
                // Poll once so the request is written, then drop it mid-flight.
                tasks.push(tokio::spawn(async move {
                    let _ = tokio::time::timeout(std::time::Duration::from_millis(1), fut).await;
                    None
                }));
            } else {
                tasks.push(tokio::spawn(async move { Some(fut.await) }));
            }
        }
        let mut survivors = 0;
        for (id, task) in tasks.into_iter().enumerate() {
            if let Some(got) = task.await.unwrap() {
                assert_eq!(got, id as i32);
                survivors += 1;
            }
        }
        assert!(survivors > 20, "{survivors}");
        // The connection is still in step after all the drops.
        for id in 0..10i32 {
            let row = client.query_one(&stmt, &[&id]).await.unwrap();
            assert_eq!(row.get::<_, i32>(0), id);
        }
    }
}

#[tokio::test]
async fn query_terminated_backend_gives_a_closed_error_not_a_hang() {
    let server = support::pg15();
    let victim = client(&server).await;
    let admin = client(&server).await;
    let pid: i32 = victim
        .query_one("SELECT pg_backend_pid()", &[])
        .await
        .unwrap()
        .get(0);
    admin
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .await
        .unwrap();
    let outcome = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        victim.query("SELECT 1", &[]),
    )
    .await
    .expect("a query on a terminated connection must not hang");
    let err = outcome.unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Closed | ErrorKind::Db),
        "{err:?}"
    );
    // Once the task has seen the end of the stream the client says closed, for good.
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !victim.is_closed() {
            let _ = victim.query("SELECT 1", &[]).await;
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap();
    let err = victim.query("SELECT 1", &[]).await.unwrap_err();
    assert!(err.is_closed(), "{err:?}");
    assert!(err.is_safe_to_retry());
}

#[tokio::test]
async fn query_notifications_and_notices_arrive_apart_from_results() {
    let server = support::pg15();
    let listener = client(&server).await;
    let mut messages = listener.async_messages();
    listener.batch_execute("LISTEN pgline_chan").await.unwrap();
    let sender = client(&server).await;
    sender
        .execute("SELECT pg_notify('pgline_chan', $1)", &[&"payload-1"])
        .await
        .unwrap();
    // The notification is read by the connection task even while nothing is queried.
    let message = tokio::time::timeout(std::time::Duration::from_secs(10), messages.recv())
        .await
        .unwrap()
        .unwrap();
    match message {
        pgline::AsyncMessage::Notification(n) => {
            assert_eq!(n.channel(), "pgline_chan");
            assert_eq!(n.payload(), "payload-1");
        }
        other => panic!("{other:?}"),
    }
    listener
        .batch_execute("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$")
        .await
        .unwrap();
    match messages.recv().await.unwrap() {
        pgline::AsyncMessage::Notice(n) => assert_eq!(n.message(), "hello 42"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn query_cancel_token_cancels_a_running_query() {
    for server in support::tls_servers() {
        let ca = support::ca().display().to_string();
        let client = pgline::connect(&server.url(
            "pgline_trust",
            &[("sslmode", "verify-full"), ("sslrootcert", &ca)],
        ))
        .await
        .unwrap();
        let token = client.cancel_token();
        let running =
            tokio::spawn(async move { client.batch_execute("SELECT pg_sleep(30)").await });
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        token.cancel_query().await.unwrap();
        let err = tokio::time::timeout(std::time::Duration::from_secs(10), running)
            .await
            .unwrap()
            .unwrap()
            .unwrap_err();
        assert_eq!(
            err.code(),
            Some(&SqlState::QUERY_CANCELED),
            "{}: {err}",
            server.name
        );
    }
}

#[tokio::test]
async fn query_parameters_reported_by_the_server_are_tracked() {
    let client = client(&support::pg15()).await;
    assert!(
        client
            .parameter("server_version")
            .unwrap()
            .starts_with("15")
    );
    assert_eq!(client.parameter("client_encoding").as_deref(), Some("UTF8"));
    client
        .batch_execute("SET TimeZone = 'Asia/Tokyo'")
        .await
        .unwrap();
    assert_eq!(client.parameter("TimeZone").as_deref(), Some("Asia/Tokyo"));
    let pg18 = self::client(&support::pg18()).await;
    assert!(pg18.parameter("server_version").unwrap().starts_with("18"));
}

#[tokio::test]
async fn query_types_not_built_in_are_looked_up_once() {
    let client = client(&support::pg15()).await;
    client
        .batch_execute(
            "CREATE TYPE pg_temp.mood AS ENUM ('sad', 'ok', 'happy');
             CREATE DOMAIN pg_temp.posint AS int4 CHECK (VALUE > 0);",
        )
        .await
        .unwrap();
    let row = client
        .query_one("SELECT 'ok'::pg_temp.mood AS m, 5::pg_temp.posint AS p, ARRAY['sad'::pg_temp.mood] AS a", &[])
        .await
        .unwrap();
    let mood = row.columns()[0].type_();
    assert_eq!(
        mood.kind(),
        &pgline::types::Kind::Enum(vec!["sad".into(), "ok".into(), "happy".into()])
    );
    assert_eq!(row.get::<_, &str>("m"), "ok");
    assert_eq!(row.get::<_, i32>("p"), 5);
    assert_eq!(row.get::<_, Vec<String>>("a"), vec!["sad".to_owned()]);
    // The same type as a parameter.
    let row = client
        .query_one("SELECT $1::pg_temp.mood::text", &[&"happy"])
        .await
        .unwrap();
    assert_eq!(row.get::<_, &str>(0), "happy");
}
