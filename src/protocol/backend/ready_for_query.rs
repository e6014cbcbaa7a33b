//! ReadyForQuery (tag `'Z'`): the server is idle again, with the session's transaction status.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-READYFORQUERY>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::Reader;
use crate::protocol::{MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::ReadyForQuery;

/// The transaction status ReadyForQuery reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransactionStatus {
    /// `'I'`: not in a transaction block.
    Idle,
    /// `'T'`: in a transaction block.
    InTransaction,
    /// `'E'`: in a failed transaction block; statements are rejected until it ends.
    Failed,
}

impl TransactionStatus {
    /// The wire byte.
    pub const fn byte(self) -> u8 {
        match self {
            TransactionStatus::Idle => b'I',
            TransactionStatus::InTransaction => b'T',
            TransactionStatus::Failed => b'E',
        }
    }
}

/// A parsed ReadyForQuery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadyForQuery {
    /// The transaction status.
    pub status: TransactionStatus,
}

impl ReadyForQuery {
    /// Parses a ReadyForQuery body: exactly one status byte.
    #[inline]
    pub fn parse(body: Bytes) -> Result<ReadyForQuery, ProtocolError> {
        ReadyForQuery::parse_slice(&body)
    }

    /// [`ReadyForQuery::parse`] over a borrowed body, for a reader that routes frames without
    /// taking them out of its buffer.
    #[inline]
    pub fn parse_slice(body: &[u8]) -> Result<ReadyForQuery, ProtocolError> {
        let mut r = Reader::new(body, KIND);
        let byte = r.u8("transaction status")?;
        let status = match byte {
            b'I' => TransactionStatus::Idle,
            b'T' => TransactionStatus::InTransaction,
            b'E' => TransactionStatus::Failed,
            other => {
                return Err(ProtocolError::invalid(
                    KIND,
                    "transaction status",
                    other.into(),
                ));
            }
        };
        r.finish()?;
        Ok(ReadyForQuery { status })
    }
}

/// Appends a ReadyForQuery with `status`.
///
/// ```
/// use bytes::{Bytes, BytesMut};
/// use pgline::protocol::backend::{ready_for_query, TransactionStatus};
/// let mut buf = BytesMut::new();
/// ready_for_query(TransactionStatus::Idle, &mut buf);
/// assert_eq!(&buf[..], b"Z\0\0\0\x05I");
/// ```
#[inline]
pub fn ready_for_query(status: TransactionStatus, buf: &mut BytesMut) {
    buf.extend_from_slice(&[b'Z', 0, 0, 0, 5, status.byte()]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_for_query_every_status() {
        for (byte, status) in [
            (b'I', TransactionStatus::Idle),
            (b'T', TransactionStatus::InTransaction),
            (b'E', TransactionStatus::Failed),
        ] {
            assert_eq!(
                ReadyForQuery::parse(Bytes::copy_from_slice(&[byte]))
                    .unwrap()
                    .status,
                status
            );
        }
    }

    #[test]
    fn ready_for_query_empty_body_is_truncated_not_a_panic() {
        assert_eq!(
            ReadyForQuery::parse(Bytes::new()),
            Err(ProtocolError::truncated(KIND, "transaction status"))
        );
    }

    #[test]
    fn ready_for_query_unknown_status() {
        assert_eq!(
            ReadyForQuery::parse(Bytes::from_static(b"X")),
            Err(ProtocolError::invalid(
                KIND,
                "transaction status",
                b'X'.into()
            ))
        );
    }
}
