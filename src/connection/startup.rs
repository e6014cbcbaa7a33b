//! From a connected stream to an authenticated session: StartupMessage, the authentication
//! exchange, then ParameterStatus and BackendKeyData up to the first ReadyForQuery.
//!
//! The server is untrusted until it has proved it knows the password (SCRAM) or we have chosen
//! to trust it: message lengths are capped low, message counts are bounded, SCRAM iterations are
//! bounded by the auth module, and the caller bounds the time.

use std::collections::HashMap;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::stream::Stream;
use crate::auth::{self, AuthPolicy, AuthProgress, AuthRequest, ScramLimits, ScramSha256};
use crate::error::{DbError, Error, ErrorKind};
use crate::protocol::backend::{
    Authentication, BackendKeyData, NegotiateProtocolVersion, ParameterStatus,
};
use crate::protocol::{ProtocolVersion, frontend};

/// The longest message accepted before the session is established: startup messages are
/// small, and nothing the server says before authenticating should make us buffer more.
const STARTUP_MAX_MESSAGE: usize = 64 * 1024;
/// How many messages the startup phase may take before it is considered a stalling attack.
const STARTUP_MAX_MESSAGES: usize = 10_000;

/// What the startup needs, already resolved from the config.
#[derive(Clone)]
pub(crate) struct StartupSettings {
    /// Parameters for the StartupMessage: user, database, application_name, options,
    /// client_encoding, and any extra ones.
    pub params: Vec<(String, String)>,
    pub user: String,
    pub password: Option<Vec<u8>>,
    pub policy: AuthPolicy,
    pub scram_limits: ScramLimits,
    pub protocol: ProtocolVersion,
    pub min_protocol: ProtocolVersion,
}

impl std::fmt::Debug for StartupSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartupSettings")
            .field("params", &self.params)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

/// An authenticated session, ready for queries.
pub(crate) struct Established {
    pub stream: Stream,
    pub parameters: HashMap<String, String>,
    pub process_id: i32,
    pub secret_key: Bytes,
    /// Bytes read past the first ReadyForQuery (none in practice; kept, never dropped).
    pub leftover: BytesMut,
    pub protocol: ProtocolVersion,
}

struct Reader {
    buf: BytesMut,
    messages: usize,
}

impl Reader {
    async fn next(&mut self, stream: &mut Stream) -> Result<(u8, Bytes), Error> {
        loop {
            if let Some(frame) = crate::protocol::split_frame(&mut self.buf, STARTUP_MAX_MESSAGE)
                .map_err(Error::protocol)?
            {
                self.messages += 1;
                if self.messages > STARTUP_MAX_MESSAGES {
                    return Err(Error::unexpected(
                        "the server sent too many messages during startup",
                    ));
                }
                return Ok((frame.tag, frame.body));
            }
            self.buf.reserve(4096);
            let n = stream.read_buf(&mut self.buf).await.map_err(Error::io)?;
            if n == 0 {
                return Err(Error::closed_by(
                    "the server closed the connection during startup".into(),
                ));
            }
        }
    }
}

async fn write(stream: &mut Stream, buf: &mut BytesMut) -> Result<(), Error> {
    stream.write_all(buf).await.map_err(Error::io)?;
    stream.flush().await.map_err(Error::io)?;
    buf.clear();
    Ok(())
}

/// An error the server sent during startup: authentication failures keep the server's fields
/// but are `ErrorKind::Auth`.
/// The server's error from an ErrorResponse body; a malformed one is a protocol error.
fn db_error(body: Bytes) -> Error {
    let fields = crate::protocol::backend::ErrorResponse::parse(body).map_err(Error::protocol);
    match fields.and_then(|r| DbError::from_fields(r.fields()).map_err(Error::protocol)) {
        Ok(db) => Error::db(db),
        Err(e) => e,
    }
}

fn unexpected(expected: &'static str, got: u8) -> Error {
    Error::protocol(crate::protocol::ProtocolError::Unexpected { expected, got })
}

fn startup_error(body: Bytes) -> Error {
    let e = db_error(body);
    let auth_failure = e.code().is_some_and(|c| c.class() == "28");
    if auth_failure {
        let message = e.to_string();
        let cause: Box<dyn std::error::Error + Send + Sync> = match e.as_db_error() {
            Some(db) => Box::new(db.clone()),
            None => message.clone().into(),
        };
        return Error::auth("the server refused the login", Some(cause));
    }
    e
}

/// Runs the startup exchange on `stream`.
pub(crate) async fn startup(
    mut stream: Stream,
    settings: &StartupSettings,
) -> Result<Established, Error> {
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
    write(&mut stream, &mut out).await?;

    let mut reader = Reader {
        buf: BytesMut::with_capacity(4096),
        messages: 0,
    };
    let mut protocol = settings.protocol;
    let mut progress = AuthProgress::Nothing;
    let mut scram: Option<ScramSha256> = None;

    // Authentication.
    loop {
        let (tag, body) = reader.next(&mut stream).await?;
        match tag {
            b'R' => {
                let request = Authentication::parse(body).map_err(Error::protocol)?;
                let code = match &request {
                    Authentication::Ok => {
                        settings.policy.check_ok(&progress).map_err(auth_error)?;
                        break;
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
                settings.policy.check_request(code).map_err(auth_error)?;
                code.check_supported().map_err(auth_error)?;
                match request {
                    Authentication::CleartextPassword => {
                        frontend::password_message(password(settings)?, &mut out)
                            .map_err(Error::protocol)?;
                        progress = AuthProgress::PasswordSent;
                        write(&mut stream, &mut out).await?;
                    }
                    Authentication::Md5Password { salt } => {
                        let hash =
                            auth::md5_hash(settings.user.as_bytes(), password(settings)?, salt);
                        frontend::password_message(hash.as_bytes(), &mut out)
                            .map_err(Error::protocol)?;
                        progress = AuthProgress::PasswordSent;
                        write(&mut stream, &mut out).await?;
                    }
                    Authentication::Sasl(mechanisms) => {
                        if scram.is_some() {
                            return Err(Error::unexpected("a second AuthenticationSASL"));
                        }
                        let selection = auth::select_sasl_mechanism(
                            mechanisms.iter(),
                            stream.peer_certificate(),
                            settings.policy.channel_binding,
                        )
                        .map_err(auth_error)?;
                        let exchange =
                            ScramSha256::new(password(settings)?, selection.channel_binding)
                                .map_err(auth_error)?
                                .with_limits(settings.scram_limits);
                        frontend::sasl_initial_response(
                            exchange.mechanism(),
                            Some(exchange.message()),
                            &mut out,
                        )
                        .map_err(Error::protocol)?;
                        scram = Some(exchange);
                        progress = AuthProgress::SaslStarted;
                        write(&mut stream, &mut out).await?;
                    }
                    Authentication::SaslContinue(data) => {
                        let exchange = scram.as_mut().ok_or_else(|| {
                            Error::unexpected("SASLContinue without a SASL exchange")
                        })?;
                        exchange.update(&data).map_err(auth_error)?;
                        frontend::sasl_response(exchange.message(), &mut out)
                            .map_err(Error::protocol)?;
                        write(&mut stream, &mut out).await?;
                    }
                    Authentication::SaslFinal(data) => {
                        let exchange = scram.as_mut().ok_or_else(|| {
                            Error::unexpected("SASLFinal without a SASL exchange")
                        })?;
                        let proof = exchange.finish(&data).map_err(auth_error)?;
                        progress = AuthProgress::ScramVerified {
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
            }
            b'v' => {
                let negotiate = NegotiateProtocolVersion::parse(body).map_err(Error::protocol)?;
                // Servers send the whole version code (3.0 is 196608), as libpq reads it; a bare
                // minor number, as the docs word it, is read as a minor of our major.
                let sent = negotiate.newest_minor_version;
                let offered = match u16::try_from(sent) {
                    Ok(minor) => ProtocolVersion {
                        major: protocol.major,
                        minor,
                    },
                    Err(_) => ProtocolVersion::from_code(sent),
                };
                if offered > protocol || offered < settings.min_protocol {
                    return Err(Error::unexpected(format!(
                        "the server offers protocol {offered}, outside {}..={}",
                        settings.min_protocol, protocol
                    )));
                }
                protocol = offered;
            }
            b'E' => return Err(startup_error(body)),
            b'N' => {}
            tag => {
                return Err(unexpected("an authentication request", tag));
            }
        }
    }

    // Session start: parameters and the cancel key, up to ReadyForQuery.
    let mut parameters = HashMap::new();
    let mut key: Option<(i32, Bytes)> = None;
    loop {
        let (tag, body) = reader.next(&mut stream).await?;
        match tag {
            b'S' => {
                let status = ParameterStatus::parse(body).map_err(Error::protocol)?;
                parameters.insert(status.name().to_owned(), status.value().to_owned());
            }
            b'K' => {
                let data = BackendKeyData::parse(body).map_err(Error::protocol)?;
                key = Some((data.process_id(), Bytes::copy_from_slice(data.secret_key())));
            }
            b'Z' => break,
            b'E' => return Err(startup_error(body)),
            b'N' => {}
            tag => {
                return Err(unexpected(
                    "ParameterStatus, BackendKeyData or ReadyForQuery",
                    tag,
                ));
            }
        }
    }
    let (process_id, secret_key) = key.unwrap_or((0, Bytes::new()));
    Ok(Established {
        stream,
        parameters,
        process_id,
        secret_key,
        leftover: reader.buf,
        protocol,
    })
}

fn auth_error(e: auth::AuthError) -> Error {
    Error::auth("authentication failed", Some(Box::new(e)))
}

fn password(settings: &StartupSettings) -> Result<&[u8], Error> {
    settings.password.as_deref().ok_or_else(|| {
        Error::new(
            ErrorKind::Auth,
            Some("the server asks for a password but none was given".into()),
            None,
        )
    })
}
