//! FunctionCallResponse vectors (tag 'V'): a value and NULL.

use pgline::protocol::backend::{self, FunctionCallResponse};

use crate::support::{Vector, body, encoded};

pub fn value() -> Vec<u8> {
    wire![
        b'V',           // Byte1('V'): FunctionCallResponse
        &[0, 0, 0, 11], // Int32: length 4 + 4 + 3
        &[0, 0, 0, 3],  // Int32: result length
        b"abc",         // Byten: the result
    ]
}

pub fn null() -> Vec<u8> {
    wire![
        b'V',                      // Byte1('V')
        &[0, 0, 0, 8],             // Int32(8): length
        &[0xff, 0xff, 0xff, 0xff], // Int32(-1): NULL result, no bytes follow
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("function_call_response_value", value()),
        ("function_call_response_null", null()),
    ]
}

#[test]
fn function_call_response_value_and_null() {
    let v = FunctionCallResponse::parse(body(&value(), b'V')).unwrap();
    assert_eq!(v.value().map(|b| &b[..]), Some(&b"abc"[..]));
    assert_eq!(
        FunctionCallResponse::parse(body(&null(), b'V'))
            .unwrap()
            .value(),
        None
    );
    assert_eq!(
        encoded(|b| backend::function_call_response(Some(b"abc"), b).unwrap()),
        value()
    );
    assert_eq!(
        encoded(|b| backend::function_call_response(None, b).unwrap()),
        null()
    );
}
