//! The sans-IO reply reader: the backend messages answering one request in, typed events out.
//!
//! A request is a list of [`Step`]s, one per frontend message that gets an answer (Parse, Bind,
//! Describe, Execute, Close, Sync, or a simple Query). The reader knows which answers each step
//! allows, so a message out of place is a [`ProtocolError::Unexpected`] naming what was expected
//! and what came, never a string. After an ErrorResponse it skips the steps the server skips
//! (up to the next Sync). No I/O, no clock: `client/reply.rs` feeds it chunks from the
//! connection; tests feed it scripted bytes.

use std::borrow::Cow;

use bytes::Bytes;

use crate::error::{DbError, Error};
use crate::protocol::backend::{
    CommandComplete, CopyBothResponse, CopyInResponse, CopyOutResponse, ErrorResponse,
    ParameterDescription, ReadyForQuery, RowDescription, TransactionStatus,
};
use crate::protocol::{Frame, Frames, ProtocolError};

/// A frontend message that the server answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Parse: ParseComplete.
    Parse,
    /// Bind: BindComplete.
    Bind,
    /// Describe of a statement: ParameterDescription, then RowDescription or NoData.
    DescribeStatement,
    /// Describe of a portal: RowDescription or NoData.
    DescribePortal,
    /// Execute: DataRow* then CommandComplete, EmptyQueryResponse or PortalSuspended; or a COPY.
    Execute,
    /// Close: CloseComplete.
    Close,
    /// Sync: ReadyForQuery.
    Sync,
    /// A simple Query: any number of results (each RowDescription, DataRow*, CommandComplete;
    /// or EmptyQueryResponse; or a COPY), then ReadyForQuery.
    Query,
}

/// What the server said, one message at a time, in the request's terms.
#[derive(Debug)]
pub(crate) enum Event {
    ParseComplete,
    BindComplete,
    CloseComplete,
    ParameterDescription(ParameterDescription),
    RowDescription(RowDescription),
    NoData,
    /// A DataRow's body, checked only for its place: the row type parses it once, indexing its
    /// values as it goes (`DataRow::parse_indexed`).
    DataRow(Bytes),
    CommandComplete(CommandComplete),
    EmptyQuery,
    PortalSuspended,
    CopyIn(CopyInResponse),
    CopyOut(CopyOutResponse),
    CopyBoth(CopyBothResponse),
    CopyData(Bytes),
    CopyDone,
    /// The server's error for the current step; the steps after it up to the next Sync (or the
    /// rest of a simple Query) are skipped, as the server skips them.
    Error(Box<DbError>),
    /// ReadyForQuery, with the transaction status it reports.
    Ready(TransactionStatus),
}

/// Where the reader is inside the current step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    /// Waiting for the step's first answer.
    Start,
    /// Describe of a statement: ParameterDescription seen, RowDescription or NoData next.
    Described,
    /// Execute, or a simple Query's result: rows until the command completes.
    Rows,
    /// A COPY to the client: CopyData until CopyDone.
    CopyOut,
    /// CopyDone seen (or a copy-in/both in progress): CommandComplete next.
    CopyEnd,
    /// An error was reported: ReadyForQuery next.
    Failed,
}

/// Reads the replies of one request.
pub(crate) struct ReplyReader {
    steps: Cow<'static, [Step]>,
    at: usize,
    phase: Phase,
    frames: Frames,
}

impl ReplyReader {
    /// A reader for a request made of `steps`, in the order they were written.
    pub(crate) fn new(steps: impl Into<Cow<'static, [Step]>>) -> ReplyReader {
        ReplyReader {
            steps: steps.into(),
            at: 0,
            phase: Phase::Start,
            frames: Frames::new(Bytes::new()),
        }
    }

    /// Hands the reader the next chunk of whole messages. Call only once [`Self::next_event`]
    /// has returned `Ok(None)` for the previous chunk.
    pub(crate) fn feed(&mut self, chunk: Bytes) {
        debug_assert!(self.frames.remaining().is_empty());
        self.frames = Frames::new(chunk);
    }

    /// Whether every step has been answered.
    pub(crate) fn is_done(&self) -> bool {
        self.at >= self.steps.len()
    }

    /// The caller sent Sync without the steps before it (it gave up on a two-half request):
    /// expect that Sync's ReadyForQuery next.
    pub(crate) fn skip_unsent(&mut self) {
        while let Some(step) = self.step() {
            if step == Step::Sync {
                break;
            }
            self.at += 1;
        }
        self.phase = Phase::Start;
    }

    /// The index of the step the next event belongs to (the last one once done).
    pub(crate) fn step_index(&self) -> usize {
        self.at.min(self.steps.len().saturating_sub(1))
    }

    /// The next event, or `Ok(None)` when the chunk is used up. A message the request cannot get
    /// at this point is a protocol error: the session is out of step and must not be reused.
    pub(crate) fn next_event(&mut self) -> Result<Option<Event>, Error> {
        let Some(frame) = self.frames.next() else {
            return Ok(None);
        };
        let frame = frame.map_err(Error::protocol)?;
        self.handle(frame).map(Some)
    }

    /// The body of the next message when it is a DataRow where one may come, without building
    /// an [`Event`]: the hot path of reading rows. `None` leaves everything else (and a frame
    /// that does not split) to [`Self::next_event`].
    #[inline]
    pub(crate) fn next_data_row(&mut self) -> Option<Bytes> {
        if self.frames.remaining().first() != Some(&b'D') {
            return None;
        }
        match (self.step(), self.phase) {
            (Some(Step::Execute), Phase::Start | Phase::Rows)
            | (Some(Step::Query), Phase::Rows) => {}
            _ => return None,
        }
        let rest = self.frames.remaining();
        let len = rest
            .get(1..5)
            .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))?;
        // A frame that is short or runs past the chunk is `next_event`'s to report.
        if len < 4 || len as usize >= rest.len() {
            return None;
        }
        let frame = self.frames.next()?.ok()?;
        self.phase = Phase::Rows;
        Some(frame.body)
    }

    /// Bytes left in the current chunk: a hint of how many rows are already here.
    pub(crate) fn buffered(&self) -> usize {
        self.frames.remaining().len()
    }

    fn step(&self) -> Option<Step> {
        self.steps.get(self.at).copied()
    }

    /// Moves past the current step.
    fn advance(&mut self) {
        self.at += 1;
        self.phase = Phase::Start;
    }

    /// An error: skip to the Sync that ends this batch (the server discards until then); a simple
    /// Query ends with its own ReadyForQuery.
    fn fail(&mut self) {
        if self.step() != Some(Step::Query) {
            while let Some(step) = self.step() {
                if step == Step::Sync {
                    break;
                }
                self.at += 1;
            }
        }
        self.phase = Phase::Failed;
    }

    fn handle(&mut self, Frame { tag, body }: Frame) -> Result<Event, Error> {
        let Some(step) = self.step() else {
            return Err(unexpected("nothing (the request is complete)", tag));
        };
        if tag == b'E' {
            if self.phase == Phase::Failed {
                return Err(unexpected("ReadyForQuery", tag));
            }
            let error = db_error(body)?;
            self.fail();
            return Ok(Event::Error(Box::new(error)));
        }
        let protocol = |e| Error::protocol(e);
        let event = match (step, self.phase, tag) {
            (Step::Sync | Step::Query, Phase::Start | Phase::Failed, b'Z') => {
                let status = ReadyForQuery::parse(body).map_err(protocol)?.status;
                self.advance();
                return Ok(Event::Ready(status));
            }
            (_, Phase::Failed, _) => return Err(unexpected("ReadyForQuery", tag)),
            (Step::Parse, _, b'1') => {
                self.advance();
                Event::ParseComplete
            }
            (Step::Bind, _, b'2') => {
                self.advance();
                Event::BindComplete
            }
            (Step::Close, _, b'3') => {
                self.advance();
                Event::CloseComplete
            }
            (Step::DescribeStatement, Phase::Start, b't') => {
                self.phase = Phase::Described;
                Event::ParameterDescription(ParameterDescription::parse(body).map_err(protocol)?)
            }
            (Step::DescribeStatement, Phase::Described, b'T')
            | (Step::DescribePortal, Phase::Start, b'T') => {
                self.advance();
                Event::RowDescription(RowDescription::parse(body).map_err(protocol)?)
            }
            (Step::DescribeStatement, Phase::Described, b'n')
            | (Step::DescribePortal, Phase::Start, b'n') => {
                self.advance();
                Event::NoData
            }
            (Step::Query, Phase::Start, b'T') => {
                self.phase = Phase::Rows;
                Event::RowDescription(RowDescription::parse(body).map_err(protocol)?)
            }
            (Step::Execute, Phase::Start | Phase::Rows, b'D')
            | (Step::Query, Phase::Rows, b'D') => {
                self.phase = Phase::Rows;
                Event::DataRow(body)
            }
            (Step::Execute, Phase::Start | Phase::Rows | Phase::CopyEnd, b'C') => {
                self.advance();
                Event::CommandComplete(CommandComplete::parse(body).map_err(protocol)?)
            }
            (Step::Query, Phase::Start | Phase::Rows | Phase::CopyEnd, b'C') => {
                // A simple Query's next result, or its ReadyForQuery, follows.
                self.phase = Phase::Start;
                Event::CommandComplete(CommandComplete::parse(body).map_err(protocol)?)
            }
            (Step::Execute, Phase::Start, b'I') => {
                self.advance();
                Event::EmptyQuery
            }
            (Step::Query, Phase::Start, b'I') => Event::EmptyQuery,
            (Step::Execute, Phase::Start | Phase::Rows, b's') => {
                self.advance();
                Event::PortalSuspended
            }
            (Step::Execute | Step::Query, Phase::Start, b'G') => {
                self.phase = Phase::CopyEnd;
                Event::CopyIn(CopyInResponse::parse(body).map_err(protocol)?)
            }
            (Step::Execute | Step::Query, Phase::Start, b'W') => {
                self.phase = Phase::CopyOut;
                Event::CopyBoth(CopyBothResponse::parse(body).map_err(protocol)?)
            }
            (Step::Execute | Step::Query, Phase::Start, b'H') => {
                self.phase = Phase::CopyOut;
                Event::CopyOut(CopyOutResponse::parse(body).map_err(protocol)?)
            }
            (Step::Execute | Step::Query, Phase::CopyOut, b'd') => Event::CopyData(body),
            (Step::Execute | Step::Query, Phase::CopyOut, b'c') => {
                self.phase = Phase::CopyEnd;
                Event::CopyDone
            }
            _ => return Err(unexpected(self.expected(), tag)),
        };
        Ok(event)
    }

    /// What the current step allows next, for the error when something else comes.
    fn expected(&self) -> &'static str {
        match (self.step(), self.phase) {
            (None, _) => "nothing (the request is complete)",
            (_, Phase::Failed) => "ReadyForQuery",
            (Some(Step::Parse), _) => "ParseComplete",
            (Some(Step::Bind), _) => "BindComplete",
            (Some(Step::Close), _) => "CloseComplete",
            (Some(Step::Sync), _) => "ReadyForQuery",
            (Some(Step::DescribeStatement), Phase::Start) => "ParameterDescription",
            (Some(Step::DescribeStatement | Step::DescribePortal), _) => "RowDescription or NoData",
            (Some(Step::Execute | Step::Query), Phase::CopyOut) => "CopyData or CopyDone",
            (Some(Step::Execute | Step::Query), Phase::CopyEnd) => "CommandComplete",
            (Some(Step::Execute), Phase::Rows) => "DataRow, CommandComplete or PortalSuspended",
            (Some(Step::Query), Phase::Rows) => "DataRow or CommandComplete",
            (Some(Step::Execute), _) => {
                "DataRow, CommandComplete, EmptyQueryResponse, PortalSuspended or a COPY response"
            }
            (Some(Step::Query), _) => {
                "RowDescription, CommandComplete, EmptyQueryResponse, a COPY response or \
                 ReadyForQuery"
            }
        }
    }
}

fn unexpected(expected: &'static str, got: u8) -> Error {
    Error::protocol(ProtocolError::Unexpected { expected, got })
}

/// The server's error from an ErrorResponse body; a malformed one is a protocol error.
pub(crate) fn db_error(body: Bytes) -> Result<DbError, Error> {
    let response = ErrorResponse::parse(body).map_err(Error::protocol)?;
    DbError::from_fields(response.fields()).map_err(Error::protocol)
}

/// The steps of the common requests, so they need no allocation.
pub(crate) mod steps {
    use super::Step::{self, *};

    /// Bind, Execute, Sync: a prepared statement.
    pub(crate) const EXECUTE: &[Step] = &[Bind, Execute, Sync];
    /// Parse, Describe statement, Sync: preparing.
    pub(crate) const PREPARE: &[Step] = &[Parse, DescribeStatement, Sync];
    /// Parse, Bind, Describe portal, Execute, Sync: SQL text without parameters.
    pub(crate) const UNPREPARED: &[Step] = &[Parse, Bind, DescribePortal, Execute, Sync];
    /// Close, Sync.
    pub(crate) const CLOSE: &[Step] = &[Close, Sync];
    /// A simple Query.
    pub(crate) const QUERY: &[Step] = &[Query];
    /// Parse, Describe statement (then Flush, and once the types are known) Bind, Execute,
    /// Sync: SQL text with parameters on the unnamed statement.
    pub(crate) const UNNAMED: &[Step] = &[Parse, DescribeStatement, Bind, Execute, Sync];
}

#[cfg(test)]
mod tests;
