//! The caller's side of a request: the backend messages of its reply, one at a time.

use std::task::{Context, Poll};

use bytes::{Buf, Bytes};

use super::reply::{Received, ReplyReceiver};
use crate::error::{DbError, Error};
use crate::protocol::backend::ErrorResponse;

/// One backend message of a reply: its tag and body.
pub(crate) struct Message {
    pub tag: u8,
    pub body: Bytes,
}

/// The messages answering one request, in order.
///
/// The connection task already checked every frame's length, so splitting a chunk here cannot
/// fail; it is still done with checked slicing so a bug could only end the reply, not panic.
pub(crate) struct Responses {
    rx: ReplyReceiver,
    chunk: Bytes,
}

impl Responses {
    pub(crate) fn new(rx: ReplyReceiver) -> Responses {
        Responses {
            rx,
            chunk: Bytes::new(),
        }
    }

    fn split_message(&mut self) -> Option<Message> {
        if self.chunk.len() < 5 {
            return None;
        }
        let tag = self.chunk[0];
        let len = u32::from_be_bytes([self.chunk[1], self.chunk[2], self.chunk[3], self.chunk[4]])
            as usize;
        if len < 4 || self.chunk.len() < 1 + len {
            self.chunk.clear();
            return None;
        }
        let body = self.chunk.slice(5..1 + len);
        self.chunk.advance(1 + len);
        Some(Message { tag, body })
    }

    /// The next message; an ErrorResponse becomes `Err` (the request's Sync still ends it).
    pub(crate) fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Result<Message, Error>> {
        loop {
            if let Some(message) = self.split_message() {
                if message.tag == b'E' {
                    return Poll::Ready(Err(db_error(message.body)));
                }
                return Poll::Ready(Ok(message));
            }
            match self.rx.poll_recv(cx) {
                Poll::Ready(Received::Chunk(chunk)) => self.chunk = chunk,
                Poll::Ready(Received::End) => return Poll::Ready(Err(Error::closed())),
                Poll::Ready(Received::Failed(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    pub(crate) async fn next(&mut self) -> Result<Message, Error> {
        std::future::poll_fn(|cx| self.poll_next(cx)).await
    }

    /// The next message, which must have tag `tag`.
    pub(crate) async fn expect(&mut self, tag: u8, what: &'static str) -> Result<Message, Error> {
        let message = self.next().await?;
        if message.tag != tag {
            return Err(unexpected(what, message.tag));
        }
        Ok(message)
    }
}

/// Turns an ErrorResponse body into the caller's error; a malformed one is a protocol error.
pub(crate) fn db_error(body: Bytes) -> Error {
    match ErrorResponse::parse(body) {
        Ok(response) => match DbError::from_fields(response.fields()) {
            Ok(db) => Error::db(db),
            Err(e) => Error::protocol(e),
        },
        Err(e) => Error::protocol(e),
    }
}

pub(crate) fn unexpected(what: &'static str, tag: u8) -> Error {
    Error::unexpected(format!(
        "expected {what}, got message '{}'",
        char::from(tag).escape_default()
    ))
}
