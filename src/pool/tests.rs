//! The pool's queue and accounting without a server: permits stand in for connections.

use std::time::Duration;

use super::core::{Grant, Take, WaitGuard};
use super::*;

/// A pool whose connections can never be made (nothing listens on port 1).
fn pool(max_size: usize, acquire_timeout: Duration) -> Pool {
    PoolBuilder::from_conninfo("host=127.0.0.1 port=1 user=x dbname=x sslmode=disable")
        .unwrap()
        .settings(|s| {
            s.max_size = max_size;
            s.acquire_timeout = Some(acquire_timeout);
        })
        .build()
        .unwrap()
}

fn take_permit(pool: &Pool) {
    match pool.shared.try_take().unwrap() {
        Take::Grant(Grant::Open) => {}
        _ => panic!("expected a permit to open a connection"),
    }
}

fn queue(pool: &Pool) -> WaitGuard {
    match pool.shared.try_take().unwrap() {
        Take::Wait(place) => place,
        _ => panic!("expected to wait"),
    }
}

async fn has_permit(place: &mut WaitGuard) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_millis(10), place.granted()).await,
        Ok(Ok(Grant::Open))
    )
}

#[tokio::test(start_paused = true)]
async fn pool_freed_places_go_to_waiters_in_the_order_they_came() {
    let pool = pool(1, Duration::from_secs(1));
    take_permit(&pool);
    let mut first = queue(&pool);
    let mut second = queue(&pool);
    let mut third = queue(&pool);
    assert_eq!(pool.metrics().waiting, 3);
    pool.shared.release_permit();
    assert!(has_permit(&mut first).await);
    assert!(!has_permit(&mut third).await, "the third must not overtake");
    pool.shared.release_permit();
    assert!(has_permit(&mut second).await);
    pool.shared.release_permit();
    assert!(has_permit(&mut third).await);
    pool.shared.release_permit();
    assert_eq!(pool.metrics().size, 0);
}

#[tokio::test(start_paused = true)]
async fn pool_a_waiter_that_gives_up_passes_its_place_on() {
    let pool = pool(1, Duration::from_secs(1));
    take_permit(&pool);
    let first = queue(&pool);
    let mut second = queue(&pool);
    // Granted but never received: dropping hands the grant to the next in line.
    pool.shared.release_permit();
    drop(first);
    assert!(has_permit(&mut second).await);
    // A waiter dropped before any grant just leaves the queue.
    let third = queue(&pool);
    drop(third);
    assert_eq!(pool.metrics().waiting, 0);
    pool.shared.release_permit();
    assert_eq!(pool.metrics().size, 0);
}

#[tokio::test(start_paused = true)]
async fn pool_acquire_times_out_with_a_timeout_error_when_every_place_is_taken() {
    let pool = pool(1, Duration::from_millis(500));
    take_permit(&pool);
    let error = pool.get().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.is_safe_to_retry());
    let metrics = pool.metrics();
    assert_eq!(metrics.timed_out_acquires, 1);
    assert_eq!(metrics.waiting, 0);
    assert_eq!(metrics.size, 1);
}

#[tokio::test]
async fn pool_connect_failures_are_retried_until_the_acquire_timeout_then_reported() {
    let pool = pool(2, Duration::from_millis(300));
    let started = std::time::Instant::now();
    let error = pool.get().await.unwrap_err();
    assert!(started.elapsed() >= Duration::from_millis(150), "retried");
    assert_eq!(error.kind(), ErrorKind::Io, "{error}");
    assert!(error.is_safe_to_retry());
    // The permit went back: nothing is counted as open.
    assert_eq!(pool.metrics().size, 0);
    assert_eq!(pool.metrics().created, 0);
}

#[tokio::test(start_paused = true)]
async fn pool_close_fails_waiters_and_later_acquires() {
    let pool = pool(1, Duration::from_secs(5));
    take_permit(&pool);
    let waiter = {
        let pool = pool.clone();
        tokio::spawn(async move { pool.get().await.map(|_| ()) })
    };
    tokio::time::sleep(Duration::from_millis(10)).await;
    assert_eq!(pool.metrics().waiting, 1);
    // The held permit never comes back: close gives up at its deadline.
    assert!(!pool.close(Duration::from_millis(100)).await);
    let error = waiter.await.unwrap().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Closed);
    assert_eq!(pool.get().await.unwrap_err().kind(), ErrorKind::Closed);
    pool.shared.release_permit();
    assert!(pool.close(Duration::from_millis(100)).await);
}

#[test]
fn pool_keys_in_a_connection_string_reach_the_settings_and_the_rest_reaches_libpq_parsing() {
    let builder = PoolBuilder::from_conninfo(
        "postgres://u@h/db?pool_max_size=3&application_name=app&pool_max_queries=7",
    )
    .unwrap();
    assert_eq!(builder.settings.max_size, 3);
    assert_eq!(builder.settings.max_queries, Some(7));
    assert_eq!(builder.config.get_application_name(), Some("app"));
    let error = PoolBuilder::from_conninfo("host=h pool_max_size=0 bogus=1").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Config);
}
