//! The pool over the primary/standby pair while the pair changes: `prefer-standby` reads go to
//! the standby, a `pg_ctl restart` of the primary heals, then the primary stops, the standby is
//! promoted, and a `read-write` pool over both hosts writes again within 5 s. One test function
//! in its own binary, so nothing else sees the pair mid-change.

mod support;

use std::time::{Duration, Instant};

use pgline::pool::Pool;
use pgline::{Client, ErrorKind};
use support::{Server, USER_TRUST};

/// Both hosts of the pair, primary first, TLS off, with `target_session_attrs` and pool keys.
fn pair_conninfo(attrs: &str, pool_keys: &str) -> String {
    let (primary, standby) = (support::primary(), support::standby());
    format!(
        "host={},{} port={},{} user={USER_TRUST} dbname={} sslmode=disable \
         target_session_attrs={attrs} application_name=pgline_failover connect_timeout=2 {pool_keys}",
        primary.host,
        standby.host,
        primary.port,
        standby.port,
        support::db(),
    )
}

async fn port_and_recovery(client: &Client) -> (i32, bool) {
    let row = client
        .query_one("SELECT inet_server_port(), pg_is_in_recovery()", &[])
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

fn ctl(server: &Server, args: &[&str]) {
    let out = support::pg_ctl(server, args);
    assert!(
        out.status.success(),
        "pg_ctl {args:?} on {}: {}{}",
        server.name,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Writes through the pool until one succeeds; the time it took.
async fn write_until_ok(pool: &Pool, limit: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let attempt = async {
            let client = pool.get().await?;
            client
                .execute("INSERT INTO pool_failover_log DEFAULT VALUES", &[])
                .await
        };
        match attempt.await {
            Ok(1) => return started.elapsed(),
            Ok(n) => panic!("inserted {n} rows"),
            Err(e) => assert!(
                started.elapsed() < limit,
                "no write within {limit:?}: last error {e}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_follows_the_pair_through_a_restart_and_a_failover() {
    let (primary, standby) = (support::primary(), support::standby());
    let writes = Pool::new(&pair_conninfo(
        "read-write",
        "pool_max_size=4 pool_acquire_timeout=3",
    ))
    .unwrap();
    {
        let client = writes.get().await.unwrap();
        assert_eq!(
            port_and_recovery(&client).await,
            (i32::from(primary.port), false)
        );
        client
            .batch_execute(
                "CREATE TABLE IF NOT EXISTS pool_failover_log (id serial PRIMARY KEY, at timestamptz DEFAULT now())",
            )
            .await
            .unwrap();
    }

    // prefer-standby: reads go to the standby while it is one, although the primary is first.
    let reads = Pool::new(&pair_conninfo("prefer-standby", "pool_max_size=2")).unwrap();
    {
        let client = reads.get().await.unwrap();
        assert_eq!(
            port_and_recovery(&client).await,
            (i32::from(standby.port), true)
        );
    }

    // A restart of the primary: the in-flight request fails and says it was sent; the pool
    // heals without handing out a dead connection.
    let busy = writes.get().await.unwrap();
    let idle = writes.get().await.unwrap();
    drop(idle);
    let sleeper = tokio::spawn(async move {
        let result = busy.query("SELECT pg_sleep(30)", &[]).await;
        (result.map(|_| ()), busy.is_closed())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    ctl(&primary, &["restart", "-m", "fast"]);
    let (result, _) = sleeper.await.unwrap();
    let error = result.unwrap_err();
    assert!(!error.is_safe_to_retry(), "the sleep was sent: {error}");
    let healed = write_until_ok(&writes, Duration::from_secs(30)).await;
    assert!(healed < Duration::from_secs(30));
    for _ in 0..4 {
        let client = writes.get().await.unwrap();
        assert!(!client.is_closed());
        client.query("SELECT 1", &[]).await.unwrap();
    }
    assert!(writes.metrics().closed >= 2, "{:?}", writes.metrics());

    // Failover: the primary stops, the standby is promoted; writes resume within 5 s.
    ctl(&primary, &["stop", "-m", "fast"]);
    let during = writes.get().await;
    if let Err(e) = &during {
        assert!(e.is_safe_to_retry(), "{e}");
        assert_ne!(e.kind(), ErrorKind::Auth);
    }
    drop(during);
    ctl(&standby, &["promote"]);
    let promoted_at = Instant::now();
    let took = write_until_ok(&writes, Duration::from_secs(5)).await;
    assert!(promoted_at.elapsed() < Duration::from_secs(5), "{took:?}");
    let client = writes.get().await.unwrap();
    assert_eq!(
        port_and_recovery(&client).await,
        (i32::from(standby.port), false)
    );
    println!("writes resumed {took:?} after the promotion");
}
