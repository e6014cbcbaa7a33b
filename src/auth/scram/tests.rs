//! SCRAM client tests: RFC 7677's vector, vectors from an independent python3 oracle
//! (`testdata/scram_vectors.py`), full exchanges against secrets PostgreSQL 15 derived itself, every
//! malformed server message, the bounds, and property tests. (A one-off live run against
//! PostgreSQL 15.18 over a unix socket and TLS, not committed, also logged in with SCRAM, -PLUS
//! and MD5 and was refused for a wrong password.)

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

use super::*;
use crate::auth::error::ScramServerError;

const RFC_NONCE: &str = "rOprNGfwEbeRWgbNEkqO";
const RFC_SERVER_FIRST: &str =
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
const CERT: &[u8] = include_bytes!("../testdata/rsa_sha256.der");

fn client(password: &str, binding: ChannelBinding) -> ScramSha256 {
    ScramSha256::with_nonce(password.as_bytes(), binding, RFC_NONCE)
}

/// A client that has taken `RFC_SERVER_FIRST` (password "pencil"), ready for `finish`.
fn updated() -> ScramSha256 {
    let mut scram = client("pencil", ChannelBinding::Unsupported);
    scram.update(RFC_SERVER_FIRST.as_bytes()).unwrap();
    scram
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

// ---- vectors ------------------------------------------------------------------------------

#[test]
fn rfc7677_sha256_vector() {
    // RFC 7677 section 3, username "user", password "pencil".
    let mut scram =
        ScramSha256::with_user_and_nonce(b"pencil", ChannelBinding::Unsupported, "user", RFC_NONCE);
    assert_eq!(text(scram.message()), "n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
    scram.update(RFC_SERVER_FIRST.as_bytes()).unwrap();
    assert_eq!(
        text(scram.message()),
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
         p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="
    );
    assert_eq!(
        scram.finish(b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="),
        Ok(ServerVerified::new())
    );
}

/// Runs one exchange and compares it with what `testdata/scram_vectors.py` printed.
fn python_vector(
    password: &str,
    binding: ChannelBinding,
    server_first: &str,
    client_final: &str,
    server_final: &str,
) {
    let mut scram = client(password, binding);
    scram.update(server_first.as_bytes()).unwrap();
    assert_eq!(text(scram.message()), client_final);
    assert_eq!(
        scram.finish(server_final.as_bytes()),
        Ok(ServerVerified::new())
    );
}

#[test]
fn python_vector_postgres_empty_username() {
    let mut scram = client("pencil", ChannelBinding::Unsupported);
    assert_eq!(text(scram.message()), "n,,n=,r=rOprNGfwEbeRWgbNEkqO");
    assert_eq!(scram.mechanism(), "SCRAM-SHA-256");
    scram.update(RFC_SERVER_FIRST.as_bytes()).unwrap();
    assert_eq!(
        text(scram.message()),
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
         p=qvT2SWdEH5Q06albL+hjSYuUhCG7VndFyzIb7CK4n9k="
    );
    assert_eq!(
        scram.finish(b"v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg="),
        Ok(ServerVerified::new())
    );
}

#[test]
fn python_vector_client_supports_binding_server_did_not_offer() {
    let scram = client("pencil", ChannelBinding::Unrequested);
    assert_eq!(text(scram.message()), "y,,n=,r=rOprNGfwEbeRWgbNEkqO");
    assert_eq!(scram.mechanism(), "SCRAM-SHA-256");
    python_vector(
        "pencil",
        ChannelBinding::Unrequested,
        RFC_SERVER_FIRST,
        "c=eSws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
         p=VpuC5DGQa5ro9tXE9MnKs69NH1nxnuregZZcclqIGfM=",
        "v=FOmOj9BpTGwvnzwBtWQjBaPmVxT9I8IeHBOhcIPu3us=",
    );
}

#[test]
fn python_vector_plus_tls_server_end_point() {
    let binding = ChannelBinding::tls_server_end_point(CERT).unwrap();
    let scram = client("pencil", binding.clone());
    assert_eq!(
        text(scram.message()),
        "p=tls-server-end-point,,n=,r=rOprNGfwEbeRWgbNEkqO"
    );
    assert_eq!(scram.mechanism(), "SCRAM-SHA-256-PLUS");
    assert!(scram.channel_bound());
    python_vector(
        "pencil",
        binding,
        RFC_SERVER_FIRST,
        "c=cD10bHMtc2VydmVyLWVuZC1wb2ludCwsywhtUDJ3ps+/U3pHFJ78SwXRfamEEKmS0HOCJ4DrHow=,\
         r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
         p=PswCMo8zpCyEAh40qG29ME99Q2j1u1W+IR6XGryMHfo=",
        "v=VLZfCAecr0aN2Fd+5sl87L22HcSrlZtaksNTr27TnB8=",
    );
}

#[test]
fn python_vector_saslprep_nbsp_password() {
    // The oracle hashed "pass word"; the client is given "pass\u{a0}word".
    python_vector(
        "pass\u{a0}word",
        ChannelBinding::Unsupported,
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1",
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
         p=BzFvYDv/5ZeaMCdPQ/JYcoqGEFI5gULkXhtlFoIVxX4=",
        "v=g5I1tiLaxpIrGAxEBC3ePMp9G/rajtd4WJdHQ/GH8rE=",
    );
}

// ---- exchanges against secrets PostgreSQL derived --------------------------------------------

/// The server side of SCRAM, from a stored secret `SCRAM-SHA-256$<i>:<salt>$<StoredKey>:<ServerKey>`.
struct MockServer {
    iterations: u32,
    salt: String,
    stored_key: Vec<u8>,
    server_key: Vec<u8>,
}

impl MockServer {
    fn from_secret(secret: &str) -> Self {
        let rest = secret.strip_prefix("SCRAM-SHA-256$").unwrap();
        let (iterations, rest) = rest.split_once(':').unwrap();
        let (salt, keys) = rest.split_once('$').unwrap();
        let (stored, server) = keys.split_once(':').unwrap();
        MockServer {
            iterations: iterations.parse().unwrap(),
            salt: salt.into(),
            stored_key: STANDARD.decode(stored).unwrap(),
            server_key: STANDARD.decode(server).unwrap(),
        }
    }

    /// Runs a whole exchange with `scram`; `Err` says which side refused.
    fn exchange(&self, scram: &mut ScramSha256, expected_binding: &[u8]) -> Result<(), String> {
        let client_first = text(scram.message()).to_owned();
        let bare_start = client_first.find("n=").unwrap();
        let client_nonce = client_first.rsplit_once("r=").unwrap().1;
        let server_first = format!(
            "r={client_nonce}3rfcNHYJY1ZVvWVs7j,s={},i={}",
            self.salt, self.iterations
        );
        scram
            .update(server_first.as_bytes())
            .map_err(|e| format!("client: {e}"))?;

        let client_final = text(scram.message()).to_owned();
        let (without_proof, proof) = client_final.rsplit_once(",p=").unwrap();
        let binding = without_proof
            .strip_prefix("c=")
            .unwrap()
            .split_once(',')
            .unwrap()
            .0;
        if STANDARD.decode(binding).unwrap() != expected_binding {
            return Err("server: channel binding mismatch".into());
        }
        let auth_message = format!(
            "{},{server_first},{without_proof}",
            &client_first[bare_start..]
        );
        let signature = hmac::Hmac::<Sha256>::new_from_slice(&self.stored_key)
            .unwrap()
            .chain_update(auth_message.as_bytes())
            .finalize()
            .into_bytes();
        let client_key: Vec<u8> = STANDARD
            .decode(proof)
            .unwrap()
            .iter()
            .zip(signature)
            .map(|(p, s)| p ^ s)
            .collect();
        if Sha256::digest(&client_key).as_slice() != self.stored_key.as_slice() {
            return Err("server: invalid-proof".into());
        }
        let server_signature = hmac::Hmac::<Sha256>::new_from_slice(&self.server_key)
            .unwrap()
            .chain_update(auth_message.as_bytes())
            .finalize()
            .into_bytes();
        let server_final = format!("v={}", STANDARD.encode(server_signature));
        scram
            .finish(server_final.as_bytes())
            .map(|_| ())
            .map_err(|e| format!("client: {e}"))
    }
}

/// `SELECT rolpassword FROM pg_authid` on PostgreSQL 15.18 after `CREATE ROLE ... PASSWORD`
/// (password_encryption=scram-sha-256), with the password each role was given. The server ran its
/// own SASLprep (`pg_saslprep`) on these, so matching them checks ours.
const POSTGRES_SECRETS: &[(&str, &str, &str)] = &[
    (
        "ascii",
        "pencil",
        "SCRAM-SHA-256$4096:R4OxRiAqLnHoOCKO4XQsSg==$iZyV7hBTfOSHFjxd4bmf47YYEKITBMzHaljrar5tHC0=:8j78iurJ4sxudyQkMFOskFj2BRur80Z7lYRW0Zr1xBQ=",
    ),
    (
        "no-break space mapped to space",
        "pass\u{a0}word",
        "SCRAM-SHA-256$4096:2UlIHVvCtopnxPRxqvIidA==$ph+lJ6CbZwVRaXNhYZtQD3/xkX96TJfnOcMfY9pZ0Fw=:LB9bmht0IzkyeLh7jZH6aZca0fPeih7hkMsdJBfCbXA=",
    ),
    (
        "plain space",
        "pass word",
        "SCRAM-SHA-256$4096:l2jjTAZ5FsYODZeM0IQc0w==$RkQCqnE1+4fvTjiR1nXp4n13CjzfGH0rYN7E034z4d0=:ekF2xHRsjKdc6xAacM0EZpmpz+BQJxE3I2iSB32re1w=",
    ),
    (
        "soft hyphen mapped to nothing",
        "I\u{ad}X",
        "SCRAM-SHA-256$4096:+6k5Mjidk/w8DCmtgVmWRg==$E8L21OFx7dVRhuRmF1D78W7zPq6B3QcmaMCdgwH9Q5Y=:tXxdLtbXH5JYdIv39QpKAMWEpQB1G7KFCRjQF9D0anA=",
    ),
    (
        "NFKC of roman numeral nine",
        "\u{2168}",
        "SCRAM-SHA-256$4096:5LsG4pio+TDM0DBkR2SWSg==$e40DzTFBuO4D1+XE/je/PCYKtfvmOzZJ6K3myU3VWeA=:xXyPii4mAD2tIURf0+uTUu3GizQTS9ivlX8pdCeGvbI=",
    ),
    (
        "private use prohibited, raw bytes",
        "pass\u{e000}",
        "SCRAM-SHA-256$4096:QZXLSlcMP/2UDuB3v2kRrQ==$IpJMAvFDB35Pq3pixAL8rnexO+RICAoPFnlcYDEQ2Cs=:2fhdlTynros2GWFrtnRECQsLhNbDUbX1H8+Sy6iaepE=",
    ),
    (
        "bidi violation, raw bytes",
        "\u{627}1",
        "SCRAM-SHA-256$4096:gF2dtZySeUxKF8K3vXQnRg==$Beuo+fVbnnpycxPvNNKMW0zN0l+lVLAE5G2zpmAKteg=:gvKhxeJUAwBcW5I4DheNrmlM2rOvsIC70jU9lkXCpAI=",
    ),
    (
        "mapped to empty, raw bytes",
        "\u{ad}",
        "SCRAM-SHA-256$4096:vLEk7RvcMviH/4MANtZJ3A==$BHs/ZF3AqPJzNc8kg5M4fs1owTGq0R+sF1A3tvEqbPI=:k2o9behcCrXAirvBqf4JmX52t/ia1MXMFGRvLK7kIXk=",
    ),
    (
        "ASCII control character, unchanged",
        "bell\u{7}",
        "SCRAM-SHA-256$4096:DPPNcxsc+iWiPEQGkOfPkQ==$CMNBVCD0AGXm7lNIWOVgEJTZ1QzG/27cv4YkKexvx4M=:qe2r3ty0lSowkIe0kT+yJ3LAas4WfuVgY2loAq5OG4s=",
    ),
];

#[test]
fn exchanges_against_postgres_derived_secrets() {
    for (case, password, secret) in POSTGRES_SECRETS {
        let server = MockServer::from_secret(secret);
        let mut scram = ScramSha256::new(password.as_bytes(), ChannelBinding::Unsupported).unwrap();
        assert_eq!(server.exchange(&mut scram, b"n,,"), Ok(()), "{case}");
    }
}

#[test]
fn exchange_against_postgres_secret_with_channel_binding() {
    let server = MockServer::from_secret(POSTGRES_SECRETS[0].2);
    let binding = ChannelBinding::tls_server_end_point(CERT).unwrap();
    let mut expected = b"p=tls-server-end-point,,".to_vec();
    expected.extend_from_slice(binding.data());
    let mut scram = ScramSha256::new(b"pencil", binding).unwrap();
    assert_eq!(server.exchange(&mut scram, &expected), Ok(()));
}

#[test]
fn wrong_password_rejected_by_postgres_secret() {
    let server = MockServer::from_secret(POSTGRES_SECRETS[0].2);
    let mut scram = ScramSha256::new(b"pencil!", ChannelBinding::Unsupported).unwrap();
    assert_eq!(
        server.exchange(&mut scram, b"n,,"),
        Err("server: invalid-proof".into())
    );
}

#[test]
fn nbsp_and_space_passwords_share_a_secret() {
    // SASLprep maps U+00A0 to SPACE, so either spelling logs in to the other's role.
    let server = MockServer::from_secret(POSTGRES_SECRETS[2].2);
    let mut scram =
        ScramSha256::new("pass\u{a0}word".as_bytes(), ChannelBinding::Unsupported).unwrap();
    assert_eq!(server.exchange(&mut scram, b"n,,"), Ok(()));
}

// ---- malformed server-first ---------------------------------------------------------------

fn update_error(server_first: &[u8]) -> AuthError {
    let mut scram = client("pencil", ChannelBinding::Unsupported);
    let error = scram.update(server_first).unwrap_err();
    // Any error ends the exchange.
    assert_eq!(
        scram.update(RFC_SERVER_FIRST.as_bytes()),
        Err(AuthError::UnexpectedStep {
            step: ScramStep::Update
        })
    );
    error
}

#[test]
fn server_first_malformed_cases() {
    use AuthError::*;
    const FIRST: ScramMessage = ScramMessage::ServerFirst;
    let n = "rOprNGfwEbeRWgbNEkqOsrv"; // extends the client nonce
    #[rustfmt::skip]
    let cases: Vec<(String, AuthError)> = vec![
        ("".into(),                                   MissingAttribute { message: FIRST, expected: 'r' }),
        (format!("s=c2FsdA==,r={n},i=1"),             UnexpectedAttribute { message: FIRST, expected: 'r', found: b's' }),
        (format!("m=ext,r={n},s=c2FsdA==,i=1"),       UnexpectedAttribute { message: FIRST, expected: 'r', found: b'm' }),
        (format!(",r={n},s=c2FsdA==,i=1"),            UnexpectedAttribute { message: FIRST, expected: 'r', found: b',' }),
        ("r".into(),                                  MissingEquals { message: FIRST, attribute: 'r' }),
        (format!("r{n},s=c2FsdA==,i=1"),              MissingEquals { message: FIRST, attribute: 'r' }),
        (format!("r={n}"),                            MissingAttribute { message: FIRST, expected: 's' }),
        (format!("r={n},"),                           MissingAttribute { message: FIRST, expected: 's' }),
        (format!("r={n},i=1,s=c2FsdA=="),             UnexpectedAttribute { message: FIRST, expected: 's', found: b'i' }),
        (format!("r={n},s=c2FsdA=="),                 MissingAttribute { message: FIRST, expected: 'i' }),
        (format!("r={n},s=,i=1"),                     EmptySalt),
        (format!("r={n},s=c2FsdA,i=1"),               InvalidBase64 { message: FIRST, attribute: 's' }),
        (format!("r={n},s=c2F*dA==,i=1"),             InvalidBase64 { message: FIRST, attribute: 's' }),
        (format!("r={n},s====,i=1"),                  InvalidBase64 { message: FIRST, attribute: 's' }),
        (format!("r={n},s=c2FsdA==,i="),              InvalidIterationCount),
        (format!("r={n},s=c2FsdA==,i=0"),             InvalidIterationCount),
        (format!("r={n},s=c2FsdA==,i=-1"),            InvalidIterationCount),
        (format!("r={n},s=c2FsdA==,i=+1"),            InvalidIterationCount),
        (format!("r={n},s=c2FsdA==,i= 1"),            InvalidIterationCount),
        (format!("r={n},s=c2FsdA==,i=1x"),            InvalidIterationCount),
        (format!("r={n},s=c2FsdA==,i=1,"),            TrailingData { message: FIRST }),
        (format!("r={n},s=c2FsdA==,i=1,x=ext"),       TrailingData { message: FIRST }),
        ("r=rOprNGfwEbeRWgbNEkqO,s=c2FsdA==,i=1".into(), NonceMismatch),
        ("r=XOprNGfwEbeRWgbNEkqOsrv,s=c2FsdA==,i=1".into(), NonceMismatch),
        ("r=rOprNG,s=c2FsdA==,i=1".into(),            NonceMismatch),
        ("r=,s=c2FsdA==,i=1".into(),                  NonceMismatch),
        ("r=rOprNGfwEbeRWgbNEkqO\u{7f},s=c2FsdA==,i=1".into(), InvalidNonce),
        ("r=rOprNGfwEbeRWgbNEkqO x,s=c2FsdA==,i=1".into(), InvalidNonce),
        ("r=rOprNGfwEbeRWgbNEkqO\u{e9},s=c2FsdA==,i=1".into(), InvalidNonce),
    ];
    for (input, expected) in cases {
        assert_eq!(update_error(input.as_bytes()), expected, "{input:?}");
    }
    // A NUL inside the nonce is not printable either.
    assert_eq!(
        update_error(b"r=rOprNGfwEbeRWgbNEkqO\0x,s=c2FsdA==,i=1"),
        AuthError::InvalidNonce
    );
}

#[test]
fn server_first_absurd_sizes_refused_before_decoding() {
    let long_nonce = format!("r={RFC_NONCE}{},s=c2FsdA==,i=1", "x".repeat(1100));
    assert_eq!(
        update_error(long_nonce.as_bytes()),
        AuthError::ValueTooLong {
            message: ScramMessage::ServerFirst,
            attribute: 'r',
            len: RFC_NONCE.len() + 1100,
            max: message::MAX_NONCE_LEN
        }
    );
    let long_salt = format!("r={RFC_NONCE}x,s={},i=1", "A".repeat(1400));
    assert!(matches!(
        update_error(long_salt.as_bytes()),
        AuthError::ValueTooLong {
            attribute: 's',
            len: 1400,
            ..
        }
    ));
    // The largest salt accepted decodes and works.
    let max_salt = STANDARD.encode(vec![7u8; message::MAX_SALT_LEN]);
    let mut scram = client("pencil", ChannelBinding::Unsupported);
    scram
        .update(format!("r={RFC_NONCE}x,s={max_salt},i=1").as_bytes())
        .unwrap();
}

#[test]
fn server_message_length_bound() {
    let huge = vec![b'r'; DEFAULT_MAX_MESSAGE_LEN + 1];
    assert_eq!(
        update_error(&huge),
        AuthError::MessageTooLong {
            message: ScramMessage::ServerFirst,
            len: DEFAULT_MAX_MESSAGE_LEN + 1,
            max: DEFAULT_MAX_MESSAGE_LEN
        }
    );
    let mut scram = client("pencil", ChannelBinding::Unsupported).with_limits(ScramLimits {
        max_message_len: 40,
        ..ScramLimits::default()
    });
    assert!(matches!(
        scram.update(RFC_SERVER_FIRST.as_bytes()),
        Err(AuthError::MessageTooLong { max: 40, .. })
    ));
    let mut scram = updated();
    assert_eq!(
        scram.finish(&huge),
        Err(AuthError::MessageTooLong {
            message: ScramMessage::ServerFinal,
            len: DEFAULT_MAX_MESSAGE_LEN + 1,
            max: DEFAULT_MAX_MESSAGE_LEN
        })
    );
}

#[test]
fn iteration_count_bound() {
    let first = |i: &str| format!("r={RFC_NONCE}x,s=c2FsdA==,i={i}");
    assert_eq!(
        update_error(first("1000001").as_bytes()),
        AuthError::IterationCountTooHigh {
            iterations: 1_000_001,
            max: DEFAULT_MAX_ITERATIONS
        }
    );
    assert_eq!(
        update_error(first("4294967296").as_bytes()),
        AuthError::IterationCountTooHigh {
            iterations: 4_294_967_296,
            max: DEFAULT_MAX_ITERATIONS
        }
    );
    assert_eq!(
        update_error(first(&"9".repeat(40)).as_bytes()),
        AuthError::IterationCountTooHigh {
            iterations: u64::MAX,
            max: DEFAULT_MAX_ITERATIONS
        }
    );
    let limits = ScramLimits {
        max_iterations: 10,
        ..ScramLimits::default()
    };
    let mut scram = client("pencil", ChannelBinding::Unsupported).with_limits(limits);
    assert_eq!(
        scram.update(first("11").as_bytes()),
        Err(AuthError::IterationCountTooHigh {
            iterations: 11,
            max: 10
        })
    );
    let mut scram = client("pencil", ChannelBinding::Unsupported).with_limits(limits);
    scram.update(first("10").as_bytes()).unwrap();
    // Leading zeros are a plain decimal, as libpq's strtol reads them.
    let mut scram = client("pencil", ChannelBinding::Unsupported).with_limits(limits);
    scram.update(first("0010").as_bytes()).unwrap();
    // A zero maximum still allows one iteration rather than none.
    let zero = ScramLimits {
        max_iterations: 0,
        ..ScramLimits::default()
    };
    let mut scram = client("pencil", ChannelBinding::Unsupported).with_limits(zero);
    scram.update(first("1").as_bytes()).unwrap();
}

// ---- malformed server-final ---------------------------------------------------------------

#[test]
fn server_final_malformed_cases() {
    use AuthError::*;
    const FINAL: ScramMessage = ScramMessage::ServerFinal;
    let good = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="; // right length, wrong exchange
    #[rustfmt::skip]
    let cases: Vec<(String, AuthError)> = vec![
        ("".into(),                          MissingAttribute { message: FINAL, expected: 'v' }),
        ("x=abc".into(),                     UnexpectedAttribute { message: FINAL, expected: 'v', found: b'x' }),
        (format!("r=x,v={good}"),            UnexpectedAttribute { message: FINAL, expected: 'v', found: b'r' }),
        ("v".into(),                         MissingEquals { message: FINAL, attribute: 'v' }),
        ("e".into(),                         MissingEquals { message: FINAL, attribute: 'e' }),
        ("v=".into(),                        InvalidServerSignatureLength { len: 0 }),
        ("v=c2hvcnQ=".into(),                InvalidServerSignatureLength { len: 5 }),
        (format!("v={good}{good}"),          InvalidBase64 { message: FINAL, attribute: 'v' }),
        (format!("v={}", STANDARD.encode([1u8; 33])), InvalidServerSignatureLength { len: 33 }),
        ("v=not*base64".into(),              InvalidBase64 { message: FINAL, attribute: 'v' }),
        (format!("v={}", "A".repeat(89)),    ValueTooLong { message: FINAL, attribute: 'v', len: 89, max: 88 }),
        (format!("v={good},"),               TrailingData { message: FINAL }),
        (format!("v={good},x=ext"),          TrailingData { message: FINAL }),
        (format!("v={good}"),                ServerSignatureMismatch),
        ("e=invalid-proof".into(),           ServerError { error: ScramServerError::InvalidProof }),
        ("e=channel-bindings-dont-match".into(), ServerError { error: ScramServerError::ChannelBindingsDontMatch }),
        ("e=other-error,x=1".into(),         ServerError { error: ScramServerError::OtherError }),
        ("e=something-new".into(),           ServerError { error: ScramServerError::Unrecognized("something-new".into()) }),
        ("e=".into(),                        ServerError { error: ScramServerError::Unrecognized(String::new()) }),
    ];
    for (input, expected) in cases {
        let mut scram = updated();
        assert_eq!(scram.finish(input.as_bytes()), Err(expected), "{input:?}");
        // Any error ends the exchange: the right signature is no longer accepted.
        assert_eq!(
            scram.finish(b"v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg="),
            Err(AuthError::UnexpectedStep {
                step: ScramStep::Finish
            })
        );
    }
}

#[test]
fn server_signature_one_bit_off_is_a_mismatch() {
    let mut right = STANDARD
        .decode("3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=")
        .unwrap();
    right[31] ^= 1;
    let mut scram = updated();
    let wrong = format!("v={}", STANDARD.encode(&right));
    assert_eq!(
        scram.finish(wrong.as_bytes()),
        Err(AuthError::ServerSignatureMismatch)
    );
}

// ---- state machine ------------------------------------------------------------------------

#[test]
fn finish_before_update_is_out_of_order() {
    let mut scram = client("pencil", ChannelBinding::Unsupported);
    assert_eq!(
        scram.finish(b"v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg="),
        Err(AuthError::UnexpectedStep {
            step: ScramStep::Finish
        })
    );
}

#[test]
fn update_twice_and_finish_twice_are_out_of_order() {
    let mut scram = updated();
    assert_eq!(
        scram.update(RFC_SERVER_FIRST.as_bytes()),
        Err(AuthError::UnexpectedStep {
            step: ScramStep::Update
        })
    );
    let mut scram = updated();
    let server_final = b"v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=";
    assert_eq!(scram.finish(server_final), Ok(ServerVerified::new()));
    assert_eq!(
        scram.finish(server_final),
        Err(AuthError::UnexpectedStep {
            step: ScramStep::Finish
        })
    );
}

#[test]
fn random_nonces_are_fresh_and_printable() {
    let a = ScramSha256::new(b"pw", ChannelBinding::Unsupported).unwrap();
    let b = ScramSha256::new(b"pw", ChannelBinding::Unsupported).unwrap();
    assert_ne!(a.message(), b.message());
    let nonce = text(a.message()).strip_prefix("n,,n=,r=").unwrap();
    assert_eq!(nonce.len(), 24);
    assert!(
        nonce
            .bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && b != b',')
    );
}

#[test]
fn debug_hides_password_and_keys() {
    let mut scram = ScramSha256::new(b"hunter2", ChannelBinding::Unsupported).unwrap();
    assert!(!format!("{scram:?}").contains("hunter2"));
    let first = format!("r={}x,s=c2FsdA==,i=1", &text(scram.message())[8..]);
    scram.update(first.as_bytes()).unwrap();
    let debug = format!("{scram:?}");
    assert!(
        debug.contains("ClientFinalSent") && !debug.contains("hunter2"),
        "{debug}"
    );
}

#[test]
fn hi_matches_pbkdf2_vector() {
    // RFC 7914 section 11: PBKDF2-HMAC-SHA256("passwd", "salt", 1), first 32 bytes.
    let expected = "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc";
    let hex: String = hi(b"passwd", b"salt", 1)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(hex, expected);
}

// ---- properties ---------------------------------------------------------------------------

/// A small iteration bound keeps the properties fast; parsing is what they explore.
fn fuzz_client() -> ScramSha256 {
    client("pencil", ChannelBinding::Unsupported).with_limits(ScramLimits {
        max_iterations: 64,
        ..ScramLimits::default()
    })
}

/// Server-first messages near the valid shape, so the properties reach deep into the parser.
fn near_server_first() -> impl Strategy<Value = Vec<u8>> {
    let nonce = prop_oneof![Just(format!("{RFC_NONCE}srv")), "[ -~]{0,30}"];
    let salt = prop_oneof![Just("c2FsdA==".to_string()), "[A-Za-z0-9+/=]{0,12}"];
    let iterations = prop_oneof![Just("4".to_string()), "[0-9+-]{0,12}"];
    let tail = prop_oneof![Just(String::new()), "[,a-z=]{0,6}"];
    (nonce, salt, iterations, tail)
        .prop_map(|(r, s, i, t)| format!("r={r},s={s},i={i}{t}").into_bytes())
}

/// Like [`updated`] but with one iteration, for properties that run many cases.
fn updated_cheap() -> ScramSha256 {
    let mut scram = fuzz_client();
    scram
        .update(format!("r={RFC_NONCE}srv,s=c2FsdA==,i=1").as_bytes())
        .unwrap();
    scram
}

proptest! {
    #[test]
    fn update_never_panics_on_arbitrary_bytes(input in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut scram = fuzz_client();
        let _ = scram.update(&input);
    }

    #[test]
    fn update_never_panics_near_valid_shape(input in near_server_first()) {
        let mut scram = fuzz_client();
        if scram.update(&input).is_ok() {
            // Whatever was accepted produced a well-formed client-final.
            prop_assert!(scram.message().starts_with(b"c=biws,r=rOprNGfwEbeRWgbNEkqO"));
        }
    }

    #[test]
    fn finish_never_panics_and_never_verifies_arbitrary_bytes(
        input in proptest::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut scram = updated_cheap();
        prop_assert!(scram.finish(&input).is_err());
    }

    #[test]
    fn finish_never_verifies_a_forged_signature(signature in proptest::array::uniform32(any::<u8>())) {
        let mut scram = updated_cheap();
        let forged = format!("v={}", STANDARD.encode(signature));
        prop_assert_eq!(scram.finish(forged.as_bytes()), Err(AuthError::ServerSignatureMismatch));
    }
}
