//! Shared requests: [`Pool::query`] and friends pipeline many callers' requests over the same
//! connections, where [`Pool::get`] lends a connection to one caller at a time.
//!
//! A connection running shared requests stays on the idle list with a count of them. Each
//! request goes to the least busy connection; a new one is opened instead while every open one
//! is busy and fewer than `max_size` are open. Requests queued on one connection reach the
//! server in one write and are answered back to back, which saves the server and the client a
//! wake-up and a system call or two per request. A connection is lent to [`Pool::get`] only
//! once its shared requests are done, and while callers of `get` wait, shared requests queue
//! with them, so neither kind starves the other.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use super::core::{Conn, PoolShared};
use super::{Permit, Pool};
use crate::client::{Client, Row, SimpleQueryMessage};
use crate::error::Error;
use crate::protocol::backend::TransactionStatus;
use crate::types::SqlParam;

/// Where one shared request runs.
enum Place {
    /// On this connection, already counted in its `shared`.
    Lease(Lease),
    /// On a new connection: a permit is counted in `size`.
    Open,
    /// On a connection lent by [`Pool::get`]: the only free ones want the health check `get`
    /// makes, or the pool is closed (then `get` says so).
    Lent,
    /// Later: callers of [`Pool::get`] are queued, or every connection is lent, opening or
    /// `pipeline_depth` deep in shared requests.
    Wait,
}

/// One shared request's place on a connection; ending it gives the place back.
struct Lease {
    pool: Arc<PoolShared>,
    id: u64,
    client: Option<Client>,
    /// The request left the session inside a transaction.
    tainted: bool,
}

impl Lease {
    fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("a lease holds its client until dropped")
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        // The clone goes first: a connection lent at zero must have no other holder.
        drop(self.client.take());
        self.pool.end_shared(self.id, self.tainted);
    }
}

impl PoolShared {
    /// Picks where a shared request runs.
    fn place_shared(self: &Arc<Self>) -> Place {
        let now = Instant::now();
        let mut retired = Vec::new();
        let mut state = self.lock();
        if state.closed {
            return Place::Lent;
        }
        if !state.waiters.is_empty() {
            return Place::Wait;
        }
        let depth = self.settings.pipeline_depth;
        let mut unchecked = false;
        let place = loop {
            // The least busy connection that may take it, the warmest first among equals.
            let mut best: Option<usize> = None;
            for (i, conn) in state.idle.iter().enumerate().rev() {
                if conn.shared == 0 && self.needs_check(conn, now) {
                    unchecked = true;
                    continue;
                }
                if conn.retiring || conn.shared >= depth {
                    continue;
                }
                if best.is_none_or(|b| conn.shared < state.idle[b].shared) {
                    best = Some(i);
                    if conn.shared == 0 {
                        break;
                    }
                }
            }
            let Some(at) = best else {
                break None;
            };
            let conn = &mut state.idle[at];
            if self.is_spent(conn, now) {
                if conn.shared == 0 {
                    retired.extend(state.idle.remove(at));
                } else {
                    conn.retiring = true;
                }
                continue;
            }
            break Some(at);
        };
        let place = match place {
            Some(at) if state.idle[at].shared == 0 || state.size >= self.settings.max_size => {
                let conn = &mut state.idle[at];
                conn.shared += 1;
                Place::Lease(self.lease(conn))
            }
            _ if state.size < self.settings.max_size => {
                state.size += 1;
                Place::Open
            }
            None if unchecked => Place::Lent,
            _ => Place::Wait,
        };
        drop(state);
        self.forget_all(retired);
        place
    }

    fn lease(self: &Arc<Self>, conn: &Conn) -> Lease {
        Lease {
            pool: self.clone(),
            id: conn.id,
            // The pool's own timeout is applied around the request: a CancelRequest would stop
            // whichever request the server is running, not necessarily this one.
            client: Some(conn.client.with_timeout(None)),
            tainted: false,
        }
    }

    /// Puts a connection opened for a shared request on the idle list, running it.
    fn add_shared(self: &Arc<Self>, mut conn: Conn) -> Lease {
        conn.shared = 1;
        let lease = self.lease(&conn);
        self.lock().idle.push_back(conn);
        self.wake_shared();
        lease
    }

    /// A shared request ended: the connection is closed if it must be, or lent to the oldest
    /// caller of [`Pool::get`] once no shared request runs on it.
    fn end_shared(&self, id: u64, tainted: bool) {
        let now = Instant::now();
        let mut state = self.lock();
        let Some(at) = state.idle.iter().position(|c| c.id == id) else {
            // The pool closed meanwhile and let it go.
            return;
        };
        let conn = &mut state.idle[at];
        // A request waiting for room on a full connection may take this place.
        let was_full = conn.shared == self.settings.pipeline_depth;
        conn.shared -= 1;
        conn.idle_since = now;
        conn.retiring |= tainted;
        let retire = conn.shared == 0 && (conn.retiring || self.is_spent(conn, now));
        if conn.shared > 0 || (!retire && state.waiters.is_empty()) {
            drop(state);
            if was_full {
                self.wake_shared();
            }
            return;
        }
        let Some(conn) = state.idle.remove(at) else {
            return;
        };
        drop(state);
        if retire {
            // Closing ends a transaction left open by rolling it back.
            self.forget(conn, false);
        } else {
            self.put_back(conn);
        }
    }

    /// Closed, past its lifetime or its `max_queries`.
    fn is_spent(&self, conn: &Conn, now: Instant) -> bool {
        let wire = conn.client.wire_state();
        wire.closed
            || conn.is_expired(now)
            || self
                .settings
                .max_queries
                .is_some_and(|max| wire.requests_sent >= max)
    }

    /// Idle long enough that [`Pool::get`] would check it first.
    fn needs_check(&self, conn: &Conn, now: Instant) -> bool {
        self.settings
            .health_check_after
            .is_some_and(|after| now.duration_since(conn.idle_since) >= after)
    }

    fn forget_all(&self, conns: Vec<Conn>) {
        for conn in conns {
            self.forget(conn, false);
        }
    }
}

impl Pool {
    /// Runs `request` on a connection shared with other callers' requests, or on a lent one
    /// when none can be shared.
    async fn shared_request<T, F, Fut>(&self, request: F) -> Result<T, Error>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let shared = &self.shared;
        let mut started = None::<Instant>;
        let deadline = |start: Instant| shared.settings.acquire_timeout.map(|t| start + t);
        loop {
            let place = match shared.place_shared() {
                Place::Wait => {
                    // Counted and listening before looking again, so no wake can be missed.
                    let waiting = shared.shared_wait();
                    let changed = waiting.notified();
                    tokio::pin!(changed);
                    changed.as_mut().enable();
                    match shared.place_shared() {
                        Place::Wait => {
                            let start = *started.get_or_insert_with(Instant::now);
                            match deadline(start) {
                                Some(at) => {
                                    if tokio::time::timeout_at(at.into(), changed).await.is_err() {
                                        return Err(self.timed_out(None));
                                    }
                                }
                                None => changed.await,
                            }
                            continue;
                        }
                        place => place,
                    }
                }
                place => place,
            };
            let lease = match place {
                Place::Lease(lease) => lease,
                Place::Open => {
                    let mut permit = Permit::new(shared);
                    let start = *started.get_or_insert_with(Instant::now);
                    let conn = self.open_until(deadline(start)).await?;
                    permit.disarm();
                    shared.add_shared(conn)
                }
                Place::Lent => {
                    let client = self.get().await?;
                    return request((*client).clone()).await;
                }
                Place::Wait => continue,
            };
            return self.run_leased(lease, request).await;
        }
    }

    async fn run_leased<T, F, Fut>(&self, mut lease: Lease, request: F) -> Result<T, Error>
    where
        F: FnOnce(Client) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let running = request(lease.client().clone());
        let result = match self.shared.options.default_query_timeout() {
            Some(limit) => match tokio::time::timeout(limit, running).await {
                Ok(result) => result,
                Err(_) => {
                    return Err(Error::timeout(format!(
                        "the request took longer than the client timeout of {limit:?}; no \
                         CancelRequest was sent, as the connection is shared"
                    )));
                }
            },
            None => running.await,
        };
        if lease.client().transaction_status() != TransactionStatus::Idle {
            lease.tainted = true;
            return Err(Error::usage(
                "a shared request left the session inside a transaction block; run \
                 transactions on a connection from Pool::get. The connection is closed, which \
                 rolls the transaction back",
            ));
        }
        result
    }

    /// Runs a statement on a connection shared with other callers and returns its rows: see
    /// [`Client::query`]. Requests from many tasks are pipelined over the pool's connections,
    /// which serves many small queries with fewer connections and less work per query than
    /// lending each caller a connection.
    ///
    /// Only for statements that leave the session as they found it: one that opens a
    /// transaction fails with [`ErrorKind::Usage`](crate::ErrorKind::Usage), and its connection
    /// is closed (rolling the transaction back). `SET` and other session state would reach
    /// other callers' requests: use [`Pool::get`] for those, for transactions and for
    /// [`Client::prepare`]. The client timeout applies, without a CancelRequest, which could
    /// stop another caller's statement.
    ///
    /// ```no_run
    /// # async fn f(pool: &pgline::pool::Pool) -> Result<(), pgline::Error> {
    /// let row = pool.query_one("SELECT count(*) FROM jobs WHERE owner = $1", &[&"ann"]).await?;
    /// let jobs: i64 = row.get(0);
    /// # Ok(()) }
    /// ```
    pub async fn query(
        &self,
        sql: &str,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<Vec<Row>, Error> {
        self.shared_request(|c| async move { c.query(sql, params).await })
            .await
    }

    /// Runs a statement that must return exactly one row on a shared connection: see
    /// [`Pool::query`].
    pub async fn query_one(
        &self,
        sql: &str,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<Row, Error> {
        self.shared_request(|c| async move { c.query_one(sql, params).await })
            .await
    }

    /// Runs a statement that must return at most one row on a shared connection: see
    /// [`Pool::query`].
    pub async fn query_opt(
        &self,
        sql: &str,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<Option<Row>, Error> {
        self.shared_request(|c| async move { c.query_opt(sql, params).await })
            .await
    }

    /// Runs a statement on a shared connection and returns the rows it affected: see
    /// [`Pool::query`].
    pub async fn execute(
        &self,
        sql: &str,
        params: &[&(dyn SqlParam + Sync)],
    ) -> Result<u64, Error> {
        self.shared_request(|c| async move { c.execute(sql, params).await })
            .await
    }

    /// Runs SQL text with the simple query protocol on a shared connection: see
    /// [`Client::simple_query`] and [`Pool::query`].
    pub async fn simple_query(&self, sql: &str) -> Result<Vec<SimpleQueryMessage>, Error> {
        self.shared_request(|c| async move { c.simple_query(sql).await })
            .await
    }
}
