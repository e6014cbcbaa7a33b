//! What the connection must know about a request to route its replies and keep the session in
//! step with the server: how many ReadyForQuery it owes, and what happens if it starts a COPY.

use std::cell::RefCell;

use bytes::BytesMut;

use crate::error::Error;

/// A request's routing facts; its bytes are encoded separately (see [`encode_outside_lock`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Request {
    /// ReadyForQuery messages the request owes: one per Sync or simple Query.
    pub syncs: u32,
    pub kind: RequestKind,
    /// The request may start `COPY ... FROM STDIN`: nothing queued after it is written until its
    /// last reply arrives, because a server in copy-in mode reads (and fails on) whatever follows.
    pub barrier: bool,
    /// The caller streams the COPY data itself (the COPY API). Any other request that enters
    /// copy-in mode gets a CopyFail from the connection, so nothing can wedge the session.
    pub copy_in: bool,
    /// The ownership token of the client clone that sends it (a transaction's).
    pub owner: Option<u64>,
    pub ownership: Ownership,
}

/// What a request does to the connection's ownership. While a clone owns the connection (an
/// open transaction), requests of other clones are parked, in order, and written once it ends:
/// they never run inside someone else's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ownership {
    /// Leaves it as it is.
    Keep,
    /// Takes it for the sender's token (BEGIN).
    Take,
    /// Gives it back (COMMIT, ROLLBACK): parked requests follow this one.
    Release,
}

/// How the request was sent, which decides how an unwanted COPY is ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RequestKind {
    /// Extended-protocol messages ending in Sync: the server ignores a Sync in copy-in mode, so a
    /// CopyFail needs its own Sync after it.
    Extended,
    /// A simple Query: the server sends ReadyForQuery after the failed COPY by itself.
    Simple,
}

impl Request {
    /// Extended-protocol messages with `syncs` Sync messages among them.
    pub(crate) fn extended(syncs: u32) -> Request {
        Request {
            syncs,
            kind: RequestKind::Extended,
            barrier: false,
            copy_in: false,
            owner: None,
            ownership: Ownership::Keep,
        }
    }

    /// One simple Query message.
    pub(crate) fn simple() -> Request {
        Request {
            syncs: 1,
            kind: RequestKind::Simple,
            barrier: false,
            copy_in: false,
            owner: None,
            ownership: Ownership::Keep,
        }
    }

    /// Sent by the clone holding `owner`, doing `ownership` to the connection.
    pub(crate) fn owned(mut self, owner: Option<u64>, ownership: Ownership) -> Request {
        self.owner = owner;
        self.ownership = ownership;
        self
    }

    /// Marks a request whose SQL may start a COPY (see [`may_copy`]).
    pub(crate) fn barrier_if(mut self, may_copy: bool) -> Request {
        self.barrier |= may_copy;
        self
    }

    /// A COPY the caller streams data into; always a barrier.
    pub(crate) fn copy_in(mut self) -> Request {
        self.barrier = true;
        self.copy_in = true;
        self
    }
}

/// Whether SQL text may run a COPY: it contains the word in any case. Only `COPY` enters
/// copy mode (PL/pgSQL and prepared statements cannot), so a text without it never does; a false
/// positive only costs the request its pipelining.
pub(crate) fn may_copy(sql: &str) -> bool {
    sql.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"copy"))
}

thread_local! {
    static SCRATCH: RefCell<BytesMut> = RefCell::new(BytesMut::with_capacity(1024));
}

/// A scratch buffer larger than this is not kept for the next request.
const SCRATCH_KEEP: usize = 256 * 1024;

/// Runs `encode` into a per-thread scratch buffer and hands the finished bytes to `commit`.
///
/// Encoding runs user code (`ToSql`), which may fail or panic: it happens here, before any lock
/// is taken, so a failure leaves nothing half-written in the connection's outbox.
pub(crate) fn encode_outside_lock<T>(
    encode: impl FnOnce(&mut BytesMut) -> Result<(), Error>,
    commit: impl FnOnce(&[u8]) -> Result<T, Error>,
) -> Result<T, Error> {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            scratch.clear();
            let result = encode(&mut scratch).and_then(|()| commit(&scratch));
            if scratch.capacity() > SCRATCH_KEEP {
                *scratch = BytesMut::with_capacity(1024);
            }
            result
        }
        // Re-entered from inside `encode`: use a buffer of its own.
        Err(_) => {
            let mut buf = BytesMut::new();
            encode(&mut buf)?;
            commit(&buf)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_copy_finds_the_word_in_any_case() {
        assert!(may_copy("COPY t FROM STDIN"));
        assert!(may_copy("select 1; copy t to stdout"));
        assert!(may_copy("SELECT 'CoPy'"));
        assert!(!may_copy("SELECT cop, y FROM t"));
    }

    #[test]
    fn encode_outside_lock_commits_only_finished_requests() {
        let got = encode_outside_lock(
            |buf| {
                buf.extend_from_slice(b"abc");
                Ok(())
            },
            |bytes| Ok(bytes.to_vec()),
        )
        .unwrap();
        assert_eq!(got, b"abc");
        let mut committed = false;
        let err = encode_outside_lock(
            |buf| {
                buf.extend_from_slice(b"half");
                Err(Error::closed())
            },
            |_| {
                committed = true;
                Ok(())
            },
        );
        assert!(err.is_err());
        assert!(!committed);
        // The scratch starts empty again for the next request.
        let got = encode_outside_lock(|_| Ok(()), |bytes| Ok(bytes.len())).unwrap();
        assert_eq!(got, 0);
    }
}
