//! The channel that carries one request's replies from the connection task to its caller.
//!
//! Chunks are runs of whole backend messages (`Bytes` slices of the read buffer, never copied).
//! The sender is bounded by bytes queued, so a slow reader of a huge result holds the task back
//! (and with it the socket) instead of growing memory; a dropped receiver makes every later chunk
//! vanish, so its replies are drained and never reach the next caller.

use std::cell::Cell;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use bytes::Bytes;

use crate::error::Error;

/// Bytes a sender may queue before it reports itself full.
pub(crate) const REPLY_BUFFER_BYTES: usize = 256 * 1024;

struct State {
    // Most replies are one chunk: keep it inline and leave `rest` unallocated.
    first: Option<Bytes>,
    rest: VecDeque<Bytes>,
    queued: usize,
    finished: bool,
    error: Option<Error>,
    receiver_gone: bool,
    rx_waker: Option<Waker>,
    tx_waker: Option<Waker>,
}

impl State {
    fn new() -> State {
        State {
            first: None,
            rest: VecDeque::new(),
            queued: 0,
            finished: false,
            error: None,
            receiver_gone: false,
            rx_waker: None,
            tx_waker: None,
        }
    }

    /// Back to what [`State::new`] makes, keeping a small `rest` allocation.
    fn reset(&mut self) {
        self.first = None;
        if self.rest.capacity() > SPARE_REST_KEEP {
            self.rest = VecDeque::new();
        } else {
            self.rest.clear();
        }
        self.queued = 0;
        self.finished = false;
        self.error = None;
        self.receiver_gone = false;
        self.rx_waker = None;
        self.tx_waker = None;
    }
}

struct Shared(Mutex<State>);

/// Queued chunks a recycled channel may keep room for.
const SPARE_REST_KEEP: usize = 16;

thread_local! {
    // The allocation of the last channel whose ends were both dropped on this thread, for the
    // next `channel()`: a request makes one and drops it again within a round trip, and an
    // allocation and free of the shared state was a tenth of a one-row round trip's client CPU.
    static SPARE: Cell<Option<Arc<Shared>>> = const { Cell::new(None) };
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding this lock leaves plain data behind; keep going with it.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Creates a reply channel.
pub(crate) fn channel() -> (ReplySender, ReplyReceiver) {
    let shared = SPARE
        .try_with(Cell::take)
        .ok()
        .flatten()
        .unwrap_or_else(|| Arc::new(Shared(Mutex::new(State::new()))));
    (ReplySender(shared.clone()), ReplyReceiver(shared))
}

/// The connection task's end.
pub(crate) struct ReplySender(Arc<Shared>);

impl ReplySender {
    /// Queues a chunk; dropped silently when the receiver is gone.
    pub(crate) fn push(&self, chunk: Bytes) {
        let mut state = self.0.lock();
        if state.receiver_gone {
            return;
        }
        state.queued += chunk.len();
        if state.first.is_none() && state.rest.is_empty() {
            state.first = Some(chunk);
        } else {
            state.rest.push_back(chunk);
        }
        if let Some(waker) = state.rx_waker.take() {
            drop(state);
            waker.wake();
        }
    }

    /// Ready when the receiver has room for more (or is gone).
    pub(crate) fn poll_ready(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock();
        if state.receiver_gone || state.queued < REPLY_BUFFER_BYTES {
            Poll::Ready(())
        } else {
            state.tx_waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }

    /// Ends the reply with an error the receiver sees after any queued chunks.
    pub(crate) fn fail(self, error: Error) {
        let mut state = self.0.lock();
        state.error = Some(error);
        // Drop runs next and marks the end.
    }
}

impl Drop for ReplySender {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.finished = true;
        if let Some(waker) = state.rx_waker.take() {
            drop(state);
            waker.wake();
        }
    }
}

/// The caller's end.
pub(crate) struct ReplyReceiver(Arc<Shared>);

/// What the receiver got.
pub(crate) enum Received {
    Chunk(Bytes),
    /// The sender finished normally: every reply message was delivered.
    End,
    /// The sender ended with an error (the connection failed or closed).
    Failed(Error),
}

impl ReplyReceiver {
    pub(crate) fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Received> {
        let mut state = self.0.lock();
        let chunk = match state.first.take() {
            Some(chunk) => Some(chunk),
            None => state.rest.pop_front(),
        };
        if let Some(chunk) = chunk {
            state.queued -= chunk.len();
            if state.queued < REPLY_BUFFER_BYTES {
                if let Some(waker) = state.tx_waker.take() {
                    drop(state);
                    waker.wake();
                }
            }
            return Poll::Ready(Received::Chunk(chunk));
        }
        if state.finished {
            return Poll::Ready(match state.error.take() {
                Some(e) => Received::Failed(e),
                None => Received::End,
            });
        }
        match &state.rx_waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => state.rx_waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

impl Drop for ReplyReceiver {
    fn drop(&mut self) {
        // The sender is gone (the usual case: the connection drops it once the last reply is
        // routed): no one else can see the state, so it needs no lock, and it is kept for the
        // next channel. A poisoned lock is not worth recycling.
        if let Some(shared) = Arc::get_mut(&mut self.0) {
            if let Ok(state) = shared.0.get_mut() {
                state.reset();
                let spare = Arc::clone(&self.0);
                let _ = SPARE.try_with(|cell| cell.set(Some(spare)));
            }
            return;
        }
        let mut state = self.0.lock();
        state.receiver_gone = true;
        state.first = None;
        state.rest.clear();
        state.queued = 0;
        if let Some(waker) = state.tx_waker.take() {
            drop(state);
            waker.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    fn cx() -> Context<'static> {
        Context::from_waker(Waker::noop())
    }

    #[test]
    fn reply_chunks_arrive_in_order_then_end() {
        let (tx, mut rx) = channel();
        tx.push(Bytes::from_static(b"a"));
        tx.push(Bytes::from_static(b"b"));
        drop(tx);
        let mut got = vec![];
        loop {
            match rx.poll_recv(&mut cx()) {
                Poll::Ready(Received::Chunk(c)) => got.push(c),
                Poll::Ready(Received::End) => break,
                _ => panic!("unexpected"),
            }
        }
        assert_eq!(
            got,
            vec![Bytes::from_static(b"a"), Bytes::from_static(b"b")]
        );
    }

    #[test]
    fn reply_sender_is_full_past_the_byte_bound_until_read() {
        let (tx, mut rx) = channel();
        tx.push(Bytes::from(vec![0; REPLY_BUFFER_BYTES]));
        assert!(tx.poll_ready(&mut cx()).is_pending());
        assert!(matches!(
            rx.poll_recv(&mut cx()),
            Poll::Ready(Received::Chunk(_))
        ));
        assert!(tx.poll_ready(&mut cx()).is_ready());
    }

    #[test]
    fn reply_dropped_receiver_discards_and_never_blocks() {
        let (tx, rx) = channel();
        drop(rx);
        tx.push(Bytes::from(vec![0; REPLY_BUFFER_BYTES * 2]));
        assert!(tx.poll_ready(&mut cx()).is_ready());
    }

    #[test]
    fn reply_channel_recycled_after_both_ends_drop_starts_clean() {
        let (tx, mut rx) = channel();
        // A waker registered, a chunk left unread, an error and the end: none of it may reach
        // the next request.
        assert!(rx.poll_recv(&mut cx()).is_pending());
        tx.push(Bytes::from_static(b"left unread"));
        tx.fail(Error::closed());
        let first = Arc::as_ptr(&rx.0);
        drop(rx);
        let (tx, mut rx) = channel();
        assert_eq!(Arc::as_ptr(&rx.0), first, "the allocation is reused");
        assert!(rx.poll_recv(&mut cx()).is_pending());
        tx.push(Bytes::from_static(b"new"));
        assert!(
            matches!(rx.poll_recv(&mut cx()), Poll::Ready(Received::Chunk(c)) if &c[..] == b"new")
        );
        drop(tx);
        assert!(matches!(
            rx.poll_recv(&mut cx()),
            Poll::Ready(Received::End)
        ));
    }

    #[test]
    fn reply_failure_reaches_receiver_after_queued_chunks() {
        let (tx, mut rx) = channel();
        tx.push(Bytes::from_static(b"x"));
        tx.fail(Error::closed());
        assert!(matches!(
            rx.poll_recv(&mut cx()),
            Poll::Ready(Received::Chunk(_))
        ));
        assert!(
            matches!(rx.poll_recv(&mut cx()), Poll::Ready(Received::Failed(e)) if e.is_closed())
        );
    }
}
