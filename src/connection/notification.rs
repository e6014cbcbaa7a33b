//! LISTEN/NOTIFY notifications and server notices, delivered apart from query results.

use crate::error::DbError;

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
