//! CopyData ('d') and CopyFail ('f') vectors from the client.

use bytes::Bytes;
use pgline::protocol::frontend::{self, CopyFail, FrontendMessage};

use crate::support::{Vector, encoded, frontend as parse_frontend};

pub fn copy_data() -> Vec<u8> {
    wire![
        b'd',          // Byte1('d'): CopyData
        &[0, 0, 0, 9], // Int32: length 4 + 5
        b"1\tab\n",    // Byten: COPY data
    ]
}

pub fn copy_fail() -> Vec<u8> {
    wire![
        b'f',           // Byte1('f'): CopyFail
        &[0, 0, 0, 12], // Int32: length 4 + 8
        b"aborted\0",   // String: cause of the failure
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("copy_data_frontend", copy_data()),
        ("copy_fail", copy_fail()),
    ]
}

#[test]
fn copy_data_frontend_payload() {
    assert_eq!(
        encoded(|b| frontend::copy_data(b"1\tab\n", b).unwrap()),
        copy_data()
    );
    assert_eq!(
        parse_frontend(&copy_data()),
        FrontendMessage::CopyData(Bytes::from_static(b"1\tab\n"))
    );
}

#[test]
fn copy_fail_message() {
    assert_eq!(
        encoded(|b| frontend::copy_fail("aborted", b).unwrap()),
        copy_fail()
    );
    assert_eq!(
        parse_frontend(&copy_fail()),
        FrontendMessage::CopyFail(CopyFail {
            message: "aborted".into()
        })
    );
}
