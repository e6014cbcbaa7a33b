//! Parses a binary COPY stream incrementally, from chunks split anywhere (CopyData payloads
//! need not align with tuples).
//!
//! Every length is checked before it is trusted: the header extension against
//! [`MAX_HEADER_EXTENSION`], the field count against the columns, each field against a cap.
//! Nothing is allocated by a declared length; the reader only holds the bytes it was given.

use super::{CopyError, SIGNATURE};

/// The default cap on one field: 1 GiB, PostgreSQL's own limit on a value.
pub const DEFAULT_MAX_FIELD_LEN: usize = 1 << 30;

/// The longest header extension accepted. PostgreSQL writes none; a reader must skip one, so it
/// is bounded to keep a hostile stream from making the reader buffer without end.
pub const MAX_HEADER_EXTENSION: usize = 1 << 16;

/// Signature, flags, extension length.
const HEADER_LEN: usize = 11 + 4 + 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Header,
    /// Between tuples, or inside one once `count_read`.
    Tuples,
    Done,
}

/// An incremental binary COPY parser: [`push`](Self::push) chunks, take complete tuples with
/// [`next_tuple`](Self::next_tuple), and call [`finish`](Self::finish) at CopyDone.
///
/// ```
/// use pgline::copy::CopyBinaryReader;
/// let stream = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0\0\x01\0\0\0\x02hi\xff\xff";
/// let mut r = CopyBinaryReader::new(1);
/// r.push(&stream[..25]).unwrap(); // ends inside the tuple
/// assert!(r.next_tuple().unwrap().is_none());
/// r.push(&stream[25..]).unwrap();
/// assert_eq!(r.next_tuple().unwrap().unwrap().get(0), Some(&b"hi"[..]));
/// assert!(r.next_tuple().unwrap().is_none());
/// r.finish().unwrap();
/// ```
#[derive(Debug)]
pub struct CopyBinaryReader {
    buf: Vec<u8>,
    /// Start of the first unconsumed byte in `buf`.
    pos: usize,
    state: State,
    columns: usize,
    max_field_len: usize,
    /// Whether the current tuple's field count has been read.
    count_read: bool,
    /// Offset (from `pos`) of the next field header of the current tuple.
    scan: usize,
    /// The current tuple's fields so far: (offset from `pos`, length), `None` for NULL.
    fields: Vec<Option<(usize, usize)>>,
}

/// One complete tuple, borrowed from the reader until the next call.
#[derive(Debug, Clone, Copy)]
pub struct Tuple<'a> {
    data: &'a [u8],
    fields: &'a [Option<(usize, usize)>],
}

impl<'a> Tuple<'a> {
    /// The number of fields (the reader's column count).
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether the tuple has no fields (a table without columns).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Field `i`'s bytes, `None` when it is NULL.
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn get(&self, i: usize) -> Option<&'a [u8]> {
        self.fields[i].map(|(at, len)| &self.data[at..at + len])
    }

    /// The fields in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<&'a [u8]>> + '_ {
        (0..self.fields.len()).map(|i| self.get(i))
    }
}

impl CopyBinaryReader {
    /// A reader for tuples of `columns` fields, with the default field cap.
    pub fn new(columns: usize) -> CopyBinaryReader {
        CopyBinaryReader {
            buf: Vec::new(),
            pos: 0,
            state: State::Header,
            columns,
            max_field_len: DEFAULT_MAX_FIELD_LEN,
            count_read: false,
            scan: 0,
            fields: Vec::with_capacity(columns),
        }
    }

    /// Rejects fields longer than `limit` bytes.
    pub fn with_max_field_len(mut self, limit: usize) -> CopyBinaryReader {
        self.max_field_len = limit;
        self
    }

    /// The number of columns each tuple must have.
    pub fn columns(&self) -> usize {
        self.columns
    }

    /// Whether the trailer has been read.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Appends the next chunk of the stream. After the trailer any byte is an error.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), CopyError> {
        if self.state == State::Done {
            return if chunk.is_empty() {
                Ok(())
            } else {
                Err(CopyError::TrailingData { len: chunk.len() })
            };
        }
        // Drop what was consumed before growing: what stays is at most one partial tuple
        // plus unread input, so the copy is bounded by what the caller pushed.
        if self.pos > 0 && (self.pos == self.buf.len() || self.pos >= self.buf.len() / 2) {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        self.buf.extend_from_slice(chunk);
        Ok(())
    }

    fn avail(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// The next complete tuple, or `None` when more input is needed or the trailer was read.
    pub fn next_tuple(&mut self) -> Result<Option<Tuple<'_>>, CopyError> {
        if self.state == State::Header && !self.read_header()? {
            return Ok(None);
        }
        if self.state == State::Done {
            return Ok(None);
        }
        if !self.count_read {
            let Some(count) = self.avail().get(..2) else {
                return Ok(None);
            };
            let count = i16::from_be_bytes([count[0], count[1]]);
            if count == -1 {
                self.pos += 2;
                self.state = State::Done;
                let rest = self.buf.len() - self.pos;
                return if rest == 0 {
                    Ok(None)
                } else {
                    Err(CopyError::TrailingData { len: rest })
                };
            }
            if usize::try_from(count).ok() != Some(self.columns) {
                return Err(CopyError::FieldCount {
                    expected: self.columns,
                    got: count,
                });
            }
            self.count_read = true;
            self.scan = 2;
            self.fields.clear();
        }
        while self.fields.len() < self.columns {
            let column = self.fields.len();
            let avail = &self.buf[self.pos..];
            let Some(len) = avail.get(self.scan..self.scan + 4) else {
                return Ok(None);
            };
            let len = i32::from_be_bytes([len[0], len[1], len[2], len[3]]);
            if len == -1 {
                self.fields.push(None);
                self.scan += 4;
                continue;
            }
            let n = usize::try_from(len).map_err(|_| CopyError::NegativeLength { column, len })?;
            if n > self.max_field_len {
                return Err(CopyError::FieldTooLong {
                    column,
                    len,
                    limit: self.max_field_len,
                });
            }
            if avail.len() < self.scan + 4 + n {
                return Ok(None);
            }
            self.fields.push(Some((self.scan + 4, n)));
            self.scan += 4 + n;
        }
        let start = self.pos;
        self.pos += self.scan;
        self.count_read = false;
        self.scan = 0;
        Ok(Some(Tuple {
            data: &self.buf[start..self.pos],
            fields: &self.fields,
        }))
    }

    /// Reads and checks the header once it is all buffered; `false` when more is needed.
    fn read_header(&mut self) -> Result<bool, CopyError> {
        let avail = self.avail();
        // Check the signature as soon as its bytes arrive, so garbage fails fast.
        let n = avail.len().min(SIGNATURE.len());
        if avail[..n] != SIGNATURE[..n] {
            return Err(CopyError::BadSignature);
        }
        let Some(head) = avail.get(..HEADER_LEN) else {
            return Ok(false);
        };
        let flags = u32::from_be_bytes([head[11], head[12], head[13], head[14]]);
        if flags & 0xffff_0000 != 0 {
            return Err(CopyError::UnsupportedFlags(flags));
        }
        let ext = i32::from_be_bytes([head[15], head[16], head[17], head[18]]);
        let ext_len = usize::try_from(ext)
            .ok()
            .filter(|&n| n <= MAX_HEADER_EXTENSION)
            .ok_or(CopyError::HeaderExtension { len: ext })?;
        if avail.len() < HEADER_LEN + ext_len {
            return Ok(false);
        }
        self.pos += HEADER_LEN + ext_len;
        self.state = State::Tuples;
        Ok(true)
    }

    /// Checks that the stream ended cleanly: header, whole tuples, trailer, nothing after.
    pub fn finish(&self) -> Result<(), CopyError> {
        match self.state {
            State::Done => Ok(()),
            State::Header => Err(CopyError::Truncated { within: "header" }),
            State::Tuples if self.count_read || self.pos < self.buf.len() => {
                Err(CopyError::Truncated { within: "tuple" })
            }
            State::Tuples => Err(CopyError::Truncated {
                within: "stream (no trailer)",
            }),
        }
    }
}
