//! ParameterDescription vectors (tag 't').

use pgline::protocol::backend::{self, ParameterDescription};

use crate::support::{Vector, body, encoded};

pub fn two_params() -> Vec<u8> {
    wire![
        b't',           // Byte1('t'): ParameterDescription
        &[0, 0, 0, 14], // Int32: length 4 + 2 + 2 * 4
        &[0, 2],        // Int16: 2 parameters
        &[0, 0, 0, 23], // Int32: type OID int4
        &[0, 0, 0, 25], // Int32: type OID text
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("parameter_description", two_params())]
}

#[test]
fn parameter_description_type_oids() {
    let p = ParameterDescription::parse(body(&two_params(), b't')).unwrap();
    assert_eq!(p.types().collect::<Vec<_>>(), [23, 25]);
    assert_eq!(
        encoded(|b| backend::parameter_description([23, 25], b).unwrap()),
        two_params()
    );
}

#[test]
fn parameter_description_count_over_body_is_rejected() {
    let bytes = wire![b't', &[0, 0, 0, 10], &[0, 2], &[0, 0, 0, 23]];
    assert!(ParameterDescription::parse(body(&bytes, b't')).is_err());
}
