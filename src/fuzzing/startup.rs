//! Fuzz body for the `startup` target: arbitrary bytes as everything the server says during
//! startup, fed to the sans-IO startup machine.
//!
//! Input layout: byte 0 picks the client's settings ([`PROFILES`]: trust, password, TLS with and
//! without `channel_binding=require`, `require_auth`), byte 1 the chunk size the server bytes are
//! fed in (0: all at once), the rest is the server's bytes. The SCRAM client nonce is fixed
//! ([`CLIENT_NONCE`](super::CLIENT_NONCE)) so a corpus can carry a valid exchange.
//!
//! Checked: feeding whole or in chunks gives the same outcome and the same answers (up to a
//! failure, which drops answers not yet taken); with
//! `channel_binding=require` no password and no unbound SCRAM ever leaves the client; with
//! `require_auth=scram-sha-256` a session is only established after SCRAM; a finished machine
//! refuses more input.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::{Bytes, BytesMut};

use super::CLIENT_NONCE;
use crate::auth::{
    AuthPolicy, ChannelBinding, ChannelBindingMode, SCRAM_SHA_256_PLUS, ScramLimits,
    saslprep_password, scram_hi, scram_hmac,
};
use crate::connection::startup::{Progress, StartupMachine, StartupSettings};
use crate::protocol::backend::{self as be, TransactionStatus};
use crate::protocol::frontend::{
    MAX_STARTUP_PACKET_LEN, SaslInitialResponse, split_startup_packet,
};
use crate::protocol::{ProtocolVersion, split_frame};

/// The password every password profile uses.
pub(crate) const PASSWORD: &str = "pencil";
/// A real RSA/SHA-256 certificate, standing in for the server's when a profile "uses TLS".
pub(crate) const CERTIFICATE: &[u8] = include_bytes!("../auth/testdata/rsa_sha256.der");
/// Iterations are capped low so the fuzzer spends its time in parsing, not in PBKDF2.
const FUZZ_MAX_ITERATIONS: u32 = 16;

/// A client configuration the fuzzer can pick with the input's first byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Profile {
    /// No password: only trust (or a refusal) can end well.
    Trust,
    /// A password, no TLS, protocol 3.2 asked with 3.0 accepted.
    Password,
    /// A password over "TLS" (a certificate is known), `channel_binding=prefer`.
    Tls,
    /// A password over "TLS" with `channel_binding=require`.
    TlsRequire,
    /// A password with `require_auth=scram-sha-256`.
    RequireScram,
}

/// The profiles, in the order the first input byte selects them.
pub(crate) const PROFILES: [Profile; 5] = [
    Profile::Trust,
    Profile::Password,
    Profile::Tls,
    Profile::TlsRequire,
    Profile::RequireScram,
];

impl Profile {
    /// The input byte that selects this profile.
    pub(crate) fn byte(self) -> u8 {
        PROFILES.iter().position(|p| *p == self).unwrap_or(0) as u8
    }

    pub(crate) fn settings(self) -> StartupSettings {
        let mut policy = AuthPolicy::default();
        match self {
            Profile::TlsRequire => policy.channel_binding = ChannelBindingMode::Require,
            Profile::RequireScram => {
                // A fixed, valid option value: a parse failure would be a bug in this table.
                if let Ok(scram) = "scram-sha-256".parse() {
                    policy.require_auth = scram;
                }
            }
            Profile::Trust | Profile::Password | Profile::Tls => {}
        }
        StartupSettings {
            params: vec![
                ("user".into(), "alice".into()),
                ("database".into(), "db".into()),
            ],
            user: "alice".into(),
            password: (self != Profile::Trust).then(|| PASSWORD.as_bytes().to_vec()),
            policy,
            scram_limits: ScramLimits {
                max_iterations: FUZZ_MAX_ITERATIONS,
                ..ScramLimits::default()
            },
            protocol: if self == Profile::Password {
                ProtocolVersion::V3_2
            } else {
                ProtocolVersion::V3_0
            },
            min_protocol: ProtocolVersion::V3_0,
        }
    }

    pub(crate) fn certificate(self) -> Option<&'static [u8]> {
        matches!(self, Profile::Tls | Profile::TlsRequire).then_some(CERTIFICATE)
    }

    pub(crate) fn machine(self) -> StartupMachine {
        // The settings above hold no NUL, so the StartupMessage always encodes.
        match StartupMachine::new(&self.settings(), self.certificate()) {
            Ok(machine) => machine.with_scram_nonce(CLIENT_NONCE),
            Err(e) => panic!("the fuzz profile {self:?} does not build: {e}"),
        }
    }
}

/// How a run ended, comparable between whole and chunked feeding.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// The bytes ran out before ReadyForQuery.
    Incomplete,
    /// Established: parameters (sorted), process id, key, protocol, leftover.
    Established {
        parameters: Vec<(String, String)>,
        process_id: i32,
        secret_key: Bytes,
        protocol: ProtocolVersion,
        leftover: Vec<u8>,
    },
    /// Failed: the error's kind and text.
    Failed(String),
}

/// Feeds `server` to a fresh machine `chunk` bytes at a time; returns what the client sent and
/// how it ended.
fn drive(profile: Profile, server: &[u8], chunk: usize) -> (Vec<u8>, Outcome) {
    let mut machine = profile.machine();
    let mut sent = Vec::new();
    let mut buf = BytesMut::new();
    let mut pieces = server.chunks(chunk.max(1));
    let outcome = loop {
        while let Some(out) = machine.poll_transmit() {
            sent.extend_from_slice(&out);
        }
        let Some(piece) = pieces.next() else {
            break Outcome::Incomplete;
        };
        buf.extend_from_slice(piece);
        match machine.handle_input(&mut buf) {
            Ok(Progress::NeedInput) => {}
            Ok(Progress::Established(session)) => {
                let mut parameters: Vec<_> = session.parameters.into_iter().collect();
                parameters.sort();
                let mut leftover = session.leftover.to_vec();
                leftover.extend(pieces.flatten());
                break Outcome::Established {
                    parameters,
                    process_id: session.process_id,
                    secret_key: session.secret_key,
                    protocol: session.protocol,
                    leftover,
                };
            }
            Err(e) => break Outcome::Failed(format!("{:?}: {e}", e.kind())),
        }
    };
    while let Some(out) = machine.poll_transmit() {
        sent.extend_from_slice(&out);
    }
    if !matches!(outcome, Outcome::Incomplete) {
        assert!(
            machine
                .handle_input(&mut BytesMut::from(&b"Z\0\0\0\x05I"[..]))
                .is_err(),
            "a finished machine took more input"
        );
        assert!(
            machine.poll_transmit().is_none(),
            "a finished machine has bytes to send"
        );
    }
    (sent, outcome)
}

/// The client's authentication answers (`'p'` bodies), after its StartupMessage.
fn answers(sent: &[u8]) -> Vec<Bytes> {
    let mut buf = BytesMut::from(sent);
    let startup = split_startup_packet(&mut buf, MAX_STARTUP_PACKET_LEN);
    assert!(
        matches!(startup, Ok(Some(_))),
        "the client's first bytes are not a startup packet"
    );
    let mut bodies = Vec::new();
    while let Ok(Some(frame)) = split_frame(&mut buf, usize::MAX) {
        assert_eq!(
            frame.tag, b'p',
            "the client sent a non-authentication message"
        );
        bodies.push(frame.body);
    }
    assert!(buf.is_empty(), "the client sent a partial message");
    bodies
}

/// Runs the startup machine against `data` as the server's bytes; panics only if an invariant
/// of the client breaks.
pub fn startup(data: &[u8]) {
    let (profile, chunk, server) = match data {
        [p, c, rest @ ..] => (PROFILES[*p as usize % PROFILES.len()], *c as usize, rest),
        _ => (Profile::Trust, 0, &[][..]),
    };
    let (sent, outcome) = drive(profile, server, usize::MAX);
    if chunk != 0 {
        let (chunked_sent, chunked_outcome) = drive(profile, server, chunk);
        assert_eq!(outcome, chunked_outcome, "chunking changed the outcome");
        // A failure drops the answers not yet taken, and fed whole, more of them are pending
        // when it comes: the whole run may send less, never anything else.
        if matches!(outcome, Outcome::Failed(_)) {
            assert!(
                chunked_sent.starts_with(&sent),
                "chunking changed what the client sent"
            );
        } else {
            assert_eq!(sent, chunked_sent, "chunking changed what the client sent");
        }
    }
    let answers = answers(&sent);
    let first_sasl = answers
        .first()
        .and_then(|body| SaslInitialResponse::parse(body.clone()).ok());
    let established = matches!(outcome, Outcome::Established { .. });
    match profile {
        Profile::Trust => assert!(answers.is_empty(), "a password left without one"),
        Profile::TlsRequire => {
            if let Some(body) = answers.first() {
                let plus = first_sasl
                    .as_ref()
                    .is_some_and(|s| s.mechanism == SCRAM_SHA_256_PLUS);
                assert!(plus, "channel_binding=require answered {body:?}");
            }
            assert!(
                !established || !answers.is_empty(),
                "no SCRAM, yet logged in"
            );
        }
        Profile::RequireScram => {
            assert!(
                !established || first_sasl.is_some(),
                "no SCRAM, yet logged in"
            );
        }
        Profile::Password | Profile::Tls => {}
    }
}

/// A SCRAM server's two messages for a client with nonce `nonce`, password `password` and
/// channel binding `binding`, scripted ahead of time (the client's messages are determined by
/// these inputs).
#[derive(Debug)]
pub(crate) struct ScramScript {
    /// server-first-message.
    pub server_first: String,
    /// The client-final-message without its proof, as the client must send it (only the unit
    /// tests compare the client's message with it; the seeds need just the server's side).
    #[cfg_attr(not(test), allow(dead_code))]
    pub client_final_without_proof: String,
    /// server-final-message with the correct signature.
    pub server_final: String,
}

pub(crate) fn scram_script(password: &str, binding: &ChannelBinding, nonce: &str) -> ScramScript {
    let salt = b"pgline-salt";
    let iterations = 4;
    let server_first = format!("r={nonce}srv,s={},i={iterations}", STANDARD.encode(salt));
    let mut cbind = binding.gs2_header().as_bytes().to_vec();
    cbind.extend_from_slice(binding.data());
    let client_final_without_proof = format!("c={},r={nonce}srv", STANDARD.encode(cbind));
    let auth_message = format!("n=,r={nonce},{server_first},{client_final_without_proof}");
    let salted = scram_hi(&saslprep_password(password.as_bytes()), salt, iterations);
    let server_key = scram_hmac(&salted, b"Server Key");
    let signature = scram_hmac(&server_key, auth_message.as_bytes());
    ScramScript {
        server_first,
        client_final_without_proof,
        server_final: format!("v={}", STANDARD.encode(signature)),
    }
}

/// The end of every successful startup: two parameters, the cancel key, ReadyForQuery.
fn session_start(buf: &mut BytesMut) {
    let ok = be::parameter_status("server_version", "18.0", buf)
        .and_then(|()| be::parameter_status("client_encoding", "UTF8", buf))
        .and_then(|()| be::backend_key_data(4242, &[1, 2, 3, 4], buf));
    assert!(ok.is_ok(), "a seed message does not encode");
    be::ready_for_query(TransactionStatus::Idle, buf);
}

/// Real conversations for the corpus: `(name, input)` with the profile and chunk bytes in front.
/// `protocol-tests/seed_corpus.rs` writes them under `fuzz/corpus/startup/`.
pub fn startup_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let scram = |binding: &ChannelBinding, mechanisms: &[&str], buf: &mut BytesMut| {
        let script = scram_script(PASSWORD, binding, CLIENT_NONCE);
        let ok = be::authentication_sasl(mechanisms.iter().copied(), buf)
            .and_then(|()| be::authentication_sasl_continue(script.server_first.as_bytes(), buf))
            .and_then(|()| be::authentication_sasl_final(script.server_final.as_bytes(), buf));
        assert!(ok.is_ok(), "a seed message does not encode");
        be::authentication_ok(buf);
    };
    let fatal = |code: &str, buf: &mut BytesMut| {
        let fields = [(b'S', "FATAL"), (b'V', "FATAL"), (b'C', code), (b'M', "no")];
        assert!(be::error_response(fields, buf).is_ok());
    };
    let plus = match ChannelBinding::tls_server_end_point(CERTIFICATE) {
        Ok(binding) => binding,
        Err(e) => panic!("the seed certificate does not hash: {e}"),
    };
    let mut seeds: Vec<(&'static str, Profile, u8, BytesMut)> = Vec::new();
    let mut add = |name, profile, chunk, build: &dyn Fn(&mut BytesMut)| {
        let mut buf = BytesMut::new();
        build(&mut buf);
        seeds.push((name, profile, chunk, buf));
    };
    add("trust", Profile::Trust, 0, &|buf| {
        be::authentication_ok(buf);
        session_start(buf);
    });
    add("cleartext", Profile::Password, 3, &|buf| {
        be::authentication_cleartext_password(buf);
        be::authentication_ok(buf);
        session_start(buf);
    });
    add("md5", Profile::Password, 0, &|buf| {
        be::authentication_md5_password(*b"salt", buf);
        be::authentication_ok(buf);
        session_start(buf);
    });
    add("scram_negotiate_3_0", Profile::Password, 0, &|buf| {
        let v = be::negotiate_protocol_version(ProtocolVersion::V3_0.code(), ["_pq_.x"], buf);
        assert!(v.is_ok());
        scram(&ChannelBinding::Unsupported, &["SCRAM-SHA-256"], buf);
        session_start(buf);
    });
    add("scram_tls_unbound", Profile::Tls, 0, &|buf| {
        scram(&ChannelBinding::Unrequested, &["SCRAM-SHA-256"], buf);
        session_start(buf);
    });
    add("scram_plus", Profile::TlsRequire, 5, &|buf| {
        scram(&plus, &["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"], buf);
        session_start(buf);
    });
    add("scram_require_auth", Profile::RequireScram, 0, &|buf| {
        scram(&ChannelBinding::Unsupported, &["SCRAM-SHA-256"], buf);
        session_start(buf);
    });
    add("error_before_auth", Profile::Trust, 0, &|buf| {
        fatal("28000", buf)
    });
    add("error_after_password", Profile::Password, 0, &|buf| {
        be::authentication_cleartext_password(buf);
        fatal("28P01", buf);
    });
    add("error_during_parameters", Profile::Trust, 0, &|buf| {
        be::authentication_ok(buf);
        assert!(be::parameter_status("a", "b", buf).is_ok());
        fatal("57P03", buf);
    });
    seeds
        .into_iter()
        .map(|(name, profile, chunk, buf)| {
            let mut input = vec![profile.byte(), chunk];
            input.extend_from_slice(&buf);
            (name, input)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_runs_and_the_good_ones_log_in() {
        for (name, input) in startup_seeds() {
            startup(&input);
            let profile = PROFILES[input[0] as usize];
            let (_, outcome) = drive(profile, &input[2..], usize::MAX);
            let established = matches!(outcome, Outcome::Established { .. });
            assert_eq!(
                established,
                !name.starts_with("error"),
                "{name}: {outcome:?}"
            );
        }
    }

    #[test]
    fn startup_fuzz_body_survives_odd_inputs() {
        startup(b"");
        startup(&[3]);
        startup(&[3, 1, b'R', 0, 0, 0, 8, 0, 0, 0, 3]);
        startup(&[0xff; 64]);
    }
}
