//! LISTEN/NOTIFY notifications and server notices, delivered apart from query results.
//!
//! The connection task hands each one to the [`Hub`], which copies it into the bounded queue of
//! every [`AsyncMessages`] receiver, or holds it in a bounded backlog while nobody listens. A
//! full queue drops the new message and counts it, so a receiver that is not read never grows
//! without bound and never blocks the connection.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use tokio::sync::mpsc;

use super::core::ConnectionMessage;
use crate::error::{DbError, Severity};
use crate::protocol::backend::{
    ErrorResponse, NoticeResponse, NotificationResponse, ParameterStatus,
};

/// A notification sent with `NOTIFY` (or `pg_notify`) to a channel this session `LISTEN`s on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    process_id: i32,
    channel: String,
    payload: String,
}

impl Notification {
    pub(crate) fn new(process_id: i32, channel: String, payload: String) -> Notification {
        Notification {
            process_id,
            channel,
            payload,
        }
    }

    /// The process ID of the backend that sent it.
    pub fn process_id(&self) -> i32 {
        self.process_id
    }

    /// The channel it was sent to.
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// The payload (empty when none was given).
    pub fn payload(&self) -> &str {
        &self.payload
    }
}

/// A message the server sends outside any query's results.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum AsyncMessage {
    /// A notice (a warning, `RAISE NOTICE`, ...), with every field of the NoticeResponse.
    Notice(Box<DbError>),
    /// A LISTEN/NOTIFY notification.
    Notification(Notification),
}

/// What a message that belongs to the connection means for the session; parsed apart from
/// the task so the fuzzer runs the same code on server bytes.
#[derive(Debug)]
pub(crate) enum Delivery {
    /// A ParameterStatus: the server's new value of a run-time parameter.
    Parameter { name: String, value: String },
    /// A notification or notice for the subscriber.
    Async(AsyncMessage),
    /// An ErrorResponse with no request waiting: the reason the connection is closing.
    Fatal(Box<DbError>),
}

/// Parses a connection message; `None` when its body is malformed (it is dropped, as a
/// message nobody asked for cannot fail a request).
pub(crate) fn interpret(message: ConnectionMessage) -> Option<Delivery> {
    match message {
        ConnectionMessage::ParameterStatus(body) => {
            let status = ParameterStatus::parse(body).ok()?;
            Some(Delivery::Parameter {
                name: status.name().to_owned(),
                value: status.value().to_owned(),
            })
        }
        ConnectionMessage::Notification(body) => {
            let n = NotificationResponse::parse(body).ok()?;
            Some(Delivery::Async(AsyncMessage::Notification(
                Notification::new(
                    n.process_id(),
                    n.channel().to_owned(),
                    n.payload().to_owned(),
                ),
            )))
        }
        ConnectionMessage::Notice(body) => {
            let notice = NoticeResponse::parse(body).ok()?;
            let db = DbError::from_fields(notice.fields()).ok()?;
            Some(Delivery::Async(AsyncMessage::Notice(Box::new(db))))
        }
        ConnectionMessage::Error(body) => {
            let err = ErrorResponse::parse(body).ok()?;
            let db = DbError::from_fields(err.fields()).ok()?;
            Some(Delivery::Fatal(Box::new(db)))
        }
    }
}

/// How many messages wait for the first receiver, and how many each receiver holds unread;
/// one more is dropped and counted.
pub const ASYNC_MESSAGE_BUFFER: usize = 1024;

/// A receiver of one connection's notifications and notices, from [`Client::async_messages`].
///
/// Each receiver gets every message from the moment it subscribed (the first receivers also
/// get what arrived while nobody listened). It holds at most [`ASYNC_MESSAGE_BUFFER`] unread
/// messages; later ones are dropped for it and counted in [`AsyncMessages::dropped`]. `recv`
/// returns `None` once the connection has closed and the queue is empty.
///
/// [`Client::async_messages`]: crate::Client::async_messages
#[derive(Debug)]
pub struct AsyncMessages {
    rx: mpsc::Receiver<AsyncMessage>,
    dropped: Arc<AtomicU64>,
}

impl AsyncMessages {
    /// The next message; `None` once the connection has closed and all were read.
    pub async fn recv(&mut self) -> Option<AsyncMessage> {
        self.rx.recv().await
    }

    /// The next message if one is waiting, without waiting.
    pub fn try_recv(&mut self) -> Option<AsyncMessage> {
        self.rx.try_recv().ok()
    }

    /// Polls for the next message (what `recv` and the `Stream` impl do).
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<AsyncMessage>> {
        self.rx.poll_recv(cx)
    }

    /// How many messages this receiver missed because its queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

impl futures_core::Stream for AsyncMessages {
    type Item = AsyncMessage;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<AsyncMessage>> {
        self.get_mut().rx.poll_recv(cx)
    }
}

/// Fans messages out to the receivers of one connection.
pub(crate) struct Hub {
    state: Mutex<HubState>,
    /// Every message lost anywhere: backlog overflow, and once per receiver whose queue was full.
    dropped: AtomicU64,
}

#[derive(Default)]
struct HubState {
    /// Messages that arrived while no receiver was alive.
    backlog: VecDeque<AsyncMessage>,
    subscribers: Vec<Subscriber>,
    /// The connection ended: receivers subscribed from now get the backlog, then `None`.
    closed: bool,
}

struct Subscriber {
    tx: mpsc::Sender<AsyncMessage>,
    dropped: Arc<AtomicU64>,
}

impl Hub {
    pub(crate) fn new() -> Hub {
        Hub {
            state: Mutex::new(HubState::default()),
            dropped: AtomicU64::new(0),
        }
    }

    fn state(&self) -> MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn subscribe(&self) -> AsyncMessages {
        let (tx, rx) = mpsc::channel(ASYNC_MESSAGE_BUFFER);
        let dropped = Arc::new(AtomicU64::new(0));
        let mut state = self.state();
        // The backlog is never longer than a queue, so all of it fits.
        for message in state.backlog.drain(..) {
            let _ = tx.try_send(message);
        }
        if !state.closed {
            state.subscribers.push(Subscriber {
                tx,
                dropped: dropped.clone(),
            });
        }
        AsyncMessages { rx, dropped }
    }

    pub(crate) fn publish(&self, message: AsyncMessage) {
        let mut state = self.state();
        state.subscribers.retain(|s| !s.tx.is_closed());
        if state.subscribers.is_empty() {
            if state.backlog.len() < ASYNC_MESSAGE_BUFFER {
                state.backlog.push_back(message);
            } else {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
            return;
        }
        for subscriber in &state.subscribers {
            if let Err(mpsc::error::TrySendError::Full(_)) = subscriber.tx.try_send(message.clone())
            {
                subscriber.dropped.fetch_add(1, Ordering::Relaxed);
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// The connection ended: receivers read what is queued, then get `None`.
    pub(crate) fn close(&self) {
        let mut state = self.state();
        state.closed = true;
        state.subscribers.clear();
    }

    pub(crate) fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// Logs a notice at target `pgline::notice`. WARNING is something to act on; NOTICE and INFO
/// are what a session prints by default (`client_min_messages` is NOTICE); DEBUG and LOG only
/// arrive when a user lowered `client_min_messages` to trace the server, so they stay at debug.
pub(crate) fn log_notice(notice: &DbError) {
    let severity = notice.severity();
    let code = notice.code().code();
    let message = notice.message();
    match notice.parsed_severity() {
        Some(Severity::Notice | Severity::Info) => {
            tracing::info!(target: "pgline::notice", severity, code, "{message}")
        }
        Some(Severity::Debug | Severity::Log) => {
            tracing::debug!(target: "pgline::notice", severity, code, "{message}")
        }
        _ => tracing::warn!(target: "pgline::notice", severity, code, "{message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(i: usize) -> AsyncMessage {
        AsyncMessage::Notification(Notification::new(1, "c".into(), i.to_string()))
    }

    fn payload(m: Option<AsyncMessage>) -> String {
        match m {
            Some(AsyncMessage::Notification(n)) => n.payload().to_owned(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn backlog_is_bounded_and_goes_to_the_first_receiver() {
        let hub = Hub::new();
        for i in 0..ASYNC_MESSAGE_BUFFER + 3 {
            hub.publish(note(i));
        }
        assert_eq!(hub.dropped(), 3);
        let mut first = hub.subscribe();
        let mut second = hub.subscribe();
        for i in 0..ASYNC_MESSAGE_BUFFER {
            assert_eq!(payload(first.try_recv()), i.to_string());
        }
        assert!(first.try_recv().is_none());
        assert!(second.try_recv().is_none());
    }

    #[test]
    fn every_receiver_gets_each_message_and_a_full_one_counts_its_losses() {
        let hub = Hub::new();
        let mut reader = hub.subscribe();
        let mut idle = hub.subscribe();
        for i in 0..ASYNC_MESSAGE_BUFFER + 2 {
            hub.publish(note(i));
            assert_eq!(payload(reader.try_recv()), i.to_string());
        }
        assert_eq!(reader.dropped(), 0);
        assert_eq!(idle.dropped(), 2);
        assert_eq!(hub.dropped(), 2);
        assert_eq!(payload(idle.try_recv()), "0");
    }

    #[test]
    fn dropped_receivers_send_messages_back_to_the_backlog() {
        let hub = Hub::new();
        drop(hub.subscribe());
        hub.publish(note(7));
        let mut later = hub.subscribe();
        assert_eq!(payload(later.try_recv()), "7");
    }

    #[test]
    fn closing_ends_receivers_after_what_they_hold() {
        let hub = Hub::new();
        let mut open = hub.subscribe();
        hub.publish(note(1));
        hub.close();
        assert_eq!(payload(open.try_recv()), "1");
        assert!(matches!(
            open.rx.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected)
        ));
        let mut late = hub.subscribe();
        assert!(matches!(
            late.rx.try_recv(),
            Err(mpsc::error::TryRecvError::Disconnected)
        ));
    }
}
