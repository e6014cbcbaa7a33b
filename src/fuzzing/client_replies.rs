//! The `client_replies` fuzz target: scripted server bytes through the code that runs on them in
//! a live session: the connection core (routing, ReadyForQuery, unwanted COPY), the reply
//! channels, the connection messages' parsing, the reply reader and rows with their decoders.
//!
//! Input layout: byte 0 is the number of requests (1-4); each request is a shape byte (low 3
//! bits: EXECUTE, PREPARE, UNPREPARED, CLOSE, QUERY or a custom pipeline of 1-8 steps, each a
//! byte; the next bits: barrier, COPY API, caller gone), then 4 bytes of chunk sizes (0: the
//! rest at once), then the server's bytes.

use std::borrow::Cow;
use std::sync::{Arc, Weak};
use std::task::{Context, Poll, Waker};

use bytes::BytesMut;

use super::Input;
use super::decode::{decode_every, type_by_oid};
use crate::client::reply_reader::{Event, ReplyReader, Step, steps};
use crate::client::{Column, Row, Statement, StatementInner};
use crate::connection::{
    AsyncMessage, ConnectionMessage, Core, Delivery, Received, ReplyReceiver, Request, Slot,
    interpret, reply_channel,
};
use crate::error::Error;
use crate::protocol::backend::{RowDescription, TransactionStatus};
use crate::protocol::frontend::FrontendMessage;
use crate::protocol::split_frame;
use crate::types::CodecContext;

/// A frame cap small enough for fuzzed lengths to reach.
const MAX_LEN: usize = 1 << 16;

/// Runs scripted server bytes through the client's reply path; panics only on a bug.
pub fn client_replies(data: &[u8]) {
    run(data);
}

/// How each caller's reply went: `true` when the reader followed it to its last step.
pub(super) fn run(data: &[u8]) -> Vec<bool> {
    let mut input = Input::new(data);
    let mut core = Core::new(MAX_LEN, BytesMut::new());
    let mut callers = Vec::new();
    for _ in 0..1 + input.u8() % 4 {
        let (steps, request, gone) = request(&mut input);
        let (sink, rx) = reply_channel();
        core.handle_request(Slot { sink, request });
        callers.push(Caller::new(steps, (!gone).then_some(rx)));
    }
    let sizes = [input.u8(), input.u8(), input.u8(), input.u8()];
    let server = input.rest();

    // The statement the last Describe gave, which a later EXECUTE's rows are read with.
    let mut prepared = statement(&Arc::new(CodecContext::new()), Vec::new());
    let mut at = 0;
    let mut reads = 0;
    while at < server.len() {
        let end = match sizes[reads % sizes.len()] {
            0 => server.len(),
            n => (at + usize::from(n)).min(server.len()),
        };
        reads += 1;
        core.read_buffer().extend_from_slice(&server[at..end]);
        at = end;
        let routed = core.handle_input(&mut |message| deliver(message));
        check_status(core.transaction_status());
        check_transmit(&mut core);
        for caller in &mut callers {
            caller.drain(&mut prepared);
        }
        // Everything queued was read: the head request can take more.
        let mut cx = Context::from_waker(Waker::noop());
        assert!(core.poll_read_ready(&mut cx).is_ready());
        if routed.is_err() {
            // The task shuts the connection down on a routing error.
            break;
        }
    }
    // The socket is gone: whatever is still waiting fails, and every caller sees its end.
    core.fail_all(Error::closed);
    assert!(core.is_idle() && !core.is_barred());
    for caller in &mut callers {
        caller.drain(&mut prepared);
        assert!(caller.rx.is_none(), "a reply never ended");
    }
    callers
        .iter()
        .map(|c| !c.broken && c.reader.is_done())
        .collect()
}

/// One request's steps, routing facts, and whether its caller has gone away.
fn request(input: &mut Input<'_>) -> (Cow<'static, [Step]>, Request, bool) {
    let shape = input.u8();
    let steps: Cow<'static, [Step]> = match shape & 0x07 {
        0 => steps::EXECUTE.into(),
        1 => steps::PREPARE.into(),
        2 => steps::UNPREPARED.into(),
        3 => steps::CLOSE.into(),
        4 | 5 => steps::QUERY.into(),
        _ => custom_steps(input).into(),
    };
    let syncs = steps
        .iter()
        .filter(|s| matches!(s, Step::Sync | Step::Query))
        .count() as u32;
    let mut request = if steps[..] == *steps::QUERY {
        Request::simple()
    } else {
        Request::extended(syncs)
    };
    request = request.barrier_if(shape & 0x08 != 0);
    if shape & 0x10 != 0 {
        request = request.copy_in();
    }
    (steps, request, shape & 0x20 != 0)
}

/// A pipeline of 1-8 steps, ended by a Sync if its last step owes no ReadyForQuery (the client
/// never sends anything after its last Sync).
fn custom_steps(input: &mut Input<'_>) -> Vec<Step> {
    const ALL: [Step; 8] = [
        Step::Parse,
        Step::Bind,
        Step::DescribeStatement,
        Step::DescribePortal,
        Step::Execute,
        Step::Close,
        Step::Sync,
        Step::Query,
    ];
    let len = 1 + input.u8() % 8;
    let mut steps: Vec<Step> = Vec::new();
    for _ in 0..len {
        let mut step = ALL[usize::from(input.u8()) % ALL.len()];
        // A simple Query is only ever sent between batches: inside one, an error before it
        // makes the server discard it up to the Sync, so it owes a ReadyForQuery or not
        // depending on the replies, which nothing could count.
        if step == Step::Query && !matches!(steps.last(), None | Some(Step::Sync | Step::Query)) {
            step = Step::Sync;
        }
        steps.push(step);
    }
    if !matches!(steps.last(), Some(Step::Sync | Step::Query)) {
        steps.push(Step::Sync);
    }
    steps
}

/// What the task does with a connection message, minus the shared state.
fn deliver(message: ConnectionMessage) {
    match interpret(message) {
        Some(Delivery::Parameter { name, value }) => {
            let _ = (name.len(), value.len());
        }
        Some(Delivery::Async(AsyncMessage::Notification(n))) => {
            let _ = (n.process_id(), n.channel(), n.payload());
        }
        Some(delivery) => {
            let _ = format!("{delivery:?}");
        }
        None => {}
    }
}

fn check_status(status: TransactionStatus) {
    assert!(
        matches!(status.byte(), b'I' | b'T' | b'E'),
        "transaction status {status:?}"
    );
}

/// What the core sends by itself is only ever CopyFail and Sync, in whole messages.
fn check_transmit(core: &mut Core) {
    let Some(mut bytes) = core.poll_transmit() else {
        return;
    };
    assert!(!bytes.is_empty());
    while !bytes.is_empty() {
        let frame = split_frame(&mut bytes, MAX_LEN)
            .expect("the core writes valid frames")
            .expect("the core writes whole frames");
        let message = FrontendMessage::parse(frame.tag, frame.body).expect("a valid message");
        assert!(
            matches!(
                message,
                FrontendMessage::CopyFail(_) | FrontendMessage::Sync
            ),
            "the core sent {message:?}"
        );
    }
}

/// A caller reading one reply as the client layer does.
struct Caller {
    /// `None` once the reply ended (or from the start, for a caller that went away).
    rx: Option<ReplyReceiver>,
    reader: ReplyReader,
    steps: usize,
    /// The reader rejected a message: the client poisons the connection and reads no more.
    broken: bool,
    ctx: Arc<CodecContext>,
    /// The columns of this reply's own RowDescription, if it had one.
    statement: Option<Statement>,
}

impl Caller {
    fn new(steps: Cow<'static, [Step]>, rx: Option<ReplyReceiver>) -> Caller {
        let ctx = Arc::new(CodecContext::new());
        Caller {
            rx,
            steps: steps.len(),
            reader: ReplyReader::new(steps),
            broken: false,
            statement: None,
            ctx,
        }
    }

    /// Takes every queued chunk through the reader.
    fn drain(&mut self, prepared: &mut Statement) {
        let Some(mut rx) = self.rx.take() else {
            return;
        };
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            match rx.poll_recv(&mut cx) {
                Poll::Ready(Received::Chunk(chunk)) => {
                    assert!(!chunk.is_empty(), "an empty chunk");
                    if !self.broken {
                        self.reader.feed(chunk);
                        self.read_events(prepared);
                    }
                }
                Poll::Ready(Received::End) => {
                    // The core retires a request at its last ReadyForQuery, which is also the
                    // reader's last step: the two count alike.
                    assert!(
                        self.broken || self.reader.is_done(),
                        "the reply ended before the reader was done"
                    );
                    return;
                }
                Poll::Ready(Received::Failed(_)) => return,
                Poll::Pending => {
                    assert!(
                        self.broken || !self.reader.is_done(),
                        "the reader is done but the reply goes on"
                    );
                    self.rx = Some(rx);
                    return;
                }
            }
        }
    }

    fn read_events(&mut self, prepared: &mut Statement) {
        loop {
            let done = self.reader.is_done();
            match self.reader.next_event() {
                Ok(None) => return,
                Ok(Some(event)) => {
                    assert!(!done, "an event after the last step: {event:?}");
                    assert!(self.reader.step_index() < self.steps);
                    self.on_event(event, prepared);
                }
                Err(e) => {
                    // The core hands a request exactly up to its last ReadyForQuery.
                    assert!(!done, "a message after the last step: {e}");
                    self.broken = true;
                    return;
                }
            }
        }
    }

    fn on_event(&mut self, event: Event, prepared: &mut Statement) {
        match event {
            Event::RowDescription(description) => {
                let described = statement(&self.ctx, columns(&description));
                *prepared = described.clone();
                self.statement = Some(described);
            }
            Event::ParameterDescription(params) => {
                for oid in params.types() {
                    let _ = type_by_oid(oid);
                }
            }
            Event::DataRow(body) => {
                let statement = self.statement.as_ref().unwrap_or(prepared).clone();
                let Ok(row) = Row::new(statement, body) else {
                    return;
                };
                let _ = format!("{row:?}");
                for i in 0..row.len() {
                    let raw = row.raw_value(i).expect("an index below len");
                    let _ = row.try_get::<_, Option<&str>>(i);
                    let _ = row.try_get::<_, Option<i64>>(i);
                    decode_every(&self.ctx, row.columns()[i].type_(), raw);
                }
            }
            Event::Ready(status) => check_status(status),
            Event::CopyIn(response) => {
                let _ = format!("{response:?}");
            }
            Event::CopyOut(response) => {
                let _ = format!("{response:?}");
            }
            Event::CopyBoth(response) => {
                let _ = format!("{response:?}");
            }
            Event::CopyData(data) => assert!(data.len() < MAX_LEN),
            other => {
                let _ = format!("{other:?}");
            }
        }
    }
}

fn columns(description: &RowDescription) -> Vec<Column> {
    description
        .fields()
        .map(|f| {
            Column::new(
                f.name.to_owned(),
                type_by_oid(f.type_oid),
                f.table_oid,
                f.column_id,
            )
        })
        .collect()
}

/// An unnamed statement, as a one-shot query builds it.
fn statement(ctx: &Arc<CodecContext>, columns: Vec<Column>) -> Statement {
    Statement::new(StatementInner {
        name: String::new(),
        params: Vec::new(),
        columns,
        codecs: ctx.clone(),
        connection: Weak::new(),
        may_copy: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        v.extend_from_slice(&((body.len() + 4) as u32).to_be_bytes());
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn client_replies_runs_a_prepared_execute_in_every_chunking() {
        let reply = [
            frame(b'2', b""),
            frame(b'D', &[0, 1, 0, 0, 0, 4, 0, 0, 0, 7]),
            frame(b'C', b"SELECT 1\0"),
            frame(b'Z', b"I"),
        ]
        .concat();
        for size in [0u8, 1, 3, 200] {
            let mut data = vec![0, 0, size, size, size, size];
            data.extend_from_slice(&reply);
            client_replies(&data);
        }
    }

    #[test]
    fn client_replies_answers_an_unwanted_copy() {
        let reply = [
            frame(b'G', &[0, 0, 0]),
            frame(b'E', b"SERROR\0C57014\0Mcopy failed\0\0"),
            frame(b'Z', b"I"),
        ]
        .concat();
        let mut data = vec![0, 4, 0, 0, 0, 0];
        data.extend_from_slice(&reply);
        client_replies(&data);
    }

    #[test]
    fn client_replies_survives_garbage() {
        client_replies(b"");
        client_replies(&[3; 64]);
        client_replies(&[0xff; 300]);
    }
}
