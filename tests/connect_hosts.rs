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
    let port: i32 = client
        .query_one("SELECT inet_server_port()", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(port, i32::from(server.port));
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let keep = tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            held.push(socket);
        }
    });
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
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent = listener.local_addr().unwrap().port();
    let keep = tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            held.push(socket);
        }
    });
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
