//! NegotiateProtocolVersion vectors (tag 'v').

use pgline::protocol::backend::{self, NegotiateProtocolVersion};
use pgline::protocol::{MessageKind, Problem, ProtocolError};

use crate::support::{Vector, body, encoded};

pub fn negotiate() -> Vec<u8> {
    wire![
        b'v',                  // Byte1('v'): NegotiateProtocolVersion
        &[0, 0, 0, 29],        // Int32: length 4 + 4 + 4 + 17
        &[0, 0, 0, 0],         // Int32: newest minor version supported: 3.0
        &[0, 0, 0, 1],         // Int32: 1 option not recognized
        b"_pq_.compression\0", // String: its name
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("negotiate_protocol_version", negotiate())]
}

#[test]
fn negotiate_protocol_version_fields() {
    let n = NegotiateProtocolVersion::parse(body(&negotiate(), b'v')).unwrap();
    assert_eq!(n.newest_minor_version, 0);
    assert_eq!(n.unrecognized_options, ["_pq_.compression"]);
    assert_eq!(
        encoded(|b| backend::negotiate_protocol_version(0, ["_pq_.compression"], b).unwrap()),
        negotiate()
    );
}

#[test]
fn negotiate_protocol_version_count_larger_than_body() {
    let bytes = wire![
        b'v',                      // Byte1('v'): NegotiateProtocolVersion
        &[0, 0, 0, 12],            // Int32: length 4 + 4 + 4
        &[0, 0, 0, 2],             // Int32: newest minor version 2
        &[0x7f, 0xff, 0xff, 0xff], // Int32: claims 2^31 - 1 options, none follow
    ];
    assert_eq!(
        NegotiateProtocolVersion::parse(body(&bytes, b'v')),
        Err(ProtocolError::Malformed {
            message: MessageKind::NegotiateProtocolVersion,
            field: "option name",
            problem: Problem::MissingTerminator
        })
    );
}
