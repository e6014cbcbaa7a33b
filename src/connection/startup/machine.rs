//! The startup conversation as a sans-IO state machine: StartupMessage out, the authentication
//! exchange, then ParameterStatus and BackendKeyData up to the first ReadyForQuery. It never
//! touches a socket, a runtime or a clock; the driver in `mod.rs` moves the bytes and bounds the
//! time.
//!
//! Call order: [`StartupMachine::new`], then repeatedly [`poll_transmit`](StartupMachine::poll_transmit)
//! (write what it returns) and [`handle_input`](StartupMachine::handle_input) (with the bytes read
//! so far) until it returns [`Progress::Established`] or an error. After either, the machine is
//! finished and refuses further input.
//!
//! The server is untrusted until it has proved it knows the password (SCRAM) or we have chosen
//! to trust it: message lengths are capped low, message counts are bounded, SCRAM iterations are
//! bounded by the auth module.

use std::collections::HashMap;

use bytes::{Bytes, BytesMut};

use super::StartupSettings;
use crate::auth::{self, AuthProgress, AuthRequest, ScramSha256};
use crate::error::{DbError, Error, ErrorKind};
use crate::protocol::backend::{
    Authentication, BackendKeyData, ErrorResponse, NegotiateProtocolVersion, ParameterStatus,
    ReadyForQuery, tag,
};
use crate::protocol::{ProtocolError, ProtocolVersion, frontend};

/// The longest message accepted before the session is established: startup messages are
/// small, and nothing the server says before authenticating should make us buffer more.
pub(crate) const STARTUP_MAX_MESSAGE: usize = 64 * 1024;
/// How many messages the startup phase may take before it is considered a stalling attack.
pub(crate) const STARTUP_MAX_MESSAGES: usize = 10_000;

/// What the server told us by its first ReadyForQuery.
#[derive(Debug)]
pub(crate) struct Session {
    /// Every ParameterStatus, the last value of a name winning.
    pub parameters: HashMap<String, String>,
    /// BackendKeyData's process id (0 when the server sent none).
    pub process_id: i32,
    /// BackendKeyData's secret key (empty when the server sent none).
    pub secret_key: Bytes,
    /// The protocol version in force, after any NegotiateProtocolVersion.
    pub protocol: ProtocolVersion,
    /// Bytes received past the first ReadyForQuery (none in practice; kept, never dropped).
    pub leftover: BytesMut,
}

/// What [`StartupMachine::handle_input`] made of the bytes it was given.
#[derive(Debug)]
pub(crate) enum Progress {
    /// Every whole message was consumed; more bytes are needed (and
    /// [`poll_transmit`](StartupMachine::poll_transmit) may have an answer to send first).
    NeedInput,
    /// The first ReadyForQuery arrived: the session is ready for queries.
    Established(Session),
}

enum State {
    /// Waiting for authentication requests, up to AuthenticationOk.
    Authenticating {
        progress: AuthProgress,
        scram: Option<ScramSha256>,
    },
    /// Authenticated: ParameterStatus and BackendKeyData up to ReadyForQuery.
    Starting {
        parameters: HashMap<String, String>,
        key: Option<(i32, Bytes)>,
    },
    /// Established, or failed: nothing more is accepted.
    Finished,
}

/// The client side of the startup conversation, sans IO.
pub(crate) struct StartupMachine {
    user: String,
    password: Option<Vec<u8>>,
    policy: auth::AuthPolicy,
    scram_limits: auth::ScramLimits,
    min_protocol: ProtocolVersion,
    /// The version asked for, lowered by NegotiateProtocolVersion.
    protocol: ProtocolVersion,
    /// The DER of the server's end-entity certificate when the connection uses TLS.
    certificate: Option<Vec<u8>>,
    /// A fixed SCRAM client nonce (tests and fuzzing); `None` draws one from the OS.
    scram_nonce: Option<String>,
    /// Bytes to write, in order.
    out: BytesMut,
    messages: usize,
    /// Set when the server sent an ErrorResponse before AuthenticationOk.
    refused_before_auth: bool,
    state: State,
}

impl std::fmt::Debug for StartupMachine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Authenticating { .. } => "Authenticating",
            State::Starting { .. } => "Starting",
            State::Finished => "Finished",
        };
        f.debug_struct("StartupMachine")
            .field("user", &self.user)
            .field("protocol", &self.protocol)
            .field("messages", &self.messages)
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

impl StartupMachine {
    /// A machine with its StartupMessage ready to send. `channel_binding_cert` is the DER of the
    /// server's end-entity certificate when the stream is TLS, `None` otherwise.
    pub(crate) fn new(
        settings: &StartupSettings,
        channel_binding_cert: Option<&[u8]>,
    ) -> Result<StartupMachine, Error> {
        let mut out = BytesMut::with_capacity(512);
        frontend::startup_message(
            settings.protocol,
            settings
                .params
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str())),
            &mut out,
        )
        .map_err(Error::protocol)?;
        Ok(StartupMachine {
            user: settings.user.clone(),
            password: settings.password.clone(),
            policy: settings.policy.clone(),
            scram_limits: settings.scram_limits,
            min_protocol: settings.min_protocol,
            protocol: settings.protocol,
            certificate: channel_binding_cert.map(<[u8]>::to_vec),
            scram_nonce: None,
            out,
            messages: 0,
            refused_before_auth: false,
            state: State::Authenticating {
                progress: AuthProgress::Nothing,
                scram: None,
            },
        })
    }

    /// Uses `nonce` as the SCRAM client nonce instead of a random one, so a test or the fuzzer
    /// can script a valid server. It must be RFC 5802 `printable`.
    pub(crate) fn with_scram_nonce(mut self, nonce: &str) -> StartupMachine {
        self.scram_nonce = Some(nonce.to_owned());
        self
    }

    /// Whether the server refused the session with an ErrorResponse before AuthenticationOk
    /// (libpq's `sslmode` fallbacks retry exactly those), as opposed to an error of the client's
    /// own or one after authentication.
    pub(crate) fn refused_before_auth(&self) -> bool {
        self.refused_before_auth
    }

    /// The bytes to write to the server next, if any; each call takes them.
    pub(crate) fn poll_transmit(&mut self) -> Option<Bytes> {
        if self.out.is_empty() {
            None
        } else {
            Some(self.out.split().freeze())
        }
    }

    /// Consumes every whole message at the front of `buf` (what was read from the server so
    /// far), leaving a partial one in place.
    ///
    /// Answers go to [`poll_transmit`](Self::poll_transmit). On ReadyForQuery the rest of `buf`
    /// moves into the [`Session`]. Any error finishes the machine.
    pub(crate) fn handle_input(&mut self, buf: &mut BytesMut) -> Result<Progress, Error> {
        if matches!(self.state, State::Finished) {
            return Err(Error::unexpected(
                "the startup exchange is already finished",
            ));
        }
        let result = self.consume(buf);
        if result.is_err() {
            self.state = State::Finished;
            self.out.clear();
        }
        result
    }

    fn consume(&mut self, buf: &mut BytesMut) -> Result<Progress, Error> {
        while let Some(frame) =
            crate::protocol::split_frame(buf, STARTUP_MAX_MESSAGE).map_err(Error::protocol)?
        {
            self.messages += 1;
            if self.messages > STARTUP_MAX_MESSAGES {
                return Err(Error::unexpected(
                    "the server sent too many messages during startup",
                ));
            }
            if let Some(session) = self.handle_message(frame.tag, frame.body)? {
                return Ok(Progress::Established(Session {
                    leftover: buf.split(),
                    ..session
                }));
            }
        }
        Ok(Progress::NeedInput)
    }

    /// One message; `Some` with the session (leftover not yet filled in) on ReadyForQuery.
    fn handle_message(&mut self, tag: u8, body: Bytes) -> Result<Option<Session>, Error> {
        match tag {
            tag::ERROR_RESPONSE => {
                self.refused_before_auth = matches!(self.state, State::Authenticating { .. });
                return Err(startup_error(body));
            }
            tag::NOTICE_RESPONSE => return Ok(None),
            _ => {}
        }
        match &mut self.state {
            State::Authenticating { .. } => match tag {
                tag::AUTHENTICATION => self.handle_authentication(body)?,
                tag::NEGOTIATE_PROTOCOL_VERSION => self.handle_negotiate(body)?,
                got => {
                    return Err(Error::protocol(ProtocolError::Unexpected {
                        expected: "an authentication request",
                        got,
                    }));
                }
            },
            State::Starting { parameters, key } => match tag {
                tag::PARAMETER_STATUS => {
                    let status = ParameterStatus::parse(body).map_err(Error::protocol)?;
                    parameters.insert(status.name().to_owned(), status.value().to_owned());
                }
                tag::BACKEND_KEY_DATA => {
                    let data = BackendKeyData::parse(body).map_err(Error::protocol)?;
                    *key = Some((data.process_id(), Bytes::copy_from_slice(data.secret_key())));
                }
                tag::READY_FOR_QUERY => {
                    ReadyForQuery::parse(body).map_err(Error::protocol)?;
                    let parameters = std::mem::take(parameters);
                    let (process_id, secret_key) = key.take().unwrap_or((0, Bytes::new()));
                    self.state = State::Finished;
                    return Ok(Some(Session {
                        parameters,
                        process_id,
                        secret_key,
                        protocol: self.protocol,
                        leftover: BytesMut::new(),
                    }));
                }
                got => {
                    return Err(Error::protocol(ProtocolError::Unexpected {
                        expected: "ParameterStatus, BackendKeyData or ReadyForQuery",
                        got,
                    }));
                }
            },
            State::Finished => {
                return Err(Error::unexpected(
                    "the startup exchange is already finished",
                ));
            }
        }
        Ok(None)
    }

    fn handle_authentication(&mut self, body: Bytes) -> Result<(), Error> {
        let State::Authenticating { progress, scram } = &mut self.state else {
            return Err(Error::unexpected(
                "an authentication request after AuthenticationOk",
            ));
        };
        let request = Authentication::parse(body).map_err(Error::protocol)?;
        let code = match &request {
            Authentication::Ok => {
                self.policy.check_ok(progress).map_err(auth_error)?;
                self.state = State::Starting {
                    parameters: HashMap::new(),
                    key: None,
                };
                return Ok(());
            }
            Authentication::KerberosV5 => AuthRequest::KerberosV5,
            Authentication::CleartextPassword => AuthRequest::Cleartext,
            Authentication::Md5Password { .. } => AuthRequest::Md5,
            Authentication::Gss => AuthRequest::Gss,
            Authentication::GssContinue(_) => AuthRequest::GssContinue,
            Authentication::Sspi => AuthRequest::Sspi,
            Authentication::Sasl(_) => AuthRequest::Sasl,
            Authentication::SaslContinue(_) => AuthRequest::SaslContinue,
            Authentication::SaslFinal(_) => AuthRequest::SaslFinal,
        };
        self.policy.check_request(code).map_err(auth_error)?;
        code.check_supported().map_err(auth_error)?;
        let out = &mut self.out;
        match request {
            Authentication::CleartextPassword => {
                let password = password(&self.password)?;
                frontend::password_message(password, out).map_err(Error::protocol)?;
                *progress = AuthProgress::PasswordSent;
            }
            Authentication::Md5Password { salt } => {
                let hash = auth::md5_hash(self.user.as_bytes(), password(&self.password)?, salt);
                frontend::password_message(hash.as_bytes(), out).map_err(Error::protocol)?;
                *progress = AuthProgress::PasswordSent;
            }
            Authentication::Sasl(mechanisms) => {
                if scram.is_some() {
                    return Err(Error::unexpected("a second AuthenticationSASL"));
                }
                let selection = auth::select_sasl_mechanism(
                    mechanisms.iter(),
                    self.certificate.as_deref(),
                    self.policy.channel_binding,
                )
                .map_err(auth_error)?;
                let password = password(&self.password)?;
                let exchange = match &self.scram_nonce {
                    Some(nonce) => {
                        ScramSha256::with_nonce(password, selection.channel_binding, nonce)
                    }
                    None => {
                        ScramSha256::new(password, selection.channel_binding).map_err(auth_error)?
                    }
                }
                .with_limits(self.scram_limits);
                frontend::sasl_initial_response(
                    exchange.mechanism(),
                    Some(exchange.message()),
                    out,
                )
                .map_err(Error::protocol)?;
                *scram = Some(exchange);
                *progress = AuthProgress::SaslStarted;
            }
            Authentication::SaslContinue(data) => {
                let exchange = scram
                    .as_mut()
                    .ok_or_else(|| Error::unexpected("SASLContinue without a SASL exchange"))?;
                exchange.update(&data).map_err(auth_error)?;
                frontend::sasl_response(exchange.message(), out).map_err(Error::protocol)?;
            }
            Authentication::SaslFinal(data) => {
                let exchange = scram
                    .as_mut()
                    .ok_or_else(|| Error::unexpected("SASLFinal without a SASL exchange"))?;
                let proof = exchange.finish(&data).map_err(auth_error)?;
                *progress = AuthProgress::ScramVerified {
                    proof,
                    channel_bound: exchange.channel_bound(),
                };
            }
            // `check_supported` refused the rest above.
            _ => {
                return Err(Error::unexpected(
                    "an authentication request pgline does not answer",
                ));
            }
        }
        Ok(())
    }

    fn handle_negotiate(&mut self, body: Bytes) -> Result<(), Error> {
        let negotiate = NegotiateProtocolVersion::parse(body).map_err(Error::protocol)?;
        // Servers send the whole version code (3.0 is 196608), as libpq reads it; a bare
        // minor number, as the docs word it, is read as a minor of our major.
        let sent = negotiate.newest_minor_version;
        let offered = match u16::try_from(sent) {
            Ok(minor) => ProtocolVersion {
                major: self.protocol.major,
                minor,
            },
            Err(_) => ProtocolVersion::from_code(sent),
        };
        if offered > self.protocol || offered < self.min_protocol {
            return Err(Error::unexpected(format!(
                "the server offers protocol {offered}, outside {}..={}",
                self.min_protocol, self.protocol
            )));
        }
        self.protocol = offered;
        Ok(())
    }
}

/// Turns an ErrorResponse body into the caller's error; a malformed one is a protocol error.
fn db_error(body: Bytes) -> Error {
    let fields = ErrorResponse::parse(body).map_err(Error::protocol);
    match fields.and_then(|r| DbError::from_fields(r.fields()).map_err(Error::protocol)) {
        Ok(db) => Error::db(db),
        Err(e) => e,
    }
}

/// An error the server sent during startup: authentication failures (SQLSTATE class 28) keep
/// the server's fields but are `ErrorKind::Auth`.
fn startup_error(body: Bytes) -> Error {
    let e = db_error(body);
    match e.as_db_error() {
        Some(db) if db.code().class() == "28" => {
            Error::auth("the server refused the login", Some(Box::new(db.clone())))
        }
        _ => e,
    }
}

fn auth_error(e: auth::AuthError) -> Error {
    Error::auth("authentication failed", Some(Box::new(e)))
}

fn password(password: &Option<Vec<u8>>) -> Result<&[u8], Error> {
    password.as_deref().ok_or_else(|| {
        Error::new(
            ErrorKind::Auth,
            Some("the server asks for a password but none was given".into()),
            None,
        )
    })
}
