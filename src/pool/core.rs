//! The pool's shared state: the idle list, the FIFO of waiters and the count of connections,
//! and the moves between them. A connection or a permit to open one is handed to the oldest
//! waiter directly, so a newcomer never overtakes someone already waiting.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, oneshot};

use super::config::PoolConfig;
use super::hooks::Hooks;
use super::metrics::Counters;
use crate::client::Client;
use crate::config::Config;
use crate::connection::ConnectOptions;
use crate::error::{Error, ErrorKind};

/// One open connection and its bookkeeping.
pub(crate) struct Conn {
    pub client: Client,
    /// When it must be closed (`max_lifetime` less its jitter).
    pub expires_at: Option<Instant>,
    /// When it last came back to the pool (or was opened, or ended a shared request).
    pub idle_since: Instant,
    /// Names it on the idle list while shared requests run on it.
    pub id: u64,
    /// Shared requests ([`Pool::query`](super::Pool::query) and friends) running on it. It
    /// stays on the idle list meanwhile, and is lent to one caller only at zero.
    pub shared: usize,
    /// Takes no more shared requests, and is closed when the last one ends: it broke, expired,
    /// or a shared request left it inside a transaction.
    pub retiring: bool,
}

impl Conn {
    pub(crate) fn is_expired(&self, now: Instant) -> bool {
        self.expires_at.is_some_and(|at| now >= at)
    }
}

/// What a waiter is handed.
pub(crate) enum Grant {
    Conn(Conn),
    /// A permit to open a connection: already counted in `size`.
    Open,
}

pub(crate) struct Waiter {
    id: u64,
    tx: oneshot::Sender<Grant>,
}

pub(crate) struct State {
    /// Most recently returned at the back: hand-outs take from the back (warm connections),
    /// idle expiry looks from the front.
    pub idle: VecDeque<Conn>,
    pub(super) waiters: VecDeque<Waiter>,
    /// Connections open or being opened (permits out).
    pub size: usize,
    next_waiter: u64,
    pub closed: bool,
}

/// Everything the pool handles, its guards and its upkeep task share.
pub(crate) struct PoolShared {
    state: Mutex<State>,
    pub settings: PoolConfig,
    pub config: Config,
    pub options: ConnectOptions,
    pub hooks: Hooks,
    pub counters: Counters,
    /// Signalled when a connection is closed while the pool closes, and to stop upkeep.
    pub closing: Arc<Notify>,
    /// Signalled when a shared request waiting for a place may find one: a connection came
    /// back or was opened, a place in `size` was freed.
    shareable: Notify,
    /// Shared requests about to wait on `shareable`: without any, signalling is skipped.
    shared_waiting: AtomicUsize,
    next_conn: AtomicU64,
}

/// What [`PoolShared::try_take`] found.
pub(crate) enum Take {
    Grant(Grant),
    /// Queued: wait on this.
    Wait(WaitGuard),
}

impl PoolShared {
    pub(crate) fn new(
        settings: PoolConfig,
        config: Config,
        options: ConnectOptions,
        hooks: Hooks,
    ) -> PoolShared {
        PoolShared {
            state: Mutex::new(State {
                idle: VecDeque::new(),
                waiters: VecDeque::new(),
                size: 0,
                next_waiter: 0,
                closed: false,
            }),
            settings,
            config,
            options,
            hooks,
            counters: Counters::default(),
            closing: Arc::new(Notify::new()),
            shareable: Notify::new(),
            shared_waiting: AtomicUsize::new(0),
            next_conn: AtomicU64::new(0),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // No code panics while holding it; the state stays consistent if something did.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An idle connection or a permit when nobody waits and there is one; else a place at the
    /// back of the queue.
    pub(crate) fn try_take(self: &Arc<Self>) -> Result<Take, Error> {
        let mut state = self.lock();
        if state.closed {
            return Err(pool_closed());
        }
        if state.waiters.is_empty() {
            if let Some(conn) = take_unshared(&mut state.idle) {
                return Ok(Take::Grant(Grant::Conn(conn)));
            }
            if state.size < self.settings.max_size {
                state.size += 1;
                return Ok(Take::Grant(Grant::Open));
            }
        }
        let (tx, rx) = oneshot::channel();
        let id = state.next_waiter;
        state.next_waiter += 1;
        state.waiters.push_back(Waiter { id, tx });
        Ok(Take::Wait(WaitGuard {
            pool: self.clone(),
            id,
            rx: Some(rx),
        }))
    }

    /// Puts a usable connection back: to the oldest waiter, or on the idle list.
    pub(crate) fn put_back(&self, mut conn: Conn) {
        conn.idle_since = Instant::now();
        let mut state = self.lock();
        if state.closed {
            drop(state);
            self.forget(conn, true);
            return;
        }
        while let Some(waiter) = state.waiters.pop_front() {
            match waiter.tx.send(Grant::Conn(conn)) {
                Ok(()) => {
                    let served_all = state.waiters.is_empty();
                    drop(state);
                    if served_all {
                        self.wake_shared();
                    }
                    return;
                }
                Err(Grant::Conn(back)) => conn = back,
                Err(Grant::Open) => unreachable!("the grant sent was a connection"),
            }
        }
        state.idle.push_back(conn);
        drop(state);
        self.wake_shared();
    }

    /// Wakes the shared requests waiting for a place, if any.
    pub(crate) fn wake_shared(&self) {
        // SeqCst pairs with `SharedWait::new`: a request counted before it looked at the state
        // is seen here, after the state changed.
        if self.shared_waiting.load(Ordering::SeqCst) > 0 {
            self.shareable.notify_waiters();
        }
    }

    /// Counts a shared request as waiting until the guard drops; then `notified` catches every
    /// wake after its `enable`.
    pub(crate) fn shared_wait(&self) -> SharedWait<'_> {
        self.shared_waiting.fetch_add(1, Ordering::SeqCst);
        SharedWait { pool: self }
    }

    /// Closes a connection (running the before-close hook when `usable`) and frees its place.
    pub(crate) fn forget(&self, conn: Conn, usable: bool) {
        self.release_permit();
        Counters::bump(&self.counters.closed);
        self.close_client(conn.client, usable);
    }

    /// Frees a place in `size`: the oldest waiter gets it as a permit to open a connection.
    pub(crate) fn release_permit(&self) {
        let mut state = self.lock();
        if !state.closed {
            while let Some(waiter) = state.waiters.pop_front() {
                if waiter.tx.send(Grant::Open).is_ok() {
                    let served_all = state.waiters.is_empty();
                    drop(state);
                    if served_all {
                        self.wake_shared();
                    }
                    return;
                }
            }
        }
        state.size -= 1;
        let closed = state.closed;
        drop(state);
        self.wake_shared();
        if closed {
            self.closing.notify_waiters();
        }
    }

    fn close_client(&self, client: Client, usable: bool) {
        let Some(hook) = self.hooks.before_close.clone() else {
            return;
        };
        if !usable || client.is_closed() {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                // Errors are of no use here: the connection closes either way.
                let _ = tokio::time::timeout(HOOK_LIMIT, hook(&client)).await;
            });
        }
    }

    /// Opens a connection (with the after-connect hook) for a permit already counted.
    pub(crate) async fn open(&self) -> Result<Conn, Error> {
        let client = self.options.connect(&self.config).await?;
        if let Some(hook) = &self.hooks.after_connect {
            hook(&client).await?;
        }
        Counters::bump(&self.counters.created);
        let now = Instant::now();
        let expires_at = self
            .settings
            .max_lifetime
            .map(|lifetime| now + lifetime.saturating_sub(random_below(self.settings.jitter())));
        Ok(Conn {
            client,
            expires_at,
            idle_since: now,
            id: self.next_conn.fetch_add(1, Ordering::Relaxed),
            shared: 0,
            retiring: false,
        })
    }

    /// Takes connections upkeep should close: expired ones, and those idle too long while more
    /// than `min_size` are open.
    pub(crate) fn take_stale(&self, now: Instant) -> Vec<Conn> {
        let mut state = self.lock();
        let mut stale = Vec::new();
        let mut i = 0;
        while i < state.idle.len() {
            let conn = &state.idle[i];
            if conn.shared > 0 {
                // Its last shared request closes it if it must be.
                i += 1;
                continue;
            }
            let idle_too_long = self
                .settings
                .idle_timeout
                .is_some_and(|limit| now.duration_since(conn.idle_since) >= limit)
                && state.size - stale.len() > self.settings.min_size;
            if conn.is_expired(now) || idle_too_long || conn.client.is_closed() {
                if let Some(conn) = state.idle.remove(i) {
                    stale.push(conn);
                }
            } else {
                i += 1;
            }
        }
        stale
    }

    /// Reserves a permit for upkeep to refill toward `min_size`, when nobody waits (a waiter
    /// would take one itself).
    pub(crate) fn reserve_for_min(&self) -> bool {
        let mut state = self.lock();
        if state.closed || state.size >= self.settings.min_size {
            return false;
        }
        state.size += 1;
        true
    }

    /// Marks the pool closed: waiters fail, idle connections are closed; returns how many
    /// connections are still out.
    pub(crate) fn shut(&self) -> usize {
        let mut state = self.lock();
        state.closed = true;
        let waiters = std::mem::take(&mut state.waiters);
        let idle = std::mem::take(&mut state.idle);
        drop(state);
        // A dropped sender wakes its waiter with a closed pool.
        drop(waiters);
        for conn in idle {
            self.forget(conn, true);
        }
        self.closing.notify_waiters();
        self.lock().size
    }

    pub(crate) fn gauges(&self) -> Gauges {
        let state = self.lock();
        let shared = state.idle.iter().filter(|c| c.shared > 0).count();
        Gauges {
            size: state.size,
            idle: state.idle.len() - shared,
            shared,
            waiting: state.waiters.len(),
            closed: state.closed,
        }
    }

    pub(crate) fn in_use_add(&self, delta: i64) {
        if delta >= 0 {
            self.counters
                .in_use
                .fetch_add(delta as u64, Ordering::Relaxed);
        } else {
            self.counters
                .in_use
                .fetch_sub(delta.unsigned_abs(), Ordering::Relaxed);
        }
    }
}

/// A shared request counted as waiting; see [`PoolShared::shared_wait`].
pub(crate) struct SharedWait<'a> {
    pool: &'a PoolShared,
}

impl SharedWait<'_> {
    pub(crate) fn notified(&self) -> tokio::sync::futures::Notified<'_> {
        self.pool.shareable.notified()
    }
}

impl Drop for SharedWait<'_> {
    fn drop(&mut self) {
        self.pool.shared_waiting.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The pool's state at one instant.
pub(crate) struct Gauges {
    pub size: usize,
    /// On the idle list with no shared request running.
    pub idle: usize,
    /// On the idle list running shared requests.
    pub shared: usize,
    pub waiting: usize,
    pub closed: bool,
}

/// The most recently returned idle connection that no shared request is using.
fn take_unshared(idle: &mut VecDeque<Conn>) -> Option<Conn> {
    let at = idle.iter().rposition(|c| c.shared == 0)?;
    idle.remove(at)
}

/// The longest a hook or the reset may take before the connection is given up on.
pub(crate) const HOOK_LIMIT: Duration = Duration::from_secs(10);

pub(crate) fn pool_closed() -> Error {
    Error::new(
        ErrorKind::Closed,
        Some("the pool is closed".to_owned()),
        None,
    )
    .before_send()
}

/// A uniformly random duration in `[0, max)`, from OS randomness.
fn random_below(max: Duration) -> Duration {
    let nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        return Duration::ZERO;
    }
    Duration::from_nanos(u64::from_le_bytes(bytes) % nanos)
}

/// A place in the queue. Dropped before its grant is taken (timeout, cancelled caller), it
/// leaves the queue, and a grant that reached it anyway goes on to the next waiter.
pub(crate) struct WaitGuard {
    pool: Arc<PoolShared>,
    id: u64,
    rx: Option<oneshot::Receiver<Grant>>,
}

impl WaitGuard {
    /// Waits for a grant; an error when the pool closed meanwhile.
    pub(crate) async fn granted(&mut self) -> Result<Grant, Error> {
        let rx = self.rx.as_mut().expect("a wait guard is awaited once");
        let result = rx.await;
        self.rx = None;
        result.map_err(|_| pool_closed())
    }
}

impl Drop for WaitGuard {
    fn drop(&mut self) {
        let Some(mut rx) = self.rx.take() else {
            return;
        };
        {
            let mut state = self.pool.lock();
            if let Some(at) = state.waiters.iter().position(|w| w.id == self.id) {
                state.waiters.remove(at);
                if state.waiters.is_empty() {
                    drop(state);
                    self.pool.wake_shared();
                }
            }
        }
        rx.close();
        match rx.try_recv() {
            Ok(Grant::Conn(conn)) => self.pool.put_back(conn),
            Ok(Grant::Open) => self.pool.release_permit(),
            Err(_) => {}
        }
    }
}
