//! Whole startup conversations in memory: server bytes scripted with the protocol module's
//! backend encoders, the client's answers read back with its frontend parsers.

use bytes::{Bytes, BytesMut};

use super::machine::{STARTUP_MAX_MESSAGE, STARTUP_MAX_MESSAGES};
use super::{Progress, Session, StartupMachine, StartupSettings};
use crate::auth::{AuthError, ChannelBinding, ChannelBindingMode, SCRAM_SHA_256_PLUS};
use crate::error::{Error, ErrorKind};
use crate::fuzzing::{CLIENT_NONCE, PASSWORD, Profile, scram_script};
use crate::protocol::backend::{self as be, TransactionStatus};
use crate::protocol::frontend::{
    MAX_STARTUP_PACKET_LEN, PasswordMessage, SaslInitialResponse, SaslResponse, StartupPacket,
    split_startup_packet,
};
use crate::protocol::{ProtocolError, ProtocolVersion, split_frame};

const CERT: &[u8] = include_bytes!("../../auth/testdata/rsa_sha256.der");

/// A machine and everything it has sent so far.
struct Client {
    machine: StartupMachine,
    sent: BytesMut,
    startup_seen: bool,
}

impl Client {
    fn new(settings: &StartupSettings, cert: Option<&[u8]>) -> Client {
        let machine = StartupMachine::new(settings, cert)
            .unwrap()
            .with_scram_nonce(CLIENT_NONCE);
        let mut client = Client {
            machine,
            sent: BytesMut::new(),
            startup_seen: false,
        };
        client.collect();
        client
    }

    fn of(profile: Profile) -> Client {
        Client::new(&profile.settings(), profile.certificate())
    }

    fn collect(&mut self) {
        while let Some(out) = self.machine.poll_transmit() {
            self.sent.extend_from_slice(&out);
        }
    }

    /// The StartupMessage the client sent first.
    fn startup_message(&mut self) -> StartupPacket {
        assert!(!self.startup_seen);
        self.startup_seen = true;
        let body = split_startup_packet(&mut self.sent, MAX_STARTUP_PACKET_LEN)
            .unwrap()
            .unwrap();
        StartupPacket::parse(body).unwrap()
    }

    /// The `'p'` bodies sent since the last call (after the StartupMessage).
    fn answers(&mut self) -> Vec<Bytes> {
        if !self.startup_seen {
            self.startup_message();
        }
        let mut bodies = Vec::new();
        while let Some(frame) = split_frame(&mut self.sent, usize::MAX).unwrap() {
            assert_eq!(frame.tag, b'p');
            bodies.push(frame.body);
        }
        assert!(self.sent.is_empty());
        bodies
    }

    /// Feeds `server` in one piece.
    fn feed(&mut self, server: &[u8]) -> Result<Progress, Error> {
        let mut buf = BytesMut::from(server);
        let result = self.machine.handle_input(&mut buf);
        self.collect();
        result
    }

    fn established(&mut self, server: &[u8]) -> Session {
        match self.feed(server) {
            Ok(Progress::Established(session)) => session,
            other => panic!("not established: {other:?}"),
        }
    }

    fn error(&mut self, server: &[u8]) -> Error {
        match self.feed(server) {
            Err(e) => e,
            other => panic!("no error: {other:?}"),
        }
    }
}

fn build(f: impl FnOnce(&mut BytesMut)) -> Vec<u8> {
    let mut buf = BytesMut::new();
    f(&mut buf);
    buf.to_vec()
}

/// ParameterStatus ×2, BackendKeyData, ReadyForQuery.
fn session_start(buf: &mut BytesMut) {
    be::parameter_status("server_version", "18.0", buf).unwrap();
    be::parameter_status("TimeZone", "UTC", buf).unwrap();
    be::backend_key_data(4242, &[9, 8, 7, 6], buf).unwrap();
    be::ready_for_query(TransactionStatus::Idle, buf);
}

fn fatal(code: &str, buf: &mut BytesMut) {
    let fields = [
        (b'S', "FATAL"),
        (b'V', "FATAL"),
        (b'C', code),
        (b'M', "refused"),
    ];
    be::error_response(fields, buf).unwrap();
}

fn protocol_cause(e: &Error) -> &ProtocolError {
    assert_eq!(e.kind(), ErrorKind::Protocol, "{e}");
    e.cause()
        .and_then(|c| c.downcast_ref::<ProtocolError>())
        .unwrap_or_else(|| panic!("no ProtocolError in {e:?}"))
}

fn auth_cause(e: &Error) -> &AuthError {
    assert_eq!(e.kind(), ErrorKind::Auth, "{e}");
    e.cause()
        .and_then(|c| c.downcast_ref::<AuthError>())
        .unwrap_or_else(|| panic!("no AuthError in {e:?}"))
}

fn check_session(session: &Session, protocol: ProtocolVersion) {
    assert_eq!(session.parameters["server_version"], "18.0");
    assert_eq!(session.parameters["TimeZone"], "UTC");
    assert_eq!(session.process_id, 4242);
    assert_eq!(&session.secret_key[..], &[9, 8, 7, 6]);
    assert_eq!(session.protocol, protocol);
    assert!(session.leftover.is_empty());
}

#[test]
fn trust_logs_in_without_answering() {
    let mut client = Client::of(Profile::Trust);
    let StartupPacket::Startup(message) = client.startup_message() else {
        panic!("not a StartupMessage");
    };
    assert_eq!(message.version, ProtocolVersion::V3_0);
    assert_eq!(message.params[0], ("user".into(), "alice".into()));
    let session = client.established(&build(|buf| {
        be::authentication_ok(buf);
        session_start(buf);
    }));
    check_session(&session, ProtocolVersion::V3_0);
    assert!(client.answers().is_empty());
}

#[test]
fn cleartext_sends_the_password() {
    let mut client = Client::of(Profile::Password);
    assert!(matches!(
        client.feed(&build(be::authentication_cleartext_password)),
        Ok(Progress::NeedInput)
    ));
    let answers = client.answers();
    assert_eq!(answers.len(), 1);
    let message = PasswordMessage::parse(answers[0].clone()).unwrap();
    assert_eq!(&message.password[..], PASSWORD.as_bytes());
    let session = client.established(&build(|buf| {
        be::authentication_ok(buf);
        session_start(buf);
    }));
    // Password asks for 3.2; no NegotiateProtocolVersion came, so 3.2 stands.
    check_session(&session, ProtocolVersion::V3_2);
}

#[test]
fn md5_sends_the_salted_hash() {
    let mut client = Client::of(Profile::Password);
    client
        .feed(&build(|buf| be::authentication_md5_password(*b"s4lt", buf)))
        .unwrap();
    let answers = client.answers();
    let message = PasswordMessage::parse(answers[0].clone()).unwrap();
    let expected = crate::auth::md5_hash(b"alice", PASSWORD.as_bytes(), *b"s4lt");
    assert_eq!(&message.password[..], expected.as_bytes());
    assert!(expected.starts_with("md5") && expected.len() == 35);
    client.established(&build(|buf| {
        be::authentication_ok(buf);
        session_start(buf);
    }));
}

/// Runs SCRAM up to SASLFinal on `client`, checking each client message; returns the script.
fn scram_until_final(
    client: &mut Client,
    offered: &[&str],
    binding: &ChannelBinding,
) -> crate::fuzzing::ScramScript {
    let script = scram_script(PASSWORD, binding, CLIENT_NONCE);
    client
        .feed(&build(|buf| {
            be::authentication_sasl(offered.iter().copied(), buf).unwrap()
        }))
        .unwrap();
    let answers = client.answers();
    let initial = SaslInitialResponse::parse(answers[0].clone()).unwrap();
    let expected_first = format!("{}n=,r={CLIENT_NONCE}", binding.gs2_header());
    assert_eq!(&initial.data.unwrap()[..], expected_first.as_bytes());
    client
        .feed(&build(|buf| {
            be::authentication_sasl_continue(script.server_first.as_bytes(), buf).unwrap()
        }))
        .unwrap();
    let answers = client.answers();
    let response = SaslResponse::parse(answers[0].clone()).unwrap();
    let client_final = std::str::from_utf8(&response.data).unwrap();
    let (without_proof, _proof) = client_final.rsplit_once(",p=").unwrap();
    assert_eq!(without_proof, script.client_final_without_proof);
    let plus = matches!(binding, ChannelBinding::TlsServerEndPoint(_));
    assert_eq!(initial.mechanism == SCRAM_SHA_256_PLUS, plus);
    script
}

#[test]
fn scram_sha_256_verifies_the_server() {
    let mut client = Client::of(Profile::Password);
    let script = scram_until_final(
        &mut client,
        &["SCRAM-SHA-256"],
        &ChannelBinding::Unsupported,
    );
    let session = client.established(&build(|buf| {
        be::authentication_sasl_final(script.server_final.as_bytes(), buf).unwrap();
        be::authentication_ok(buf);
        session_start(buf);
    }));
    check_session(&session, ProtocolVersion::V3_2);
}

#[test]
fn scram_sha_256_plus_binds_the_certificate() {
    let mut client = Client::of(Profile::TlsRequire);
    let binding = ChannelBinding::tls_server_end_point(CERT).unwrap();
    let script = scram_until_final(
        &mut client,
        &[SCRAM_SHA_256_PLUS, "SCRAM-SHA-256"],
        &binding,
    );
    client.established(&build(|buf| {
        be::authentication_sasl_final(script.server_final.as_bytes(), buf).unwrap();
        be::authentication_ok(buf);
        session_start(buf);
    }));
}

#[test]
fn scram_with_a_wrong_server_signature_is_refused() {
    let mut client = Client::of(Profile::Password);
    scram_until_final(
        &mut client,
        &["SCRAM-SHA-256"],
        &ChannelBinding::Unsupported,
    );
    let e = client.error(&build(|buf| {
        be::authentication_sasl_final(b"v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", buf)
            .unwrap();
    }));
    assert_eq!(auth_cause(&e), &AuthError::ServerSignatureMismatch);
}

#[test]
fn authentication_ok_without_the_scram_proof_is_refused() {
    let mut client = Client::of(Profile::Password);
    scram_until_final(
        &mut client,
        &["SCRAM-SHA-256"],
        &ChannelBinding::Unsupported,
    );
    let e = client.error(&build(be::authentication_ok));
    assert_eq!(auth_cause(&e), &AuthError::ScramIncomplete);
}

#[test]
fn channel_binding_require_refuses_a_password_request_before_answering() {
    let mut client = Client::of(Profile::TlsRequire);
    let e = client.error(&build(be::authentication_cleartext_password));
    assert!(matches!(
        auth_cause(&e),
        AuthError::ChannelBindingRefused { .. }
    ));
    assert!(client.answers().is_empty(), "a password left the client");
    // And trust is refused at AuthenticationOk.
    let mut client = Client::of(Profile::TlsRequire);
    let e = client.error(&build(be::authentication_ok));
    assert_eq!(auth_cause(&e), &AuthError::ChannelBindingNotUsed);
}

#[test]
fn require_auth_refuses_md5_and_unsupported_methods_are_typed() {
    let mut client = Client::of(Profile::RequireScram);
    let e = client.error(&build(|buf| be::authentication_md5_password(*b"salt", buf)));
    assert!(matches!(auth_cause(&e), AuthError::RequestRefused { .. }));
    let mut client = Client::of(Profile::Password);
    let e = client.error(&build(be::authentication_gss));
    assert!(matches!(auth_cause(&e), AuthError::Unsupported { .. }));
    assert!(client.answers().is_empty());
}

#[test]
fn a_password_request_without_a_password_is_an_auth_error() {
    let mut client = Client::of(Profile::Trust);
    let e = client.error(&build(be::authentication_cleartext_password));
    assert_eq!(e.kind(), ErrorKind::Auth);
    assert!(client.answers().is_empty());
}

#[test]
fn server_errors_at_every_step() {
    // Before authentication: an auth class error is Auth, anything else stays Db.
    let mut client = Client::of(Profile::Password);
    let e = client.error(&build(|buf| fatal("28000", buf)));
    assert_eq!(e.kind(), ErrorKind::Auth);
    let db = e
        .cause()
        .unwrap()
        .downcast_ref::<crate::error::DbError>()
        .unwrap();
    assert_eq!(db.code().code(), "28000");
    let mut client = Client::of(Profile::Password);
    let e = client.error(&build(|buf| fatal("53300", buf)));
    assert_eq!(e.kind(), ErrorKind::Db);
    assert_eq!(e.code().unwrap().code(), "53300");

    // After the password.
    let mut client = Client::of(Profile::Password);
    client
        .feed(&build(be::authentication_cleartext_password))
        .unwrap();
    let e = client.error(&build(|buf| fatal("28P01", buf)));
    assert_eq!(e.kind(), ErrorKind::Auth);
    assert!(client.machine.refused_before_auth());

    // After SASLContinue.
    let mut client = Client::of(Profile::Password);
    scram_until_final(
        &mut client,
        &["SCRAM-SHA-256"],
        &ChannelBinding::Unsupported,
    );
    let e = client.error(&build(|buf| fatal("28P01", buf)));
    assert_eq!(e.kind(), ErrorKind::Auth);

    // During ParameterStatus.
    let mut client = Client::of(Profile::Trust);
    let e = client.error(&build(|buf| {
        be::authentication_ok(buf);
        be::parameter_status("a", "b", buf).unwrap();
        fatal("57P03", buf);
    }));
    assert_eq!(e.kind(), ErrorKind::Db);
    assert_eq!(e.code().unwrap().code(), "57P03");
    // After AuthenticationOk the refusal is not one libpq's sslmode fallbacks retry.
    assert!(!client.machine.refused_before_auth());

    // A malformed ErrorResponse is a protocol error, not a Db one.
    let mut client = Client::of(Profile::Trust);
    let e = client.error(b"E\0\0\0\x06Sx");
    assert_eq!(e.kind(), ErrorKind::Protocol);

    // The client's own refusal is not the server's.
    let mut client = Client::of(Profile::TlsRequire);
    client.error(&build(be::authentication_cleartext_password));
    assert!(!client.machine.refused_before_auth());
}

#[test]
fn negotiate_protocol_version_down_to_3_0_is_accepted() {
    let mut client = Client::of(Profile::Password);
    let session = client.established(&build(|buf| {
        be::negotiate_protocol_version(ProtocolVersion::V3_0.code(), ["_pq_.x"], buf).unwrap();
        be::authentication_ok(buf);
        session_start(buf);
    }));
    check_session(&session, ProtocolVersion::V3_0);
    // A bare minor number reads as a minor of the asked major.
    let mut client = Client::of(Profile::Password);
    let session = client.established(&build(|buf| {
        be::negotiate_protocol_version(0, [], buf).unwrap();
        be::authentication_ok(buf);
        session_start(buf);
    }));
    assert_eq!(session.protocol, ProtocolVersion::V3_0);
}

#[test]
fn negotiate_protocol_version_outside_the_range_is_refused() {
    let mut settings = Profile::Password.settings();
    settings.min_protocol = ProtocolVersion::V3_2;
    let mut client = Client::new(&settings, None);
    let e = client.error(&build(|buf| {
        be::negotiate_protocol_version(ProtocolVersion::V3_0.code(), [], buf).unwrap();
    }));
    assert_eq!(e.kind(), ErrorKind::Protocol);
    assert!(e.to_string().contains("3.0"), "{e}");
    // Above what was asked.
    let mut client = Client::of(Profile::Trust);
    let e = client.error(&build(|buf| {
        be::negotiate_protocol_version(ProtocolVersion::V3_2.code(), [], buf).unwrap();
    }));
    assert_eq!(e.kind(), ErrorKind::Protocol);
}

#[test]
fn a_data_row_during_authentication_is_a_typed_protocol_error() {
    let mut client = Client::of(Profile::Password);
    let e = client.error(&build(|buf| be::data_row([Some(&b"x"[..])], buf).unwrap()));
    assert_eq!(
        protocol_cause(&e),
        &ProtocolError::Unexpected {
            expected: "an authentication request",
            got: b'D',
        }
    );
    let mut client = Client::of(Profile::Trust);
    let e = client.error(&build(|buf| {
        be::authentication_ok(buf);
        be::authentication_ok(buf);
    }));
    assert_eq!(
        protocol_cause(&e),
        &ProtocolError::Unexpected {
            expected: "ParameterStatus, BackendKeyData or ReadyForQuery",
            got: b'R',
        }
    );
}

#[test]
fn a_malformed_ready_for_query_is_refused() {
    let mut client = Client::of(Profile::Trust);
    let e = client.error(&build(|buf| {
        be::authentication_ok(buf);
        // ReadyForQuery
        buf.extend_from_slice(&[b'Z', 0, 0, 0, 5]);
        buf.extend_from_slice(b"X"); // no such transaction status
    }));
    assert!(matches!(
        protocol_cause(&e),
        ProtocolError::Malformed { .. }
    ));
}

#[test]
fn too_many_messages_are_refused() {
    let mut client = Client::of(Profile::Trust);
    let notices = build(|buf| {
        for _ in 0..STARTUP_MAX_MESSAGES {
            be::notice_response([(b'S', "NOTICE")], buf).unwrap();
        }
    });
    assert!(matches!(client.feed(&notices), Ok(Progress::NeedInput)));
    let e = client.error(&build(be::authentication_ok));
    assert_eq!(e.kind(), ErrorKind::Protocol);
    assert!(e.to_string().contains("too many messages"), "{e}");
}

#[test]
fn an_oversized_message_is_refused_before_buffering() {
    let mut client = Client::of(Profile::Trust);
    let len = (STARTUP_MAX_MESSAGE as u32 + 1).to_be_bytes();
    // Only the header: the body never needs to arrive.
    let e = client.error(&[b'S', len[0], len[1], len[2], len[3]]);
    assert!(matches!(protocol_cause(&e), ProtocolError::TooLong { .. }));
}

#[test]
fn byte_at_a_time_gives_the_same_session() {
    let mut client = Client::of(Profile::Password);
    let script = scram_script(PASSWORD, &ChannelBinding::Unsupported, CLIENT_NONCE);
    let server = build(|buf| {
        be::authentication_sasl(["SCRAM-SHA-256"], buf).unwrap();
        be::authentication_sasl_continue(script.server_first.as_bytes(), buf).unwrap();
        be::authentication_sasl_final(script.server_final.as_bytes(), buf).unwrap();
        be::authentication_ok(buf);
        session_start(buf);
    });
    let mut buf = BytesMut::new();
    let mut session = None;
    for (i, &byte) in server.iter().enumerate() {
        buf.extend_from_slice(&[byte]);
        match client.machine.handle_input(&mut buf).unwrap() {
            Progress::NeedInput => assert!(i + 1 < server.len()),
            Progress::Established(s) => {
                assert_eq!(i + 1, server.len());
                session = Some(s);
            }
        }
    }
    check_session(&session.expect("established"), ProtocolVersion::V3_2);
    client.collect();
    assert_eq!(
        client.answers().len(),
        2,
        "SASLInitialResponse and SASLResponse"
    );
    // A finished machine takes nothing more.
    assert!(client.feed(b"Z\0\0\0\x05I").is_err());
}

#[test]
fn bytes_past_ready_for_query_are_kept() {
    let mut client = Client::of(Profile::Trust);
    let session = client.established(&build(|buf| {
        be::authentication_ok(buf);
        session_start(buf);
        buf.extend_from_slice(b"N\0\0");
    }));
    assert_eq!(&session.leftover[..], b"N\0\0");
}

#[test]
fn notices_are_skipped_anywhere() {
    let mut client = Client::of(Profile::Trust);
    let session = client.established(&build(|buf| {
        be::notice_response([(b'S', "NOTICE")], buf).unwrap();
        be::authentication_ok(buf);
        be::notice_response([(b'S', "NOTICE")], buf).unwrap();
        session_start(buf);
    }));
    check_session(&session, ProtocolVersion::V3_0);
}

#[test]
fn channel_binding_prefer_without_plus_over_tls_sends_y() {
    let mut client = Client::of(Profile::Tls);
    scram_until_final(
        &mut client,
        &["SCRAM-SHA-256"],
        &ChannelBinding::Unrequested,
    );
    assert_eq!(
        Profile::Tls.settings().policy.channel_binding,
        ChannelBindingMode::Prefer
    );
}
