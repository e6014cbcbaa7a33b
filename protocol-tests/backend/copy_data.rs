//! CopyData from the server (tag 'd').

use pgline::protocol::backend::{self, CopyData};

use crate::support::{Vector, body, encoded};

pub fn copy_data() -> Vec<u8> {
    wire![
        b'd',          // Byte1('d'): CopyData
        &[0, 0, 0, 9], // Int32: length 4 + 5
        b"1\tab\n",    // Byten: data of the COPY stream
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("copy_data_backend", copy_data())]
}

#[test]
fn copy_data_backend_payload() {
    let data = CopyData::parse(body(&copy_data(), b'd')).unwrap();
    assert_eq!(&data.data()[..], b"1\tab\n");
    assert_eq!(
        encoded(|b| backend::copy_data(b"1\tab\n", b).unwrap()),
        copy_data()
    );
}
