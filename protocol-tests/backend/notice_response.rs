//! NoticeResponse vectors (tag 'N'): same fields as ErrorResponse.

use pgline::protocol::backend::{self, NoticeResponse};

use crate::support::{Vector, body, encoded};

pub fn notice() -> Vec<u8> {
    wire![
        b'N',           // Byte1('N'): NoticeResponse
        &[0, 0, 0, 35], // Int32: length 4 + 8 + 8 + 7 + 7 + 1
        b'S',
        b"NOTICE\0", // severity
        b'V',
        b"NOTICE\0", // severity, not localized
        b'C',
        b"00000\0", // SQLSTATE successful_completion
        b'M',
        b"hello\0", // message
        0,          // Byte1(0): end of the fields
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![("notice_response", notice())]
}

#[test]
fn notice_response_fields() {
    let n = NoticeResponse::parse(body(&notice(), b'N')).unwrap();
    assert_eq!(n.severity(), Some("NOTICE"));
    assert_eq!(n.code(), Some("00000"));
    assert_eq!(n.message(), Some("hello"));
    let fields = [
        (b'S', "NOTICE"),
        (b'V', "NOTICE"),
        (b'C', "00000"),
        (b'M', "hello"),
    ];
    assert_eq!(
        encoded(|b| backend::notice_response(fields, b).unwrap()),
        notice()
    );
}
