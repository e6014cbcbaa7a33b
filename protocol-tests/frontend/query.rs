//! Query vectors (tag 'Q').

use pgline::protocol::frontend::{self, FrontendMessage, Query};

use crate::support::{Vector, encoded, frontend as parse_frontend};

pub fn select_1() -> Vec<u8> {
    wire![
        b'Q',           // Byte1('Q'): simple query
        &[0, 0, 0, 13], // Int32: length 4 + 9
        b"SELECT 1\0",  // String: the query string
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("query", select_1())]
}

#[test]
fn query_select_1() {
    assert_eq!(
        encoded(|b| frontend::query("SELECT 1", b).unwrap()),
        select_1()
    );
    assert_eq!(
        parse_frontend(&select_1()),
        FrontendMessage::Query(Query {
            sql: "SELECT 1".into()
        })
    );
}
