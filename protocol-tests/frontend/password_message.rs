//! PasswordMessage, SASLInitialResponse and SASLResponse vectors (all tag 'p').

use bytes::Bytes;
use pgline::protocol::frontend::{
    self, FrontendMessage, PasswordMessage, SaslInitialResponse, SaslResponse,
};

use crate::support::{Vector, body, encoded, frontend as parse_frontend};

pub fn cleartext() -> Vec<u8> {
    wire![
        b'p',           // Byte1('p'): password response
        &[0, 0, 0, 11], // Int32: length 4 + 7
        b"secret\0",    // String: the password
    ]
}

pub fn md5() -> Vec<u8> {
    wire![
        b'p',                                     // Byte1('p')
        &[0, 0, 0, 40],                           // Int32: length 4 + 36
        b"md50123456789abcdef0123456789abcdef\0", // String: "md5" + 32 hex digits
    ]
}

pub fn sasl_initial() -> Vec<u8> {
    wire![
        b'p',                            // Byte1('p'): SASLInitialResponse
        &[0, 0, 0, 50],                  // Int32: length 4 + 14 + 4 + 28
        b"SCRAM-SHA-256\0",              // String: selected mechanism
        &[0, 0, 0, 28],                  // Int32: length of the initial response
        b"n,,n=,r=rOprNGfwEbeRWgbNEkqO", // Byten: SCRAM client-first-message
    ]
}

pub fn sasl_initial_without_data() -> Vec<u8> {
    wire![
        b'p',                      // Byte1('p')
        &[0, 0, 0, 22],            // Int32: length 4 + 14 + 4
        b"SCRAM-SHA-256\0",        // String: selected mechanism
        &[0xff, 0xff, 0xff, 0xff], // Int32(-1): no initial response
    ]
}

pub fn sasl() -> Vec<u8> {
    wire![
        b'p',                  // Byte1('p'): SASLResponse
        &[0, 0, 0, 22],        // Int32: length 4 + 18
        b"c=biws,r=abc,p=xyz", // Byten: SCRAM client-final-message
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("password_message_cleartext", cleartext()),
        ("password_message_md5", md5()),
        ("sasl_initial_response", sasl_initial()),
        (
            "sasl_initial_response_without_data",
            sasl_initial_without_data(),
        ),
        ("sasl_response", sasl()),
    ]
}

#[test]
fn password_message_cleartext_and_md5() {
    assert_eq!(
        encoded(|b| frontend::password_message(b"secret", b).unwrap()),
        cleartext()
    );
    let p = PasswordMessage::parse(body(&cleartext(), b'p')).unwrap();
    assert_eq!(&p.password[..], b"secret");
    let hashed = b"md50123456789abcdef0123456789abcdef";
    assert_eq!(
        encoded(|b| frontend::password_message(hashed, b).unwrap()),
        md5()
    );
    assert_eq!(
        &PasswordMessage::parse(body(&md5(), b'p')).unwrap().password[..],
        hashed
    );
}

#[test]
fn password_message_tag_is_kept_raw_by_the_enum() {
    assert_eq!(
        parse_frontend(&cleartext()),
        FrontendMessage::AuthenticationResponse(Bytes::from_static(b"secret\0"))
    );
}

#[test]
fn sasl_initial_response_with_and_without_data() {
    let first = b"n,,n=,r=rOprNGfwEbeRWgbNEkqO";
    assert_eq!(
        encoded(|b| frontend::sasl_initial_response("SCRAM-SHA-256", Some(first), b).unwrap()),
        sasl_initial()
    );
    assert_eq!(
        SaslInitialResponse::parse(body(&sasl_initial(), b'p')).unwrap(),
        SaslInitialResponse {
            mechanism: "SCRAM-SHA-256".into(),
            data: Some(Bytes::from_static(first))
        }
    );
    assert_eq!(
        encoded(|b| frontend::sasl_initial_response("SCRAM-SHA-256", None, b).unwrap()),
        sasl_initial_without_data()
    );
    assert_eq!(
        SaslInitialResponse::parse(body(&sasl_initial_without_data(), b'p'))
            .unwrap()
            .data,
        None
    );
}

#[test]
fn sasl_response_data() {
    assert_eq!(
        encoded(|b| frontend::sasl_response(b"c=biws,r=abc,p=xyz", b).unwrap()),
        sasl()
    );
    assert_eq!(
        &SaslResponse::parse(body(&sasl(), b'p')).unwrap().data[..],
        b"c=biws,r=abc,p=xyz"
    );
}

#[test]
fn sasl_initial_response_data_length_over_body_is_rejected() {
    let bytes = wire![b'p', &[0, 0, 0, 12], b"M\0", &[0, 0, 0, 9], b"ab"];
    assert!(SaslInitialResponse::parse(body(&bytes, b'p')).is_err());
}
