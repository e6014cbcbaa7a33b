//! Connectors and password providers against the real servers: sessions tunnelled through an
//! in-process TCP relay (with TLS in every mode and without), a cancel through the same relay,
//! a provider that hands out a new password for every pool connection, and a provider failure.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pgline::pool::PoolBuilder;
use pgline::{Client, Config, ConnectOptions, ErrorClass, ErrorKind, HostTarget};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// An in-process TCP relay to a server that records what clients sent through it.
struct Relay {
    addr: std::net::SocketAddr,
    accepted: Arc<AtomicUsize>,
    /// Every byte clients sent, per connection in accept order.
    sent: Arc<Mutex<Vec<Vec<u8>>>>,
    received: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Relay {
    async fn start(server: &support::Server) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let upstream = server.addr();
        let accepted = Arc::new(AtomicUsize::new(0));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let received = Arc::new(AtomicUsize::new(0));
        let task = tokio::spawn({
            let (accepted, sent, received) = (accepted.clone(), sent.clone(), received.clone());
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    accepted.fetch_add(1, Ordering::SeqCst);
                    let index = {
                        let mut sent = sent.lock().unwrap();
                        sent.push(Vec::new());
                        sent.len() - 1
                    };
                    let server = TcpStream::connect(&upstream).await.unwrap();
                    tokio::spawn(pump(client, server, sent.clone(), index, received.clone()));
                }
            }
        });
        Relay {
            addr,
            accepted,
            sent,
            received,
            task,
        }
    }

    /// A connector that ignores the host it is asked for and dials the relay.
    fn connector(&self) -> impl Fn(HostTarget) -> ConnectFuture + Send + Sync + 'static {
        let addr = self.addr;
        move |_target: HostTarget| Box::pin(TcpStream::connect(addr))
    }

    fn client_bytes(&self) -> Vec<u8> {
        self.sent.lock().unwrap().concat()
    }
}

type ConnectFuture =
    std::pin::Pin<Box<dyn Future<Output = std::io::Result<TcpStream>> + Send + 'static>>;

impl Drop for Relay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Copies both ways, recording the client's bytes, until either side closes.
async fn pump(
    client: TcpStream,
    server: TcpStream,
    sent: Arc<Mutex<Vec<Vec<u8>>>>,
    index: usize,
    received: Arc<AtomicUsize>,
) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let up = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n @ 1..) = client_read.read(&mut buf).await {
            sent.lock().unwrap()[index].extend_from_slice(&buf[..n]);
            if server_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = server_write.shutdown().await;
    };
    let down = async move {
        let mut buf = vec![0u8; 16 * 1024];
        while let Ok(n @ 1..) = server_read.read(&mut buf).await {
            received.fetch_add(n, Ordering::SeqCst);
            if client_write.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = client_write.shutdown().await;
    };
    tokio::join!(up, down);
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn uses_tls(client: &Client) -> bool {
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

/// Connection-string parameters for `Server::url`.
type Params<'a> = Vec<(&'a str, &'a str)>;

#[tokio::test]
async fn connector_tunnels_sessions_through_a_relay_with_and_without_tls() {
    let ca = support::ca().display().to_string();
    for server in support::tls_servers() {
        let mut modes: Vec<(&str, Params, bool)> = vec![
            ("disable", vec![("sslmode", "disable")], false),
            ("require", vec![("sslmode", "require")], true),
            (
                "verify-full",
                vec![("sslmode", "verify-full"), ("sslrootcert", &ca)],
                true,
            ),
        ];
        if server.version_num >= 170000 {
            modes.push((
                "verify-full, direct",
                vec![
                    ("sslmode", "verify-full"),
                    ("sslrootcert", &ca),
                    ("sslnegotiation", "direct"),
                ],
                true,
            ));
        }
        for (mode, params, tls) in modes {
            let relay = Relay::start(&server).await;
            // `localhost` is the name the certificate carries; the relay is what is dialled.
            let url = server.url_with_host("localhost", support::USER_TRUST, &params);
            let config: Config = url.parse().unwrap();
            let client = ConnectOptions::new()
                .connector(relay.connector())
                .connect(&config)
                .await
                .unwrap_or_else(|e| panic!("{} {mode}: {e:#}", server.name));
            let canary = format!("relay-canary-{mode}");
            let got: String = client
                .query_one("SELECT $1::text || ' ' || current_user", &[&canary])
                .await
                .unwrap()
                .get(0);
            assert_eq!(got, format!("{canary} {}", support::USER_TRUST));
            assert_eq!(uses_tls(&client).await, tls, "{} {mode}", server.name);
            assert_eq!(relay.accepted.load(Ordering::SeqCst), 1);
            let bytes = relay.client_bytes();
            assert!(relay.received.load(Ordering::SeqCst) > 0);
            // Plaintext shows the session's words to the relay; TLS hides them.
            assert_eq!(contains(&bytes, &canary), !tls, "{} {mode}", server.name);
            assert_eq!(
                contains(&bytes, support::USER_TRUST),
                !tls,
                "{} {mode}",
                server.name
            );
        }
    }
}

#[tokio::test]
async fn connector_needs_no_resolvable_host_and_carries_the_cancel_request() {
    for server in support::tls_servers() {
        let relay = Relay::start(&server).await;
        // A name nothing resolves: pgline must not look it up when a connector opens streams.
        let url = server.url_with_host(
            "db.pgline.invalid",
            support::USER_TRUST,
            &[("sslmode", "require")],
        );
        let config: Config = url.parse().unwrap();
        let client = ConnectOptions::new()
            .connector(relay.connector())
            .connect(&config)
            .await
            .unwrap_or_else(|e| panic!("{}: {e:#}", server.name));
        assert!(uses_tls(&client).await);

        let token = client.cancel_token();
        let (result, cancelled) =
            tokio::join!(client.batch_execute("SELECT pg_sleep(10)"), async {
                tokio::time::sleep(Duration::from_millis(200)).await;
                token.cancel_query().await
            });
        cancelled.unwrap_or_else(|e| panic!("{}: {e:#}", server.name));
        let e = result.unwrap_err();
        assert_eq!(
            e.class(),
            ErrorClass::QueryCanceled,
            "{}: {e:#}",
            server.name
        );
        // The session's stream and the cancel request's: both through the relay.
        assert_eq!(relay.accepted.load(Ordering::SeqCst), 2);
        let one: i32 = client.query_one("SELECT 1", &[]).await.unwrap().get(0);
        assert_eq!(one, 1);
    }
}

#[tokio::test]
async fn connector_failure_is_an_io_error_naming_the_connector() {
    let server = support::pg18();
    let config: Config = server
        .url(support::USER_TRUST, &[("sslmode", "disable")])
        .parse()
        .unwrap();
    let e = ConnectOptions::new()
        .connector(|_target: HostTarget| async {
            Err::<TcpStream, _>(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "instance not authorized",
            ))
        })
        .connect(&config)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    let text = format!("{e:#}");
    assert!(text.contains("connector"), "{text}");
    assert!(text.contains("instance not authorized"), "{text}");
}

/// Sets up a scram role whose password the provider below rotates.
async fn rotating_role(admin: &Client, role: &str) {
    admin
        .batch_execute(&format!(
            "DO $$ BEGIN
                 IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                     CREATE ROLE {role} LOGIN;
                 END IF;
             END $$;
             ALTER ROLE {role} PASSWORD 'not-handed-out';"
        ))
        .await
        .unwrap();
}

#[tokio::test]
async fn password_provider_gives_each_pool_connection_a_new_password() {
    for server in support::tls_servers() {
        let role = "errconn_rotating";
        let admin = pgline::connect(&server.url(support::USER_TRUST, &[("sslmode", "disable")]))
            .await
            .unwrap();
        rotating_role(&admin, role).await;

        let calls = Arc::new(AtomicUsize::new(0));
        let handed_out = Arc::new(Mutex::new(Vec::<String>::new()));
        let provider = {
            let (calls, handed_out, admin) = (calls.clone(), handed_out.clone(), admin.clone());
            move |target: HostTarget| {
                let (calls, handed_out, admin) = (calls.clone(), handed_out.clone(), admin.clone());
                async move {
                    assert_eq!(target.user(), "errconn_rotating");
                    // A token valid from now on: the server forgets the previous one.
                    let n = calls.fetch_add(1, Ordering::SeqCst);
                    let password = format!("token-{n}-{}", target.port());
                    admin
                        .batch_execute(&format!(
                            "ALTER ROLE errconn_rotating PASSWORD '{password}'"
                        ))
                        .await?;
                    handed_out.lock().unwrap().push(password.clone());
                    Ok::<_, pgline::Error>(password)
                }
            }
        };
        let options = ConnectOptions::new().password_provider(provider);
        assert!(
            !format!("{options:?}").contains("token-"),
            "Debug shows no secret"
        );
        // The URL's password is wrong: the provider's must win.
        let url = server.url(
            role,
            &[
                ("sslmode", "disable"),
                ("password", "not-handed-out-either"),
                ("pool_max_size", "3"),
            ],
        );
        let pool = PoolBuilder::from_conninfo(&url)
            .unwrap()
            .connect_options(options)
            .build()
            .unwrap();
        // Three connections held at once: three connects, three passwords. Taken one after
        // the other, as the role has one password at a time and each call replaces it.
        let mut held = Vec::new();
        for _ in 0..3 {
            let client = pool
                .get()
                .await
                .unwrap_or_else(|e| panic!("{}: {e:#}", server.name));
            held.push(client);
        }
        let mut pids = Vec::new();
        for client in &held {
            let row = client
                .query_one("SELECT current_user::text, pg_backend_pid()", &[])
                .await
                .unwrap();
            assert_eq!(row.get::<_, String>(0), role);
            pids.push(row.get::<_, i32>(1));
        }
        pids.sort();
        pids.dedup();
        assert_eq!(pids.len(), 3, "{}: three sessions", server.name);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        let passwords = handed_out.lock().unwrap().clone();
        let mut distinct = passwords.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 3, "{passwords:?}");

        // An earlier token no longer logs in: each connection really used a fresh one.
        let stale = server.url(role, &[("sslmode", "disable"), ("password", &passwords[0])]);
        let e = pgline::connect(&stale).await.unwrap_err();
        assert_eq!(e.class(), ErrorClass::Permission, "{e:#}");

        drop(held);
        assert!(pool.close(Duration::from_secs(5)).await);
    }
}

#[tokio::test]
async fn password_provider_failure_is_an_auth_error_naming_the_provider() {
    for server in support::tls_servers() {
        let url = server.url(
            support::USER_SCRAM,
            &[("sslmode", "disable"), ("password", &support::password())],
        );
        let config: Config = url.parse().unwrap();
        let failing = || {
            ConnectOptions::new().password_provider(|_target: HostTarget| async {
                Err::<String, _>(std::io::Error::other("token service unreachable"))
            })
        };
        let e = failing().connect(&config).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Auth, "{e:#}");
        let text = format!("{e:#}");
        assert!(text.contains("password provider"), "{text}");
        assert!(text.contains("token service unreachable"), "{text}");

        let pool = PoolBuilder::new(config.clone())
            .connect_options(failing())
            .settings(|s| s.acquire_timeout = Some(Duration::from_secs(5)))
            .build()
            .unwrap();
        let e = pool.get().await.unwrap_err();
        let text = format!("{e:#}");
        assert!(
            text.contains("password provider"),
            "{}: {text}",
            server.name
        );

        // A provider that succeeds logs in.
        let right = ConnectOptions::new().password_provider(|_target: HostTarget| async {
            Ok::<_, std::io::Error>(support::password())
        });
        let client = right.connect(&config).await.unwrap();
        let user: String = client
            .query_one("SELECT current_user::text", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(user, support::USER_SCRAM);
    }
}
