//! Establishing a connection: every host in order (or shuffled), every address of each host,
//! TLS as `sslmode` says, startup, then the `target_session_attrs` check.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls::ClientConfig;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_rustls::client::TlsStream;

use super::Connected;
use super::cancel::CancelToken;
use super::connector::{Connector, HostTarget, PasswordProvider};
use super::core::Core;
use super::startup::{self, Established, StartupSettings};
use super::stream::Stream;
use super::task::{Shared, Task};
use super::tls::{self, TlsSettings};
use super::transport::{self, Address, Negotiation, Socket, TcpOptions, TlsAnswer};
use crate::config::{Endpoint, SslMode, Target, TargetSessionAttrs as SessionAttrs};
use crate::error::{Error, ErrorKind};

/// Everything `connect` needs, resolved from a config.
#[derive(Clone, Debug)]
pub(crate) struct ConnectPlan {
    pub targets: Vec<Target>,
    pub load_balance: bool,
    pub session_attrs: SessionAttrs,
    pub connect_timeout: Option<Duration>,
    pub tcp: TcpOptions,
    pub ssl_mode: SslMode,
    pub negotiation: Negotiation,
    pub tls: TlsSettings,
    pub startup: StartupSettings,
    pub max_message_len: usize,
    /// Opens the streams in place of TCP and unix sockets.
    pub connector: Option<Arc<dyn Connector>>,
    /// Gives each connection's password in place of the config's.
    pub password_provider: Option<Arc<dyn PasswordProvider>>,
}

/// Connects to the first target that accepts and matches the session attributes.
///
/// Each established session is handed to `accept` with the `target_session_attrs` it must
/// meet; the layer above checks them (that takes queries) and gives back what the caller gets,
/// or an error that moves on to the next host.
pub(crate) async fn connect<T, F, Fut>(plan: &ConnectPlan, accept: F) -> Result<T, Error>
where
    F: Fn(Connected, SessionAttrs) -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let tls_config = match plan.ssl_mode {
        SslMode::Disable => None,
        _ => Some(tls::client_config(&plan.tls)?),
    };
    let mut targets = plan.targets.clone();
    if plan.load_balance {
        shuffle(&mut targets);
    }
    // prefer-standby: a standby if any host is one, else whatever accepts.
    let passes = match plan.session_attrs {
        SessionAttrs::PreferStandby => vec![SessionAttrs::Standby, SessionAttrs::Any],
        attrs => vec![attrs],
    };
    let mut last_error = None;
    for wanted in passes {
        for target in &targets {
            let attempt = async {
                let connected = connect_target(plan, target, tls_config.as_ref()).await?;
                accept(connected, wanted).await
            };
            let result = match plan.connect_timeout {
                Some(limit) => match tokio::time::timeout(limit, attempt).await {
                    Ok(result) => result,
                    Err(_) => Err(Error::timeout(format!(
                        "connecting to {} took longer than {}s (connect_timeout, or \
                         ConnectOptions::startup_timeout when it is unset)",
                        describe(target),
                        limit.as_secs_f32()
                    ))),
                },
                None => attempt.await,
            };
            match result {
                Ok(accepted) => return Ok(accepted),
                Err(e) => last_error = Some(e),
            }
        }
    }
    Err(last_error.unwrap_or_else(|| Error::config_message("no host to connect to")))
}

fn describe(target: &Target) -> String {
    match &target.endpoint {
        Endpoint::HostName(name) => format!("{name}:{}", target.port),
        Endpoint::Address(ip) => SocketAddr::new(*ip, target.port).to_string(),
        Endpoint::UnixSocket(path) => path.display().to_string(),
        Endpoint::AbstractSocket(name) => format!("@{name}"),
    }
}

/// Fisher-Yates with OS randomness; libpq's `load_balance_hosts=random`, for hosts and for the
/// addresses of each host. Without randomness the order is left as it is.
fn shuffle<T>(items: &mut [T]) {
    shuffle_with(items, |bound| {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).ok()?;
        Some((u64::from_le_bytes(bytes) % bound as u64) as usize)
    });
}

/// Fisher-Yates with `pick(n)` giving an index below `n` (`None` stops shuffling).
fn shuffle_with<T>(items: &mut [T], mut pick: impl FnMut(usize) -> Option<usize>) {
    for i in (1..items.len()).rev() {
        let Some(j) = pick(i + 1) else {
            return;
        };
        items.swap(i, j.min(i));
    }
}

async fn addresses(target: &Target) -> Result<Vec<Address>, Error> {
    match &target.endpoint {
        Endpoint::Address(ip) => Ok(vec![Address::Tcp(SocketAddr::new(*ip, target.port))]),
        Endpoint::HostName(name) => {
            let found = tokio::net::lookup_host((name.as_str(), target.port))
                .await
                .map_err(|e| Error::io_context(format!("looking up host {name:?}"), e))?;
            let all: Vec<Address> = found.map(Address::Tcp).collect();
            if all.is_empty() {
                return Err(Error::io_context(
                    format!("looking up host {name:?}"),
                    std::io::Error::new(std::io::ErrorKind::NotFound, "no addresses"),
                ));
            }
            Ok(all)
        }
        #[cfg(unix)]
        Endpoint::UnixSocket(path) => Ok(vec![Address::Unix(path.clone())]),
        #[cfg(target_os = "linux")]
        Endpoint::AbstractSocket(name) => Ok(vec![Address::Abstract(name.clone())]),
        #[allow(unreachable_patterns)]
        _ => Err(Error::config_message(
            "unix-domain sockets are not available on this platform",
        )),
    }
}

async fn connect_target(
    plan: &ConnectPlan,
    target: &Target,
    tls_config: Option<&Arc<ClientConfig>>,
) -> Result<Connected, Error> {
    // A connector resolves names itself (or needs none: a cloud instance name).
    let mut addresses = match plan.connector {
        Some(_) => vec![Address::Connector(HostTarget::new(
            target,
            &plan.startup.user,
        ))],
        None => addresses(target).await?,
    };
    if plan.load_balance {
        shuffle(&mut addresses);
    }
    let mut last_error = None;
    for address in addresses {
        match connect_address(plan, target, &address, tls_config).await {
            Ok(client) => return Ok(client),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| Error::config_message("no address to connect to")))
}

/// Whether a plaintext `allow` attempt that failed this way is repeated with TLS (libpq's
/// `allow` fallback): TLS, server and authentication failures.
fn may_retry_other_tls(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Tls | ErrorKind::Db | ErrorKind::Auth)
}

/// libpq's `prefer` fallback: the TLS attempt failed in the TLS layer, or the server refused
/// the TLS session with an ErrorResponse before authentication completed (pg_hba `hostnossl`,
/// a wrong password, too many connections). Errors of the client's own, and errors after
/// AuthenticationOk, are final.
fn tls_attempt_failed(e: &Error) -> bool {
    e.kind() == ErrorKind::Tls || e.is_tls_session_refused()
}

async fn connect_address(
    plan: &ConnectPlan,
    target: &Target,
    address: &Address,
    tls_config: Option<&Arc<ClientConfig>>,
) -> Result<Connected, Error> {
    // The name TLS checks and sends: libpq's `host`, or the address itself when only
    // `hostaddr` was given.
    let host_name = match (&target.host, address) {
        (Some(host), _) => host.clone(),
        (None, Address::Tcp(addr)) => addr.ip().to_string(),
        (None, Address::Connector(t)) => t.hostaddr().map(|ip| ip.to_string()).unwrap_or_default(),
        (None, _) => String::new(),
    };
    // Asked once per address, before the plaintext/TLS fallback below may try twice: a
    // provider's failure is final for this address.
    let password = match &plan.password_provider {
        Some(provider) => {
            let host = HostTarget::new(target, &plan.startup.user);
            let password = provider.password(&host).await.map_err(|e| {
                Error::auth(format!("the password provider failed for {host}"), Some(e))
            })?;
            Some(password.into_bytes())
        }
        None => target.password.as_ref().map(|p| p.as_bytes().to_vec()),
    };
    let password = password.as_deref();
    let first_tls = match plan.ssl_mode {
        SslMode::Disable | SslMode::Allow => false,
        _ => tls_config.is_some(),
    };
    let result = attempt(plan, password, address, tls_config, &host_name, first_tls).await;
    let retry_tls = match (&result, plan.ssl_mode) {
        (Err(e), SslMode::Allow) if may_retry_other_tls(e) => Some(true),
        (Err(e), SslMode::Prefer) if tls_attempt_failed(e) => Some(false),
        _ => None,
    };
    match retry_tls {
        Some(tls) if matches!(address, Address::Tcp(_) | Address::Connector(_)) => {
            attempt(plan, password, address, tls_config, &host_name, tls).await
        }
        _ => result,
    }
}

async fn attempt(
    plan: &ConnectPlan,
    password: Option<&[u8]>,
    address: &Address,
    tls_config: Option<&Arc<ClientConfig>>,
    host_name: &str,
    use_tls: bool,
) -> Result<Connected, Error> {
    let socket = transport::connect_socket(address, &plan.tcp, plan.connector.as_deref()).await?;
    let tls_config = tls_config.filter(|_| use_tls);
    let (stream, tls_used) = match socket {
        Socket::Tcp(tcp) => {
            secure(plan, tcp, tls_config, host_name, Stream::Tcp, Stream::Tls).await?
        }
        Socket::Custom(custom) => {
            secure(
                plan,
                custom,
                tls_config,
                host_name,
                Stream::Custom,
                Stream::CustomTls,
            )
            .await?
        }
        // libpq never uses TLS over unix sockets: the kernel already protects them.
        #[cfg(unix)]
        Socket::Unix(unix) => (Stream::Unix(unix), None),
    };

    let mut startup = plan.startup.clone();
    startup.password = password.map(<[u8]>::to_vec);
    let established = startup::startup(stream, &startup).await?;
    Ok(start_task(plan, established, address.clone(), tls_used))
}

/// What a session needs to cancel over TLS: the config, the name checked and how TLS starts.
type TlsUsed = Option<(Arc<ClientConfig>, String, Negotiation)>;

/// Starts TLS on `io` when `tls_config` is given and the server agrees, as `sslmode` says;
/// `plain` and `tls` wrap the outcome.
async fn secure<S>(
    plan: &ConnectPlan,
    io: S,
    tls_config: Option<&Arc<ClientConfig>>,
    host_name: &str,
    plain: fn(S) -> Stream,
    tls: fn(Box<TlsStream<S>>) -> Stream,
) -> Result<(Stream, TlsUsed), Error>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let Some(config) = tls_config else {
        return Ok((plain(io), None));
    };
    match transport::start_tls(io, config.clone(), host_name, plan.negotiation).await? {
        TlsAnswer::Tls(stream) => Ok((
            tls(stream),
            Some((config.clone(), host_name.to_owned(), plan.negotiation)),
        )),
        TlsAnswer::Refused(io) => {
            if matches!(
                plan.ssl_mode,
                SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull
            ) {
                return Err(Error::tls(
                    "the server does not support TLS, but sslmode requires it",
                    None,
                ));
            }
            Ok((plain(io), None))
        }
    }
}

fn start_task(
    plan: &ConnectPlan,
    established: Established,
    address: Address,
    tls: TlsUsed,
) -> Connected {
    let Established {
        stream,
        parameters,
        process_id,
        secret_key,
        leftover,
        protocol,
    } = established;
    let shared = Shared::new(parameters);
    let core = Core::new(plan.max_message_len, leftover);
    tokio::spawn(Task::new(stream, core, shared.clone()));
    let cancel = CancelToken {
        process_id,
        secret_key,
        address,
        tcp: plan.tcp.clone(),
        tls,
        timeout: super::cancel::DEFAULT_CANCEL_TIMEOUT,
        connector: plan.connector.clone(),
    };
    Connected {
        shared,
        cancel,
        protocol,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shuffle_with_a_scripted_pick_is_fisher_yates() {
        let mut items = [0, 1, 2, 3];
        // i=3 swaps with 0, i=2 with 2, i=1 with 0.
        let mut picks = [0, 2, 0].into_iter();
        shuffle_with(&mut items, |bound| {
            let j = picks.next()?;
            assert!(j < bound);
            Some(j)
        });
        assert_eq!(items, [1, 3, 2, 0]);
        // No randomness: the order stays.
        let mut items = [0, 1, 2, 3];
        shuffle_with(&mut items, |_| None);
        assert_eq!(items, [0, 1, 2, 3]);
    }

    #[test]
    fn shuffle_gives_every_order_of_three_addresses() {
        let addresses: Vec<Address> = (1..=3)
            .map(|i| Address::Tcp(SocketAddr::from(([127, 0, 0, i], 5432))))
            .collect();
        let mut counts = std::collections::HashMap::new();
        let runs = 6000;
        for _ in 0..runs {
            let mut order = addresses.clone();
            shuffle(&mut order);
            *counts.entry(format!("{order:?}")).or_insert(0u32) += 1;
        }
        assert_eq!(counts.len(), 6, "{counts:?}");
        // Each order expects 1000; 700..1300 is more than 10 standard deviations wide.
        assert!(
            counts.values().all(|&n| (700..1300).contains(&n)),
            "{counts:?}"
        );
    }

    #[test]
    fn prefer_retries_tls_failures_and_server_refusals_only() {
        assert!(tls_attempt_failed(&Error::tls("handshake", None)));
        let db = crate::error::DbError::from_fields([
            (b'S', "FATAL"),
            (b'C', "28000"),
            (b'M', "pg_hba.conf rejects connection"),
        ])
        .unwrap();
        assert!(!tls_attempt_failed(&Error::db(db.clone())));
        assert!(tls_attempt_failed(&Error::db(db).tls_session_refused()));
        assert!(!tls_attempt_failed(&Error::auth("client policy", None)));
    }
}
