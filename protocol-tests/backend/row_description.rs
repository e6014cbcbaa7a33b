//! RowDescription vectors (tag 'T').

use pgline::protocol::Format;
use pgline::protocol::backend::{self, FieldDescription, RowDescription};

use crate::support::{Vector, body, encoded};

pub fn two_columns() -> Vec<u8> {
    wire![
        b'T',                      // Byte1('T'): RowDescription
        &[0, 0, 0, 50],            // Int32: length 4 + 2 + 21 + 23
        &[0, 2],                   // Int16: 2 fields
        b"id\0",                   // String: field name
        &[0, 0, 0x40, 0],          // Int32: table OID 16384
        &[0, 1],                   // Int16: column attribute number 1
        &[0, 0, 0, 23],            // Int32: type OID int4
        &[0, 4],                   // Int16: type size 4
        &[0xff, 0xff, 0xff, 0xff], // Int32: type modifier -1
        &[0, 1],                   // Int16: format code binary
        b"name\0",                 // String: field name
        &[0, 0, 0x40, 0],          // Int32: table OID 16384
        &[0, 2],                   // Int16: column attribute number 2
        &[0, 0, 0, 25],            // Int32: type OID text
        &[0xff, 0xff],             // Int16: type size -1 (variable width)
        &[0xff, 0xff, 0xff, 0xff], // Int32: type modifier -1
        &[0, 0],                   // Int16: format code text
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("row_description", two_columns())]
}

fn expected() -> [FieldDescription<'static>; 2] {
    [
        FieldDescription {
            name: "id",
            table_oid: 16384,
            column_id: 1,
            type_oid: 23,
            type_size: 4,
            type_modifier: -1,
            format: Format::Binary,
        },
        FieldDescription {
            name: "name",
            table_oid: 16384,
            column_id: 2,
            type_oid: 25,
            type_size: -1,
            type_modifier: -1,
            format: Format::Text,
        },
    ]
}

#[test]
fn row_description_two_columns() {
    let rd = RowDescription::parse(body(&two_columns(), b'T')).unwrap();
    assert_eq!(rd.len(), 2);
    assert_eq!(rd.fields().collect::<Vec<_>>(), expected());
    assert_eq!(
        encoded(|b| backend::row_description(expected(), b).unwrap()),
        two_columns()
    );
}

#[test]
fn row_description_field_cut_short_is_rejected() {
    let bytes = wire![b'T', &[0, 0, 0, 13], &[0, 1], b"id\0", &[0, 0, 0x40, 0]];
    assert!(RowDescription::parse(body(&bytes, b'T')).is_err());
}
