//! From a connected stream to an authenticated session: the [`StartupMachine`] (sans IO) holds
//! the conversation and its checks; [`startup`] is the async loop that moves bytes between it and
//! the stream. The caller bounds the time.

mod machine;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub(crate) use machine::{Progress, Session, StartupMachine};

use super::stream::Stream;
use crate::auth::{AuthPolicy, ScramLimits};
use crate::error::Error;
use crate::protocol::ProtocolVersion;

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

/// Runs the startup exchange on `stream`: the [`StartupMachine`] decides, this loop only moves
/// bytes between it and the stream (the caller bounds the time).
pub(crate) async fn startup(
    mut stream: Stream,
    settings: &StartupSettings,
) -> Result<Established, Error> {
    let tls = stream.is_tls();
    let mut machine = StartupMachine::new(settings, stream.peer_certificate())?;
    let mut buf = BytesMut::with_capacity(4096);
    loop {
        send(&mut stream, &mut machine).await?;
        buf.reserve(4096);
        let n = stream.read_buf(&mut buf).await.map_err(Error::io)?;
        if n == 0 {
            return Err(Error::closed_by(
                "the server closed the connection during startup".into(),
            ));
        }
        let progress = match machine.handle_input(&mut buf) {
            Ok(progress) => progress,
            Err(e) if tls && machine.refused_before_auth() => return Err(e.tls_session_refused()),
            Err(e) => return Err(e),
        };
        if let Progress::Established(session) = progress {
            // Answers to requests that came in the same read as ReadyForQuery still go out,
            // in order, before the connection task takes the stream.
            send(&mut stream, &mut machine).await?;
            let Session {
                parameters,
                process_id,
                secret_key,
                protocol,
                leftover,
            } = session;
            return Ok(Established {
                stream,
                parameters,
                process_id,
                secret_key,
                leftover,
                protocol,
            });
        }
    }
}

/// Writes whatever the machine has to send.
async fn send(stream: &mut Stream, machine: &mut StartupMachine) -> Result<(), Error> {
    if let Some(out) = machine.poll_transmit() {
        stream.write_all(&out).await.map_err(Error::io)?;
        stream.flush().await.map_err(Error::io)?;
    }
    Ok(())
}
