//! The reply reader on scripted server replies: every request shape, errors at each step, and
//! every kind of message out of place.

use bytes::{Bytes, BytesMut};

use super::steps::*;
use super::*;
use crate::ErrorKind;
use crate::protocol::Format;
use crate::protocol::backend as server;
use crate::protocol::backend::FieldDescription;

/// Server replies written with the protocol module's backend encoders.
#[derive(Default)]
struct Script(BytesMut);

impl Script {
    fn new() -> Script {
        Script::default()
    }
    fn parse_complete(mut self) -> Self {
        server::parse_complete(&mut self.0);
        self
    }
    fn bind_complete(mut self) -> Self {
        server::bind_complete(&mut self.0);
        self
    }
    fn close_complete(mut self) -> Self {
        server::close_complete(&mut self.0);
        self
    }
    fn no_data(mut self) -> Self {
        server::no_data(&mut self.0);
        self
    }
    fn params(mut self, oids: &[u32]) -> Self {
        server::parameter_description(oids.iter().copied(), &mut self.0).unwrap();
        self
    }
    fn columns(mut self, names: &[&str]) -> Self {
        let fields = names.iter().map(|name| FieldDescription {
            name,
            table_oid: 0,
            column_id: 0,
            type_oid: 23,
            type_size: 4,
            type_modifier: -1,
            format: Format::Binary,
        });
        server::row_description(fields, &mut self.0).unwrap();
        self
    }
    fn row(mut self, values: &[Option<&[u8]>]) -> Self {
        server::data_row(values.iter().copied(), &mut self.0).unwrap();
        self
    }
    fn complete(mut self, tag: &str) -> Self {
        server::command_complete(tag, &mut self.0).unwrap();
        self
    }
    fn empty_query(mut self) -> Self {
        server::empty_query_response(&mut self.0);
        self
    }
    fn suspended(mut self) -> Self {
        server::portal_suspended(&mut self.0);
        self
    }
    fn copy_in(mut self) -> Self {
        server::copy_in_response(Format::Binary, &[Format::Binary], &mut self.0).unwrap();
        self
    }
    fn copy_out(mut self) -> Self {
        server::copy_out_response(Format::Text, &[Format::Text], &mut self.0).unwrap();
        self
    }
    fn copy_data(mut self, data: &[u8]) -> Self {
        server::copy_data(data, &mut self.0).unwrap();
        self
    }
    fn copy_done(mut self) -> Self {
        server::copy_done(&mut self.0);
        self
    }
    fn error(mut self, code: &str) -> Self {
        server::error_response(
            [(b'S', "ERROR"), (b'C', code), (b'M', "it failed")],
            &mut self.0,
        )
        .unwrap();
        self
    }
    fn ready(mut self, status: TransactionStatus) -> Self {
        server::ready_for_query(status, &mut self.0);
        self
    }
    fn idle(self) -> Self {
        self.ready(TransactionStatus::Idle)
    }
    fn bytes(self) -> Bytes {
        self.0.freeze()
    }
}

/// Short names for events, so a whole reply reads as one line.
fn name(event: &Event) -> String {
    match event {
        Event::ParseComplete => "parse".into(),
        Event::BindComplete => "bind".into(),
        Event::CloseComplete => "close".into(),
        Event::ParameterDescription(p) => format!("params{}", p.len()),
        Event::RowDescription(r) => format!("columns{}", r.len()),
        Event::NoData => "nodata".into(),
        Event::DataRow(body) => {
            format!("row{}", server::DataRow::parse(body.clone()).unwrap().len())
        }
        Event::CommandComplete(c) => format!("complete({})", c.tag()),
        Event::EmptyQuery => "empty".into(),
        Event::PortalSuspended => "suspended".into(),
        Event::CopyIn(_) => "copyin".into(),
        Event::CopyOut(_) => "copyout".into(),
        Event::CopyBoth(_) => "copyboth".into(),
        Event::CopyData(d) => format!("data{}", d.len()),
        Event::CopyDone => "copydone".into(),
        Event::Error(e) => format!("error({})", e.code().code()),
        Event::Ready(s) => format!("ready({})", char::from(s.byte())),
    }
}

/// Feeds `reply` to a reader for `steps` in one chunk and names every event, or the error.
fn read(steps: &'static [Step], reply: Bytes) -> (Vec<String>, Option<Error>, ReplyReader) {
    let mut reader = ReplyReader::new(steps);
    reader.feed(reply);
    let mut events = vec![];
    loop {
        match reader.next_event() {
            Ok(Some(event)) => events.push(name(&event)),
            Ok(None) => return (events, None, reader),
            Err(e) => return (events, Some(e), reader),
        }
    }
}

fn events(steps: &'static [Step], reply: Bytes) -> String {
    let (events, error, reader) = read(steps, reply);
    assert!(
        error.is_none(),
        "unexpected error {error:?} after {events:?}"
    );
    assert!(reader.is_done(), "not done after {events:?}");
    events.join(" ")
}

/// The protocol error a reply ends in, as `expected` and the tag that came.
fn out_of_place(steps: &'static [Step], reply: Bytes) -> (&'static str, u8) {
    let (events, error, _) = read(steps, reply);
    let error = error.unwrap_or_else(|| panic!("no error after {events:?}"));
    assert_eq!(error.kind(), ErrorKind::Protocol);
    let cause = std::error::Error::source(&error)
        .and_then(|c| c.downcast_ref::<ProtocolError>())
        .expect("the cause is a ProtocolError");
    match cause {
        ProtocolError::Unexpected { expected, got } => (*expected, *got),
        other => panic!("not Unexpected: {other:?}"),
    }
}

#[test]
fn reply_reader_reads_a_prepared_execute() {
    let reply = Script::new()
        .bind_complete()
        .row(&[Some(b"1")])
        .row(&[None])
        .complete("SELECT 2")
        .idle()
        .bytes();
    assert_eq!(
        events(EXECUTE, reply),
        "bind row1 row1 complete(SELECT 2) ready(I)"
    );
}

#[test]
fn reply_reader_reads_a_prepare() {
    let reply = Script::new()
        .parse_complete()
        .params(&[23, 25])
        .columns(&["a"])
        .idle()
        .bytes();
    assert_eq!(events(PREPARE, reply), "parse params2 columns1 ready(I)");
    let reply = Script::new()
        .parse_complete()
        .params(&[])
        .no_data()
        .idle()
        .bytes();
    assert_eq!(events(PREPARE, reply), "parse params0 nodata ready(I)");
}

#[test]
fn reply_reader_reads_unprepared_text_in_every_outcome() {
    let rows = Script::new()
        .parse_complete()
        .bind_complete()
        .columns(&["a", "b"])
        .row(&[Some(b"x"), None])
        .complete("SELECT 1")
        .ready(TransactionStatus::InTransaction)
        .bytes();
    assert_eq!(
        events(UNPREPARED, rows),
        "parse bind columns2 row2 complete(SELECT 1) ready(T)"
    );
    let empty = Script::new()
        .parse_complete()
        .bind_complete()
        .no_data()
        .empty_query()
        .idle()
        .bytes();
    assert_eq!(
        events(UNPREPARED, empty),
        "parse bind nodata empty ready(I)"
    );
}

#[test]
fn reply_reader_skips_to_the_sync_after_an_error_at_each_step() {
    // Parse fails: Bind, Describe and Execute are skipped by the server.
    let reply = Script::new().error("42601").idle().bytes();
    assert_eq!(events(UNPREPARED, reply), "error(42601) ready(I)");
    // Bind fails.
    let reply = Script::new()
        .parse_complete()
        .error("22P02")
        .ready(TransactionStatus::Failed)
        .bytes();
    assert_eq!(events(UNPREPARED, reply), "parse error(22P02) ready(E)");
    // Execute fails after some rows.
    let reply = Script::new()
        .bind_complete()
        .row(&[Some(b"1")])
        .error("22012")
        .idle()
        .bytes();
    assert_eq!(events(EXECUTE, reply), "bind row1 error(22012) ready(I)");
    // Describe fails.
    let reply = Script::new().parse_complete().error("42P01").idle().bytes();
    assert_eq!(events(PREPARE, reply), "parse error(42P01) ready(I)");
}

#[test]
fn reply_reader_reads_a_pipeline_of_several_syncs() {
    const TWO: &[Step] = &[Bind, Execute, Sync, Bind, Execute, Sync];
    use Step::*;
    let reply = Script::new()
        .error("23505")
        .idle()
        .bind_complete()
        .complete("INSERT 0 1")
        .idle()
        .bytes();
    let (events, error, reader) = read(TWO, reply);
    assert!(error.is_none());
    assert!(reader.is_done());
    assert_eq!(
        events.join(" "),
        "error(23505) ready(I) bind complete(INSERT 0 1) ready(I)"
    );
}

#[test]
fn reply_reader_knows_which_step_an_event_belongs_to() {
    const TWO: &[Step] = &[Bind, Execute, Bind, Execute, Sync];
    use Step::*;
    let reply = Script::new()
        .bind_complete()
        .complete("INSERT 0 1")
        .bind_complete()
        .error("23505")
        .idle()
        .bytes();
    let mut reader = ReplyReader::new(TWO);
    reader.feed(reply);
    let mut at = vec![];
    while let Some(event) = {
        let step = reader.step_index();
        reader.next_event().unwrap().map(|e| (step, name(&e)))
    } {
        at.push(event);
    }
    let steps: Vec<usize> = at.iter().map(|(s, _)| *s).collect();
    assert_eq!(steps, [0, 1, 2, 3, 4]);
}

#[test]
fn reply_reader_reads_portal_suspension() {
    let reply = Script::new()
        .bind_complete()
        .row(&[Some(b"1")])
        .suspended()
        .idle()
        .bytes();
    assert_eq!(events(EXECUTE, reply), "bind row1 suspended ready(I)");
}

#[test]
fn reply_reader_reads_a_simple_query_with_several_results() {
    let reply = Script::new()
        .columns(&["a"])
        .row(&[Some(b"1")])
        .complete("SELECT 1")
        .complete("SET")
        .empty_query()
        .columns(&["b", "c"])
        .complete("SELECT 0")
        .idle()
        .bytes();
    assert_eq!(
        events(QUERY, reply),
        "columns1 row1 complete(SELECT 1) complete(SET) empty columns2 complete(SELECT 0) ready(I)"
    );
    let failed = Script::new()
        .complete("BEGIN")
        .error("42601")
        .ready(TransactionStatus::Failed)
        .bytes();
    assert_eq!(
        events(QUERY, failed),
        "complete(BEGIN) error(42601) ready(E)"
    );
}

#[test]
fn reply_reader_reads_copy_out_and_a_refused_copy_in() {
    let out = Script::new()
        .bind_complete()
        .copy_out()
        .copy_data(b"1\n")
        .copy_data(b"2\n")
        .copy_done()
        .complete("COPY 2")
        .idle()
        .bytes();
    assert_eq!(
        events(EXECUTE, out),
        "bind copyout data2 data2 copydone complete(COPY 2) ready(I)"
    );
    // What the server answers after the connection's CopyFail.
    let copy_in = Script::new().copy_in().error("57014").idle().bytes();
    assert_eq!(events(QUERY, copy_in), "copyin error(57014) ready(I)");
    let copied = Script::new()
        .bind_complete()
        .copy_in()
        .complete("COPY 3")
        .idle()
        .bytes();
    assert_eq!(
        events(EXECUTE, copied),
        "bind copyin complete(COPY 3) ready(I)"
    );
}

#[test]
fn reply_reader_rejects_every_message_out_of_place() {
    // Each case: the request, a reply going wrong, what the reader expected, what came.
    let cases: Vec<(&'static [Step], Bytes, &str, u8)> = vec![
        (
            EXECUTE,
            Script::new().row(&[]).bytes(),
            "BindComplete",
            b'D',
        ),
        (
            EXECUTE,
            Script::new().parse_complete().bytes(),
            "BindComplete",
            b'1',
        ),
        (
            PREPARE,
            Script::new().parse_complete().no_data().bytes(),
            "ParameterDescription",
            b'n',
        ),
        (
            PREPARE,
            Script::new().parse_complete().params(&[]).row(&[]).bytes(),
            "RowDescription or NoData",
            b'D',
        ),
        (
            EXECUTE,
            Script::new().bind_complete().idle().bytes(),
            "DataRow, CommandComplete, EmptyQueryResponse, PortalSuspended or a COPY response",
            b'Z',
        ),
        (
            EXECUTE,
            Script::new().bind_complete().row(&[]).empty_query().bytes(),
            "DataRow, CommandComplete or PortalSuspended",
            b'I',
        ),
        (
            EXECUTE,
            Script::new()
                .bind_complete()
                .complete("SELECT 0")
                .row(&[])
                .bytes(),
            "ReadyForQuery",
            b'D',
        ),
        (
            EXECUTE,
            Script::new().error("42601").bind_complete().bytes(),
            "ReadyForQuery",
            b'2',
        ),
        (
            EXECUTE,
            Script::new().error("42601").error("42601").bytes(),
            "ReadyForQuery",
            b'E',
        ),
        (
            EXECUTE,
            Script::new()
                .bind_complete()
                .complete("SELECT 0")
                .idle()
                .idle()
                .bytes(),
            "nothing (the request is complete)",
            b'Z',
        ),
        (
            EXECUTE,
            Script::new().bind_complete().copy_out().row(&[]).bytes(),
            "CopyData or CopyDone",
            b'D',
        ),
        (
            EXECUTE,
            Script::new()
                .bind_complete()
                .copy_in()
                .copy_data(b"x")
                .bytes(),
            "CommandComplete",
            b'd',
        ),
        (
            QUERY,
            Script::new().row(&[]).bytes(),
            "RowDescription, CommandComplete, EmptyQueryResponse, a COPY response or ReadyForQuery",
            b'D',
        ),
        (
            QUERY,
            Script::new().columns(&["a"]).idle().bytes(),
            "DataRow or CommandComplete",
            b'Z',
        ),
        (
            CLOSE,
            Script::new().bind_complete().bytes(),
            "CloseComplete",
            b'2',
        ),
        (
            CLOSE,
            Script::new().close_complete().close_complete().bytes(),
            "ReadyForQuery",
            b'3',
        ),
    ];
    for (steps, reply, expected, got) in cases {
        assert_eq!(
            out_of_place(steps, reply),
            (expected, got),
            "steps {steps:?}"
        );
    }
}

#[test]
fn reply_reader_rejects_a_bad_transaction_status_and_malformed_bodies() {
    let mut reply = Script::new().close_complete().0;
    reply.extend_from_slice(b"Z\0\0\0\x05X");
    let (_, error, _) = read(CLOSE, reply.freeze());
    assert_eq!(error.unwrap().kind(), ErrorKind::Protocol);
    // A truncated frame.
    let (_, error, _) = read(CLOSE, Bytes::from_static(b"3\0\0\0"));
    assert_eq!(error.unwrap().kind(), ErrorKind::Protocol);
}

#[test]
fn reply_reader_takes_a_reply_in_any_number_of_chunks_of_whole_messages() {
    let reply = Script::new()
        .parse_complete()
        .bind_complete()
        .columns(&["a"])
        .row(&[Some(b"1")])
        .complete("SELECT 1")
        .idle()
        .bytes();
    let mut reader = ReplyReader::new(UNPREPARED);
    let mut names = vec![];
    for frame in Frames::new(reply) {
        let frame = frame.unwrap();
        let mut whole = BytesMut::new();
        whole.extend_from_slice(&[frame.tag]);
        whole.extend_from_slice(&((frame.body.len() + 4) as u32).to_be_bytes());
        whole.extend_from_slice(&frame.body);
        reader.feed(whole.freeze());
        while let Some(event) = reader.next_event().unwrap() {
            names.push(name(&event));
        }
    }
    assert!(reader.is_done());
    assert_eq!(
        names.join(" "),
        "parse bind columns1 row1 complete(SELECT 1) ready(I)"
    );
}
