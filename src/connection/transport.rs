//! Opening the socket and, when asked, switching it to TLS.
//!
//! After an SSLRequest exactly one byte is read; anything the server (or someone in the middle)
//! sent behind it before the handshake is refused, since it would otherwise be read as if it
//! came through TLS (CVE-2021-23222).

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use rustls::ClientConfig;
use socket2::{SockRef, TcpKeepalive};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::connector::{Connector, CustomStream, HostTarget};
use crate::error::Error;
use crate::protocol::frontend;

/// Where to connect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Address {
    Tcp(SocketAddr),
    #[cfg(unix)]
    Unix(PathBuf),
    /// A Linux abstract-namespace socket, by name (without the leading NUL).
    #[cfg(target_os = "linux")]
    Abstract(String),
    /// Whatever stream the [`Connector`] opens for this server.
    Connector(HostTarget),
}

impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Address::Tcp(addr) => write!(f, "{addr}"),
            #[cfg(unix)]
            Address::Unix(path) => write!(f, "{}", path.display()),
            #[cfg(target_os = "linux")]
            Address::Abstract(name) => write!(f, "@{name}"),
            Address::Connector(target) => write!(f, "{target} (through the connector)"),
        }
    }
}

/// TCP settings: keepalives (libpq's `keepalives*`) and `tcp_user_timeout`.
#[derive(Clone, Debug, Default)]
pub(crate) struct TcpOptions {
    pub keepalives: bool,
    pub keepalives_idle: Option<Duration>,
    pub keepalives_interval: Option<Duration>,
    pub keepalives_count: Option<u32>,
    pub user_timeout: Option<Duration>,
}

/// A connected socket, TCP or unix, or a connector's stream.
pub(crate) enum Socket {
    Tcp(TcpStream),
    #[cfg(unix)]
    Unix(tokio::net::UnixStream),
    Custom(CustomStream),
}

/// Opens `address`; an [`Address::Connector`] through `connector`.
pub(crate) async fn connect_socket(
    address: &Address,
    options: &TcpOptions,
    connector: Option<&dyn Connector>,
) -> Result<Socket, Error> {
    match address {
        Address::Connector(target) => {
            let connector = connector.ok_or_else(|| {
                Error::config_message(format!("no connector to open {target} with"))
            })?;
            let stream = connector.connect(target).await.map_err(|e| {
                Error::io_context(format!("the connector failed to open {target}"), e)
            })?;
            Ok(Socket::Custom(CustomStream(stream)))
        }
        Address::Tcp(addr) => {
            let stream = TcpStream::connect(addr)
                .await
                .map_err(|e| Error::io_context(format!("connecting to {addr}"), e))?;
            configure_tcp(&stream, options)
                .map_err(|e| Error::io_context(format!("configuring the socket to {addr}"), e))?;
            Ok(Socket::Tcp(stream))
        }
        #[cfg(unix)]
        Address::Unix(path) => {
            let stream = tokio::net::UnixStream::connect(path).await.map_err(|e| {
                Error::io_context(format!("connecting to socket {}", path.display()), e)
            })?;
            Ok(Socket::Unix(stream))
        }
        #[cfg(target_os = "linux")]
        Address::Abstract(name) => {
            use std::os::linux::net::SocketAddrExt;
            let connect = || -> io::Result<tokio::net::UnixStream> {
                let addr = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes())?;
                // A local connect does not block on the network; the socket goes non-blocking
                // before tokio takes it.
                let stream = std::os::unix::net::UnixStream::connect_addr(&addr)?;
                stream.set_nonblocking(true)?;
                tokio::net::UnixStream::from_std(stream)
            };
            let stream = connect().map_err(|e| {
                Error::io_context(format!("connecting to abstract socket @{name}"), e)
            })?;
            Ok(Socket::Unix(stream))
        }
    }
}

fn configure_tcp(stream: &TcpStream, options: &TcpOptions) -> io::Result<()> {
    // Requests are written whole; waiting for more (Nagle) only adds latency.
    stream.set_nodelay(true)?;
    let socket = SockRef::from(stream);
    if options.keepalives {
        let mut keepalive = TcpKeepalive::new();
        if let Some(idle) = options.keepalives_idle {
            keepalive = keepalive.with_time(idle);
        }
        #[cfg(any(
            target_os = "linux",
            target_os = "macos",
            target_os = "freebsd",
            windows
        ))]
        if let Some(interval) = options.keepalives_interval {
            keepalive = keepalive.with_interval(interval);
        }
        #[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]
        if let Some(count) = options.keepalives_count {
            keepalive = keepalive.with_retries(count);
        }
        socket.set_tcp_keepalive(&keepalive)?;
    } else {
        socket.set_keepalive(false)?;
    }
    #[cfg(target_os = "linux")]
    if let Some(timeout) = options.user_timeout {
        socket.set_tcp_user_timeout(Some(timeout))?;
    }
    Ok(())
}

/// How TLS starts: after an SSLRequest, or at once with ALPN (`sslnegotiation=direct`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Negotiation {
    Postgres,
    Direct,
}

/// The server's answer to an SSLRequest.
pub(crate) enum TlsAnswer<S> {
    /// TLS is up.
    Tls(Box<TlsStream<S>>),
    /// The server said `N`: it will talk, but only in plaintext.
    Refused(S),
}

/// Switches `tcp` (a TCP socket or a connector's stream) to TLS; `host` is the name the
/// certificate must show under verify-full.
pub(crate) async fn start_tls<S>(
    mut tcp: S,
    config: Arc<ClientConfig>,
    host: &str,
    negotiation: Negotiation,
) -> Result<TlsAnswer<S>, Error>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    if negotiation == Negotiation::Postgres {
        let mut request = BytesMut::with_capacity(8);
        frontend::ssl_request(&mut request);
        tcp.write_all(&request).await.map_err(Error::io)?;
        let mut answer = [0u8; 1];
        tcp.read_exact(&mut answer).await.map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                Error::closed_by("the server closed the connection after SSLRequest".into())
            } else {
                Error::io(e)
            }
        })?;
        match answer[0] {
            b'S' => {}
            b'N' => return Ok(TlsAnswer::Refused(tcp)),
            // The text of an error here comes from an unauthenticated peer before any TLS: do
            // not show it to the user (CVE-2024-10977).
            b'E' => {
                return Err(Error::tls(
                    "the server answered SSLRequest with an error (message withheld: it is unauthenticated)",
                    None,
                ));
            }
            other => {
                return Err(Error::unexpected(format!(
                    "the server answered SSLRequest with byte {other:#04x}, not 'S' or 'N'"
                )));
            }
        }
        match read_now(&mut tcp) {
            Ok(0) => {
                return Err(Error::closed_by(
                    "the server closed the connection after accepting SSL".into(),
                ));
            }
            Ok(_) => {
                return Err(Error::unexpected(
                    "the server sent unencrypted data after accepting SSL (possible man-in-the-middle)",
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(Error::io(e)),
        }
    }
    let name = super::tls::server_name(host)?;
    let tls = TlsConnector::from(config)
        .connect(name, tcp)
        .await
        .map_err(|e| Error::tls("TLS handshake failed", Some(Box::new(e))))?;
    if negotiation == Negotiation::Direct {
        let alpn = tls.get_ref().1.alpn_protocol();
        if alpn != Some(super::tls::ALPN_POSTGRESQL) {
            return Err(Error::tls(
                "the server did not agree to ALPN protocol \"postgresql\"",
                None,
            ));
        }
    }
    Ok(TlsAnswer::Tls(Box::new(tls)))
}

/// Reads one byte if one is already there, without waiting: `WouldBlock` when none is.
fn read_now<S: AsyncRead + Unpin>(stream: &mut S) -> io::Result<usize> {
    let mut probe = [0u8; 1];
    let mut buf = ReadBuf::new(&mut probe);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match std::pin::Pin::new(stream).poll_read(&mut cx, &mut buf) {
        std::task::Poll::Ready(Ok(())) => Ok(buf.filled().len()),
        std::task::Poll::Ready(Err(e)) => Err(e),
        std::task::Poll::Pending => Err(io::ErrorKind::WouldBlock.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tls::{TlsSettings, Verify, client_config};
    use super::*;

    fn config() -> Arc<ClientConfig> {
        client_config(&TlsSettings {
            verify: Verify::Nothing,
            roots: None,
            client_cert: None,
            min_tls13: false,
            max_tls12: false,
        })
        .unwrap()
    }

    /// Runs `start_tls` over an in-memory stream whose server side has already written `answer`.
    async fn answer_with(answer: &[u8]) -> Result<TlsAnswer<tokio::io::DuplexStream>, Error> {
        let (client, mut server) = tokio::io::duplex(64);
        server.write_all(answer).await.unwrap();
        let result = start_tls(client, config(), "localhost", Negotiation::Postgres).await;
        // The SSLRequest reached the server side first.
        let mut request = [0u8; 8];
        server.read_exact(&mut request).await.unwrap();
        assert_eq!(request, [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
        result
    }

    #[tokio::test]
    async fn start_tls_over_any_stream_refuses_bytes_injected_after_s() {
        let e = match answer_with(b"SX").await {
            Err(e) => e,
            Ok(_) => panic!("injected bytes were accepted"),
        };
        assert_eq!(e.kind(), crate::ErrorKind::Protocol);
        assert!(e.to_string().contains("unencrypted data"), "{e}");
    }

    #[tokio::test]
    async fn start_tls_over_any_stream_gives_the_stream_back_on_n() {
        assert!(matches!(answer_with(b"N").await, Ok(TlsAnswer::Refused(_))));
    }

    #[test]
    fn read_now_does_not_wait() {
        let (mut client, _server) = tokio::io::duplex(8);
        let e = read_now(&mut client).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::WouldBlock);
    }
}
