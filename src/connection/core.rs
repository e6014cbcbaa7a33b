//! The sans-IO heart of an established connection: reply slots in write order, and the routing
//! of every backend message in the read buffer to the request it answers.
//!
//! No sockets and no clock: the task in `task.rs` moves bytes in and out and calls these
//! `handle_*`/`poll_*` methods. Each request owes a known number of ReadyForQuery messages (one
//! per Sync or simple Query); a slot is retired when the last one arrives, whether or not
//! anyone still listens, so a dropped caller's replies never reach the next one.
//!
//! Two things it does on its own, because no caller may be left to do them: every ReadyForQuery
//! is validated and its transaction status kept, and a request that enters copy-in mode without
//! asking to (a `COPY ... FROM STDIN` sent through `execute`) gets a CopyFail, so the server
//! never waits for data nobody will send.

use std::collections::VecDeque;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};

use super::reply::ReplySender;
use super::request::{Request, RequestKind};
use crate::error::Error;
use crate::protocol::backend::{ReadyForQuery, TransactionStatus};
use crate::protocol::{ProtocolError, frame_header, frontend};

/// One request on the wire, waiting for its replies.
pub(crate) struct Slot {
    pub sink: ReplySender,
    pub request: Request,
}

/// Why the connection ends a COPY it did not ask for.
const UNWANTED_COPY: &str = "COPY FROM STDIN needs pgline's COPY API";

/// A message that belongs to the connection, not to a request.
#[derive(Debug)]
pub(crate) enum ConnectionMessage {
    /// A NotificationResponse body.
    Notification(Bytes),
    /// A NoticeResponse body.
    Notice(Bytes),
    /// A ParameterStatus body.
    ParameterStatus(Bytes),
    /// An ErrorResponse body that arrived with no request waiting (a FATAL before close, say).
    Error(Bytes),
}

/// How much to read at least, so small replies come in one read.
const READ_CHUNK: usize = 16 * 1024;

/// Spare room below which the read buffer grows again before a read.
const READ_MIN: usize = 4 * 1024;

pub(crate) struct Core {
    in_flight: VecDeque<Slot>,
    read_buf: BytesMut,
    max_len: usize,
    /// Bytes the core itself must send (CopyFail for an unwanted COPY), ahead of anything queued.
    transmit: BytesMut,
    /// Barrier requests in flight (at most one: nothing is written behind one).
    barriers: usize,
    status: TransactionStatus,
    /// Told of every ReadyForQuery (its status, and whether no request is left in flight)
    /// before the reply that ends with it is handed over, so a caller woken by its reply
    /// never reads an older state.
    on_ready: Option<ReadyHook>,
}

/// See [`Core::set_ready_hook`].
pub(crate) type ReadyHook = Box<dyn FnMut(TransactionStatus, bool) + Send>;

impl Core {
    pub(crate) fn new(max_len: usize, leftover: BytesMut) -> Core {
        Core {
            in_flight: VecDeque::new(),
            read_buf: leftover,
            max_len,
            transmit: BytesMut::new(),
            barriers: 0,
            status: TransactionStatus::Idle,
            on_ready: None,
        }
    }

    /// Calls `hook` with each ReadyForQuery's status, and whether no request is left in flight,
    /// before the reply it ends reaches its caller.
    pub(crate) fn set_ready_hook(&mut self, hook: ReadyHook) {
        self.on_ready = Some(hook);
    }

    /// Records a request that has been (or is about to be) written, in write order.
    pub(crate) fn handle_request(&mut self, slot: Slot) {
        if slot.request.syncs == 0 {
            // Nothing is owed (a Terminate, a Close without Sync): nothing to route.
            return;
        }
        if slot.request.barrier {
            self.barriers += 1;
        }
        self.in_flight.push_back(slot);
    }

    /// Whether any request is still owed replies.
    pub(crate) fn is_idle(&self) -> bool {
        self.in_flight.is_empty()
    }

    /// Whether a request that may be in copy-in mode is in flight: nothing queued may be written
    /// until it ends (its own COPY data may).
    pub(crate) fn is_barred(&self) -> bool {
        self.barriers > 0
    }

    /// The transaction status of the last ReadyForQuery.
    pub(crate) fn transaction_status(&self) -> TransactionStatus {
        self.status
    }

    /// Whether the core has bytes of its own to send (see [`Self::poll_transmit`]).
    pub(crate) fn has_transmit(&self) -> bool {
        !self.transmit.is_empty()
    }

    /// Bytes the core wants written before anything else; the caller drains them.
    pub(crate) fn poll_transmit(&mut self) -> Option<BytesMut> {
        (!self.transmit.is_empty()).then(|| self.transmit.split())
    }

    /// Ready when the request at the head can take more replies; the task stops reading the
    /// socket meanwhile, so a slow reader of a large result bounds memory.
    pub(crate) fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<()> {
        match self.in_flight.front() {
            Some(slot) => slot.sink.poll_ready(cx),
            None => Poll::Ready(()),
        }
    }

    /// The buffer to read into, with room reserved for at least one useful read.
    ///
    /// Room already there is used first: reserving a full chunk after every reply would find
    /// the buffer still shared with the reply just handed over (its caller has not run yet), and
    /// allocate a fresh one each round trip.
    pub(crate) fn read_buffer(&mut self) -> &mut BytesMut {
        let needed = match frame_header(&self.read_buf, self.max_len) {
            Ok(Some(h)) if h.len > self.read_buf.len() => h.len - self.read_buf.len(),
            _ => 0,
        };
        let spare = self.read_buf.capacity() - self.read_buf.len();
        if spare < needed.max(READ_MIN) {
            self.read_buf.reserve(needed.max(READ_CHUNK));
        }
        &mut self.read_buf
    }

    /// Routes every complete message in the read buffer: runs of a request's messages go to its
    /// reply channel as one chunk each, connection messages to `on_message`.
    pub(crate) fn handle_input(
        &mut self,
        on_message: &mut impl FnMut(ConnectionMessage),
    ) -> Result<(), Error> {
        loop {
            let mut run = 0;
            let mut request_done = false;
            let mut connection_message = None;
            while let Some(header) =
                frame_header(&self.read_buf[run..], self.max_len).map_err(Error::protocol)?
            {
                if self.read_buf.len() - run < header.len {
                    break;
                }
                match header.tag {
                    b'A' | b'N' | b'S' => {
                        connection_message = Some((header.tag, header.len));
                        break;
                    }
                    b'E' if self.in_flight.is_empty() => {
                        connection_message = Some((header.tag, header.len));
                        break;
                    }
                    b'Z' => {
                        let body = &self.read_buf[run + 5..run + header.len];
                        self.status = ReadyForQuery::parse_slice(body)
                            .map_err(Error::protocol)?
                            .status;
                        run += header.len;
                        request_done = true;
                        break;
                    }
                    b'G' | b'W' => {
                        self.refuse_copy()?;
                        run += header.len;
                    }
                    _ => run += header.len,
                }
            }
            if run > 0 {
                let Some(slot) = self.in_flight.front_mut() else {
                    let tag = self.read_buf[0];
                    return Err(Error::protocol(ProtocolError::Unexpected {
                        expected: "no message while no request is in flight",
                        got: tag,
                    }));
                };
                let chunk = self.read_buf.split_to(run).freeze();
                if request_done {
                    let last = slot.request.syncs == 1 && self.in_flight.len() == 1;
                    if let Some(hook) = self.on_ready.as_mut() {
                        hook(self.status, last);
                    }
                }
                let Some(slot) = self.in_flight.front_mut() else {
                    continue;
                };
                slot.sink.push(chunk);
                if request_done {
                    slot.request.syncs -= 1;
                    if slot.request.syncs == 0 {
                        if slot.request.barrier {
                            self.barriers -= 1;
                        }
                        self.in_flight.pop_front();
                    }
                }
                continue;
            }
            match connection_message {
                Some((tag, len)) => {
                    let frame = self.read_buf.split_to(len).freeze();
                    let body = frame.slice(5..);
                    on_message(match tag {
                        b'A' => ConnectionMessage::Notification(body),
                        b'N' => ConnectionMessage::Notice(body),
                        b'S' => ConnectionMessage::ParameterStatus(body),
                        _ => ConnectionMessage::Error(body),
                    });
                }
                None => return Ok(()),
            }
        }
    }

    /// A CopyInResponse (or CopyBothResponse) came for the request at the head: unless it is a
    /// COPY the caller streams, end the COPY at once. The server ignored the request's own Sync
    /// while in copy-in mode, so an extended-protocol request needs one after the CopyFail.
    fn refuse_copy(&mut self) -> Result<(), Error> {
        let Some(slot) = self.in_flight.front() else {
            return Ok(());
        };
        if slot.request.copy_in {
            return Ok(());
        }
        frontend::copy_fail(UNWANTED_COPY, &mut self.transmit).map_err(Error::protocol)?;
        if slot.request.kind == RequestKind::Extended {
            frontend::sync(&mut self.transmit);
        }
        Ok(())
    }

    /// Ends every waiting request with the error `make` builds (the connection is gone).
    pub(crate) fn fail_all(&mut self, make: impl Fn() -> Error) {
        for slot in self.in_flight.drain(..) {
            slot.sink.fail(make());
        }
        self.barriers = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::super::reply::{self, Received, ReplyReceiver};
    use super::*;
    use std::task::Waker;

    fn frame(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        v.extend_from_slice(&((body.len() + 4) as u32).to_be_bytes());
        v.extend_from_slice(body);
        v
    }

    fn ready() -> Vec<u8> {
        frame(b'Z', b"I")
    }

    fn drain(rx: &mut ReplyReceiver) -> (Vec<u8>, bool) {
        let mut cx = Context::from_waker(Waker::noop());
        let mut all = vec![];
        loop {
            match rx.poll_recv(&mut cx) {
                Poll::Ready(Received::Chunk(c)) => all.extend_from_slice(&c),
                Poll::Ready(Received::End) => return (all, true),
                Poll::Ready(Received::Failed(_)) => return (all, true),
                Poll::Pending => return (all, false),
            }
        }
    }

    fn core_with(requests: &[u32]) -> (Core, Vec<ReplyReceiver>) {
        let mut core = Core::new(1 << 20, BytesMut::new());
        let mut rxs = vec![];
        for &syncs in requests {
            let (tx, rx) = reply::channel();
            core.handle_request(Slot {
                sink: tx,
                request: Request::extended(syncs),
            });
            rxs.push(rx);
        }
        (core, rxs)
    }

    #[test]
    fn core_routes_replies_to_requests_in_write_order() {
        let (mut core, mut rxs) = core_with(&[1, 1]);
        let first = [
            frame(b'2', b""),
            frame(b'D', b"\0\0"),
            frame(b'C', b"SELECT 1\0"),
            ready(),
        ]
        .concat();
        let second = [frame(b'1', b""), ready()].concat();
        core.read_buffer()
            .extend_from_slice(&[first.clone(), second.clone()].concat());
        core.handle_input(&mut |_| panic!("no connection message"))
            .unwrap();
        assert_eq!(drain(&mut rxs[0]), (first, true));
        assert_eq!(drain(&mut rxs[1]), (second, true));
        assert!(core.is_idle());
    }

    #[test]
    fn core_keeps_a_partial_frame_until_the_rest_arrives() {
        let (mut core, mut rxs) = core_with(&[1]);
        let reply = [frame(b'C', b"INSERT 0 1\0"), ready()].concat();
        for byte in &reply {
            core.read_buffer().extend_from_slice(&[*byte]);
            core.handle_input(&mut |_| panic!()).unwrap();
        }
        assert_eq!(drain(&mut rxs[0]), (reply, true));
    }

    #[test]
    fn core_takes_connection_messages_out_of_a_reply() {
        let (mut core, mut rxs) = core_with(&[1]);
        let notice = frame(b'N', b"SNOTICE\0\0");
        let notify = frame(b'A', b"\0\0\0\x07chan\0hi\0");
        let status = frame(b'S', b"TimeZone\0UTC\0");
        let input = [
            frame(b'C', b"SET\0"),
            notice,
            status,
            frame(b'D', b"\0\0"),
            notify,
            ready(),
        ]
        .concat();
        core.read_buffer().extend_from_slice(&input);
        let mut seen = vec![];
        core.handle_input(&mut |m| seen.push(m)).unwrap();
        assert!(matches!(&seen[..], [
            ConnectionMessage::Notice(_),
            ConnectionMessage::ParameterStatus(_),
            ConnectionMessage::Notification(n),
        ] if &n[..4] == b"\0\0\0\x07"));
        let expected = [frame(b'C', b"SET\0"), frame(b'D', b"\0\0"), ready()].concat();
        assert_eq!(drain(&mut rxs[0]), (expected, true));
    }

    #[test]
    fn core_counts_every_sync_of_a_pipelined_request() {
        let (mut core, mut rxs) = core_with(&[2, 1]);
        let input = [
            frame(b'E', b"SERROR\0\0"),
            ready(),
            frame(b'1', b""),
            ready(),
            frame(b'3', b""),
            ready(),
        ]
        .concat();
        core.read_buffer().extend_from_slice(&input);
        core.handle_input(&mut |_| panic!()).unwrap();
        let (got, _) = drain(&mut rxs[0]);
        assert_eq!(got, input[..input.len() - 11].to_vec());
        assert_eq!(drain(&mut rxs[1]).0, [frame(b'3', b""), ready()].concat());
    }

    #[test]
    fn core_drains_replies_of_a_dropped_caller() {
        let (mut core, mut rxs) = core_with(&[1, 1]);
        drop(rxs.remove(0));
        let input = [frame(b'D', b"\0\0"), ready(), frame(b'C', b"x\0"), ready()].concat();
        core.read_buffer().extend_from_slice(&input);
        core.handle_input(&mut |_| panic!()).unwrap();
        assert_eq!(
            drain(&mut rxs[0]).0,
            [frame(b'C', b"x\0"), ready()].concat()
        );
    }

    #[test]
    fn core_rejects_a_reply_nobody_asked_for() {
        let (mut core, _) = core_with(&[]);
        core.read_buffer().extend_from_slice(&frame(b'D', b"\0\0"));
        let err = core.handle_input(&mut |_| {}).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Protocol);
    }

    #[test]
    fn core_hands_an_unsolicited_fatal_error_to_the_connection() {
        let (mut core, _) = core_with(&[]);
        core.read_buffer()
            .extend_from_slice(&frame(b'E', b"SFATAL\0\0"));
        let mut seen = vec![];
        core.handle_input(&mut |m| seen.push(m)).unwrap();
        assert!(matches!(&seen[..], [ConnectionMessage::Error(_)]));
    }

    #[test]
    fn core_refuses_an_oversized_length_before_buffering_it() {
        let mut core = Core::new(1024, BytesMut::new());
        let (tx, _rx) = reply::channel();
        core.handle_request(Slot {
            sink: tx,
            request: Request::extended(1),
        });
        core.read_buffer()
            .extend_from_slice(&[b'D', 0x7f, 0xff, 0xff, 0xff]);
        assert!(core.handle_input(&mut |_| {}).is_err());
    }

    #[test]
    fn core_publishes_each_ready_for_query_before_handing_over_its_reply() {
        let (mut core, mut rxs) = core_with(&[1, 1]);
        let seen = std::sync::Arc::new(std::sync::Mutex::new(vec![]));
        let record = seen.clone();
        core.set_ready_hook(Box::new(move |status, idle| {
            record.lock().unwrap().push((status, idle));
        }));
        let input = [
            frame(b'C', b"BEGIN\0"),
            frame(b'Z', b"T"),
            frame(b'1', b""),
            ready(),
        ]
        .concat();
        core.read_buffer().extend_from_slice(&input);
        core.handle_input(&mut |_| panic!()).unwrap();
        assert_eq!(
            *seen.lock().unwrap(),
            [
                (TransactionStatus::InTransaction, false),
                (TransactionStatus::Idle, true)
            ]
        );
        assert!(drain(&mut rxs[0]).1 && drain(&mut rxs[1]).1);
    }
}
