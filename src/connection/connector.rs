//! Caller code that takes part in connecting: a [`Connector`] opens the byte stream to a server
//! (a cloud proxy library, an SSH tunnel, an in-process relay) in place of pgline's TCP or
//! unix socket, and a [`PasswordProvider`] gives the password of each new connection
//! (short-lived IAM tokens). pgline still does TLS, startup and authentication over the stream.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::config::{Endpoint, Target};

/// A boxed, sendable future, as [`Connector`] and [`PasswordProvider`] return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A byte stream a [`Connector`] opened: anything `AsyncRead + AsyncWrite + Unpin + Send`.
pub trait ConnectorStream: AsyncRead + AsyncWrite + Unpin + Send + 'static {}

impl<T: AsyncRead + AsyncWrite + Unpin + Send + 'static> ConnectorStream for T {}

/// The server a [`Connector`] or [`PasswordProvider`] is asked about: one host of the config
/// (several with `host=a,b`), tried in turn as libpq tries them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostTarget {
    host: Option<String>,
    hostaddr: Option<IpAddr>,
    port: u16,
    user: String,
}

impl HostTarget {
    pub(crate) fn new(target: &Target, user: &str) -> HostTarget {
        HostTarget {
            host: target.host.clone(),
            hostaddr: match target.endpoint {
                Endpoint::Address(ip) => Some(ip),
                _ => None,
            },
            port: target.port,
            user: user.to_owned(),
        }
    }

    /// The config's `host` for this server (a name, an IP literal, or a socket directory);
    /// `None` when only a `hostaddr` was given. This is also the name TLS checks under
    /// `sslmode=verify-full`.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// The config's `hostaddr` for this server, when it has one.
    pub fn hostaddr(&self) -> Option<IpAddr> {
        self.hostaddr
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The user the session logs in as.
    pub fn user(&self) -> &str {
        &self.user
    }
}

impl fmt::Display for HostTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.host, self.hostaddr) {
            (Some(host), _) => write!(f, "{host}:{}", self.port),
            (None, Some(ip)) => write!(f, "{ip}:{}", self.port),
            (None, None) => write!(f, ":{}", self.port),
        }
    }
}

/// Opens the byte stream to a server, in place of pgline's own TCP or unix socket connect.
///
/// pgline then runs the session over it as over a socket: TLS when `sslmode` asks for it
/// (SSLRequest or `sslnegotiation=direct`, the certificate checked against
/// [`HostTarget::host`]), startup, authentication. CancelRequests go through the connector too.
/// DNS is the connector's business: pgline resolves nothing when one is set. Set it with
/// [`ConnectOptions::connector`](crate::ConnectOptions::connector); an async closure taking a
/// [`HostTarget`] is a connector:
///
/// ```no_run
/// # async fn f() -> Result<(), pgline::Error> {
/// use pgline::{Config, ConnectOptions, HostTarget};
/// let options = ConnectOptions::new().connector(|target: HostTarget| async move {
///     // e.g. a cloud SQL proxy library's dial; here a plain TCP connection.
///     tokio::net::TcpStream::connect(("10.0.0.5", target.port())).await
/// });
/// let config: Config = "host=db.internal user=app sslmode=require".parse()?;
/// let client = options.connect(&config).await?;
/// # Ok(()) }
/// ```
pub trait Connector: Send + Sync + 'static {
    /// Opens a stream to `target`. An error fails this attempt; the next host is tried.
    fn connect<'a>(
        &'a self,
        target: &'a HostTarget,
    ) -> BoxFuture<'a, io::Result<Box<dyn ConnectorStream>>>;
}

impl<F, Fut, S> Connector for F
where
    F: Fn(HostTarget) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = io::Result<S>> + Send + 'static,
    S: ConnectorStream,
{
    fn connect<'a>(
        &'a self,
        target: &'a HostTarget,
    ) -> BoxFuture<'a, io::Result<Box<dyn ConnectorStream>>> {
        let opening = self(target.clone());
        Box::pin(async move { Ok(Box::new(opening.await?) as Box<dyn ConnectorStream>) })
    }
}

impl fmt::Debug for dyn Connector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Connector")
    }
}

/// The error a [`PasswordProvider`] fails with.
pub type ProviderError = Box<dyn StdError + Send + Sync>;

/// Gives the password for each new connection, e.g. a short-lived IAM token fetched (or taken
/// from a cache) just before it is needed. It overrides the config's `password` and the
/// password file. Set it with
/// [`ConnectOptions::password_provider`](crate::ConnectOptions::password_provider); an async
/// closure taking a [`HostTarget`] and giving `Result<String, E>` (any error type) is a
/// provider:
///
/// ```no_run
/// # async fn fetch_token(user: &str) -> Result<String, std::io::Error> { Ok(user.into()) }
/// # async fn f() -> Result<(), pgline::Error> {
/// use pgline::{ConnectOptions, HostTarget};
/// let options = ConnectOptions::new().password_provider(|target: HostTarget| async move {
///     fetch_token(target.user()).await
/// });
/// let pool = pgline::pool::PoolBuilder::from_conninfo("host=db user=app@project")?
///     .connect_options(options)
///     .build()?;
/// # Ok(()) }
/// ```
///
/// A failure is an [`ErrorKind::Auth`](crate::ErrorKind::Auth) error naming the provider, with
/// the provider's error as its cause.
pub trait PasswordProvider: Send + Sync + 'static {
    /// The password for a new connection to `target`.
    fn password<'a>(
        &'a self,
        target: &'a HostTarget,
    ) -> BoxFuture<'a, Result<String, ProviderError>>;
}

impl<F, Fut, E> PasswordProvider for F
where
    F: Fn(HostTarget) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<String, E>> + Send + 'static,
    E: Into<ProviderError>,
{
    fn password<'a>(
        &'a self,
        target: &'a HostTarget,
    ) -> BoxFuture<'a, Result<String, ProviderError>> {
        let fetching = self(target.clone());
        Box::pin(async move { fetching.await.map_err(Into::into) })
    }
}

// Says only that one is set: what it holds (keys, tokens) is never printed.
impl fmt::Debug for dyn PasswordProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordProvider")
    }
}

/// A connector's stream under its `Debug` name, so [`Stream`](super::stream::Stream) keeps one.
pub(crate) struct CustomStream(pub Box<dyn ConnectorStream>);

impl fmt::Debug for CustomStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CustomStream")
    }
}

impl AsyncRead for CustomStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for CustomStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ConnectOptions;
    use crate::config::{Endpoint, Target};

    fn target(host: Option<&str>, endpoint: Endpoint) -> HostTarget {
        let target = Target {
            endpoint,
            host: host.map(str::to_owned),
            port: 5433,
            password: None,
        };
        HostTarget::new(&target, "app")
    }

    #[test]
    fn host_target_shows_the_config_host_or_address() {
        let named = target(
            Some("db.internal"),
            Endpoint::HostName("db.internal".into()),
        );
        assert_eq!(named.to_string(), "db.internal:5433");
        assert_eq!((named.hostaddr(), named.user()), (None, "app"));
        let ip = "10.0.0.5".parse().unwrap();
        let bare = target(None, Endpoint::Address(ip));
        assert_eq!(bare.to_string(), "10.0.0.5:5433");
        assert_eq!((bare.host(), bare.hostaddr()), (None, Some(ip)));
    }

    #[test]
    fn options_debug_never_shows_what_a_provider_or_connector_holds() {
        let secret = String::from("s3cr3t-token");
        let options = ConnectOptions::new()
            .password_provider(move |_: HostTarget| {
                let secret = secret.clone();
                async move { Ok::<_, io::Error>(secret) }
            })
            .connector(|_: HostTarget| async {
                tokio::net::TcpStream::connect("127.0.0.1:1").await
            });
        let shown = format!("{options:?}");
        assert!(
            shown.contains("PasswordProvider") && shown.contains("Connector"),
            "{shown}"
        );
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
}
