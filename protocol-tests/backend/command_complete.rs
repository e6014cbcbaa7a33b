//! CommandComplete vectors (tag 'C') and the row counts of their tags.

use pgline::protocol::backend::{self, CommandComplete};

use crate::support::{Vector, body, encoded};

pub fn insert() -> Vec<u8> {
    wire![
        b'C',            // Byte1('C'): CommandComplete
        &[0, 0, 0, 15],  // Int32: length 4 + 11
        b"INSERT 0 5\0", // String: command tag "INSERT oid rows"
    ]
}

pub fn select() -> Vec<u8> {
    wire![
        b'C',            // Byte1('C')
        &[0, 0, 0, 15],  // Int32: length 4 + 11
        b"SELECT 100\0", // String: command tag "SELECT rows"
    ]
}

pub fn create_table() -> Vec<u8> {
    wire![
        b'C',              // Byte1('C')
        &[0, 0, 0, 17],    // Int32: length 4 + 13
        b"CREATE TABLE\0", // String: a tag without a row count
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("command_complete_insert", insert()),
        ("command_complete_select", select()),
        ("command_complete_create_table", create_table()),
    ]
}

#[test]
fn command_complete_insert_tag_and_rows() {
    let cc = CommandComplete::parse(body(&insert(), b'C')).unwrap();
    assert_eq!(cc.tag(), "INSERT 0 5");
    assert_eq!(cc.rows(), Some(5));
    assert_eq!(
        encoded(|b| backend::command_complete("INSERT 0 5", b).unwrap()),
        insert()
    );
}

#[test]
fn command_complete_select_rows() {
    let cc = CommandComplete::parse(body(&select(), b'C')).unwrap();
    assert_eq!(cc.rows(), Some(100));
    assert_eq!(
        encoded(|b| backend::command_complete("SELECT 100", b).unwrap()),
        select()
    );
}

#[test]
fn command_complete_without_count() {
    let cc = CommandComplete::parse(body(&create_table(), b'C')).unwrap();
    assert_eq!(cc.tag(), "CREATE TABLE");
    assert_eq!(cc.rows(), None);
}

#[test]
fn command_complete_rows_of_every_counting_command() {
    for (tag, rows) in [
        ("INSERT 0 1", Some(1)),
        ("UPDATE 2", Some(2)),
        ("DELETE 3", Some(3)),
        ("SELECT 4", Some(4)),
        ("MERGE 5", Some(5)),
        ("MOVE 6", Some(6)),
        ("FETCH 7", Some(7)),
        ("COPY 8", Some(8)),
        ("BEGIN", None),
        ("UPDATE", None),
    ] {
        let bytes = encoded(|b| backend::command_complete(tag, b).unwrap());
        assert_eq!(
            CommandComplete::parse(body(&bytes, b'C')).unwrap().rows(),
            rows,
            "{tag}"
        );
    }
}

#[test]
fn command_complete_unterminated_tag_is_malformed() {
    let bytes = wire![b'C', &[0, 0, 0, 12], b"SELECT 1"]; // no terminator
    assert!(CommandComplete::parse(body(&bytes, b'C')).is_err());
}
