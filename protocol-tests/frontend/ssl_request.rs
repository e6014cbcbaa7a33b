//! SSLRequest and GSSENCRequest vectors (untagged).

use pgline::protocol::frontend::{self, StartupPacket};

use crate::support::{Vector, encoded, startup};

pub fn ssl_request() -> Vec<u8> {
    wire![
        &[0, 0, 0, 8],             // Int32(8): length
        &[0x04, 0xd2, 0x16, 0x2f], // Int32(80877103): 1234 high, 5679 low
    ]
}

pub fn gssenc_request() -> Vec<u8> {
    wire![
        &[0, 0, 0, 8],             // Int32(8): length
        &[0x04, 0xd2, 0x16, 0x30], // Int32(80877104): 1234 high, 5680 low
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("ssl_request", ssl_request()),
        ("gssenc_request", gssenc_request()),
    ]
}

#[test]
fn ssl_request_encode_and_parse() {
    assert_eq!(encoded(frontend::ssl_request), ssl_request());
    assert_eq!(startup(&ssl_request()), StartupPacket::SslRequest);
}

#[test]
fn gssenc_request_encode_and_parse() {
    assert_eq!(encoded(frontend::gssenc_request), gssenc_request());
    assert_eq!(startup(&gssenc_request()), StartupPacket::GssEncRequest);
}
