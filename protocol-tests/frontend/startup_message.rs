//! StartupMessage vectors (untagged), protocol 3.0 and 3.2.

use pgline::protocol::frontend::{self, StartupMessage, StartupPacket};
use pgline::protocol::{EncodeError, MessageKind, ProtocolVersion};

use crate::support::{Vector, encoded, startup};

pub fn v3_0() -> Vec<u8> {
    wire![
        &[0, 0, 0, 32], // Int32: length 4 + 4 + 5 + 6 + 9 + 3 + 1, no tag byte
        &[0, 3, 0, 0],  // Int32(196608): protocol version 3.0
        b"user\0",      // String: parameter name
        b"alice\0",     // String: parameter value
        b"database\0",  // String: parameter name
        b"db\0",        // String: parameter value
        0,              // Byte1(0): end of the parameters
    ]
}

pub fn v3_2() -> Vec<u8> {
    wire![
        &[0, 0, 0, 16], // Int32: length 4 + 4 + 5 + 2 + 1
        &[0, 3, 0, 2],  // Int32(196610): protocol version 3.2
        b"user\0",      // String: parameter name
        b"u\0",         // String: parameter value
        0,              // Byte1(0): end of the parameters
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("startup_message_3_0", v3_0()),
        ("startup_message_3_2", v3_2()),
    ]
}

#[test]
fn startup_message_3_0_with_user_and_database() {
    let params = [("user", "alice"), ("database", "db")];
    assert_eq!(
        encoded(|b| frontend::startup_message(ProtocolVersion::V3_0, params, b).unwrap()),
        v3_0()
    );
    let StartupPacket::Startup(msg) = startup(&v3_0()) else {
        panic!("not a StartupMessage")
    };
    assert_eq!(
        msg,
        StartupMessage {
            version: ProtocolVersion::V3_0,
            params: vec![
                ("user".into(), "alice".into()),
                ("database".into(), "db".into())
            ]
        }
    );
}

#[test]
fn startup_message_3_2() {
    assert_eq!(
        encoded(|b| frontend::startup_message(ProtocolVersion::V3_2, [("user", "u")], b).unwrap()),
        v3_2()
    );
    let StartupPacket::Startup(msg) = startup(&v3_2()) else {
        panic!("not a StartupMessage")
    };
    assert_eq!(msg.version, ProtocolVersion::V3_2);
}

#[test]
fn startup_message_nul_in_value_is_rejected() {
    let mut buf = bytes::BytesMut::new();
    assert_eq!(
        frontend::startup_message(ProtocolVersion::V3_0, [("user", "al\0ice")], &mut buf),
        Err(EncodeError::NulInString {
            message: MessageKind::StartupMessage,
            field: "parameter value"
        })
    );
    assert!(buf.is_empty());
}
