//! Cancelling a running query from outside its connection.

use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use rustls::ClientConfig;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio_rustls::client::TlsStream;

use super::connector::Connector;
use super::stream::Stream;
use super::transport::{self, Address, Negotiation, Socket, TcpOptions, TlsAnswer};
use crate::error::Error;
use crate::protocol::frontend;

/// What is needed to ask the server to cancel the query a connection is running: its process
/// ID and secret key, and how to reach the same server (over TLS when the session used TLS).
///
/// ```no_run
/// # async fn f(client: pgline::Client) -> Result<(), pgline::Error> {
/// let token = client.cancel_token();
/// tokio::spawn(async move { client.batch_execute("SELECT pg_sleep(60)").await });
/// token.cancel_query().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CancelToken {
    pub(crate) process_id: i32,
    pub(crate) secret_key: Bytes,
    pub(crate) address: Address,
    pub(crate) tcp: TcpOptions,
    /// TLS config and the host name it checks, when the session was encrypted.
    pub(crate) tls: Option<(Arc<ClientConfig>, String, Negotiation)>,
    pub(crate) timeout: Duration,
    /// The connector the session's stream came from; the cancel goes the same way.
    pub(crate) connector: Option<Arc<dyn Connector>>,
}

/// How long `cancel_query` may take unless [`CancelToken::with_timeout`] says otherwise.
pub const DEFAULT_CANCEL_TIMEOUT: Duration = Duration::from_secs(10);

impl std::fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CancelToken")
            .field("process_id", &self.process_id)
            .field("address", &self.address)
            .field("tls", &self.tls.is_some())
            .field("connector", &self.connector.is_some())
            .finish_non_exhaustive()
    }
}

impl CancelToken {
    /// The secret key's length: 4 bytes in protocol 3.0, up to 256 in 3.2.
    pub fn secret_key_len(&self) -> usize {
        self.secret_key.len()
    }

    /// The server process the session runs in.
    pub fn process_id(&self) -> i32 {
        self.process_id
    }

    /// Asks the server to cancel whatever the session is running. The server does not say
    /// whether it did: the query (if any) ends with a `query_canceled` error.
    ///
    /// Bounded by the token's limit ([`DEFAULT_CANCEL_TIMEOUT`], or
    /// [`CancelToken::with_timeout`]'s): an unreachable or silent server cannot hold the caller.
    pub async fn cancel_query(&self) -> Result<(), Error> {
        self.cancel_query_within(self.timeout).await
    }

    /// A copy of the token whose `cancel_query` gives up after `limit`.
    pub fn with_timeout(mut self, limit: Duration) -> CancelToken {
        self.timeout = limit;
        self
    }

    /// Sends the CancelRequest, giving up after `limit`.
    pub(crate) async fn cancel_query_within(&self, limit: Duration) -> Result<(), Error> {
        match tokio::time::timeout(limit, self.send_cancel()).await {
            Ok(result) => result,
            Err(_) => Err(Error::timeout(format!(
                "the cancel request took longer than {limit:?}"
            ))),
        }
    }

    async fn send_cancel(&self) -> Result<(), Error> {
        let socket =
            transport::connect_socket(&self.address, &self.tcp, self.connector.as_deref()).await?;
        let mut stream = match (socket, &self.tls) {
            (Socket::Tcp(tcp), Some((config, host, negotiation))) => {
                Stream::Tls(tls_for_cancel(tcp, config, host, *negotiation).await?)
            }
            (Socket::Custom(custom), Some((config, host, negotiation))) => {
                Stream::CustomTls(tls_for_cancel(custom, config, host, *negotiation).await?)
            }
            (Socket::Tcp(tcp), None) => Stream::Tcp(tcp),
            (Socket::Custom(custom), None) => Stream::Custom(custom),
            #[cfg(unix)]
            (Socket::Unix(unix), _) => Stream::Unix(unix),
        };
        let mut buf = BytesMut::with_capacity(16 + self.secret_key.len());
        frontend::cancel_request(self.process_id, &self.secret_key, &mut buf)
            .map_err(Error::protocol)?;
        stream.write_all(&buf).await.map_err(Error::io)?;
        stream.flush().await.map_err(Error::io)?;
        // The server closes the connection once it has read the request and sends nothing; a
        // peer that talks instead is not waited on for more than a few bytes.
        let mut sink = [0u8; 64];
        let mut received = 0;
        while received < 1024 {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received += n,
            }
        }
        Ok(())
    }
}

/// TLS on the cancel request's stream, as the session had it.
async fn tls_for_cancel<S: AsyncRead + AsyncWrite + Unpin>(
    io: S,
    config: &Arc<ClientConfig>,
    host: &str,
    negotiation: Negotiation,
) -> Result<Box<TlsStream<S>>, Error> {
    match transport::start_tls(io, config.clone(), host, negotiation).await? {
        TlsAnswer::Tls(stream) => Ok(stream),
        TlsAnswer::Refused(_) => Err(Error::tls(
            "the server refused TLS for the cancel request",
            None,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cancel_query_gives_up_on_a_silent_server() {
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = Address::Tcp(silent.local_addr().unwrap());
        let hold = tokio::spawn(async move {
            let mut held = vec![];
            while let Ok((socket, _)) = silent.accept().await {
                held.push(socket);
            }
        });
        let token = CancelToken {
            process_id: 1,
            secret_key: Bytes::from_static(&[0; 4]),
            address,
            tcp: TcpOptions::default(),
            // TLS that is never answered: the handshake waits on the silent peer.
            tls: None,
            timeout: DEFAULT_CANCEL_TIMEOUT,
            connector: None,
        }
        .with_timeout(Duration::from_millis(200));
        let started = std::time::Instant::now();
        // Without TLS the request is written and the token waits for the server to close.
        let err = token.cancel_query().await.unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Timeout);
        assert!(started.elapsed() < Duration::from_secs(3));
        hold.abort();
    }
}
