//! Execute vectors (tag 'E'): no row limit and a limit.

use pgline::protocol::frontend::{self, Execute, FrontendMessage};

use crate::support::{Vector, encoded, frontend as parse_frontend};

pub fn unlimited() -> Vec<u8> {
    wire![
        b'E',          // Byte1('E'): Execute
        &[0, 0, 0, 9], // Int32: length 4 + 1 + 4
        b"\0",         // String: the unnamed portal
        &[0, 0, 0, 0], // Int32(0): no row limit
    ]
}

pub fn limited() -> Vec<u8> {
    wire![
        b'E',            // Byte1('E')
        &[0, 0, 0, 11],  // Int32: length 4 + 3 + 4
        b"p1\0",         // String: portal name
        &[0, 0, 0, 100], // Int32(100): return at most 100 rows
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("execute_unlimited", unlimited()),
        ("execute_row_limit", limited()),
    ]
}

#[test]
fn execute_without_and_with_row_limit() {
    assert_eq!(
        encoded(|b| frontend::execute("", 0, b).unwrap()),
        unlimited()
    );
    assert_eq!(
        encoded(|b| frontend::execute("p1", 100, b).unwrap()),
        limited()
    );
    assert_eq!(
        parse_frontend(&limited()),
        FrontendMessage::Execute(Execute {
            portal: "p1".into(),
            max_rows: 100
        })
    );
}
