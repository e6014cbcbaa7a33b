//! LISTEN/NOTIFY notifications and server notices, delivered apart from query results.

use super::core::ConnectionMessage;
use crate::error::DbError;
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
