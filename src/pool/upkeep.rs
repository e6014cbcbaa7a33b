//! The pool's one background task: closes idle connections that expired or idled too long,
//! and refills to `min_size`. It holds the pool weakly, so dropping the pool ends it.

use std::sync::{Arc, Weak};
use std::time::Instant;

use super::core::PoolShared;

pub(crate) fn spawn(pool: &Arc<PoolShared>) {
    let weak = Arc::downgrade(pool);
    let interval = pool.settings.upkeep_interval;
    tokio::spawn(async move {
        loop {
            if !run_once(&weak).await {
                return;
            }
            let Some(pool) = weak.upgrade() else { return };
            let closing = pool.closing.clone();
            drop(pool);
            // Woken early when the pool closes; dropped handles are noticed at the next tick.
            tokio::select! {
                () = tokio::time::sleep(interval) => {}
                () = closing.notified() => {}
            }
        }
    });
}

/// One round; `false` once the pool is gone or closed.
pub(crate) async fn run_once(weak: &Weak<PoolShared>) -> bool {
    let Some(pool) = weak.upgrade() else {
        return false;
    };
    if pool.gauges().closed {
        return false;
    }
    for conn in pool.take_stale(Instant::now()) {
        pool.forget(conn, true);
    }
    while pool.reserve_for_min() {
        match pool.open().await {
            Ok(conn) => pool.put_back(conn),
            Err(_) => {
                // The next round tries again; callers see connect errors themselves.
                pool.release_permit();
                break;
            }
        }
    }
    true
}
