//! COPY on the wire: [`Client::copy_in`] streams data into `COPY ... FROM STDIN`, and
//! [`Client::copy_out`] streams `COPY ... TO STDOUT` out, in text or binary format alike.
//!
//! A COPY IN holds the connection for itself: nothing another clone sends is written until it
//! ends (the connection's barrier), because a server in copy-in mode reads whatever follows.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;

use super::Client;
use super::query::encode_parameterless_bind;
use super::reply::{Reply, not_for_this_call};
use super::reply_reader::{Event, Step};
use crate::connection::Request;
use crate::error::Error;
use crate::protocol::{Format, frontend};

/// The steps of a COPY request: the statement runs unnamed, then Sync.
const COPY: &[Step] = &[Step::Parse, Step::Bind, Step::Execute, Step::Sync];

/// COPY data queued for the socket beyond which [`CopyInSink::send`] waits.
const COPY_BUFFER_BYTES: usize = 256 * 1024;

/// CopyData messages are framed in chunks of about this size.
const COPY_CHUNK: usize = 64 * 1024;

impl Client {
    /// Starts `COPY ... FROM STDIN` and returns the sink its data goes into.
    ///
    /// Data is framed into large CopyData messages and written with back-pressure. `finish`
    /// returns the rows copied; `abort`, or dropping the sink, sends CopyFail, so the table is
    /// left as it was. Until the COPY ends, other clones' requests wait.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// let mut sink = client.copy_in("COPY items (id, name) FROM STDIN").await?;
    /// sink.send(b"1\tapple\n2\tpear\n").await?;
    /// assert_eq!(sink.finish().await?, 2);
    /// # Ok(()) }
    /// ```
    pub async fn copy_in(&self, sql: &str) -> Result<CopyInSink, Error> {
        self.timed(async {
            let mut reply = self.start_copy(sql, Request::extended(1).copy_in())?;
            let format = loop {
                match reply.next().await? {
                    Event::ParseComplete | Event::BindComplete => {}
                    Event::CopyIn(response) => break response.format(),
                    Event::Error(db) => {
                        reply.finish().await.ok();
                        return Err(Error::db(*db));
                    }
                    other => {
                        return Err(match other {
                            Event::CopyOut(_) => not_for_this_call(&other),
                            _ => Error::usage("copy_in needs a COPY ... FROM STDIN statement"),
                        });
                    }
                }
            };
            Ok(CopyInSink {
                client: self.clone(),
                reply,
                buf: BytesMut::new(),
                format,
                ended: false,
            })
        })
        .await
    }

    /// Runs `COPY ... TO STDOUT` and streams its data, one CopyData payload per item (a row in
    /// text format). At most a bounded amount of the output is buffered: a slow reader holds
    /// the server back.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// use futures_util::StreamExt;
    /// let mut out = client.copy_out("COPY (SELECT 1, 'x') TO STDOUT").await?;
    /// while let Some(chunk) = out.next().await {
    ///     assert_eq!(&chunk?[..], b"1\tx\n");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn copy_out(&self, sql: &str) -> Result<CopyOutStream, Error> {
        self.timed(async {
            let mut reply = self.start_copy(sql, Request::extended(1))?;
            let format = loop {
                match reply.next().await? {
                    Event::ParseComplete | Event::BindComplete => {}
                    Event::CopyOut(response) => break response.format(),
                    Event::Error(db) => {
                        reply.finish().await.ok();
                        return Err(Error::db(*db));
                    }
                    Event::CopyIn(_) | Event::CopyBoth(_) => {
                        return Err(Error::usage(
                            "copy_out needs a COPY ... TO STDOUT statement; the COPY was aborted",
                        ));
                    }
                    _ => {
                        return Err(Error::usage(
                            "copy_out needs a COPY ... TO STDOUT statement",
                        ));
                    }
                }
            };
            Ok(CopyOutStream {
                reply,
                format,
                rows: None,
                done: false,
            })
        })
        .await
    }

    fn start_copy(&self, sql: &str, request: Request) -> Result<Reply, Error> {
        let rx = self.send(request.barrier_if(true), |buf| {
            frontend::parse("", sql, std::iter::empty(), buf).map_err(Error::protocol)?;
            encode_parameterless_bind(buf, &[])?;
            frontend::execute("", 0, buf).map_err(Error::protocol)?;
            frontend::sync(buf);
            Ok(())
        })?;
        Ok(Reply::new(self.shared(), rx, COPY))
    }
}

/// The data end of `COPY ... FROM STDIN`; see [`Client::copy_in`].
pub struct CopyInSink {
    client: Client,
    reply: Reply,
    /// Data not yet framed: small sends are gathered into large CopyData messages.
    buf: BytesMut,
    format: Format,
    ended: bool,
}

impl CopyInSink {
    /// The format the server expects: text (or CSV), or binary (`PGCOPY`).
    pub fn format(&self) -> Format {
        self.format
    }

    /// The buffer data is gathered in before it is framed: encoders write rows straight into
    /// it, then call `send(b"")` to flush it once it is large.
    pub(crate) fn gather_buffer(&mut self) -> &mut BytesMut {
        &mut self.buf
    }

    /// The connection's codec settings (a custom JSON codec), for encoding values.
    pub(crate) fn codecs(&self) -> crate::types::CodecContext {
        (**self.client.codecs()).clone()
    }

    /// Sends data. Waits while the connection has more than a bounded amount queued; fails at
    /// once if the server already reported an error (a constraint violated in a row it
    /// read, say).
    pub async fn send(&mut self, data: impl AsRef<[u8]>) -> Result<(), Error> {
        self.buf.extend_from_slice(data.as_ref());
        if self.buf.len() >= COPY_CHUNK {
            self.flush_chunk().await?;
        }
        Ok(())
    }

    /// Frames what is gathered as CopyData, once there is room for it.
    async fn flush_chunk(&mut self) -> Result<(), Error> {
        std::future::poll_fn(|cx| self.poll_room(cx)).await?;
        let data = self.buf.split();
        self.client
            .shared()
            .send_continuation(|out| frontend::copy_data(&data, out).map_err(Error::protocol))
    }

    /// Ready when the connection can take more data; an error from the server ends the COPY.
    fn poll_room(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        if let Poll::Ready(event) = self.reply.poll_event(cx) {
            self.ended = true;
            // The server now discards what we send until a Sync (the request's own Sync went
            // by in copy-in mode): send one, or the connection waits for ever.
            let _ = self.client.shared().send_continuation(|out| {
                frontend::sync(out);
                Ok(())
            });
            return Poll::Ready(Err(match event? {
                Event::Error(db) => Error::db(*db),
                other => not_for_this_call(&other),
            }));
        }
        self.client.shared().poll_copy_room(cx, COPY_BUFFER_BYTES)
    }

    /// Ends the COPY: returns the number of rows the server copied.
    pub async fn finish(mut self) -> Result<u64, Error> {
        if !self.buf.is_empty() {
            self.flush_chunk().await?;
        }
        self.ended = true;
        self.client.shared().send_continuation(|out| {
            frontend::copy_done(out);
            frontend::sync(out);
            Ok(())
        })?;
        let mut rows = 0;
        let mut error = None;
        while !self.reply.is_done() {
            match self.reply.next().await? {
                Event::CommandComplete(c) => rows = c.rows().unwrap_or(0),
                Event::Error(db) => error = Some(Error::db(*db)),
                Event::Ready(_) => {}
                other => return Err(not_for_this_call(&other)),
            }
        }
        error.map_or(Ok(rows), Err)
    }

    /// Abandons the COPY with CopyFail: the server rolls the statement back.
    pub async fn abort(mut self, reason: &str) -> Result<(), Error> {
        self.ended = true;
        self.client.shared().send_continuation(|out| {
            frontend::copy_fail(reason, out).map_err(Error::protocol)?;
            frontend::sync(out);
            Ok(())
        })?;
        while !self.reply.is_done() {
            self.reply.next().await?;
        }
        Ok(())
    }
}

impl Drop for CopyInSink {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        // Dropped half way: fail the COPY so nothing is copied and the connection is freed.
        // The reply (ErrorResponse, ReadyForQuery) is drained by the connection.
        let _ = self.client.shared().send_continuation(|out| {
            frontend::copy_fail("the COPY sink was dropped", out).map_err(Error::protocol)?;
            frontend::sync(out);
            Ok(())
        });
    }
}

impl std::fmt::Debug for CopyInSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CopyInSink")
            .field("format", &self.format)
            .field("gathered", &self.buf.len())
            .finish_non_exhaustive()
    }
}

/// The data of `COPY ... TO STDOUT`; see [`Client::copy_out`].
pub struct CopyOutStream {
    reply: Reply,
    format: Format,
    rows: Option<u64>,
    done: bool,
}

impl CopyOutStream {
    /// The format of the data: text (or CSV), or binary (`PGCOPY`).
    pub fn format(&self) -> Format {
        self.format
    }

    /// The number of rows copied, once the stream has ended.
    pub fn rows(&self) -> Option<u64> {
        self.rows
    }
}

impl Stream for CopyOutStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        while !this.done {
            let event = match this.reply.poll_event(cx) {
                Poll::Ready(Ok(event)) => event,
                Poll::Ready(Err(e)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Pending => return Poll::Pending,
            };
            match event {
                Event::CopyData(data) => return Poll::Ready(Some(Ok(data))),
                Event::CopyDone => {}
                Event::CommandComplete(c) => this.rows = Some(c.rows().unwrap_or(0)),
                Event::Ready(_) => this.done = true,
                Event::Error(db) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(Error::db(*db))));
                }
                other => {
                    this.done = true;
                    return Poll::Ready(Some(Err(not_for_this_call(&other))));
                }
            }
        }
        Poll::Ready(None)
    }
}

impl std::fmt::Debug for CopyOutStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CopyOutStream")
            .field("format", &self.format)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}
