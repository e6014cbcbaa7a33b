//! BackendKeyData vectors (tag 'K'): the 4-byte key of protocol 3.0 and the longer key of 3.2.

use pgline::protocol::backend::{self, BackendKeyData};
use pgline::protocol::{MessageKind, Problem, ProtocolError};

use crate::support::{Vector, body, encoded};

pub fn v3_0() -> Vec<u8> {
    wire![
        b'K',                      // Byte1('K'): cancellation key data
        &[0, 0, 0, 12],            // Int32(12): length
        &[0, 0, 0x30, 0x39],       // Int32: process id 12345
        &[0x11, 0x22, 0x33, 0x44], // Byten: secret key, 4 bytes before protocol 3.2
    ]
}

pub fn v3_2() -> Vec<u8> {
    wire![
        b'K',                // Byte1('K')
        &[0, 0, 0, 40],      // Int32: length 4 + 4 + 32
        &[0, 0, 0x30, 0x39], // Int32: process id 12345
        &[0xa5; 32],         // Byten: secret key, 32 bytes as PostgreSQL 18 sends
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("backend_key_data_3_0", v3_0()),
        ("backend_key_data_3_2", v3_2()),
    ]
}

#[test]
fn backend_key_data_4_byte_key() {
    let key = BackendKeyData::parse(body(&v3_0(), b'K')).unwrap();
    assert_eq!(key.process_id(), 12345);
    assert_eq!(&key.secret_key()[..], [0x11, 0x22, 0x33, 0x44]);
    assert_eq!(
        encoded(|b| backend::backend_key_data(12345, &[0x11, 0x22, 0x33, 0x44], b).unwrap()),
        v3_0()
    );
}

#[test]
fn backend_key_data_32_byte_key_of_protocol_3_2() {
    let key = BackendKeyData::parse(body(&v3_2(), b'K')).unwrap();
    assert_eq!(key.secret_key().len(), 32);
    assert_eq!(
        encoded(|b| backend::backend_key_data(12345, &[0xa5; 32], b).unwrap()),
        v3_2()
    );
}

#[test]
fn backend_key_data_key_lengths_outside_4_to_256() {
    let short = wire![b'K', &[0, 0, 0, 10], &[0, 0, 0, 1], &[9, 9]];
    let long = wire![b'K', &[0, 0, 1, 9], &[0, 0, 0, 1], &[9; 257]];
    for (bytes, len) in [(short, 2), (long, 257)] {
        assert_eq!(
            BackendKeyData::parse(body(&bytes, b'K')),
            Err(ProtocolError::Malformed {
                message: MessageKind::BackendKeyData,
                field: "secret key",
                problem: Problem::Invalid { value: len }
            })
        );
    }
}
