//! A Database's settings and callbacks against the real servers: the pool gets the seed's
//! defaults, the init/setup/reset/on-connection-create callbacks run where they should, the
//! pgvector check and the JSON codec switch.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use pgline::{Database, DatabaseBuilder, ErrorKind, PgvectorCodecs};

fn builder(server: &support::Server) -> DatabaseBuilder {
    Database::builder(&server.url(support::USER_TRUST, &[("sslmode", "disable")]))
        .unwrap()
        .settings(|s| {
            s.pool_min_size = 0;
            s.pool_max_size = 1;
        })
}

#[tokio::test]
async fn the_pool_runs_with_the_seed_defaults() {
    let db = Database::connect(&support::pg15().url(support::USER_TRUST, &[]))
        .await
        .unwrap();
    let pool = db.pool().settings();
    assert_eq!((pool.min_size, pool.max_size), (10, 10));
    assert_eq!(pool.max_queries, Some(50_000));
    assert_eq!(pool.idle_timeout, Some(Duration::from_secs(300)));
    assert_eq!(pool.statement_cache_size, Some(100));
    let s = db.session().await.unwrap();
    assert_eq!(s.client().statement_cache_stats().capacity, 100);
    drop(s);
    assert!(db.close(Duration::from_secs(5)).await);
}

#[tokio::test]
async fn callbacks_run_per_connection_per_session_and_per_return() {
    for server in [support::pg15(), support::pg18()] {
        let counts = Arc::new([
            AtomicU32::new(0),
            AtomicU32::new(0),
            AtomicU32::new(0),
            AtomicU32::new(0),
        ]);
        let (c1, c2, c3, c4) = (
            counts.clone(),
            counts.clone(),
            counts.clone(),
            counts.clone(),
        );
        let db = builder(&server)
            .init(move |client| {
                c1[0].fetch_add(1, Ordering::SeqCst);
                Box::pin(async move {
                    client
                        .batch_execute("SET application_name = 'drv_init'")
                        .await
                })
            })
            .on_connection_create(move |client| {
                c2[1].fetch_add(1, Ordering::SeqCst);
                Box::pin(async move { client.batch_execute("SET work_mem = '7MB'").await })
            })
            .setup(move |_| {
                c3[2].fetch_add(1, Ordering::SeqCst);
                Box::pin(async { Ok(()) })
            })
            .reset(move |_| {
                c4[3].fetch_add(1, Ordering::SeqCst);
                Box::pin(async { Ok(()) })
            })
            .build()
            .await
            .unwrap();
        for _ in 0..3 {
            let s = db.session().await.unwrap();
            let (name, mem): (String, String) = s
                .select_one(
                    "SELECT current_setting('application_name'), current_setting('work_mem')",
                    &[],
                )
                .await
                .unwrap();
            assert_eq!((name.as_str(), mem.as_str()), ("drv_init", "7MB"));
            drop(s);
            // The pool checks a returned connection in on a task of its own.
            for _ in 0..200 {
                if db.pool().metrics().idle == 1 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        let seen: Vec<u32> = counts.iter().map(|c| c.load(Ordering::SeqCst)).collect();
        // One connection (max size 1): made once; handed out 3 times (the first is fresh, so
        // the setup callback runs for the two reuses), given back 3 times.
        assert_eq!(seen[0], 1, "{}: init {seen:?}", server.name);
        assert_eq!(seen[1], 1, "{}: on_connection_create {seen:?}", server.name);
        assert!(seen[2] >= 2, "{}: setup {seen:?}", server.name);
        assert_eq!(seen[3], 3, "{}: reset {seen:?}", server.name);
    }
}

#[tokio::test]
async fn a_failing_init_callback_fails_the_session_with_its_error() {
    let db = builder(&support::pg15())
        .settings(|s| s.acquire_timeout = Some(Duration::from_secs(2)))
        .init(|client| Box::pin(async move { client.batch_execute("SELECT no_such_fn()").await }))
        .build()
        .await
        .unwrap();
    let e = db.session().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Db, "{e}");
    assert_eq!(e.code(), Some(&pgline::SqlState::UNDEFINED_FUNCTION));
}

#[tokio::test]
async fn pgvector_is_detected_required_or_ignored() {
    let with = support::vector();
    let without = support::pg15();
    let auto = builder(&with).build().await.unwrap();
    let s = auto.session().await.unwrap();
    assert!(auto.has_pgvector());
    let v: pgline::types::Vector = s
        .select_value("SELECT '[1,2,3]'::vector", &[])
        .await
        .unwrap();
    assert_eq!(v.as_slice(), &[1.0, 2.0, 3.0]);
    drop(s);

    let auto_without = builder(&without).build().await.unwrap();
    auto_without.session().await.unwrap();
    assert!(!auto_without.has_pgvector());

    let off = builder(&with)
        .settings(|s| s.pgvector_codecs = PgvectorCodecs::Off)
        .build()
        .await
        .unwrap();
    off.session().await.unwrap();
    assert!(!off.has_pgvector());

    let required = builder(&without)
        .settings(|s| s.pgvector_codecs = PgvectorCodecs::On)
        .build()
        .await
        .unwrap();
    let e = required.session().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config, "{e}");
    assert!(e.to_string().contains("pgvector_codecs"), "{e}");
}

#[tokio::test]
async fn json_codecs_can_be_turned_off() {
    let server = support::pg18();
    let on = builder(&server).build().await.unwrap();
    let v: serde_json::Value = on
        .session()
        .await
        .unwrap()
        .select_value("SELECT '{\"a\": 1}'::jsonb", &[])
        .await
        .unwrap();
    assert_eq!(v["a"], 1);
    let off = builder(&server)
        .settings(|s| s.json_codecs = false)
        .build()
        .await
        .unwrap();
    let s = off.session().await.unwrap();
    let e = s
        .select_value::<serde_json::Value>("SELECT '{\"a\": 1}'::jsonb", &[])
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conversion);
    let text: String = s
        .select_value("SELECT '{\"a\": 1}'::jsonb", &[])
        .await
        .unwrap();
    assert_eq!(text, "{\"a\": 1}");
}

#[tokio::test]
async fn a_password_provider_is_asked_for_each_connection_and_the_dictionary_is_reachable() {
    let server = support::pg18();
    let asked = Arc::new(AtomicU32::new(0));
    let counter = asked.clone();
    let password = support::password();
    let db = Database::builder(&server.url(support::USER_SCRAM, &[("sslmode", "disable")]))
        .unwrap()
        .settings(|s| {
            s.pool_min_size = 0;
            s.pool_max_size = 2;
        })
        .password_provider(move |_target: pgline::HostTarget| {
            counter.fetch_add(1, Ordering::SeqCst);
            let password = password.clone();
            async move { Ok::<_, std::io::Error>(password) }
        })
        .build()
        .await
        .unwrap();
    let (a, b) = (db.session().await.unwrap(), db.session().await.unwrap());
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    let version = a.dictionary().version().await.unwrap();
    assert_eq!(version.major, 18);
    let user: String = b.select_value("SELECT current_user", &[]).await.unwrap();
    assert_eq!(user, support::USER_SCRAM);
}

#[tokio::test]
async fn a_connector_opens_every_connection_of_the_database() {
    let server = support::pg15();
    let opened = Arc::new(AtomicU32::new(0));
    let counter = opened.clone();
    let addr = server.addr();
    let db = builder(&server)
        .settings(|s| s.pool_max_size = 2)
        .connector(move |_target: pgline::HostTarget| {
            counter.fetch_add(1, Ordering::SeqCst);
            let addr = addr.clone();
            async move { tokio::net::TcpStream::connect(addr).await }
        })
        .build()
        .await
        .unwrap();
    let (a, b) = (db.session().await.unwrap(), db.session().await.unwrap());
    let one: i32 = a.select_value("SELECT 1", &[]).await.unwrap();
    let two: i32 = b.select_value("SELECT 2", &[]).await.unwrap();
    assert_eq!((one, two), (1, 2));
    assert_eq!(opened.load(Ordering::SeqCst), 2);
}

/// Decodes every document as the JSON string of its text, so a test can tell it ran.
#[derive(Debug)]
struct Verbatim;

impl pgline::types::JsonCodec for Verbatim {
    fn decode(
        &self,
        _: &pgline::types::Type,
        text: &[u8],
    ) -> Result<serde_json::Value, pgline::types::BoxError> {
        Ok(serde_json::Value::String(
            std::str::from_utf8(text)?.to_owned(),
        ))
    }
    fn encode(
        &self,
        _: &pgline::types::Type,
        value: &serde_json::Value,
        out: &mut bytes::BytesMut,
    ) -> Result<(), pgline::types::BoxError> {
        out.extend_from_slice(value.to_string().as_bytes());
        Ok(())
    }
}

#[tokio::test]
async fn a_json_serializer_is_used_for_every_connection() {
    let db = builder(&support::pg15())
        .json_serializer(Arc::new(Verbatim))
        .build()
        .await
        .unwrap();
    let v: serde_json::Value = db
        .session()
        .await
        .unwrap()
        .select_value("SELECT '{\"a\": [1, 2]}'::jsonb", &[])
        .await
        .unwrap();
    assert_eq!(v, serde_json::Value::String("{\"a\": [1, 2]}".into()));
}
