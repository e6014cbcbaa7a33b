//! ParameterStatus vectors (tag 'S').

use pgline::protocol::backend::{self, ParameterStatus};

use crate::support::{Vector, body, encoded};

pub fn server_version() -> Vec<u8> {
    wire![
        b'S',                // Byte1('S'): ParameterStatus
        &[0, 0, 0, 24],      // Int32: length 4 + 15 + 5
        b"server_version\0", // String: parameter name
        b"16.4\0",           // String: current value
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("parameter_status", server_version())]
}

#[test]
fn parameter_status_name_and_value() {
    let p = ParameterStatus::parse(body(&server_version(), b'S')).unwrap();
    assert_eq!((p.name(), p.value()), ("server_version", "16.4"));
    assert_eq!(
        encoded(|b| backend::parameter_status("server_version", "16.4", b).unwrap()),
        server_version()
    );
}
