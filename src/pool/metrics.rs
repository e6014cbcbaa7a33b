//! Counters the pool keeps as it works, and the snapshot [`Pool::metrics`](super::Pool::metrics)
//! gives.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// A snapshot of a pool's state and counters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolMetrics {
    /// Connections open or being opened.
    pub size: usize,
    /// Open connections waiting in the pool.
    pub idle: usize,
    /// Connections running shared requests ([`Pool::query`](super::Pool::query) and
    /// friends), pipelined from several callers.
    pub shared: usize,
    /// Connections held by callers ([`PooledClient`](super::PooledClient)s alive).
    pub in_use: usize,
    /// Callers waiting for a connection.
    pub waiting: usize,
    /// Connections opened since the pool started.
    pub created: u64,
    /// Connections closed (expired, broken, reset failed, or the pool closed).
    pub closed: u64,
    /// Acquires that gave up at the acquire timeout.
    pub timed_out_acquires: u64,
    /// Successful acquires.
    pub acquires: u64,
    /// The time acquires spent waiting (for a free connection or a new one), summed.
    pub acquire_wait_total: Duration,
    /// The longest single wait.
    pub acquire_wait_max: Duration,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub in_use: AtomicU64,
    pub created: AtomicU64,
    pub closed: AtomicU64,
    pub timed_out: AtomicU64,
    pub acquires: AtomicU64,
    wait_total_ns: AtomicU64,
    wait_max_ns: AtomicU64,
}

impl Counters {
    pub(crate) fn record_wait(&self, waited: Duration) {
        let ns = u64::try_from(waited.as_nanos()).unwrap_or(u64::MAX);
        self.wait_total_ns.fetch_add(ns, Ordering::Relaxed);
        self.wait_max_ns.fetch_max(ns, Ordering::Relaxed);
    }

    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Fills the counter half of a snapshot; the pool adds its gauges.
    pub(crate) fn snapshot(&self) -> PoolMetrics {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        PoolMetrics {
            in_use: get(&self.in_use) as usize,
            created: get(&self.created),
            closed: get(&self.closed),
            timed_out_acquires: get(&self.timed_out),
            acquires: get(&self.acquires),
            acquire_wait_total: Duration::from_nanos(get(&self.wait_total_ns)),
            acquire_wait_max: Duration::from_nanos(get(&self.wait_max_ns)),
            ..PoolMetrics::default()
        }
    }
}
