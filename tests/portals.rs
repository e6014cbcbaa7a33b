//! Portals walked in batches inside a transaction, against the real servers.

mod support;

use pgline::types::SqlParam;
use pgline::{Client, TransactionStatus};

async fn client(server: &support::Server) -> Client {
    pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

#[tokio::test]
async fn portal_walks_ten_thousand_rows_in_ten_batches() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let tx = client.transaction().await.unwrap();
        let last: i32 = 10_000;
        let params: [&(dyn SqlParam + Sync); 1] = [&last];
        let portal = tx
            .bind("SELECT generate_series(1, $1::int4)", params)
            .await
            .unwrap();
        let mut batches = 0;
        let mut seen = Vec::new();
        while !portal.is_done() {
            let rows = tx.query_portal(&portal, 1000).await.unwrap();
            if rows.is_empty() {
                // The server reports the end only on the Execute after the last full batch.
                assert!(portal.is_done(), "{}", server.name);
                break;
            }
            assert_eq!(rows.len(), 1000, "{}", server.name);
            batches += 1;
            seen.extend(rows.iter().map(|r| r.get::<_, i32>(0)));
        }
        assert_eq!(batches, 10, "{}", server.name);
        assert_eq!(seen, (1..=10_000).collect::<Vec<i32>>(), "{}", server.name);
        assert!(tx.query_portal(&portal, 1000).await.unwrap().is_empty());
        drop(portal);
        tx.commit().await.unwrap();
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn portal_dropped_half_way_is_closed_and_the_transaction_commits() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        client
            .batch_execute("CREATE TEMP TABLE walked (n int)")
            .await
            .unwrap();
        let tx = client.transaction().await.unwrap();
        let portal = tx
            .bind("SELECT generate_series(1, 5000)", pgline::NO_PARAMS)
            .await
            .unwrap();
        let rows = tx.query_portal(&portal, 100).await.unwrap();
        assert_eq!(rows.len(), 100);
        assert_eq!(rows[99].get::<_, i32>(0), 100);
        assert!(!portal.is_done());
        let open: i64 = tx
            .query_one(
                "SELECT count(*) FROM pg_cursors WHERE name LIKE 'pgline_p%'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(open, 1, "{}: the portal is open", server.name);
        drop(portal);
        let open: i64 = tx
            .query_one(
                "SELECT count(*) FROM pg_cursors WHERE name LIKE 'pgline_p%'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(open, 0, "{}: dropping closed it", server.name);
        tx.execute("INSERT INTO walked VALUES (1)", &[])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let n: i64 = client
            .query_one("SELECT count(*) FROM walked", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 1, "{}", server.name);
        assert_eq!(client.transaction_status(), TransactionStatus::Idle);
    }
}

#[tokio::test]
async fn portal_with_max_rows_zero_returns_everything_at_once() {
    let client = client(&support::pg15()).await;
    let tx = client.transaction().await.unwrap();
    let portal = tx
        .bind("SELECT generate_series(1, 2500)", pgline::NO_PARAMS)
        .await
        .unwrap();
    let rows = tx.query_portal(&portal, 0).await.unwrap();
    assert_eq!(rows.len(), 2500);
    assert!(portal.is_done());
    drop(portal);
    tx.rollback().await.unwrap();
}
