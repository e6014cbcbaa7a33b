//! The tokio shell around [`Core`]: the one task that owns the socket.
//!
//! Callers encode a request outside any lock, then append its bytes and reply slot to the shared
//! outbox under one lock, so bytes and slots stay in the same order; the task takes everything
//! queued and writes it in one go (a pipeline of many requests is one write), reads whatever the
//! server sends and lets the core route it. Behind a request that may enter copy-in mode (a
//! barrier) nothing is taken until it has ended, except its own COPY data.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::AsyncWrite;

use super::core::{ConnectionMessage, Core, Slot};
use super::notification::{AsyncMessage, AsyncMessages, Delivery, Hub, interpret, log_notice};
use super::reply::{self, ReplyReceiver};
use super::request::{Ownership, Request, encode_outside_lock};
use super::stream::Stream;
use crate::error::Error;
use crate::protocol::backend::TransactionStatus;

/// What callers queue for the task.
pub(crate) struct Outbox {
    /// Queued requests, back to back.
    buf: BytesMut,
    /// Their slots, each with the offset in `buf` where its request ends.
    slots: VecDeque<(Slot, usize)>,
    /// The token of the clone that owns the connection (an open transaction).
    owner: Option<u64>,
    /// Requests of other clones while it is owned, in order.
    parked: VecDeque<(Bytes, Slot)>,
    /// COPY data of the barrier request in flight: written even while the barrier holds.
    copy_data: BytesMut,
    /// The COPY sink waiting for `copy_data` to drain.
    copy_waker: Option<Waker>,
    task_waker: Option<Waker>,
    /// Why the connection closed; new requests fail at once, before sending anything.
    closed: Option<Arc<Error>>,
    /// A caller found the replies out of step: the task shuts the connection down.
    poisoned: bool,
    clients_gone: bool,
    /// The core owes replies to some request: set by the task under this lock, after the status
    /// of the last ReadyForQuery is stored, so a reader who sees `false` also sees that status.
    core_busy: bool,
    /// Requests queued since the connection started (for a pool's per-connection limit).
    requests_sent: u64,
}

/// A snapshot of a connection's state as a pool sees it when a client is handed back.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WireState {
    pub closed: bool,
    /// No request is queued or owed replies.
    pub idle: bool,
    pub requests_sent: u64,
}

impl Outbox {
    /// Queues a request for the task, or parks it while another clone owns the connection.
    fn route(&mut self, bytes: &[u8], slot: Slot) {
        let request = slot.request;
        if self.owner.is_some() && request.owner != self.owner {
            self.parked.push_back((Bytes::copy_from_slice(bytes), slot));
            return;
        }
        self.buf.extend_from_slice(bytes);
        let end = self.buf.len();
        self.slots.push_back((slot, end));
        match request.ownership {
            Ownership::Keep => {}
            Ownership::Take => self.owner = request.owner,
            Ownership::Release => {
                self.owner = None;
                // Parked requests follow in order; one of them may take ownership in turn.
                let parked = std::mem::take(&mut self.parked);
                for (bytes, slot) in parked {
                    self.route(&bytes, slot);
                }
            }
        }
    }
}

/// State shared by the clients of one connection and its task.
pub(crate) struct Shared {
    outbox: Mutex<Outbox>,
    /// The last ReadyForQuery's status byte.
    status: AtomicU8,
    parameters: Mutex<HashMap<String, String>>,
    async_messages: Hub,
}

impl Shared {
    pub(crate) fn new(parameters: HashMap<String, String>) -> Arc<Shared> {
        Arc::new(Shared {
            outbox: Mutex::new(Outbox {
                buf: BytesMut::with_capacity(8 * 1024),
                slots: VecDeque::new(),
                owner: None,
                parked: VecDeque::new(),
                copy_data: BytesMut::new(),
                copy_waker: None,
                task_waker: None,
                closed: None,
                poisoned: false,
                clients_gone: false,
                core_busy: false,
                requests_sent: 0,
            }),
            status: AtomicU8::new(TransactionStatus::Idle.byte()),
            parameters: Mutex::new(parameters),
            async_messages: Hub::new(),
        })
    }

    fn outbox(&self) -> MutexGuard<'_, Outbox> {
        // Nothing panics while holding it; if something did, the data is still consistent
        // enough to fail every caller cleanly.
        self.outbox.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues one request: `encode` writes its messages (outside the outbox lock, so user
    /// `ToSql` code that fails or panics leaves nothing queued); `request` says what it owes.
    pub(crate) fn send(
        &self,
        request: Request,
        encode: impl FnOnce(&mut BytesMut) -> Result<(), Error>,
    ) -> Result<ReplyReceiver, Error> {
        encode_outside_lock(encode, |bytes| {
            let (tx, rx) = reply::channel();
            let mut outbox = self.outbox();
            if let Some(reason) = &outbox.closed {
                return Err(Error::closed_by(Box::new(reason.clone())));
            }
            outbox.route(bytes, Slot { sink: tx, request });
            outbox.requests_sent += 1;
            let waker = outbox.task_waker.take();
            drop(outbox);
            if let Some(waker) = waker {
                waker.wake();
            }
            Ok(rx)
        })
        .map_err(Error::before_send)
    }

    /// Queues the rest of the barrier request in flight, which the caller owns: COPY data and
    /// its end, or the second half of a request that waited for the server's answer to its
    /// first (an unnamed statement's Bind after its Describe).
    pub(crate) fn send_continuation(
        &self,
        encode: impl FnOnce(&mut BytesMut) -> Result<(), Error>,
    ) -> Result<(), Error> {
        encode_outside_lock(encode, |bytes| {
            let mut outbox = self.outbox();
            if let Some(reason) = &outbox.closed {
                return Err(Error::closed_by(Box::new(reason.clone())));
            }
            outbox.copy_data.extend_from_slice(bytes);
            let waker = outbox.task_waker.take();
            drop(outbox);
            if let Some(waker) = waker {
                waker.wake();
            }
            Ok(())
        })
    }

    /// Ready when less than `limit` bytes of COPY data wait for the task (which takes them only
    /// as the socket drains): the COPY sink's back-pressure.
    pub(crate) fn poll_copy_room(
        &self,
        cx: &mut Context<'_>,
        limit: usize,
    ) -> Poll<Result<(), Error>> {
        let mut outbox = self.outbox();
        if let Some(reason) = &outbox.closed {
            return Poll::Ready(Err(Error::closed_by(Box::new(reason.clone()))));
        }
        if outbox.copy_data.len() < limit {
            return Poll::Ready(Ok(()));
        }
        outbox.copy_waker = Some(cx.waker().clone());
        Poll::Pending
    }

    /// The transaction status of the last ReadyForQuery the connection read.
    pub(crate) fn transaction_status(&self) -> TransactionStatus {
        match self.status.load(Ordering::Acquire) {
            b'T' => TransactionStatus::InTransaction,
            b'E' => TransactionStatus::Failed,
            _ => TransactionStatus::Idle,
        }
    }

    /// Closes the connection because a reply broke the protocol: the session is out of step
    /// with the server, and nothing may be sent on it again.
    pub(crate) fn poison(&self, reason: &Error) {
        let mut outbox = self.outbox();
        if outbox.closed.is_none() {
            outbox.closed = Some(Arc::new(Error::closed_by(reason.to_string().into())));
        }
        outbox.poisoned = true;
        let waker = outbox.task_waker.take();
        drop(outbox);
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.outbox().closed.is_some()
    }

    pub(crate) fn wire_state(&self) -> WireState {
        let outbox = self.outbox();
        WireState {
            closed: outbox.closed.is_some(),
            idle: outbox.slots.is_empty() && !outbox.core_busy,
            requests_sent: outbox.requests_sent,
        }
    }

    /// Tells the task that no client is left: it terminates once in-flight work is done.
    pub(crate) fn clients_gone(&self) {
        let mut outbox = self.outbox();
        outbox.clients_gone = true;
        let waker = outbox.task_waker.take();
        drop(outbox);
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    pub(crate) fn parameter(&self, name: &str) -> Option<String> {
        self.parameters
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(name)
            .cloned()
    }

    pub(crate) fn subscribe(&self) -> AsyncMessages {
        self.async_messages.subscribe()
    }

    pub(crate) fn dropped_async_messages(&self) -> u64 {
        self.async_messages.dropped()
    }

    fn publish(&self, message: AsyncMessage) {
        if let AsyncMessage::Notice(notice) = &message {
            log_notice(notice);
        }
        self.async_messages.publish(message);
    }
}

/// The connection task: a future the connect code spawns.
pub(crate) struct Task {
    stream: Stream,
    core: Core,
    shared: Arc<Shared>,
    write_buf: BytesMut,
    needs_flush: bool,
    terminating: bool,
    done: bool,
    /// Bytes the startup read past its last message wait in the core: route them first.
    started: bool,
    poisoned: bool,
    /// The `core_busy` last published to the outbox.
    busy_published: bool,
}

/// Unwritten bytes beyond which the task takes no more COPY data from the outbox.
const COPY_WRITE_LIMIT: usize = 256 * 1024;

/// Reads and writes before the task yields to others even if the socket stays ready.
const BUDGET: usize = 64;

impl Task {
    pub(crate) fn new(stream: Stream, mut core: Core, shared: Arc<Shared>) -> Task {
        // Publish the transaction status, and that nothing is in flight, before the caller
        // is woken by its ReadyForQuery: a pool checking a client back in never reads a stale
        // state.
        let published = shared.clone();
        core.set_ready_hook(Box::new(move |status, idle| {
            published.status.store(status.byte(), Ordering::Release);
            if idle {
                published.outbox().core_busy = false;
            }
        }));
        Task {
            stream,
            core,
            shared,
            write_buf: BytesMut::new(),
            needs_flush: false,
            terminating: false,
            done: false,
            started: false,
            poisoned: false,
            busy_published: false,
        }
    }

    /// Moves queued requests into the write buffer and their slots into the core: all of them,
    /// or up to and including the first barrier; none while a barrier is in flight.
    ///
    /// Returns whether it left something that only a drained write buffer lets it take (COPY
    /// data held back, a Terminate not yet queued): nobody wakes the task for those, so it
    /// must look again after writing.
    fn take_outbox(&mut self, cx: &mut Context<'_>) -> bool {
        if let Some(bytes) = self.core.poll_transmit() {
            self.write_buf.extend_from_slice(&bytes);
        }
        let mut outbox = self.shared.outbox();
        // Senders take the waker to wake the task, so it is usually gone; when it is still
        // there it is this task's, and cloning it again would only swap equal wakers.
        match &outbox.task_waker {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            _ => outbox.task_waker = Some(cx.waker().clone()),
        }
        if outbox.poisoned {
            self.poisoned = true;
            return false;
        }
        // COPY data moves on only as the socket drains, so a fast producer waits in the sink.
        if !outbox.copy_data.is_empty() && self.write_buf.len() < COPY_WRITE_LIMIT {
            let data = outbox.copy_data.split();
            self.write_buf.extend_from_slice(&data);
            if let Some(waker) = outbox.copy_waker.take() {
                waker.wake();
            }
        }
        let mut taken = 0;
        while !self.core.is_barred() {
            let Some((slot, end)) = outbox.slots.pop_front() else {
                break;
            };
            taken = end;
            self.core.handle_request(slot);
        }
        if taken > 0 {
            if taken == outbox.buf.len() && self.write_buf.is_empty() {
                std::mem::swap(&mut self.write_buf, &mut outbox.buf);
            } else {
                let bytes = outbox.buf.split_to(taken);
                self.write_buf.extend_from_slice(&bytes);
            }
            for (_, end) in outbox.slots.iter_mut() {
                *end -= taken;
            }
        }
        self.busy_published = !self.core.is_idle();
        outbox.core_busy = self.busy_published;
        if outbox.clients_gone
            && !self.terminating
            && self.core.is_idle()
            && self.write_buf.is_empty()
        {
            self.terminating = true;
            crate::protocol::frontend::terminate(&mut self.write_buf);
        }
        !outbox.copy_data.is_empty() || (outbox.clients_gone && !self.terminating)
    }

    fn poll_write(&mut self, cx: &mut Context<'_>) -> Result<bool, Error> {
        let mut progress = false;
        while !self.write_buf.is_empty() {
            match Pin::new(&mut self.stream).poll_write(cx, &self.write_buf) {
                Poll::Ready(Ok(0)) => {
                    return Err(Error::io(std::io::ErrorKind::WriteZero.into()));
                }
                Poll::Ready(Ok(n)) => {
                    self.write_buf.advance(n);
                    self.needs_flush = true;
                    progress = true;
                }
                Poll::Ready(Err(e)) => return Err(Error::io(e)),
                Poll::Pending => return Ok(progress),
            }
        }
        if self.needs_flush {
            match Pin::new(&mut self.stream).poll_flush(cx) {
                Poll::Ready(Ok(())) => self.needs_flush = false,
                Poll::Ready(Err(e)) => return Err(Error::io(e)),
                Poll::Pending => {}
            }
        }
        Ok(progress)
    }

    /// Reads once if the head request can take more; `Ok(false)` when nothing came.
    fn poll_read(&mut self, cx: &mut Context<'_>) -> Result<bool, Error> {
        if self.core.poll_read_ready(cx).is_pending() {
            return Ok(false);
        }
        let buf = self.core.read_buffer();
        match tokio_util::io::poll_read_buf(Pin::new(&mut self.stream), cx, buf) {
            Poll::Ready(Ok(0)) => Err(Error::closed()),
            Poll::Ready(Ok(_)) => {
                let shared = &self.shared;
                let routed = self
                    .core
                    .handle_input(&mut |message| dispatch(shared, message));
                routed?;
                Ok(true)
            }
            Poll::Ready(Err(e)) => Err(Error::io(e)),
            Poll::Pending => Ok(false),
        }
    }

    fn shut_down(&mut self, error: Error) {
        let reason = Arc::new(error);
        let mut outbox = self.shared.outbox();
        if outbox.closed.is_none() {
            outbox.closed = Some(reason.clone());
        }
        let reason = outbox.closed.clone().unwrap_or(reason);
        let mut unsent: Vec<Slot> = outbox.slots.drain(..).map(|(slot, _)| slot).collect();
        unsent.extend(outbox.parked.drain(..).map(|(_, slot)| slot));
        outbox.buf.clear();
        outbox.copy_data.clear();
        let copy_waker = outbox.copy_waker.take();
        drop(outbox);
        if let Some(waker) = copy_waker {
            waker.wake();
        }
        for slot in unsent {
            slot.sink
                .fail(Error::closed_by(Box::new(reason.clone())).before_send());
        }
        self.core
            .fail_all(|| Error::closed_by(Box::new(reason.clone())));
        self.shared.async_messages.close();
        self.done = true;
    }
}

fn dispatch(shared: &Shared, message: ConnectionMessage) {
    match interpret(message) {
        Some(Delivery::Parameter { name, value }) => {
            shared
                .parameters
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(name, value);
        }
        Some(Delivery::Async(message)) => shared.publish(message),
        Some(Delivery::Fatal(db)) => {
            let mut outbox = shared.outbox();
            if outbox.closed.is_none() {
                outbox.closed = Some(Arc::new(Error::db(*db)));
            }
        }
        None => {}
    }
}

impl Future for Task {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        if this.done {
            return Poll::Ready(());
        }
        if !this.started {
            this.started = true;
            let shared = &this.shared;
            if let Err(e) = this
                .core
                .handle_input(&mut |message| dispatch(shared, message))
            {
                this.shut_down(e);
                return Poll::Ready(());
            }
        }
        // The outbox is looked at on the first pass, then again only when a pass may have
        // changed what it lets through; a send in between wakes the task (it takes the waker
        // `take_outbox` left), so nothing queued is missed.
        let (mut look, mut held_back) = (true, false);
        for _ in 0..BUDGET {
            if look {
                held_back = this.take_outbox(cx);
            }
            if this.poisoned {
                this.shut_down(Error::closed());
                return Poll::Ready(());
            }
            let wrote = match this.poll_write(cx) {
                Ok(wrote) => wrote,
                Err(e) => {
                    this.shut_down(e);
                    return Poll::Ready(());
                }
            };
            if this.terminating && this.write_buf.is_empty() && !this.needs_flush {
                let _ = Pin::new(&mut this.stream).poll_shutdown(cx);
                this.shut_down(Error::closed());
                return Poll::Ready(());
            }
            let barred = this.core.is_barred();
            let read = match this.poll_read(cx) {
                Ok(read) => read,
                Err(e) => {
                    this.shut_down(e);
                    return Poll::Ready(());
                }
            };
            // Reading goes on until the socket says Pending (that registers the wake-up for
            // more); the outbox only needs another look if what it held back may pass now (a
            // write drained room, a reply ended the last request before a Terminate) or the
            // replies just read ended a barrier or made the core queue a CopyFail. Anything
            // else that changes the outbox wakes the task.
            look = (held_back && (wrote || read))
                || (read && ((barred && !this.core.is_barred()) || this.core.has_transmit()));
            if !read && !look {
                return Poll::Pending;
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl Drop for Task {
    fn drop(&mut self) {
        if !self.done {
            self.shut_down(Error::closed());
        }
    }
}
