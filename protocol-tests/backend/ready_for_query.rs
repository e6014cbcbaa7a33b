//! ReadyForQuery vectors (tag 'Z'), one per transaction status.

use pgline::protocol::backend::{self, ReadyForQuery, TransactionStatus};
use pgline::protocol::{MessageKind, Problem, ProtocolError};

use crate::support::{Vector, body, encoded};

pub fn ready(status: u8) -> Vec<u8> {
    wire![
        b'Z',          // Byte1('Z'): ReadyForQuery
        &[0, 0, 0, 5], // Int32(5): length
        status,        // Byte1: 'I' idle, 'T' in a transaction, 'E' in a failed transaction
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("ready_for_query_idle", ready(b'I')),
        ("ready_for_query_in_transaction", ready(b'T')),
        ("ready_for_query_failed", ready(b'E')),
    ]
}

#[test]
fn ready_for_query_every_transaction_status() {
    for (byte, status) in [
        (b'I', TransactionStatus::Idle),
        (b'T', TransactionStatus::InTransaction),
        (b'E', TransactionStatus::Failed),
    ] {
        assert_eq!(
            ReadyForQuery::parse(body(&ready(byte), b'Z'))
                .unwrap()
                .status,
            status
        );
        assert_eq!(
            encoded(|b| backend::ready_for_query(status, b)),
            ready(byte)
        );
    }
}

#[test]
fn ready_for_query_empty_body_and_unknown_status() {
    let kind = MessageKind::ReadyForQuery;
    let empty = wire![b'Z', &[0, 0, 0, 4]];
    assert_eq!(
        ReadyForQuery::parse(body(&empty, b'Z')),
        Err(ProtocolError::Malformed {
            message: kind,
            field: "transaction status",
            problem: Problem::Truncated
        })
    );
    assert_eq!(
        ReadyForQuery::parse(body(&ready(b'X'), b'Z')),
        Err(ProtocolError::Malformed {
            message: kind,
            field: "transaction status",
            problem: Problem::Invalid { value: b'X'.into() }
        })
    );
}
