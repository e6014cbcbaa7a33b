//! Test vectors captured from a real PostgreSQL server; generated, do not edit.
//!
//! Made by `src/types/testdata/capture_vectors.py` (see its docstring) against
//! PostgreSQL 15.18 (Debian 15.18-0+deb12u1): `bin` is the field of
//! `COPY (SELECT <sql>) TO STDOUT (FORMAT binary)`, `text` its output function's text,
//! with TimeZone=UTC, DateStyle=ISO, IntervalStyle=postgres.

// Some OIDs serve only the real-server tests.
#![allow(dead_code)]

/// One captured value.
pub(crate) struct Vector {
    /// The SQL expression, cast to the group's type.
    pub(crate) sql: &'static str,
    /// The binary wire form, hex.
    pub(crate) bin: &'static str,
    /// The text PostgreSQL prints for it.
    pub(crate) text: &'static str,
}

impl Vector {
    /// The binary wire form.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        (0..self.bin.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&self.bin[i..i + 2], 16).expect("hex"))
            .collect()
    }
}

/// The OID the capture server gave `_vec_mood`.
pub(crate) const OID_VEC_MOOD_ARRAY: u32 = 16504;

/// The OID the capture server gave `_vec_pair`.
pub(crate) const OID_VEC_PAIR_ARRAY: u32 = 16512;

/// The OID the capture server gave `_vec_posint`.
pub(crate) const OID_VEC_POSINT_ARRAY: u32 = 16514;

/// The OID the capture server gave `vec_floatmultirange`.
pub(crate) const OID_VEC_FLOATMULTIRANGE: u32 = 16518;

/// The OID the capture server gave `vec_floatrange`.
pub(crate) const OID_VEC_FLOATRANGE: u32 = 16520;

/// The OID the capture server gave `vec_mood`.
pub(crate) const OID_VEC_MOOD: u32 = 16505;

/// The OID the capture server gave `vec_pair`.
pub(crate) const OID_VEC_PAIR: u32 = 16513;

/// The OID the capture server gave `vec_posint`.
pub(crate) const OID_VEC_POSINT: u32 = 16515;

/// The OID the capture server gave `vec_rich`.
pub(crate) const OID_VEC_RICH: u32 = 16529;

/// A row of `TYPE_INFO_QUERY` for one OID: binary columns, hex (`None` for NULL).
pub(crate) struct CatalogRow {
    /// The type's name (for the test's readability).
    pub(crate) name: &'static str,
    /// The OID the query ran for.
    pub(crate) oid: u32,
    /// The row's columns.
    pub(crate) columns: &'static [Option<&'static str>],
}

/// `TYPE_INFO_QUERY` run through COPY for types the capture created and some built-ins.
#[rustfmt::skip]
pub(crate) const CATALOG: &[CatalogRow] = &[
    CatalogRow { name: "vec_mood", oid: 16505, columns: &[Some("7665635f6d6f6f64"), Some("7075626c6963"), Some("65"), Some("45"), Some("00000000"), Some("00000000"), None, None, Some("000000010000000000000019000000040000000100000003736164000000036d6568000000026f6b000000056861707079"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "_vec_mood", oid: 16504, columns: &[Some("5f7665635f6d6f6f64"), Some("7075626c6963"), Some("62"), Some("41"), Some("00004079"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "vec_posint", oid: 16515, columns: &[Some("7665635f706f73696e74"), Some("7075626c6963"), Some("64"), Some("4e"), Some("00000000"), Some("00000017"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "_vec_posint", oid: 16514, columns: &[Some("5f7665635f706f73696e74"), Some("7075626c6963"), Some("62"), Some("41"), Some("00004083"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "vec_pair", oid: 16513, columns: &[Some("7665635f70616972"), Some("7075626c6963"), Some("63"), Some("43"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000010000000000000019000000020000000100000001610000000162"), Some("00000001000000000000001a000000020000000100000004000000170000000400000019")] },
    CatalogRow { name: "_vec_pair", oid: 16512, columns: &[Some("5f7665635f70616972"), Some("7075626c6963"), Some("62"), Some("41"), Some("00004081"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "vec_floatrange", oid: 16520, columns: &[Some("7665635f666c6f617472616e6765"), Some("7075626c6963"), Some("72"), Some("52"), Some("00000000"), Some("00000000"), Some("000002bd"), None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "_vec_floatrange", oid: 16517, columns: &[Some("5f7665635f666c6f617472616e6765"), Some("7075626c6963"), Some("62"), Some("41"), Some("00004088"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "vec_floatmultirange", oid: 16518, columns: &[Some("7665635f666c6f61746d756c746972616e6765"), Some("7075626c6963"), Some("6d"), Some("52"), Some("00000000"), Some("00000000"), None, Some("00004088"), Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "vec_rich", oid: 16529, columns: &[Some("7665635f72696368"), Some("7075626c6963"), Some("63"), Some("43"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("0000000100000000000000190000000400000001000000016d000000017000000004746167730000000172"), Some("00000001000000000000001a00000004000000010000000400004079000000040000408300000004000003f10000000400004088")] },
    CatalogRow { name: "_vec_rich", oid: 16528, columns: &[Some("5f7665635f72696368"), Some("7075626c6963"), Some("62"), Some("41"), Some("00004091"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "int4", oid: 23, columns: &[Some("696e7434"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "_int4", oid: 1007, columns: &[Some("5f696e7434"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000017"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "int4range", oid: 3904, columns: &[Some("696e743472616e6765"), Some("70675f636174616c6f67"), Some("72"), Some("52"), Some("00000000"), Some("00000000"), Some("00000017"), None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "int4multirange", oid: 4451, columns: &[Some("696e74346d756c746972616e6765"), Some("70675f636174616c6f67"), Some("6d"), Some("52"), Some("00000000"), Some("00000000"), None, Some("00000f40"), Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "record", oid: 2249, columns: &[Some("7265636f7264"), Some("70675f636174616c6f67"), Some("70"), Some("50"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "16", oid: 16, columns: &[Some("626f6f6c"), Some("70675f636174616c6f67"), Some("62"), Some("42"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "17", oid: 17, columns: &[Some("6279746561"), Some("70675f636174616c6f67"), Some("62"), Some("55"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "18", oid: 18, columns: &[Some("63686172"), Some("70675f636174616c6f67"), Some("62"), Some("5a"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "19", oid: 19, columns: &[Some("6e616d65"), Some("70675f636174616c6f67"), Some("62"), Some("53"), Some("00000012"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "20", oid: 20, columns: &[Some("696e7438"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "21", oid: 21, columns: &[Some("696e7432"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "22", oid: 22, columns: &[Some("696e7432766563746f72"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000015"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "23", oid: 23, columns: &[Some("696e7434"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "24", oid: 24, columns: &[Some("72656770726f63"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "25", oid: 25, columns: &[Some("74657874"), Some("70675f636174616c6f67"), Some("62"), Some("53"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "26", oid: 26, columns: &[Some("6f6964"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "30", oid: 30, columns: &[Some("6f6964766563746f72"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000001a"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "114", oid: 114, columns: &[Some("6a736f6e"), Some("70675f636174616c6f67"), Some("62"), Some("55"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "142", oid: 142, columns: &[Some("786d6c"), Some("70675f636174616c6f67"), Some("62"), Some("55"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "143", oid: 143, columns: &[Some("5f786d6c"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000008e"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "199", oid: 199, columns: &[Some("5f6a736f6e"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000072"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "650", oid: 650, columns: &[Some("63696472"), Some("70675f636174616c6f67"), Some("62"), Some("49"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "651", oid: 651, columns: &[Some("5f63696472"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000028a"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "700", oid: 700, columns: &[Some("666c6f617434"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "701", oid: 701, columns: &[Some("666c6f617438"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "705", oid: 705, columns: &[Some("756e6b6e6f776e"), Some("70675f636174616c6f67"), Some("70"), Some("58"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "774", oid: 774, columns: &[Some("6d61636164647238"), Some("70675f636174616c6f67"), Some("62"), Some("55"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "775", oid: 775, columns: &[Some("5f6d61636164647238"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000306"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "790", oid: 790, columns: &[Some("6d6f6e6579"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "791", oid: 791, columns: &[Some("5f6d6f6e6579"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000316"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "829", oid: 829, columns: &[Some("6d616361646472"), Some("70675f636174616c6f67"), Some("62"), Some("55"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "869", oid: 869, columns: &[Some("696e6574"), Some("70675f636174616c6f67"), Some("62"), Some("49"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1000", oid: 1000, columns: &[Some("5f626f6f6c"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000010"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1001", oid: 1001, columns: &[Some("5f6279746561"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000011"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1002", oid: 1002, columns: &[Some("5f63686172"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000012"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1003", oid: 1003, columns: &[Some("5f6e616d65"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000013"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1005", oid: 1005, columns: &[Some("5f696e7432"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000015"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1007", oid: 1007, columns: &[Some("5f696e7434"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000017"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1008", oid: 1008, columns: &[Some("5f72656770726f63"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000018"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1009", oid: 1009, columns: &[Some("5f74657874"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000019"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1014", oid: 1014, columns: &[Some("5f627063686172"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000412"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1015", oid: 1015, columns: &[Some("5f76617263686172"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000413"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1016", oid: 1016, columns: &[Some("5f696e7438"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000014"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1021", oid: 1021, columns: &[Some("5f666c6f617434"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000002bc"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1022", oid: 1022, columns: &[Some("5f666c6f617438"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000002bd"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1028", oid: 1028, columns: &[Some("5f6f6964"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000001a"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1040", oid: 1040, columns: &[Some("5f6d616361646472"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000033d"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1041", oid: 1041, columns: &[Some("5f696e6574"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000365"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1042", oid: 1042, columns: &[Some("627063686172"), Some("70675f636174616c6f67"), Some("62"), Some("53"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1043", oid: 1043, columns: &[Some("76617263686172"), Some("70675f636174616c6f67"), Some("62"), Some("53"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1082", oid: 1082, columns: &[Some("64617465"), Some("70675f636174616c6f67"), Some("62"), Some("44"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1083", oid: 1083, columns: &[Some("74696d65"), Some("70675f636174616c6f67"), Some("62"), Some("44"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1114", oid: 1114, columns: &[Some("74696d657374616d70"), Some("70675f636174616c6f67"), Some("62"), Some("44"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1115", oid: 1115, columns: &[Some("5f74696d657374616d70"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000045a"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1182", oid: 1182, columns: &[Some("5f64617465"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000043a"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1183", oid: 1183, columns: &[Some("5f74696d65"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000043b"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1184", oid: 1184, columns: &[Some("74696d657374616d70747a"), Some("70675f636174616c6f67"), Some("62"), Some("44"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1185", oid: 1185, columns: &[Some("5f74696d657374616d70747a"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000004a0"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1186", oid: 1186, columns: &[Some("696e74657276616c"), Some("70675f636174616c6f67"), Some("62"), Some("54"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1187", oid: 1187, columns: &[Some("5f696e74657276616c"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000004a2"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1231", oid: 1231, columns: &[Some("5f6e756d65726963"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000006a4"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1266", oid: 1266, columns: &[Some("74696d65747a"), Some("70675f636174616c6f67"), Some("62"), Some("44"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1270", oid: 1270, columns: &[Some("5f74696d65747a"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000004f2"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1560", oid: 1560, columns: &[Some("626974"), Some("70675f636174616c6f67"), Some("62"), Some("56"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1561", oid: 1561, columns: &[Some("5f626974"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000618"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1562", oid: 1562, columns: &[Some("766172626974"), Some("70675f636174616c6f67"), Some("62"), Some("56"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1563", oid: 1563, columns: &[Some("5f766172626974"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000061a"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "1700", oid: 1700, columns: &[Some("6e756d65726963"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2205", oid: 2205, columns: &[Some("726567636c617373"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2206", oid: 2206, columns: &[Some("72656774797065"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2210", oid: 2210, columns: &[Some("5f726567636c617373"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000089d"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2211", oid: 2211, columns: &[Some("5f72656774797065"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("0000089e"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2249", oid: 2249, columns: &[Some("7265636f7264"), Some("70675f636174616c6f67"), Some("70"), Some("50"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2278", oid: 2278, columns: &[Some("766f6964"), Some("70675f636174616c6f67"), Some("70"), Some("50"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2287", oid: 2287, columns: &[Some("5f7265636f7264"), Some("70675f636174616c6f67"), Some("70"), Some("50"), Some("000008c9"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2950", oid: 2950, columns: &[Some("75756964"), Some("70675f636174616c6f67"), Some("62"), Some("55"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "2951", oid: 2951, columns: &[Some("5f75756964"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000b86"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3220", oid: 3220, columns: &[Some("70675f6c736e"), Some("70675f636174616c6f67"), Some("62"), Some("55"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3221", oid: 3221, columns: &[Some("5f70675f6c736e"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000c94"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3802", oid: 3802, columns: &[Some("6a736f6e62"), Some("70675f636174616c6f67"), Some("62"), Some("55"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3807", oid: 3807, columns: &[Some("5f6a736f6e62"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000eda"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3904", oid: 3904, columns: &[Some("696e743472616e6765"), Some("70675f636174616c6f67"), Some("72"), Some("52"), Some("00000000"), Some("00000000"), Some("00000017"), None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3905", oid: 3905, columns: &[Some("5f696e743472616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000f40"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3906", oid: 3906, columns: &[Some("6e756d72616e6765"), Some("70675f636174616c6f67"), Some("72"), Some("52"), Some("00000000"), Some("00000000"), Some("000006a4"), None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3907", oid: 3907, columns: &[Some("5f6e756d72616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000f42"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3908", oid: 3908, columns: &[Some("747372616e6765"), Some("70675f636174616c6f67"), Some("72"), Some("52"), Some("00000000"), Some("00000000"), Some("0000045a"), None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3909", oid: 3909, columns: &[Some("5f747372616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000f44"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3910", oid: 3910, columns: &[Some("7473747a72616e6765"), Some("70675f636174616c6f67"), Some("72"), Some("52"), Some("00000000"), Some("00000000"), Some("000004a0"), None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3911", oid: 3911, columns: &[Some("5f7473747a72616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000f46"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3912", oid: 3912, columns: &[Some("6461746572616e6765"), Some("70675f636174616c6f67"), Some("72"), Some("52"), Some("00000000"), Some("00000000"), Some("0000043a"), None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3913", oid: 3913, columns: &[Some("5f6461746572616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000f48"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3926", oid: 3926, columns: &[Some("696e743872616e6765"), Some("70675f636174616c6f67"), Some("72"), Some("52"), Some("00000000"), Some("00000000"), Some("00000014"), None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "3927", oid: 3927, columns: &[Some("5f696e743872616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000f56"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4089", oid: 4089, columns: &[Some("7265676e616d657370616365"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4090", oid: 4090, columns: &[Some("5f7265676e616d657370616365"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00000ff9"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4096", oid: 4096, columns: &[Some("726567726f6c65"), Some("70675f636174616c6f67"), Some("62"), Some("4e"), Some("00000000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4097", oid: 4097, columns: &[Some("5f726567726f6c65"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00001000"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4451", oid: 4451, columns: &[Some("696e74346d756c746972616e6765"), Some("70675f636174616c6f67"), Some("6d"), Some("52"), Some("00000000"), Some("00000000"), None, Some("00000f40"), Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4532", oid: 4532, columns: &[Some("6e756d6d756c746972616e6765"), Some("70675f636174616c6f67"), Some("6d"), Some("52"), Some("00000000"), Some("00000000"), None, Some("00000f42"), Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4533", oid: 4533, columns: &[Some("74736d756c746972616e6765"), Some("70675f636174616c6f67"), Some("6d"), Some("52"), Some("00000000"), Some("00000000"), None, Some("00000f44"), Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4534", oid: 4534, columns: &[Some("7473747a6d756c746972616e6765"), Some("70675f636174616c6f67"), Some("6d"), Some("52"), Some("00000000"), Some("00000000"), None, Some("00000f46"), Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4535", oid: 4535, columns: &[Some("646174656d756c746972616e6765"), Some("70675f636174616c6f67"), Some("6d"), Some("52"), Some("00000000"), Some("00000000"), None, Some("00000f48"), Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "4536", oid: 4536, columns: &[Some("696e74386d756c746972616e6765"), Some("70675f636174616c6f67"), Some("6d"), Some("52"), Some("00000000"), Some("00000000"), None, Some("00000f56"), Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "6150", oid: 6150, columns: &[Some("5f696e74346d756c746972616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("00001163"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "6151", oid: 6151, columns: &[Some("5f6e756d6d756c746972616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000011b4"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "6152", oid: 6152, columns: &[Some("5f74736d756c746972616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000011b5"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "6153", oid: 6153, columns: &[Some("5f7473747a6d756c746972616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000011b6"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "6155", oid: 6155, columns: &[Some("5f646174656d756c746972616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000011b7"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
    CatalogRow { name: "6157", oid: 6157, columns: &[Some("5f696e74386d756c746972616e6765"), Some("70675f636174616c6f67"), Some("62"), Some("41"), Some("000011b8"), Some("00000000"), None, None, Some("000000000000000000000019"), Some("000000000000000000000019"), Some("00000000000000000000001a")] },
];

/// `bool` values.
#[rustfmt::skip]
pub(crate) const BOOL: &[Vector] = &[
    Vector { sql: "true::bool", bin: "01", text: "t" },
    Vector { sql: "false::bool", bin: "00", text: "f" },
];

/// `int2` values.
#[rustfmt::skip]
pub(crate) const INT2: &[Vector] = &[
    Vector { sql: "0::int2", bin: "0000", text: "0" },
    Vector { sql: "(-32768)::int2", bin: "8000", text: "-32768" },
    Vector { sql: "32767::int2", bin: "7fff", text: "32767" },
    Vector { sql: "(-1)::int2", bin: "ffff", text: "-1" },
];

/// `int4` values.
#[rustfmt::skip]
pub(crate) const INT4: &[Vector] = &[
    Vector { sql: "0::int4", bin: "00000000", text: "0" },
    Vector { sql: "(-2147483648)::int4", bin: "80000000", text: "-2147483648" },
    Vector { sql: "2147483647::int4", bin: "7fffffff", text: "2147483647" },
    Vector { sql: "256::int4", bin: "00000100", text: "256" },
];

/// `int8` values.
#[rustfmt::skip]
pub(crate) const INT8: &[Vector] = &[
    Vector { sql: "0::int8", bin: "0000000000000000", text: "0" },
    Vector { sql: "(-9223372036854775808)::int8", bin: "8000000000000000", text: "-9223372036854775808" },
    Vector { sql: "9223372036854775807::int8", bin: "7fffffffffffffff", text: "9223372036854775807" },
];

/// `oid` values.
#[rustfmt::skip]
pub(crate) const OID: &[Vector] = &[
    Vector { sql: "0::oid", bin: "00000000", text: "0" },
    Vector { sql: "4294967295::oid", bin: "ffffffff", text: "4294967295" },
];

/// `float4` values.
#[rustfmt::skip]
pub(crate) const FLOAT4: &[Vector] = &[
    Vector { sql: "'NaN'::float4", bin: "7fc00000", text: "NaN" },
    Vector { sql: "'Infinity'::float4", bin: "7f800000", text: "Infinity" },
    Vector { sql: "'-Infinity'::float4", bin: "ff800000", text: "-Infinity" },
    Vector { sql: "'-0'::float4", bin: "80000000", text: "-0" },
    Vector { sql: "'1.5'::float4", bin: "3fc00000", text: "1.5" },
    Vector { sql: "'3.4028235e38'::float4", bin: "7f7fffff", text: "3.4028235e+38" },
    Vector { sql: "'1e-45'::float4", bin: "00000001", text: "1e-45" },
    Vector { sql: "'0.1'::float4", bin: "3dcccccd", text: "0.1" },
];

/// `float8` values.
#[rustfmt::skip]
pub(crate) const FLOAT8: &[Vector] = &[
    Vector { sql: "'NaN'::float8", bin: "7ff8000000000000", text: "NaN" },
    Vector { sql: "'Infinity'::float8", bin: "7ff0000000000000", text: "Infinity" },
    Vector { sql: "'-Infinity'::float8", bin: "fff0000000000000", text: "-Infinity" },
    Vector { sql: "'-0'::float8", bin: "8000000000000000", text: "-0" },
    Vector { sql: "'0.1'::float8", bin: "3fb999999999999a", text: "0.1" },
    Vector { sql: "'1.7976931348623157e308'::float8", bin: "7fefffffffffffff", text: "1.7976931348623157e+308" },
    Vector { sql: "'5e-324'::float8", bin: "0000000000000001", text: "5e-324" },
    Vector { sql: "'-123.456'::float8", bin: "c05edd2f1a9fbe77", text: "-123.456" },
];

/// `"char"` values.
#[rustfmt::skip]
pub(crate) const CHAR: &[Vector] = &[
    Vector { sql: "'a'::\"char\"", bin: "61", text: "a" },
    Vector { sql: "'Z'::\"char\"", bin: "5a", text: "Z" },
    Vector { sql: "''::\"char\"", bin: "00", text: "" },
];

/// `text` values.
#[rustfmt::skip]
pub(crate) const TEXT: &[Vector] = &[
    Vector { sql: "''::text", bin: "", text: "" },
    Vector { sql: "'hello'::text", bin: "68656c6c6f", text: "hello" },
    Vector { sql: "'héllo ☃ 😀'::text", bin: "68c3a96c6c6f20e2988320f09f9880", text: "héllo ☃ 😀" },
    Vector { sql: "E'quote \" back \\\\ nl \\n tab \\t'::text", bin: "71756f74652022206261636b205c206e6c200a207461622009", text: "quote \" back \\ nl \n tab \t" },
];

/// `varchar` values.
#[rustfmt::skip]
pub(crate) const VARCHAR: &[Vector] = &[
    Vector { sql: "'abc'::varchar", bin: "616263", text: "abc" },
    Vector { sql: "''::varchar", bin: "", text: "" },
];

/// `char(4)` values.
#[rustfmt::skip]
pub(crate) const BPCHAR: &[Vector] = &[
    Vector { sql: "'ab'::char(4)", bin: "61622020", text: "ab  " },
    Vector { sql: "'abcd'::char(4)", bin: "61626364", text: "abcd" },
];

/// `name` values.
#[rustfmt::skip]
pub(crate) const NAME: &[Vector] = &[
    Vector { sql: "'pg_catalog'::name", bin: "70675f636174616c6f67", text: "pg_catalog" },
];

/// `bytea` values.
#[rustfmt::skip]
pub(crate) const BYTEA: &[Vector] = &[
    Vector { sql: "'\\x'::bytea", bin: "", text: "\\x" },
    Vector { sql: "'\\xdeadbeef00ff'::bytea", bin: "deadbeef00ff", text: "\\xdeadbeef00ff" },
];

/// `xml` values.
#[rustfmt::skip]
pub(crate) const XML: &[Vector] = &[
    Vector { sql: "'<a>x &amp; y</a>'::xml", bin: "3c613e782026616d703b20793c2f613e", text: "<a>x &amp; y</a>" },
];

/// `numeric` values.
#[rustfmt::skip]
pub(crate) const NUMERIC: &[Vector] = &[
    Vector { sql: "'0'::numeric", bin: "0000000000000000", text: "0" },
    Vector { sql: "'0.000'::numeric", bin: "0000000000000003", text: "0.000" },
    Vector { sql: "'-0.000'::numeric", bin: "0000000000000003", text: "0.000" },
    Vector { sql: "'1'::numeric", bin: "00010000000000000001", text: "1" },
    Vector { sql: "'-1'::numeric", bin: "00010000400000000001", text: "-1" },
    Vector { sql: "'1.5'::numeric", bin: "000200000000000100011388", text: "1.5" },
    Vector { sql: "'0.0001'::numeric", bin: "0001ffff000000040001", text: "0.0001" },
    Vector { sql: "'-0.00012300'::numeric", bin: "0002ffff40000008000108fc", text: "-0.00012300" },
    Vector { sql: "'10000'::numeric", bin: "00010001000000000001", text: "10000" },
    Vector { sql: "'99999999'::numeric", bin: "0002000100000000270f270f", text: "99999999" },
    Vector { sql: "'123456789.0001'::numeric", bin: "0004000200000004000109291a850001", text: "123456789.0001" },
    Vector { sql: "'NaN'::numeric", bin: "00000000c0000000", text: "NaN" },
    Vector { sql: "'Infinity'::numeric", bin: "00000000d0000020", text: "Infinity" },
    Vector { sql: "'-Infinity'::numeric", bin: "00000000f0000020", text: "-Infinity" },
    Vector { sql: "'123456789012345678901234567890'::numeric", bin: "0008000700000000000c0d801ed204d2162e23340d801ed2", text: "123456789012345678901234567890" },
    Vector { sql: "'79228162514264337593543950335'::numeric", bin: "00080007000000000007240c0659059210f1172f112b014f", text: "79228162514264337593543950335" },
    Vector { sql: "'1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890'::numeric", bin: "00fa00f90000000004d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed204d2162e23340d801ed2", text: "1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890" },
    Vector { sql: "'-99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999.99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999'::numeric", bin: "00fa007c400001f4270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f270f", text: "-99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999.99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999" },
    Vector { sql: "'1e-16383'::numeric", bin: "0001f00000003fff000a", text: "0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001" },
    Vector { sql: "'-1.5e-16000'::numeric", bin: "0002f06040003e8100011388", text: "-0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000015" },
    Vector { sql: "'1e1000'::numeric", bin: "000100fa000000000001", text: "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" },
    Vector { sql: "'12345.678901234567890123456789'::numeric", bin: "0008000100000018000109291a85007b11d722c509291a85", text: "12345.678901234567890123456789" },
    Vector { sql: "'3.14159265358979323846'::numeric", bin: "00060000000000140003058724310e051efc0f06", text: "3.14159265358979323846" },
];

/// `money` values.
#[rustfmt::skip]
pub(crate) const MONEY: &[Vector] = &[
    Vector { sql: "'12.34'::money", bin: "00000000000004d2", text: "$12.34" },
    Vector { sql: "'-92233720368547758.08'::money", bin: "8000000000000000", text: "-$92,233,720,368,547,758.08" },
    Vector { sql: "'92233720368547758.07'::money", bin: "7fffffffffffffff", text: "$92,233,720,368,547,758.07" },
    Vector { sql: "'0'::money", bin: "0000000000000000", text: "$0.00" },
];

/// `uuid` values.
#[rustfmt::skip]
pub(crate) const UUID: &[Vector] = &[
    Vector { sql: "'00000000-0000-0000-0000-000000000000'::uuid", bin: "00000000000000000000000000000000", text: "00000000-0000-0000-0000-000000000000" },
    Vector { sql: "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", bin: "a0eebc999c0b4ef8bb6d6bb9bd380a11", text: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" },
    Vector { sql: "'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid", bin: "ffffffffffffffffffffffffffffffff", text: "ffffffff-ffff-ffff-ffff-ffffffffffff" },
];

/// `pg_lsn` values.
#[rustfmt::skip]
pub(crate) const PG_LSN: &[Vector] = &[
    Vector { sql: "'0/0'::pg_lsn", bin: "0000000000000000", text: "0/0" },
    Vector { sql: "'16/B374D848'::pg_lsn", bin: "00000016b374d848", text: "16/B374D848" },
    Vector { sql: "'FFFFFFFF/FFFFFFFF'::pg_lsn", bin: "ffffffffffffffff", text: "FFFFFFFF/FFFFFFFF" },
];

/// `date` values.
#[rustfmt::skip]
pub(crate) const DATE: &[Vector] = &[
    Vector { sql: "'2000-01-01'::date", bin: "00000000", text: "2000-01-01" },
    Vector { sql: "'1999-12-31'::date", bin: "ffffffff", text: "1999-12-31" },
    Vector { sql: "'1970-01-01'::date", bin: "ffffd533", text: "1970-01-01" },
    Vector { sql: "'2024-02-29'::date", bin: "00002279", text: "2024-02-29" },
    Vector { sql: "'0001-01-01'::date", bin: "fff4dbf9", text: "0001-01-01" },
    Vector { sql: "'0001-12-31 BC'::date", bin: "fff4dbf8", text: "0001-12-31 BC" },
    Vector { sql: "'0044-03-15 BC'::date", bin: "fff49d7b", text: "0044-03-15 BC" },
    Vector { sql: "'4713-01-01 BC'::date", bin: "ffda97cd", text: "4713-01-01 BC" },
    Vector { sql: "'2262-04-12'::date", bin: "00017633", text: "2262-04-12" },
    Vector { sql: "'9999-12-31'::date", bin: "002c95d3", text: "9999-12-31" },
    Vector { sql: "'10000-01-01'::date", bin: "002c95d4", text: "10000-01-01" },
    Vector { sql: "'5874897-12-31'::date", bin: "7fda970c", text: "5874897-12-31" },
    Vector { sql: "'infinity'::date", bin: "7fffffff", text: "infinity" },
    Vector { sql: "'-infinity'::date", bin: "80000000", text: "-infinity" },
];

/// `time` values.
#[rustfmt::skip]
pub(crate) const TIME: &[Vector] = &[
    Vector { sql: "'00:00:00'::time", bin: "0000000000000000", text: "00:00:00" },
    Vector { sql: "'23:59:59.999999'::time", bin: "000000141dd75fff", text: "23:59:59.999999" },
    Vector { sql: "'24:00:00'::time", bin: "000000141dd76000", text: "24:00:00" },
    Vector { sql: "'12:34:56.789'::time", bin: "0000000a8be62608", text: "12:34:56.789" },
    Vector { sql: "'01:02:03.000001'::time", bin: "00000000dde878c1", text: "01:02:03.000001" },
];

/// `timetz` values.
#[rustfmt::skip]
pub(crate) const TIMETZ: &[Vector] = &[
    Vector { sql: "'12:34:56+05:30'::timetz", bin: "0000000a8bda1c00ffffb2a8", text: "12:34:56+05:30" },
    Vector { sql: "'00:00:00-15:59'::timetz", bin: "00000000000000000000e0c4", text: "00:00:00-15:59" },
    Vector { sql: "'23:59:59.999999+00'::timetz", bin: "000000141dd75fff00000000", text: "23:59:59.999999+00" },
    Vector { sql: "'10:00:00-08'::timetz", bin: "0000000861c4680000007080", text: "10:00:00-08" },
    Vector { sql: "'10:00:00+15:59:59'::timetz", bin: "0000000861c46800ffff1f01", text: "10:00:00+15:59:59" },
    Vector { sql: "'11:11:11.5-00:00:30'::timetz", bin: "00000009605e52e00000001e", text: "11:11:11.5-00:00:30" },
];

/// `timestamp` values.
#[rustfmt::skip]
pub(crate) const TIMESTAMP: &[Vector] = &[
    Vector { sql: "'2000-01-01 00:00:00'::timestamp", bin: "0000000000000000", text: "2000-01-01 00:00:00" },
    Vector { sql: "'1999-12-31 23:59:59.999999'::timestamp", bin: "ffffffffffffffff", text: "1999-12-31 23:59:59.999999" },
    Vector { sql: "'1970-01-01 00:00:00.000001'::timestamp", bin: "fffca2fec4c82001", text: "1970-01-01 00:00:00.000001" },
    Vector { sql: "'1900-02-28 12:00:00.5'::timestamp", bin: "fff4ce874dca9120", text: "1900-02-28 12:00:00.5" },
    Vector { sql: "'0001-01-01 00:00:00'::timestamp", bin: "ff1fe2ffc59c6000", text: "0001-01-01 00:00:00" },
    Vector { sql: "'0001-12-31 23:59:59 BC'::timestamp", bin: "ff1fe2ffc58d1dc0", text: "0001-12-31 23:59:59 BC" },
    Vector { sql: "'4713-01-01 00:00:00 BC'::timestamp", bin: "fd0f7fbdaf17e000", text: "4713-01-01 00:00:00 BC" },
    Vector { sql: "'2262-04-11 23:47:16.854775'::timestamp", bin: "001d679a6aab73f7", text: "2262-04-11 23:47:16.854775" },
    Vector { sql: "'2262-04-12 00:00:00'::timestamp", bin: "001d679a98282000", text: "2262-04-12 00:00:00" },
    Vector { sql: "'294276-12-31 23:59:59.999999'::timestamp", bin: "7fffff5bb3b29fff", text: "294276-12-31 23:59:59.999999" },
    Vector { sql: "'infinity'::timestamp", bin: "7fffffffffffffff", text: "infinity" },
    Vector { sql: "'-infinity'::timestamp", bin: "8000000000000000", text: "-infinity" },
    Vector { sql: "'2024-02-29 13:14:15.16'::timestamp", bin: "0002b583ce0468c0", text: "2024-02-29 13:14:15.16" },
];

/// `timestamptz` values.
#[rustfmt::skip]
pub(crate) const TIMESTAMPTZ: &[Vector] = &[
    Vector { sql: "'2000-01-01 00:00:00+00'::timestamptz", bin: "0000000000000000", text: "2000-01-01 00:00:00+00" },
    Vector { sql: "'1999-12-31 23:59:59.999999+00'::timestamptz", bin: "ffffffffffffffff", text: "1999-12-31 23:59:59.999999+00" },
    Vector { sql: "'2024-06-01 12:00:00+02'::timestamptz", bin: "0002bccfee8ea800", text: "2024-06-01 10:00:00+00" },
    Vector { sql: "'0001-01-01 00:00:00+00'::timestamptz", bin: "ff1fe2ffc59c6000", text: "0001-01-01 00:00:00+00" },
    Vector { sql: "'0100-01-01 00:00:00+00 BC'::timestamptz", bin: "ff14acda23d08000", text: "0100-01-01 00:00:00+00 BC" },
    Vector { sql: "'2262-04-12 00:00:00+00'::timestamptz", bin: "001d679a98282000", text: "2262-04-12 00:00:00+00" },
    Vector { sql: "'294276-12-31 23:59:59.999999+00'::timestamptz", bin: "7fffff5bb3b29fff", text: "294276-12-31 23:59:59.999999+00" },
    Vector { sql: "'infinity'::timestamptz", bin: "7fffffffffffffff", text: "infinity" },
    Vector { sql: "'-infinity'::timestamptz", bin: "8000000000000000", text: "-infinity" },
    Vector { sql: "'1969-07-20 20:17:40.123456+00'::timestamptz", bin: "fffc96188bb04340", text: "1969-07-20 20:17:40.123456+00" },
];

/// `interval` values.
#[rustfmt::skip]
pub(crate) const INTERVAL: &[Vector] = &[
    Vector { sql: "'0'::interval", bin: "00000000000000000000000000000000", text: "00:00:00" },
    Vector { sql: "'1 year 2 mons 3 days 04:05:06.789'::interval", bin: "000000036c97ca88000000030000000e", text: "1 year 2 mons 3 days 04:05:06.789" },
    Vector { sql: "'-1 year -2 mons +3 days -04:05:06'::interval", bin: "fffffffc93743f8000000003fffffff2", text: "-1 years -2 mons +3 days -04:05:06" },
    Vector { sql: "'178000000 years'::interval", bin: "0000000000000000000000007f50c600", text: "178000000 years" },
    Vector { sql: "'-178000000 years'::interval", bin: "00000000000000000000000080af3a00", text: "-178000000 years" },
    Vector { sql: "'1 day -00:00:01'::interval", bin: "fffffffffff0bdc00000000100000000", text: "1 day -00:00:01" },
    Vector { sql: "'00:00:00.000001'::interval", bin: "00000000000000010000000000000000", text: "00:00:00.000001" },
    Vector { sql: "'-00:00:00.000001'::interval", bin: "ffffffffffffffff0000000000000000", text: "-00:00:00.000001" },
    Vector { sql: "'2147483647 days'::interval", bin: "00000000000000007fffffff00000000", text: "2147483647 days" },
    Vector { sql: "'-2147483648 days'::interval", bin: "00000000000000008000000000000000", text: "-2147483648 days" },
    Vector { sql: "'-2562047788:00:54.775807'::interval", bin: "80000000000000010000000000000000", text: "-2562047788:00:54.775807" },
    Vector { sql: "'2562047788:00:54.775807'::interval", bin: "7fffffffffffffff0000000000000000", text: "2562047788:00:54.775807" },
    Vector { sql: "'1 mon'::interval", bin: "00000000000000000000000000000001", text: "1 mon" },
    Vector { sql: "'-1 mon'::interval", bin: "000000000000000000000000ffffffff", text: "-1 mons" },
    Vector { sql: "'13 mons'::interval", bin: "0000000000000000000000000000000d", text: "1 year 1 mon" },
    Vector { sql: "'-13 mons -1 day'::interval", bin: "0000000000000000fffffffffffffff3", text: "-1 years -1 mons -1 days" },
    Vector { sql: "'1 year'::interval", bin: "0000000000000000000000000000000c", text: "1 year" },
    Vector { sql: "'25:00:00'::interval", bin: "00000014f46b04000000000000000000", text: "25:00:00" },
    Vector { sql: "'-1 day +01:00:00'::interval", bin: "00000000d693a400ffffffff00000000", text: "-1 days +01:00:00" },
];

/// `json` values.
#[rustfmt::skip]
pub(crate) const JSON: &[Vector] = &[
    Vector { sql: "'{}'::json", bin: "7b7d", text: "{}" },
    Vector { sql: "'[]'::json", bin: "5b5d", text: "[]" },
    Vector { sql: "'null'::json", bin: "6e756c6c", text: "null" },
    Vector { sql: "'{\"b\": 1,   \"a\": [true, false, null]}'::json", bin: "7b2262223a20312c2020202261223a205b747275652c2066616c73652c206e756c6c5d7d", text: "{\"b\": 1,   \"a\": [true, false, null]}" },
    Vector { sql: "'\"\\u00e9 ☃ 😀\"'::json", bin: "225c753030653920e2988320f09f988022", text: "\"\\u00e9 ☃ 😀\"" },
];

/// `jsonb` values.
#[rustfmt::skip]
pub(crate) const JSONB: &[Vector] = &[
    Vector { sql: "'{}'::jsonb", bin: "017b7d", text: "{}" },
    Vector { sql: "'[]'::jsonb", bin: "015b5d", text: "[]" },
    Vector { sql: "'null'::jsonb", bin: "016e756c6c", text: "null" },
    Vector { sql: "'{\"b\": 1,   \"a\": [true, false, null], \"b\": 2}'::jsonb", bin: "017b2261223a205b747275652c2066616c73652c206e756c6c5d2c202262223a20327d", text: "{\"a\": [true, false, null], \"b\": 2}" },
    Vector { sql: "'\"unicode é ☃ 😀\"'::jsonb", bin: "0122756e69636f646520c3a920e2988320f09f988022", text: "\"unicode é ☃ 😀\"" },
    Vector { sql: "'{\"esc\": \"quote \\\" back \\\\\\\\ nl \\\\n tab \\\\t ctl \\\\u0001 \\\\u00e9\"}'::jsonb", bin: "017b22657363223a202271756f7465205c22206261636b205c5c5c5c206e6c205c5c6e20746162205c5c742063746c205c5c7530303031205c5c7530306539227d", text: "{\"esc\": \"quote \\\" back \\\\\\\\ nl \\\\n tab \\\\t ctl \\\\u0001 \\\\u00e9\"}" },
    Vector { sql: "'[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'::jsonb", bin: "015b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b5b315d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d", text: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]" },
    Vector { sql: "'{\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": \"deep\"}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}'::jsonb", bin: "017b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a207b226b223a202264656570227d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d", text: "{\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": {\"k\": \"deep\"}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}" },
    Vector { sql: "'[1.0, -0, 1e3, 12345678901234567890.123, -1.5e-7]'::jsonb", bin: "015b312e302c20302c20313030302c2031323334353637383930313233343536373839302e3132332c202d302e30303030303031355d", text: "[1.0, 0, 1000, 12345678901234567890.123, -0.00000015]" },
];

/// `inet` values.
#[rustfmt::skip]
pub(crate) const INET: &[Vector] = &[
    Vector { sql: "'127.0.0.1'::inet", bin: "022000047f000001", text: "127.0.0.1" },
    Vector { sql: "'192.168.1.5/24'::inet", bin: "02180004c0a80105", text: "192.168.1.5/24" },
    Vector { sql: "'0.0.0.0/0'::inet", bin: "0200000400000000", text: "0.0.0.0/0" },
    Vector { sql: "'10.0.0.0/8'::inet", bin: "020800040a000000", text: "10.0.0.0/8" },
    Vector { sql: "'::1'::inet", bin: "0380001000000000000000000000000000000001", text: "::1" },
    Vector { sql: "'::'::inet", bin: "0380001000000000000000000000000000000000", text: "::" },
    Vector { sql: "'2001:db8::1/64'::inet", bin: "0340001020010db8000000000000000000000001", text: "2001:db8::1/64" },
    Vector { sql: "'::ffff:1.2.3.4'::inet", bin: "0380001000000000000000000000ffff01020304", text: "::ffff:1.2.3.4" },
    Vector { sql: "'::1.2.3.4'::inet", bin: "0380001000000000000000000000000001020304", text: "::1.2.3.4" },
    Vector { sql: "'::0.0.1.2'::inet", bin: "0380001000000000000000000000000000000102", text: "::102" },
    Vector { sql: "'fe80::'::inet", bin: "03800010fe800000000000000000000000000000", text: "fe80::" },
    Vector { sql: "'1:2:3:4:5:6:7:8'::inet", bin: "0380001000010002000300040005000600070008", text: "1:2:3:4:5:6:7:8" },
    Vector { sql: "'1::8'::inet", bin: "0380001000010000000000000000000000000008", text: "1::8" },
    Vector { sql: "'1:0:0:2::3'::inet", bin: "0380001000010000000000020000000000000003", text: "1:0:0:2::3" },
    Vector { sql: "'1:0:1:0:1:0:1:0'::inet", bin: "0380001000010000000100000001000000010000", text: "1:0:1:0:1:0:1:0" },
    Vector { sql: "'::/0'::inet", bin: "0300001000000000000000000000000000000000", text: "::/0" },
    Vector { sql: "'2001:db8::/128'::inet", bin: "0380001020010db8000000000000000000000000", text: "2001:db8::" },
];

/// `cidr` values.
#[rustfmt::skip]
pub(crate) const CIDR: &[Vector] = &[
    Vector { sql: "'10.0.0.0/8'::cidr", bin: "020801040a000000", text: "10.0.0.0/8" },
    Vector { sql: "'192.168.1.0/24'::cidr", bin: "02180104c0a80100", text: "192.168.1.0/24" },
    Vector { sql: "'1.2.3.4/32'::cidr", bin: "0220010401020304", text: "1.2.3.4/32" },
    Vector { sql: "'0.0.0.0/0'::cidr", bin: "0200010400000000", text: "0.0.0.0/0" },
    Vector { sql: "'10/8'::cidr", bin: "020801040a000000", text: "10.0.0.0/8" },
    Vector { sql: "'2001:db8::/32'::cidr", bin: "0320011020010db8000000000000000000000000", text: "2001:db8::/32" },
    Vector { sql: "'::/0'::cidr", bin: "0300011000000000000000000000000000000000", text: "::/0" },
    Vector { sql: "'::1/128'::cidr", bin: "0380011000000000000000000000000000000001", text: "::1/128" },
];

/// `macaddr` values.
#[rustfmt::skip]
pub(crate) const MACADDR: &[Vector] = &[
    Vector { sql: "'08:00:2b:01:02:03'::macaddr", bin: "08002b010203", text: "08:00:2b:01:02:03" },
    Vector { sql: "'ff:ff:ff:ff:ff:ff'::macaddr", bin: "ffffffffffff", text: "ff:ff:ff:ff:ff:ff" },
];

/// `macaddr8` values.
#[rustfmt::skip]
pub(crate) const MACADDR8: &[Vector] = &[
    Vector { sql: "'08:00:2b:01:02:03:04:05'::macaddr8", bin: "08002b0102030405", text: "08:00:2b:01:02:03:04:05" },
    Vector { sql: "'00:00:00:00:00:00:00:00'::macaddr8", bin: "0000000000000000", text: "00:00:00:00:00:00:00:00" },
];

/// `bit(3)` values.
#[rustfmt::skip]
pub(crate) const BIT: &[Vector] = &[
    Vector { sql: "B'101'::bit(3)", bin: "00000003a0", text: "101" },
    Vector { sql: "B'000'::bit(3)", bin: "0000000300", text: "000" },
];

/// `varbit` values.
#[rustfmt::skip]
pub(crate) const VARBIT: &[Vector] = &[
    Vector { sql: "B''::varbit", bin: "00000000", text: "" },
    Vector { sql: "B'1'::varbit", bin: "0000000180", text: "1" },
    Vector { sql: "B'1010101010101'::varbit", bin: "0000000daaa8", text: "1010101010101" },
    Vector { sql: "B'11111111'::varbit", bin: "00000008ff", text: "11111111" },
    Vector { sql: "B'111111111'::varbit", bin: "00000009ff80", text: "111111111" },
];

/// `int4[]` values.
#[rustfmt::skip]
pub(crate) const INT4_ARRAY: &[Vector] = &[
    Vector { sql: "'{}'::int4[]", bin: "000000000000000000000017", text: "{}" },
    Vector { sql: "'{1,2,3}'::int4[]", bin: "0000000100000000000000170000000300000001000000040000000100000004000000020000000400000003", text: "{1,2,3}" },
    Vector { sql: "'{1,NULL,3}'::int4[]", bin: "00000001000000010000001700000003000000010000000400000001ffffffff0000000400000003", text: "{1,NULL,3}" },
    Vector { sql: "'[2:3]={7,8}'::int4[]", bin: "000000010000000000000017000000020000000200000004000000070000000400000008", text: "[2:3]={7,8}" },
    Vector { sql: "'{{1,2},{3,4}}'::int4[]", bin: "000000020000000000000017000000020000000100000002000000010000000400000001000000040000000200000004000000030000000400000004", text: "{{1,2},{3,4}}" },
    Vector { sql: "'[0:1][-1:0][5:6]={{{1,2},{3,4}},{{5,6},{7,NULL}}}'::int4[]", bin: "000000030000000100000017000000020000000000000002ffffffff00000002000000050000000400000001000000040000000200000004000000030000000400000004000000040000000500000004000000060000000400000007ffffffff", text: "[0:1][-1:0][5:6]={{{1,2},{3,4}},{{5,6},{7,NULL}}}" },
];

/// `int8[]` values.
#[rustfmt::skip]
pub(crate) const INT8_ARRAY: &[Vector] = &[
    Vector { sql: "'{-9223372036854775808,9223372036854775807}'::int8[]", bin: "0000000100000000000000140000000200000001000000088000000000000000000000087fffffffffffffff", text: "{-9223372036854775808,9223372036854775807}" },
];

/// `text[]` values.
#[rustfmt::skip]
pub(crate) const TEXT_ARRAY: &[Vector] = &[
    Vector { sql: "'{}'::text[]", bin: "000000000000000000000019", text: "{}" },
    Vector { sql: "'{\"x y\",NULL,\"\",\"NULL\",\"a\\\\\\\\b\"}'::text[]", bin: "000000010000000100000019000000050000000100000003782079ffffffff00000000000000044e554c4c00000004615c5c62", text: "{\"x y\",NULL,\"\",\"NULL\",\"a\\\\\\\\b\"}" },
    Vector { sql: "'{{a,b},{c,d}}'::text[]", bin: "000000020000000000000019000000020000000100000002000000010000000161000000016200000001630000000164", text: "{{a,b},{c,d}}" },
];

/// `float8[]` values.
#[rustfmt::skip]
pub(crate) const FLOAT8_ARRAY: &[Vector] = &[
    Vector { sql: "'{NaN,-Infinity,-0,1.5}'::float8[]", bin: "0000000100000000000002bd0000000400000001000000087ff800000000000000000008fff0000000000000000000088000000000000000000000083ff8000000000000", text: "{NaN,-Infinity,-0,1.5}" },
];

/// `numeric[]` values.
#[rustfmt::skip]
pub(crate) const NUMERIC_ARRAY: &[Vector] = &[
    Vector { sql: "'{1.5,NaN,-0.001,NULL}'::numeric[]", bin: "0000000100000001000006a400000004000000010000000c0002000000000001000113880000000800000000c00000000000000a0001ffff40000003000affffffff", text: "{1.5,NaN,-0.001,NULL}" },
];

/// `bool[]` values.
#[rustfmt::skip]
pub(crate) const BOOL_ARRAY: &[Vector] = &[
    Vector { sql: "'{t,f,NULL}'::bool[]", bin: "000000010000000100000010000000030000000100000001010000000100ffffffff", text: "{t,f,NULL}" },
];

/// `timestamptz[]` values.
#[rustfmt::skip]
pub(crate) const TIMESTAMPTZ_ARRAY: &[Vector] = &[
    Vector { sql: "'{\"2000-01-01 00:00:00+00\",infinity,NULL}'::timestamptz[]", bin: "0000000100000001000004a00000000300000001000000080000000000000000000000087fffffffffffffffffffffff", text: "{\"2000-01-01 00:00:00+00\",infinity,NULL}" },
];

/// `jsonb[]` values.
#[rustfmt::skip]
pub(crate) const JSONB_ARRAY: &[Vector] = &[
    Vector { sql: "ARRAY['{\"a\":1}'::jsonb, '[]', NULL]::jsonb[]", bin: "000000010000000100000eda000000030000000100000009017b2261223a20317d00000003015b5dffffffff", text: "{\"{\\\"a\\\": 1}\",[],NULL}" },
];

/// `int4range` values.
#[rustfmt::skip]
pub(crate) const INT4_RANGE: &[Vector] = &[
    Vector { sql: "'[1,5)'::int4range", bin: "0200000004000000010000000400000005", text: "[1,5)" },
    Vector { sql: "'empty'::int4range", bin: "01", text: "empty" },
    Vector { sql: "'(,5]'::int4range", bin: "080000000400000006", text: "(,6)" },
    Vector { sql: "'[1,)'::int4range", bin: "120000000400000001", text: "[1,)" },
    Vector { sql: "'(,)'::int4range", bin: "18", text: "(,)" },
    Vector { sql: "'[3,4]'::int4range", bin: "0200000004000000030000000400000005", text: "[3,5)" },
];

/// `int8range` values.
#[rustfmt::skip]
pub(crate) const INT8_RANGE: &[Vector] = &[
    Vector { sql: "'[-9223372036854775808,9223372036854775807)'::int8range", bin: "02000000088000000000000000000000087fffffffffffffff", text: "[-9223372036854775808,9223372036854775807)" },
];

/// `numrange` values.
#[rustfmt::skip]
pub(crate) const NUM_RANGE: &[Vector] = &[
    Vector { sql: "'[1.5,2.5]'::numrange", bin: "060000000c0002000000000001000113880000000c000200000000000100021388", text: "[1.5,2.5]" },
    Vector { sql: "'(,NaN)'::numrange", bin: "080000000800000000c0000000", text: "(,NaN)" },
    Vector { sql: "'(-Infinity,0]'::numrange", bin: "040000000800000000f0000020000000080000000000000000", text: "(-Infinity,0]" },
    Vector { sql: "'empty'::numrange", bin: "01", text: "empty" },
];

/// `daterange` values.
#[rustfmt::skip]
pub(crate) const DATE_RANGE: &[Vector] = &[
    Vector { sql: "'[2000-01-01,2000-02-01)'::daterange", bin: "020000000400000000000000040000001f", text: "[2000-01-01,2000-02-01)" },
    Vector { sql: "'[2000-01-01,infinity)'::daterange", bin: "020000000400000000000000047fffffff", text: "[2000-01-01,infinity)" },
    Vector { sql: "'(,2000-01-01]'::daterange", bin: "080000000400000001", text: "(,2000-01-02)" },
];

/// `tsrange` values.
#[rustfmt::skip]
pub(crate) const TS_RANGE: &[Vector] = &[
    Vector { sql: "'[2000-01-01 00:00:00,2000-01-02 12:30:00.5)'::tsrange", bin: "02000000080000000000000000000000080000001e98148320", text: "[\"2000-01-01 00:00:00\",\"2000-01-02 12:30:00.5\")" },
    Vector { sql: "'[-infinity,infinity]'::tsrange", bin: "06000000088000000000000000000000087fffffffffffffff", text: "[-infinity,infinity]" },
];

/// `tstzrange` values.
#[rustfmt::skip]
pub(crate) const TSTZ_RANGE: &[Vector] = &[
    Vector { sql: "'[2000-01-01 00:00:00+00,)'::tstzrange", bin: "12000000080000000000000000", text: "[\"2000-01-01 00:00:00+00\",)" },
];

/// `int4multirange` values.
#[rustfmt::skip]
pub(crate) const INT4_MULTIRANGE: &[Vector] = &[
    Vector { sql: "'{}'::int4multirange", bin: "00000000", text: "{}" },
    Vector { sql: "'{[1,3),[5,7)}'::int4multirange", bin: "00000002000000110200000004000000010000000400000003000000110200000004000000050000000400000007", text: "{[1,3),[5,7)}" },
    Vector { sql: "'{(,0],[10,)}'::int4multirange", bin: "00000002000000090800000004000000010000000912000000040000000a", text: "{(,1),[10,)}" },
];

/// `nummultirange` values.
#[rustfmt::skip]
pub(crate) const NUM_MULTIRANGE: &[Vector] = &[
    Vector { sql: "'{[1.5,2),[3,4.25]}'::nummultirange", bin: "000000020000001f020000000c0002000000000001000113880000000a000100000000000000020000001f060000000a000100000000000000030000000c0002000000000002000409c4", text: "{[1.5,2),[3,4.25]}" },
];

/// `datemultirange` values.
#[rustfmt::skip]
pub(crate) const DATE_MULTIRANGE: &[Vector] = &[
    Vector { sql: "'{[2000-01-01,2000-01-05),[2000-02-01,infinity)}'::datemultirange", bin: "000000020000001102000000040000000000000004000000040000001102000000040000001f000000047fffffff", text: "{[2000-01-01,2000-01-05),[2000-02-01,infinity)}" },
];

/// `int4range[]` values.
#[rustfmt::skip]
pub(crate) const INT4_RANGE_ARRAY: &[Vector] = &[
    Vector { sql: "'{\"[1,2)\",empty,NULL}'::int4range[]", bin: "000000010000000100000f4000000003000000010000001102000000040000000100000004000000020000000101ffffffff", text: "{\"[1,2)\",empty,NULL}" },
];

/// `record` values.
#[rustfmt::skip]
pub(crate) const RECORD: &[Vector] = &[
    Vector { sql: "ROW(1, 'x'::text)::record", bin: "00000002000000170000000400000001000000190000000178", text: "(1,x)" },
    Vector { sql: "ROW(NULL::int4, ''::text, 1.5::numeric)::record", bin: "0000000300000017ffffffff0000001900000000000006a40000000c000200000000000100011388", text: "(,\"\",1.5)" },
    Vector { sql: "ROW()::record", bin: "00000000", text: "()" },
    Vector { sql: "ROW(ROW(1, 2), ARRAY[1, 2])::record", bin: "00000002000008c90000001c00000002000000170000000400000001000000170000000400000002000003ef00000024000000010000000000000017000000020000000100000004000000010000000400000002", text: "(\"(1,2)\",\"{1,2}\")" },
];

/// `vec_pair` values.
#[rustfmt::skip]
pub(crate) const PAIR: &[Vector] = &[
    Vector { sql: "'(1,hello)'::vec_pair", bin: "00000002000000170000000400000001000000190000000568656c6c6f", text: "(1,hello)" },
    Vector { sql: "'(,)'::vec_pair", bin: "0000000200000017ffffffff00000019ffffffff", text: "(,)" },
    Vector { sql: "'(-5,\"with, comma\")'::vec_pair", bin: "000000020000001700000004fffffffb000000190000000b776974682c20636f6d6d61", text: "(-5,\"with, comma\")" },
];

/// `vec_mood` values.
#[rustfmt::skip]
pub(crate) const MOOD: &[Vector] = &[
    Vector { sql: "'happy'::vec_mood", bin: "6861707079", text: "happy" },
    Vector { sql: "'sad'::vec_mood", bin: "736164", text: "sad" },
];

/// `vec_posint` values.
#[rustfmt::skip]
pub(crate) const POSINT: &[Vector] = &[
    Vector { sql: "5::vec_posint", bin: "00000005", text: "5" },
];

/// `vec_posint[]` values.
#[rustfmt::skip]
pub(crate) const POSINT_ARRAY: &[Vector] = &[
    Vector { sql: "ARRAY[1, 2]::vec_posint[]::vec_posint[]", bin: "000000010000000000004083000000020000000100000004000000010000000400000002", text: "{1,2}" },
];

/// `vec_mood[]` values.
#[rustfmt::skip]
pub(crate) const MOOD_ARRAY: &[Vector] = &[
    Vector { sql: "'{sad,NULL,happy}'::vec_mood[]", bin: "000000010000000100004079000000030000000100000003736164ffffffff000000056861707079", text: "{sad,NULL,happy}" },
];
