//! The `frontend_roundtrip` fuzz target, two ways round: (1) the raw input through the frontend
//! splitters and parsers, where whatever parses must re-encode to the same bytes; (2) the input
//! read as a program of frontend messages with arbitrary fields, encoded, then parsed back,
//! which must give the same messages (or, for invalid fields, an error and an untouched buffer).

use bytes::{Bytes, BytesMut};

use super::Input;
use crate::protocol::frontend::{
    self, Bind, CancelRequest, Close, CopyFail, Describe, Execute, FrontendMessage,
    MAX_STARTUP_PACKET_LEN, Parse, PasswordMessage, Query, SaslInitialResponse, SaslResponse,
    StartupMessage, StartupPacket, split_startup_packet,
};
use crate::protocol::{
    DEFAULT_MAX_MESSAGE_LEN, EncodeError, Format, IsNull, ObjectKind, ProtocolVersion, split_frame,
};

/// Runs both halves on `data`; panics on any inconsistency.
pub fn frontend_roundtrip(data: &[u8]) {
    raw_startup_packet(data);
    raw_tagged_frames(data);
    structured(data);
}

fn raw_startup_packet(data: &[u8]) {
    let mut buf = BytesMut::from(data);
    let Ok(Some(body)) = split_startup_packet(&mut buf, MAX_STARTUP_PACKET_LEN) else {
        return;
    };
    let packet_len = body.len() + 4;
    if let Ok(packet) = StartupPacket::parse(body) {
        let mut out = BytesMut::new();
        packet
            .encode(&mut out)
            .expect("a parsed startup packet re-encodes");
        assert_eq!(&out[..], &data[..packet_len], "re-encoding {packet:?}");
    }
}

fn raw_tagged_frames(data: &[u8]) {
    let mut buf = BytesMut::from(data);
    let mut at = 0;
    while let Ok(Some(frame)) = split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN) {
        let original = &data[at..at + frame.body.len() + 5];
        at += original.len();
        if let Ok(message) = FrontendMessage::parse(frame.tag, frame.body.clone()) {
            let mut out = BytesMut::new();
            message
                .encode(&mut out)
                .expect("a parsed message re-encodes");
            assert_eq!(&out[..], original, "re-encoding {message:?}");
        }
        if frame.tag == b'p' {
            check_password_family(&frame.body, original);
        }
    }
}

/// A `'p'` body read as each of the messages that share the tag.
fn check_password_family(body: &Bytes, original: &[u8]) {
    let mut out = BytesMut::new();
    if let Ok(p) = PasswordMessage::parse(body.clone()) {
        frontend::password_message(&p.password, &mut out).expect("re-encodes");
        assert_eq!(&out[..], original);
    }
    out.clear();
    if let Ok(s) = SaslInitialResponse::parse(body.clone()) {
        frontend::sasl_initial_response(&s.mechanism, s.data.as_deref(), &mut out)
            .expect("re-encodes");
        assert_eq!(&out[..], original);
    }
    out.clear();
    let s = SaslResponse::parse(body.clone()).expect("every body is a SASLResponse");
    frontend::sasl_response(&s.data, &mut out).expect("re-encodes");
    assert_eq!(&out[..], original);
}

/// What one generated operation should parse back as.
enum Expected {
    Tagged(FrontendMessage),
    Startup(StartupPacket),
    Password(PasswordMessage),
    SaslInitial(SaslInitialResponse),
    Sasl(SaslResponse),
}

fn structured(data: &[u8]) {
    let mut input = Input::new(data);
    let mut stream = BytesMut::new();
    let mut tagged = Vec::new();
    for _ in 0..32 {
        if input.is_empty() {
            break;
        }
        let mut buf = BytesMut::from(&b"prefix"[..]);
        let (result, expected) = generate(&mut input, &mut buf);
        match (result, expected) {
            (Ok(()), Some(expected)) => {
                let encoded = buf.split_off(6).freeze();
                check_parses_back(&encoded, &expected);
                if let Expected::Tagged(message) = expected {
                    stream.extend_from_slice(&encoded);
                    tagged.push(message);
                }
            }
            (Err(_), None) => assert_eq!(&buf[..], b"prefix", "a failed encode left bytes"),
            (Ok(()), None) => panic!("encoded invalid input: {:?}", &buf[6..]),
            (Err(e), Some(_)) => panic!("valid input failed to encode: {e}"),
        }
    }
    // All tagged messages, concatenated, split back into the same sequence.
    let mut parsed = Vec::new();
    while let Some(frame) = split_frame(&mut stream, DEFAULT_MAX_MESSAGE_LEN).expect("valid frames")
    {
        parsed.push(FrontendMessage::parse(frame.tag, frame.body).expect("valid message"));
    }
    assert!(stream.is_empty());
    assert_eq!(parsed, tagged);
}

fn check_parses_back(encoded: &Bytes, expected: &Expected) {
    if let Expected::Startup(packet) = expected {
        let mut buf = BytesMut::from(&encoded[..]);
        let body = split_startup_packet(&mut buf, usize::MAX)
            .expect("valid")
            .expect("complete");
        assert!(buf.is_empty());
        assert_eq!(&StartupPacket::parse(body).expect("parses back"), packet);
        return;
    }
    let mut buf = BytesMut::from(&encoded[..]);
    let frame = split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN)
        .expect("valid")
        .expect("complete");
    assert!(buf.is_empty());
    let body = frame.body;
    match expected {
        Expected::Tagged(m) => {
            assert_eq!(&FrontendMessage::parse(frame.tag, body).expect("parses"), m)
        }
        Expected::Password(p) => assert_eq!(&PasswordMessage::parse(body).expect("parses"), p),
        Expected::SaslInitial(s) => {
            assert_eq!(&SaslInitialResponse::parse(body).expect("parses"), s)
        }
        Expected::Sasl(s) => assert_eq!(&SaslResponse::parse(body).expect("parses"), s),
        Expected::Startup(_) => unreachable!("handled above"),
    }
}

/// Runs an encoder that cannot fail, as the `Result` the others return.
fn infallible(encoder: fn(&mut BytesMut), buf: &mut BytesMut) -> Result<(), EncodeError> {
    encoder(buf);
    Ok(())
}

fn has_nul(s: &str) -> bool {
    s.as_bytes().contains(&0)
}

fn format(input: &mut Input<'_>) -> Format {
    if input.bool() {
        Format::Binary
    } else {
        Format::Text
    }
}

fn formats(input: &mut Input<'_>) -> Vec<Format> {
    (0..input.u8() % 6).map(|_| format(input)).collect()
}

fn kind(input: &mut Input<'_>) -> ObjectKind {
    if input.bool() {
        ObjectKind::Portal
    } else {
        ObjectKind::Statement
    }
}

/// Encodes one generated message into `buf`; returns the encoder's result and what the bytes
/// must parse back as (`None` when the input is invalid and the encoder must refuse).
fn generate(
    input: &mut Input<'_>,
    buf: &mut BytesMut,
) -> (Result<(), EncodeError>, Option<Expected>) {
    use Expected::{Password, Sasl, SaslInitial, Startup, Tagged};
    use FrontendMessage as F;
    let valid = |ok: bool, e: Expected| ok.then_some(e);
    match input.u8() % 19 {
        0 => {
            let mut version = ProtocolVersion::from_code(input.i32());
            if version.major == 1234 || input.bool() {
                // 1234.x codes are the special requests, not a StartupMessage.
                version = ProtocolVersion::V3_0;
            }
            let params: Vec<(String, String)> = (0..input.u8() % 4)
                .map(|_| (input.string(12), input.string(12)))
                .collect();
            let ok = params
                .iter()
                .all(|(k, v)| !k.is_empty() && !has_nul(k) && !has_nul(v));
            let r = frontend::startup_message(version, params.iter().map(|(k, v)| (k, v)), buf);
            (
                r,
                valid(
                    ok,
                    Startup(StartupPacket::Startup(StartupMessage { version, params })),
                ),
            )
        }
        1 => (
            infallible(frontend::ssl_request, buf),
            Some(Startup(StartupPacket::SslRequest)),
        ),
        2 => (
            infallible(frontend::gssenc_request, buf),
            Some(Startup(StartupPacket::GssEncRequest)),
        ),
        3 => {
            let process_id = input.i32();
            let key = input.bytes(300).to_vec();
            let ok = (4..=256).contains(&key.len());
            let r = frontend::cancel_request(process_id, &key, buf);
            let expected = CancelRequest {
                process_id,
                secret_key: Bytes::from(key),
            };
            (r, valid(ok, Startup(StartupPacket::Cancel(expected))))
        }
        4 => {
            let password = input.bytes(40).to_vec();
            let ok = !password.contains(&0);
            let r = frontend::password_message(&password, buf);
            (
                r,
                valid(
                    ok,
                    Password(PasswordMessage {
                        password: Bytes::from(password),
                    }),
                ),
            )
        }
        5 => {
            let mechanism = input.string(20);
            let data = input
                .bool()
                .then(|| Bytes::copy_from_slice(input.bytes(60)));
            let ok = !mechanism.is_empty() && !has_nul(&mechanism);
            let r = frontend::sasl_initial_response(&mechanism, data.as_deref(), buf);
            (
                r,
                valid(ok, SaslInitial(SaslInitialResponse { mechanism, data })),
            )
        }
        6 => {
            let data = Bytes::copy_from_slice(input.bytes(60));
            (
                frontend::sasl_response(&data, buf),
                Some(Sasl(SaslResponse { data })),
            )
        }
        7 => {
            let sql = input.string(80);
            let r = frontend::query(&sql, buf);
            (r, valid(!has_nul(&sql), Tagged(F::Query(Query { sql }))))
        }
        8 => {
            let name = input.string(10);
            let query = input.string(40);
            let param_type_oids: Vec<u32> =
                (0..input.u8() % 8).map(|_| input.i32() as u32).collect();
            let ok = !has_nul(&name) && !has_nul(&query);
            let r = frontend::parse(&name, &query, param_type_oids.iter().copied(), buf);
            (
                r,
                valid(
                    ok,
                    Tagged(F::Parse(Parse {
                        name,
                        query,
                        param_type_oids,
                    })),
                ),
            )
        }
        9 => {
            let portal = input.string(8);
            let statement = input.string(8);
            let param_formats = formats(input);
            let params: Vec<Option<Bytes>> = (0..input.u8() % 6)
                .map(|_| {
                    input
                        .bool()
                        .then(|| Bytes::copy_from_slice(input.bytes(16)))
                })
                .collect();
            let result_formats = formats(input);
            let ok = !has_nul(&portal) && !has_nul(&statement);
            let r = frontend::bind(
                &portal,
                &statement,
                param_formats.iter().copied(),
                &params,
                |p, buf| {
                    Ok::<_, std::convert::Infallible>(match p {
                        Some(v) => {
                            buf.extend_from_slice(v);
                            IsNull::No
                        }
                        None => IsNull::Yes,
                    })
                },
                result_formats.iter().copied(),
                buf,
            )
            .map_err(|e| match e {
                frontend::BindError::Encode(e) => e,
                frontend::BindError::Serialize { error, .. } => match error {},
            });
            let bind = Bind {
                portal,
                statement,
                param_formats,
                params,
                result_formats,
            };
            (r, valid(ok, Tagged(F::Bind(bind))))
        }
        10 => {
            let (kind, name) = (kind(input), input.string(10));
            let r = frontend::describe(kind, &name, buf);
            (
                r,
                valid(
                    !has_nul(&name),
                    Tagged(F::Describe(Describe { kind, name })),
                ),
            )
        }
        11 => {
            let (portal, max_rows) = (input.string(10), input.i32());
            let r = frontend::execute(&portal, max_rows, buf);
            (
                r,
                valid(
                    !has_nul(&portal),
                    Tagged(F::Execute(Execute { portal, max_rows })),
                ),
            )
        }
        12 => {
            let (kind, name) = (kind(input), input.string(10));
            let r = frontend::close(kind, &name, buf);
            (
                r,
                valid(!has_nul(&name), Tagged(F::Close(Close { kind, name }))),
            )
        }
        13 => (infallible(frontend::sync, buf), Some(Tagged(F::Sync))),
        14 => (infallible(frontend::flush, buf), Some(Tagged(F::Flush))),
        15 => {
            let data = Bytes::copy_from_slice(input.bytes(100));
            (
                frontend::copy_data(&data, buf),
                Some(Tagged(F::CopyData(data))),
            )
        }
        16 => (
            infallible(frontend::copy_done, buf),
            Some(Tagged(F::CopyDone)),
        ),
        17 => {
            let message = input.string(30);
            let r = frontend::copy_fail(&message, buf);
            (
                r,
                valid(
                    !has_nul(&message),
                    Tagged(F::CopyFail(CopyFail { message })),
                ),
            )
        }
        _ => (
            infallible(frontend::terminate, buf),
            Some(Tagged(F::Terminate)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontend_roundtrip_accepts_empty_and_every_operation() {
        frontend_roundtrip(b"");
        for op in 0..19u8 {
            frontend_roundtrip(&[op, 3, b'a', 0, b'b', 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        }
    }

    #[test]
    fn frontend_roundtrip_raw_frames() {
        frontend_roundtrip(b"Q\0\0\0\x0dSELECT 1\0S\0\0\0\x04p\0\0\0\x07pw\0");
        frontend_roundtrip(b"\0\0\0\x08\x04\xd2\x16\x2f");
    }
}
