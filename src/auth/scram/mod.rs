//! The SCRAM-SHA-256(-PLUS) client state machine (RFC 5802, RFC 7677) as PostgreSQL speaks it:
//! empty SCRAM username, SASLprep'd password, server signature verified. Bytes in, bytes out.
//! <https://www.postgresql.org/docs/current/sasl-authentication.html>

mod message;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::channel_binding::ChannelBinding;
use super::error::{AuthError, ScramMessage, ScramStep};
use super::mechanism::{SCRAM_SHA_256, SCRAM_SHA_256_PLUS};
use super::saslprep::saslprep_password;
use message::{ServerFinal, parse_server_final, parse_server_first};

type HmacSha256 = Hmac<Sha256>;

/// Raw bytes in the client nonce, as libpq (`SCRAM_RAW_NONCE_LEN`); 24 base64 characters.
const NONCE_RAW_LEN: usize = 18;

/// The default [`ScramLimits::max_iterations`]. PostgreSQL's default is 4096 and its
/// `scram_iterations` setting (16+) allows up to 2^31-1. A million costs the client about 0.1 s of
/// CPU per login (release build, 0.1 µs per iteration measured on x86-64); 2^31 would cost minutes,
/// a cheap way for a hostile server to pin a client. Raise it with [`ScramSha256::with_limits`].
pub const DEFAULT_MAX_ITERATIONS: u32 = 1_000_000;
/// The default [`ScramLimits::max_message_len`]. PostgreSQL's server messages are under 150
/// bytes.
pub const DEFAULT_MAX_MESSAGE_LEN: usize = 4096;

/// Bounds on what the (untrusted) server controls in a SCRAM exchange.
///
/// Besides these, a server nonce over 1024 bytes and a salt over 1024 bytes (decoded) are refused
/// before any decoding: PostgreSQL sends 48 and 16.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScramLimits {
    /// The highest iteration count accepted (the client spends CPU linearly in it). At least 1.
    pub max_iterations: u32,
    /// The longest server-first or server-final message accepted, in bytes.
    pub max_message_len: usize,
}

impl Default for ScramLimits {
    fn default() -> Self {
        ScramLimits {
            max_iterations: DEFAULT_MAX_ITERATIONS,
            max_message_len: DEFAULT_MAX_MESSAGE_LEN,
        }
    }
}

/// Proof that the server signature of a SCRAM exchange was verified: the server knows the
/// password (and, with PLUS, sits at the end of our TLS channel).
///
/// Only [`ScramSha256::finish`] makes one; the connection holds it to accept AuthenticationOk
/// after SCRAM (see [`AuthProgress::ScramVerified`](super::AuthProgress::ScramVerified)).
#[derive(Debug, PartialEq, Eq)]
#[must_use = "AuthenticationOk after SCRAM is only acceptable with this proof"]
pub struct ServerVerified {
    _private: (),
}

impl ServerVerified {
    pub(crate) fn new() -> Self {
        ServerVerified { _private: () }
    }
}

/// Where the exchange is.
enum State {
    /// `message` holds the client-first-message; waiting for server-first.
    ClientFirstSent {
        password: Vec<u8>,
        client_first_bare_start: usize,
    },
    /// `message` holds the client-final-message; waiting for server-final.
    ClientFinalSent {
        server_key: [u8; 32],
        auth_message: Vec<u8>,
    },
    /// Server signature verified.
    Done,
    /// An error ended the exchange; every further call fails.
    Failed,
}

/// A SCRAM-SHA-256 client exchange, sans I/O.
///
/// 1. [`new`](Self::new), then send [`mechanism`](Self::mechanism) and [`message`](Self::message)
///    in SASLInitialResponse.
/// 2. On AuthenticationSASLContinue, [`update`](Self::update) with its data, then send
///    [`message`](Self::message) (the client-final-message) in SASLResponse.
/// 3. On AuthenticationSASLFinal, [`finish`](Self::finish) with its data: the returned
///    [`ServerVerified`] is what lets the connection accept AuthenticationOk.
///
/// Any error ends the exchange: later calls return [`AuthError::UnexpectedStep`].
///
/// ```
/// use pgline::auth::{ChannelBinding, ScramSha256};
/// let scram = ScramSha256::new(b"secret", ChannelBinding::Unsupported)?;
/// assert_eq!(scram.mechanism(), "SCRAM-SHA-256");
/// assert!(scram.message().starts_with(b"n,,n=,r="));
/// # Ok::<(), pgline::auth::AuthError>(())
/// ```
pub struct ScramSha256 {
    /// The message to send next.
    message: Vec<u8>,
    nonce: String,
    channel_binding: ChannelBinding,
    limits: ScramLimits,
    state: State,
}

impl std::fmt::Debug for ScramSha256 {
    /// Never shows the password or keys.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.state {
            State::ClientFirstSent { .. } => "ClientFirstSent",
            State::ClientFinalSent { .. } => "ClientFinalSent",
            State::Done => "Done",
            State::Failed => "Failed",
        };
        f.debug_struct("ScramSha256")
            .field("mechanism", &self.mechanism())
            .field("state", &state)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl ScramSha256 {
    /// Starts an exchange with a fresh random nonce from the operating system.
    ///
    /// The password is SASLprep'd as PostgreSQL does ([`saslprep_password`](super::saslprep_password));
    /// `channel_binding` decides the mechanism (PLUS exactly when it is
    /// [`ChannelBinding::TlsServerEndPoint`]).
    pub fn new(password: &[u8], channel_binding: ChannelBinding) -> Result<Self, AuthError> {
        let mut raw = [0u8; NONCE_RAW_LEN];
        getrandom::fill(&mut raw).map_err(|_| AuthError::RandomUnavailable)?;
        Ok(Self::with_nonce(
            password,
            channel_binding,
            &STANDARD.encode(raw),
        ))
    }

    /// Starts an exchange with a given client nonce (tests and fuzzing: deterministic output).
    /// The nonce must be RFC 5802 `printable`.
    pub(crate) fn with_nonce(
        password: &[u8],
        channel_binding: ChannelBinding,
        nonce: &str,
    ) -> Self {
        Self::with_user_and_nonce(password, channel_binding, "", nonce)
    }

    /// PostgreSQL ignores the SCRAM username (the startup message names the user), so the public
    /// API always sends `n=`; RFC test vectors need one. `user` must not need escaping.
    fn with_user_and_nonce(
        password: &[u8],
        channel_binding: ChannelBinding,
        user: &str,
        nonce: &str,
    ) -> Self {
        let gs2_header = channel_binding.gs2_header();
        let mut message = Vec::with_capacity(gs2_header.len() + 5 + user.len() + nonce.len());
        message.extend_from_slice(gs2_header.as_bytes());
        let client_first_bare_start = message.len();
        message.extend_from_slice(b"n=");
        message.extend_from_slice(user.as_bytes());
        message.extend_from_slice(b",r=");
        message.extend_from_slice(nonce.as_bytes());
        ScramSha256 {
            message,
            nonce: nonce.to_owned(),
            channel_binding,
            limits: ScramLimits::default(),
            state: State::ClientFirstSent {
                password: saslprep_password(password).into_owned(),
                client_first_bare_start,
            },
        }
    }

    /// Replaces the default [`ScramLimits`]. A `max_iterations` of 0 is treated as 1.
    pub fn with_limits(mut self, limits: ScramLimits) -> Self {
        self.limits = ScramLimits {
            max_iterations: limits.max_iterations.max(1),
            ..limits
        };
        self
    }

    /// The SASL mechanism name for SASLInitialResponse.
    pub fn mechanism(&self) -> &'static str {
        if self.channel_binding.is_bound() {
            SCRAM_SHA_256_PLUS
        } else {
            SCRAM_SHA_256
        }
    }

    /// Whether this exchange binds the TLS channel (SCRAM-SHA-256-PLUS).
    pub fn channel_bound(&self) -> bool {
        self.channel_binding.is_bound()
    }

    /// The message to send now: the client-first-message after [`new`](Self::new), the
    /// client-final-message after [`update`](Self::update).
    pub fn message(&self) -> &[u8] {
        &self.message
    }

    /// Takes the server-first-message (AuthenticationSASLContinue data) and computes the
    /// client-final-message, available from [`message`](Self::message).
    pub fn update(&mut self, server_first: &[u8]) -> Result<(), AuthError> {
        let State::ClientFirstSent {
            password,
            client_first_bare_start,
        } = std::mem::replace(&mut self.state, State::Failed)
        else {
            return Err(AuthError::UnexpectedStep {
                step: ScramStep::Update,
            });
        };
        check_len(
            ScramMessage::ServerFirst,
            server_first,
            self.limits.max_message_len,
        )?;
        let parsed = parse_server_first(server_first, self.limits.max_iterations)?;
        if parsed.nonce.len() <= self.nonce.len()
            || !parsed.nonce.starts_with(self.nonce.as_bytes())
        {
            return Err(AuthError::NonceMismatch);
        }

        let salted_password = hi(&password, &parsed.salt, parsed.iterations);
        let client_key = hmac(&salted_password, b"Client Key");
        let stored_key: [u8; 32] = Sha256::digest(client_key).into();
        let server_key = hmac(&salted_password, b"Server Key");

        // client-final-message-without-proof = "c=" base64(gs2-header cbind-data) ",r=" nonce
        let mut binding = Vec::with_capacity(64);
        binding.extend_from_slice(self.channel_binding.gs2_header().as_bytes());
        binding.extend_from_slice(self.channel_binding.data());
        let mut client_final = Vec::with_capacity(128 + parsed.nonce.len());
        client_final.extend_from_slice(b"c=");
        client_final.extend_from_slice(STANDARD.encode(&binding).as_bytes());
        client_final.extend_from_slice(b",r=");
        client_final.extend_from_slice(parsed.nonce);

        let client_first_bare = &self.message[client_first_bare_start..];
        let mut auth_message = Vec::with_capacity(
            client_first_bare.len() + server_first.len() + client_final.len() + 2,
        );
        auth_message.extend_from_slice(client_first_bare);
        auth_message.push(b',');
        auth_message.extend_from_slice(server_first);
        auth_message.push(b',');
        auth_message.extend_from_slice(&client_final);

        let client_signature = hmac(&stored_key, &auth_message);
        let mut proof = client_key;
        proof
            .iter_mut()
            .zip(client_signature)
            .for_each(|(p, s)| *p ^= s);
        client_final.extend_from_slice(b",p=");
        client_final.extend_from_slice(STANDARD.encode(proof).as_bytes());

        self.message = client_final;
        self.state = State::ClientFinalSent {
            server_key,
            auth_message,
        };
        Ok(())
    }

    /// Takes the server-final-message (AuthenticationSASLFinal data) and verifies the server
    /// signature in constant time.
    pub fn finish(&mut self, server_final: &[u8]) -> Result<ServerVerified, AuthError> {
        let State::ClientFinalSent {
            server_key,
            auth_message,
        } = std::mem::replace(&mut self.state, State::Failed)
        else {
            return Err(AuthError::UnexpectedStep {
                step: ScramStep::Finish,
            });
        };
        check_len(
            ScramMessage::ServerFinal,
            server_final,
            self.limits.max_message_len,
        )?;
        let signature = match parse_server_final(server_final)? {
            ServerFinal::Error(error) => return Err(AuthError::ServerError { error }),
            ServerFinal::Verifier(signature) => signature,
        };
        HmacSha256::new_from_slice(&server_key)
            .expect("HMAC accepts keys of any length")
            .chain_update(&auth_message)
            .verify_slice(&signature)
            .map_err(|_| AuthError::ServerSignatureMismatch)?;
        self.state = State::Done;
        Ok(ServerVerified::new())
    }
}

fn check_len(message: ScramMessage, input: &[u8], max: usize) -> Result<(), AuthError> {
    if input.len() > max {
        return Err(AuthError::MessageTooLong {
            message,
            len: input.len(),
            max,
        });
    }
    Ok(())
}

pub(crate) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    HmacSha256::new_from_slice(key)
        .expect("HMAC accepts keys of any length")
        .chain_update(data)
        .finalize()
        .into_bytes()
        .into()
}

/// `Hi(password, salt, i)` of RFC 5802: PBKDF2-HMAC-SHA-256 with one output block.
pub(crate) fn hi(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    // The keyed state (inner and outer pads absorbed) is made once and cloned per iteration.
    let prf = HmacSha256::new_from_slice(password).expect("HMAC accepts keys of any length");
    let mut u: [u8; 32] = prf
        .clone()
        .chain_update(salt)
        .chain_update(1u32.to_be_bytes())
        .finalize()
        .into_bytes()
        .into();
    let mut result = u;
    for _ in 1..iterations {
        u = prf.clone().chain_update(u).finalize().into_bytes().into();
        result.iter_mut().zip(u).for_each(|(r, x)| *r ^= x);
    }
    result
}

#[cfg(test)]
mod tests;
