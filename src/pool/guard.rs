//! The pooled connection: derefs to [`Client`], goes back to the pool on drop, and is closed
//! instead when its state is unknown.

use std::ops::Deref;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::core::{Conn, HOOK_LIMIT, PoolShared};
use crate::client::Client;
use crate::error::Error;
use crate::protocol::backend::TransactionStatus;

/// A connection borrowed from a [`Pool`](super::Pool); use it as a [`Client`].
///
/// Dropping it hands the connection back. What happens then:
/// - closed (socket gone, a fatal server error, a protocol desync), past its lifetime or its
///   `max_queries`, or a clone of the [`Client`] still alive: closed, never handed out again;
/// - a request still owed replies (its future was dropped mid-request): the connection task
///   drains them, and the connection comes back when that finishes within `drain_timeout`,
///   else it is closed;
/// - an open or failed transaction: `ROLLBACK`; then the `reset_query` and the after-release
///   hook. Any of them failing closes the connection.
///
/// Only the last two need I/O; they run on a spawned task, so dropping never blocks.
pub struct PooledClient {
    conn: Option<Conn>,
    pool: Arc<PoolShared>,
}

impl PooledClient {
    pub(crate) fn new(conn: Conn, pool: Arc<PoolShared>) -> PooledClient {
        pool.in_use_add(1);
        PooledClient {
            conn: Some(conn),
            pool,
        }
    }

    fn conn(&self) -> &Conn {
        self.conn
            .as_ref()
            .expect("a pooled client holds its connection until dropped")
    }
}

impl Deref for PooledClient {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.conn().client
    }
}

impl std::fmt::Debug for PooledClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PooledClient")
            .field(&self.conn().client)
            .finish()
    }
}

impl Drop for PooledClient {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            check_in(self.pool.clone(), conn);
        }
    }
}

/// Decides, without blocking, what becomes of a returned connection.
fn check_in(pool: Arc<PoolShared>, conn: Conn) {
    pool.in_use_add(-1);
    let wire = conn.client.wire_state();
    if wire.closed || conn.client.is_shared() {
        pool.forget(conn, false);
        return;
    }
    let spent = pool
        .settings
        .max_queries
        .is_some_and(|max| wire.requests_sent >= max);
    if spent || conn.is_expired(Instant::now()) {
        pool.forget(conn, wire.idle);
        return;
    }
    let clean = wire.idle
        && conn.client.transaction_status() == TransactionStatus::Idle
        && pool.settings.reset_query.is_none()
        && pool.hooks.after_release.is_none();
    if clean {
        pool.put_back(conn);
        return;
    }
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => {
            runtime.spawn(recycle(pool, conn));
        }
        Err(_) => pool.forget(conn, false),
    }
}

/// Waits for in-flight replies to drain, then resets; the connection goes back or is closed.
async fn recycle(pool: Arc<PoolShared>, conn: Conn) {
    if !settle(&conn.client, pool.settings.drain_timeout).await {
        pool.forget(conn, false);
        return;
    }
    match tokio::time::timeout(HOOK_LIMIT, reset(&pool, &conn.client)).await {
        Ok(Ok(())) if !conn.client.is_closed() => pool.put_back(conn),
        _ => pool.forget(conn, false),
    }
}

/// Whether the connection owes no replies within `limit`. Usually it is already, or about to
/// be: the caller saw its last reply an instant before the task marked the request done.
async fn settle(client: &Client, limit: Duration) -> bool {
    let start = Instant::now();
    let mut spins = 0;
    loop {
        let wire = client.wire_state();
        if wire.closed {
            return false;
        }
        if wire.idle {
            return true;
        }
        if start.elapsed() >= limit {
            return false;
        }
        if spins < 32 {
            spins += 1;
            tokio::task::yield_now().await;
        } else {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

/// Rollback of an open or failed transaction, the reset query, the after-release hook.
async fn reset(pool: &PoolShared, client: &Client) -> Result<(), Error> {
    if client.transaction_status() != TransactionStatus::Idle {
        client.batch_execute("ROLLBACK").await?;
    }
    if let Some(query) = &pool.settings.reset_query {
        client.batch_execute(query).await?;
    }
    if let Some(hook) = &pool.hooks.after_release {
        hook(client).await?;
    }
    Ok(())
}
