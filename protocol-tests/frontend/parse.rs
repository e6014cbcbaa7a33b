//! Parse vectors (tag 'P').

use pgline::protocol::frontend::{self, FrontendMessage, Parse};

use crate::support::{Vector, encoded, frontend as parse_frontend};

pub fn with_types() -> Vec<u8> {
    wire![
        b'P',               // Byte1('P'): Parse
        &[0, 0, 0, 31],     // Int32: length 4 + 3 + 14 + 2 + 8
        b"s1\0",            // String: statement name
        b"SELECT $1, $2\0", // String: query
        &[0, 2],            // Int16: 2 parameter types
        &[0, 0, 0, 23],     // Int32: int4
        &[0, 0, 0, 0],      // Int32: 0, left for the server to infer
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("parse", with_types())]
}

#[test]
fn parse_with_parameter_type_oids() {
    assert_eq!(
        encoded(|b| frontend::parse("s1", "SELECT $1, $2", [23, 0], b).unwrap()),
        with_types()
    );
    assert_eq!(
        parse_frontend(&with_types()),
        FrontendMessage::Parse(Parse {
            name: "s1".into(),
            query: "SELECT $1, $2".into(),
            param_type_oids: vec![23, 0]
        })
    );
}
