//! CancelRequest vectors (untagged): the 4-byte key of 3.0 and the 32-byte key of 3.2.

use bytes::Bytes;
use pgline::protocol::frontend::{self, CancelRequest, StartupPacket};

use crate::support::{Vector, encoded, startup};

pub fn v3_0() -> Vec<u8> {
    wire![
        &[0, 0, 0, 16],            // Int32(16): length
        &[0x04, 0xd2, 0x16, 0x2e], // Int32(80877102): cancel request code, 1234.5678
        &[0, 0, 0x30, 0x39],       // Int32: process id 12345
        &[0x11, 0x22, 0x33, 0x44], // Byten: secret key, 4 bytes
    ]
}

pub fn v3_2() -> Vec<u8> {
    wire![
        &[0, 0, 0, 44],            // Int32: length 4 + 4 + 4 + 32
        &[0x04, 0xd2, 0x16, 0x2e], // Int32(80877102)
        &[0, 0, 0x30, 0x39],       // Int32: process id 12345
        &[0xa5; 32],               // Byten: secret key, 32 bytes
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("cancel_request_3_0", v3_0()),
        ("cancel_request_3_2", v3_2()),
    ]
}

#[test]
fn cancel_request_4_byte_key() {
    assert_eq!(
        encoded(|b| frontend::cancel_request(12345, &[0x11, 0x22, 0x33, 0x44], b).unwrap()),
        v3_0()
    );
    assert_eq!(
        startup(&v3_0()),
        StartupPacket::Cancel(CancelRequest {
            process_id: 12345,
            secret_key: Bytes::from_static(&[0x11, 0x22, 0x33, 0x44])
        })
    );
}

#[test]
fn cancel_request_32_byte_key_of_protocol_3_2() {
    assert_eq!(
        encoded(|b| frontend::cancel_request(12345, &[0xa5; 32], b).unwrap()),
        v3_2()
    );
    let StartupPacket::Cancel(c) = startup(&v3_2()) else {
        panic!("not a CancelRequest")
    };
    assert_eq!(&c.secret_key[..], &[0xa5; 32]);
}
