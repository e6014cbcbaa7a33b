//! Authentication request vectors (tag 'R'), one per request code.

use bytes::Bytes;
use pgline::protocol::backend::{self, Authentication, BackendMessage};
use pgline::protocol::{MessageKind, Problem, ProtocolError};

use crate::support::{Encoder, Vector, backend, body, encoded};

pub fn ok() -> Vec<u8> {
    wire![
        b'R',          // Byte1('R'): authentication request
        &[0, 0, 0, 8], // Int32(8): length including self
        &[0, 0, 0, 0], // Int32(0): authentication was successful
    ]
}

pub fn kerberos_v5() -> Vec<u8> {
    wire![
        b'R',          // Byte1('R')
        &[0, 0, 0, 8], // Int32(8): length
        &[0, 0, 0, 2], // Int32(2): Kerberos V5 required
    ]
}

pub fn cleartext_password() -> Vec<u8> {
    wire![
        b'R',          // Byte1('R')
        &[0, 0, 0, 8], // Int32(8): length
        &[0, 0, 0, 3], // Int32(3): clear-text password required
    ]
}

pub fn md5_password() -> Vec<u8> {
    wire![
        b'R',                      // Byte1('R')
        &[0, 0, 0, 12],            // Int32(12): length
        &[0, 0, 0, 5],             // Int32(5): MD5 password required
        &[0xde, 0xad, 0xbe, 0xef], // Byte4: the salt
    ]
}

pub fn gss() -> Vec<u8> {
    wire![
        b'R',          // Byte1('R')
        &[0, 0, 0, 8], // Int32(8): length
        &[0, 0, 0, 7], // Int32(7): GSSAPI required
    ]
}

pub fn gss_continue() -> Vec<u8> {
    wire![
        b'R',           // Byte1('R')
        &[0, 0, 0, 11], // Int32: length 4 + 4 + 3
        &[0, 0, 0, 8],  // Int32(8): GSSAPI or SSPI data follows
        b"tok",         // Byten: GSSAPI or SSPI authentication data
    ]
}

pub fn sspi() -> Vec<u8> {
    wire![
        b'R',          // Byte1('R')
        &[0, 0, 0, 8], // Int32(8): length
        &[0, 0, 0, 9], // Int32(9): SSPI required
    ]
}

pub fn sasl() -> Vec<u8> {
    wire![
        b'R',                    // Byte1('R')
        &[0, 0, 0, 42],          // Int32: length 4 + 4 + 19 + 14 + 1
        &[0, 0, 0, 10],          // Int32(10): SASL required
        b"SCRAM-SHA-256-PLUS\0", // String: mechanism name
        b"SCRAM-SHA-256\0",      // String: mechanism name
        0,                       // Byte1(0): end of the list
    ]
}

pub fn sasl_continue() -> Vec<u8> {
    wire![
        b'R',                       // Byte1('R')
        &[0, 0, 0, 31],             // Int32: length 4 + 4 + 23
        &[0, 0, 0, 11],             // Int32(11): SASL challenge
        b"r=abc,s=c2FsdA==,i=4096", // Byten: SASL data
    ]
}

pub fn sasl_final() -> Vec<u8> {
    wire![
        b'R',           // Byte1('R')
        &[0, 0, 0, 18], // Int32: length 4 + 4 + 10
        &[0, 0, 0, 12], // Int32(12): SASL completed
        b"v=dGVzdA==",  // Byten: SASL outcome additional data
    ]
}

pub fn vectors() -> Vec<Vector> {
    vec![
        ("authentication_ok", ok()),
        ("authentication_kerberos_v5", kerberos_v5()),
        ("authentication_cleartext_password", cleartext_password()),
        ("authentication_md5_password", md5_password()),
        ("authentication_gss", gss()),
        ("authentication_gss_continue", gss_continue()),
        ("authentication_sspi", sspi()),
        ("authentication_sasl", sasl()),
        ("authentication_sasl_continue", sasl_continue()),
        ("authentication_sasl_final", sasl_final()),
    ]
}

fn auth(bytes: &[u8]) -> Authentication {
    match backend(bytes) {
        BackendMessage::Authentication(auth) => auth,
        other => panic!("not Authentication: {other:?}"),
    }
}

#[test]
fn authentication_requests_without_data_parse_and_encode() {
    let cases: [(Vec<u8>, Authentication, Encoder); 5] = [
        (ok(), Authentication::Ok, backend::authentication_ok),
        (
            kerberos_v5(),
            Authentication::KerberosV5,
            backend::authentication_kerberos_v5,
        ),
        (
            cleartext_password(),
            Authentication::CleartextPassword,
            backend::authentication_cleartext_password,
        ),
        (gss(), Authentication::Gss, backend::authentication_gss),
        (sspi(), Authentication::Sspi, backend::authentication_sspi),
    ];
    for (bytes, expected, encoder) in cases {
        assert_eq!(auth(&bytes), expected);
        assert_eq!(encoded(encoder), bytes);
    }
}

#[test]
fn authentication_md5_password_salt() {
    assert_eq!(
        auth(&md5_password()),
        Authentication::Md5Password {
            salt: [0xde, 0xad, 0xbe, 0xef]
        }
    );
    assert_eq!(
        encoded(|b| backend::authentication_md5_password([0xde, 0xad, 0xbe, 0xef], b)),
        md5_password()
    );
}

#[test]
fn authentication_gss_continue_data() {
    assert_eq!(
        auth(&gss_continue()),
        Authentication::GssContinue(Bytes::from_static(b"tok"))
    );
    assert_eq!(
        encoded(|b| backend::authentication_gss_continue(b"tok", b).unwrap()),
        gss_continue()
    );
}

#[test]
fn authentication_sasl_mechanism_list() {
    let Authentication::Sasl(mechs) = auth(&sasl()) else {
        panic!("not SASL")
    };
    assert_eq!(
        mechs.iter().collect::<Vec<_>>(),
        ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"]
    );
    assert_eq!(
        encoded(
            |b| backend::authentication_sasl(["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], b).unwrap()
        ),
        sasl()
    );
}

#[test]
fn authentication_sasl_continue_and_final_data() {
    assert_eq!(
        auth(&sasl_continue()),
        Authentication::SaslContinue(Bytes::from_static(b"r=abc,s=c2FsdA==,i=4096"))
    );
    assert_eq!(
        auth(&sasl_final()),
        Authentication::SaslFinal(Bytes::from_static(b"v=dGVzdA=="))
    );
    assert_eq!(
        encoded(|b| backend::authentication_sasl_continue(b"r=abc,s=c2FsdA==,i=4096", b).unwrap()),
        sasl_continue()
    );
    assert_eq!(
        encoded(|b| backend::authentication_sasl_final(b"v=dGVzdA==", b).unwrap()),
        sasl_final()
    );
}

#[test]
fn authentication_malformed_bodies() {
    let kind = MessageKind::Authentication;
    let cases: [(Vec<u8>, ProtocolError); 4] = [
        (
            wire![b'R', &[0, 0, 0, 6], &[0, 0]], // Int32 code cut to two bytes
            ProtocolError::Malformed {
                message: kind,
                field: "authentication code",
                problem: Problem::Truncated,
            },
        ),
        (
            wire![b'R', &[0, 0, 0, 8], &[0, 0, 0, 6]], // code 6 (SCM credentials) is no longer defined
            ProtocolError::Malformed {
                message: kind,
                field: "authentication code",
                problem: Problem::Invalid { value: 6 },
            },
        ),
        (
            wire![b'R', &[0, 0, 0, 10], &[0, 0, 0, 5], &[1, 2]], // MD5 salt of two bytes
            ProtocolError::Malformed {
                message: kind,
                field: "salt",
                problem: Problem::Truncated,
            },
        ),
        (
            wire![b'R', &[0, 0, 0, 9], &[0, 0, 0, 0], 0], // AuthenticationOk with a stray byte
            ProtocolError::TrailingData {
                message: kind,
                len: 1,
            },
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(Authentication::parse(body(&bytes, b'R')), Err(expected));
    }
}
