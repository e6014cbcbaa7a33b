//! Unix sockets, several hosts, target_session_attrs and connect_timeout.

mod support;

use std::time::{Duration, Instant};

use pgline::{Config, ErrorKind};

#[tokio::test]
async fn hosts_unix_socket_connects() {
    for server in support::tls_servers() {
        let conninfo = format!(
            "host={} port={} user=pgline_trust dbname={}",
            server.socket_dir.display(),
            server.port,
            support::db()
        );
        let client = conninfo.parse::<Config>().unwrap().connect().await.unwrap();
        // A unix-socket session has no client address.
        let row = client
            .query_one("SELECT inet_client_addr() IS NULL", &[])
            .await
            .unwrap();
        assert!(row.get::<_, bool>(0), "{}", server.name);
    }
}

/// The port a server uses, as the session reports it.
async fn server_port(client: &pgline::Client) -> u16 {
    let port: i32 = client
        .query_one("SELECT inet_server_port()", &[])
        .await
        .unwrap()
        .get(0);
    u16::try_from(port).unwrap()
}

/// A listener that accepts connections and never answers; abort the task to close it.
async fn silent_listener() -> (u16, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let keep = tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            held.push(socket);
        }
    });
    (port, keep)
}

/// A port with nothing listening: bind, note the port, close.
fn dead_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn hosts_first_down_second_used() {
    let server = support::pg15();
    let conninfo = format!(
        "host=127.0.0.1,127.0.0.1 port={},{} user=pgline_trust dbname={} sslmode=disable",
        dead_port(),
        server.port,
        support::db()
    );
    let client = conninfo.parse::<Config>().unwrap().connect().await.unwrap();
    let port = server_port(&client).await;
    assert_eq!(port, server.port);
}

#[tokio::test]
async fn hosts_all_down_reports_the_failure() {
    let conninfo = format!("host=127.0.0.1 port={} user=x sslmode=disable", dead_port());
    let err = conninfo
        .parse::<Config>()
        .unwrap()
        .connect()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
}

#[tokio::test]
async fn hosts_target_session_attrs_on_a_primary() {
    let server = support::pg15();
    for (attrs, ok) in [
        ("any", true),
        ("read-write", true),
        ("primary", true),
        ("prefer-standby", true),
        ("read-only", false),
        ("standby", false),
    ] {
        let url = server.url(
            "pgline_trust",
            &[("sslmode", "disable"), ("target_session_attrs", attrs)],
        );
        let result = url.parse::<Config>().unwrap().connect().await;
        assert_eq!(
            result.is_ok(),
            ok,
            "target_session_attrs={attrs}: {result:?}"
        );
    }
    // A session made read-only by default counts as read-only.
    let url = server.url(
        "pgline_trust",
        &[
            ("sslmode", "disable"),
            ("target_session_attrs", "read-only"),
            ("options", "-c default_transaction_read_only=on"),
        ],
    );
    url.parse::<Config>().unwrap().connect().await.unwrap();
}

#[tokio::test]
async fn hosts_connect_timeout_against_a_silent_listener() {
    // Accepts connections and never answers.
    let (port, keep) = silent_listener().await;
    let conninfo = format!("host=127.0.0.1 port={port} user=x connect_timeout=2 sslmode=prefer");
    let started = Instant::now();
    let err = conninfo
        .parse::<Config>()
        .unwrap()
        .connect()
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(10),
        "{waited:?}"
    );
    keep.abort();
}

#[tokio::test]
async fn hosts_connect_timeout_moves_on_to_the_next_host() {
    let (silent, keep) = silent_listener().await;
    let server = support::pg15();
    let conninfo = format!(
        "host=127.0.0.1,127.0.0.1 port={silent},{} user=pgline_trust dbname={} connect_timeout=2 sslmode=disable",
        server.port,
        support::db()
    );
    let client = conninfo.parse::<Config>().unwrap().connect().await.unwrap();
    assert!(!client.is_closed());
    keep.abort();
}

#[tokio::test]
async fn hosts_protocol_3_2_on_18_and_negotiated_down_on_15() {
    let pg18 = support::pg18();
    let url = pg18.url(
        "pgline_trust",
        &[("sslmode", "disable"), ("max_protocol_version", "3.2")],
    );
    let client = pgline::connect(&url).await.unwrap();
    assert_eq!(
        client.protocol_version(),
        pgline::protocol::ProtocolVersion::V3_2
    );
    // Protocol 3.2 brings the longer cancel key, and cancelling with it works.
    let token = client.cancel_token();
    assert!(token.secret_key_len() > 4, "{}", token.secret_key_len());
    let running = tokio::spawn(async move { client.batch_execute("SELECT pg_sleep(30)").await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    token.cancel_query().await.unwrap();
    let err = tokio::time::timeout(Duration::from_secs(10), running)
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert_eq!(err.code(), Some(&pgline::SqlState::QUERY_CANCELED));

    // PostgreSQL 15 answers the 3.2 request with NegotiateProtocolVersion: the session is 3.0.
    let pg15 = support::pg15();
    let url = pg15.url(
        "pgline_trust",
        &[("sslmode", "disable"), ("max_protocol_version", "3.2")],
    );
    let client = pgline::connect(&url).await.unwrap();
    assert_eq!(
        client.protocol_version(),
        pgline::protocol::ProtocolVersion::V3_0
    );
    assert_eq!(client.cancel_token().secret_key_len(), 4);
    assert_eq!(
        client
            .query_one("SELECT 1::int4", &[])
            .await
            .unwrap()
            .get::<_, i32>(0),
        1
    );
    // ... unless 3.2 is the minimum.
    let url = pg15.url(
        "pgline_trust",
        &[("sslmode", "disable"), ("min_protocol_version", "3.2")],
    );
    let err = pgline::connect(&url).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
}

#[tokio::test]
async fn hosts_startup_parameters_reach_the_server() {
    let server = support::pg15();
    let url = server.url(
        "pgline_trust",
        &[
            ("sslmode", "disable"),
            ("application_name", "pgline-test-app"),
            (
                "options",
                "-c search_path=pg_catalog -c statement_timeout=1234",
            ),
        ],
    );
    let client = pgline::connect(&url).await.unwrap();
    let row = client
        .query_one(
            "SELECT current_setting('application_name'), current_setting('search_path'), \
             current_setting('statement_timeout'), current_setting('client_encoding')",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, &str>(0), "pgline-test-app");
    assert_eq!(row.get::<_, &str>(1), "pg_catalog");
    assert_eq!(row.get::<_, &str>(2), "1234ms");
    assert_eq!(row.get::<_, &str>(3), "UTF8");
    assert_eq!(
        client.parameter("application_name").as_deref(),
        Some("pgline-test-app")
    );
}

#[tokio::test]
async fn hosts_load_balance_random_uses_every_host() {
    let (a, b) = (support::pg15(), support::pg18());
    let conninfo = format!(
        "host=127.0.0.1,127.0.0.1 port={},{} user=pgline_trust dbname={} sslmode=disable load_balance_hosts=random",
        a.port,
        b.port,
        support::db()
    );
    let config: Config = conninfo.parse().unwrap();
    let mut seen = std::collections::HashSet::new();
    for _ in 0..64 {
        let client = config.connect().await.unwrap();
        let port = server_port(&client).await;
        seen.insert(port);
        if seen.len() == 2 {
            break;
        }
    }
    assert_eq!(seen.len(), 2, "64 random connections all went to one host");
    // Without load balancing the first host always wins.
    let ordered: Config = conninfo
        .replace("load_balance_hosts=random", "")
        .parse()
        .unwrap();
    for _ in 0..5 {
        let client = ordered.connect().await.unwrap();
        let port = server_port(&client).await;
        assert_eq!(port, a.port);
    }
}

#[tokio::test]
async fn hosts_keepalive_settings_are_applied() {
    let server = support::pg15();
    let url = server.url(
        "pgline_trust",
        &[
            ("sslmode", "disable"),
            ("keepalives", "1"),
            ("keepalives_idle", "31"),
            ("keepalives_interval", "7"),
            ("keepalives_count", "3"),
        ],
    );
    let client = pgline::connect(&url).await.unwrap();
    // The server sees the client's socket options only indirectly; check the session works and
    // that its own view of the connection is TCP.
    let row = client
        .query_one("SELECT inet_client_addr() IS NOT NULL", &[])
        .await
        .unwrap();
    assert!(row.get::<_, bool>(0));
    let url = server.url(
        "pgline_trust",
        &[("sslmode", "disable"), ("keepalives", "0")],
    );
    pgline::connect(&url).await.unwrap();
}

#[tokio::test]
async fn hosts_silent_server_is_bounded_even_without_connect_timeout() {
    let (port, keep) = silent_listener().await;
    let config: Config = format!("host=127.0.0.1 port={port} user=x sslmode=disable")
        .parse()
        .unwrap();
    let started = Instant::now();
    let err = pgline::ConnectOptions::new()
        .startup_timeout(Some(Duration::from_secs(1)))
        .connect(&config)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(pgline::DEFAULT_STARTUP_TIMEOUT, Duration::from_secs(60));
    keep.abort();
}
