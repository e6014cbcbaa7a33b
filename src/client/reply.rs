//! The caller's side of a request: the connection's reply channel read through the reply
//! reader, one typed event at a time.

use std::sync::Arc;
use std::task::{Context, Poll};

use super::reply_reader::{Event, ReplyReader, Step};
use crate::connection::{Received, ReplyReceiver, Shared};
use crate::error::Error;

/// The replies of one request, as events.
pub(crate) struct Reply {
    rx: ReplyReceiver,
    reader: ReplyReader,
    shared: Arc<Shared>,
}

impl Reply {
    pub(crate) fn new(
        shared: &Arc<Shared>,
        rx: ReplyReceiver,
        steps: impl Into<std::borrow::Cow<'static, [Step]>>,
    ) -> Reply {
        Reply {
            rx,
            reader: ReplyReader::new(steps),
            shared: shared.clone(),
        }
    }

    /// The index of the step the next event belongs to.
    pub(crate) fn step_index(&self) -> usize {
        self.reader.step_index()
    }

    /// See [`ReplyReader::skip_unsent`].
    pub(crate) fn skip_unsent(&mut self) {
        self.reader.skip_unsent();
    }

    /// Whether every step has been answered.
    pub(crate) fn is_done(&self) -> bool {
        self.reader.is_done()
    }

    /// The next event. A reply the reader rejects leaves the session out of step with the
    /// server: the connection is closed so nobody reuses it.
    pub(crate) fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Result<Event, Error>> {
        loop {
            match self.reader.next_event() {
                Ok(Some(event)) => return Poll::Ready(Ok(event)),
                Ok(None) => {}
                Err(e) => {
                    self.shared.poison(&e);
                    return Poll::Ready(Err(e));
                }
            }
            match self.rx.poll_recv(cx) {
                Poll::Ready(Received::Chunk(chunk)) => self.reader.feed(chunk),
                Poll::Ready(Received::End) => return Poll::Ready(Err(Error::closed())),
                Poll::Ready(Received::Failed(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// The next DataRow's body if it is already here and comes next; see
    /// [`ReplyReader::next_data_row`].
    #[inline]
    pub(crate) fn next_data_row(&mut self) -> Option<bytes::Bytes> {
        self.reader.next_data_row()
    }

    /// Bytes of the current chunk not yet read.
    pub(crate) fn buffered(&self) -> usize {
        self.reader.buffered()
    }

    pub(crate) async fn next(&mut self) -> Result<Event, Error> {
        std::future::poll_fn(|cx| self.poll_event(cx)).await
    }

    /// Reads to the end of the reply, returning the first server error if there was one.
    pub(crate) async fn finish(&mut self) -> Result<(), Error> {
        let mut first_error = None;
        while !self.is_done() {
            if let Event::Error(db) = self.next().await? {
                first_error.get_or_insert(Error::db(*db));
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// The error for an event the caller's operation cannot use at this point (the reader already
/// checked the protocol; this is a COPY or a result shape the operation does not handle).
pub(crate) fn not_for_this_call(event: &Event) -> Error {
    match event {
        Event::CopyIn(_) | Event::CopyBoth(_) => Error::usage(
            "COPY FROM STDIN needs the COPY API (Client::copy_in); the COPY was aborted and the \
             connection is still usable",
        ),
        Event::CopyOut(_) => Error::usage(
            "COPY TO STDOUT needs the COPY API (Client::copy_out); its data was discarded and \
             the connection is still usable",
        ),
        other => Error::unexpected(format!("a reply this call cannot use: {other:?}")),
    }
}
