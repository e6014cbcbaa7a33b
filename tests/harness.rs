//! Proves the real-server harness (`scripts/test`) does what `tests/support` documents: every
//! variable set, the certificate files in place, each server reachable over TCP and its unix
//! socket, TLS where advertised, and each test role offered its own authentication method (with
//! std only, so a client bug cannot hide a harness bug); then, with pgline's client, that
//! PgBouncer pools pg15 in transaction mode and that the standby streams from the primary.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use support::{
    Server, USER_CERT, USER_MD5, USER_PASSWORD, USER_SCRAM, USER_SSL, USER_TRUST, all_servers,
};

const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// Protocol 3.0, as every server accepts.
const PROTOCOL_3_0: i32 = 196_608;
const SSL_REQUEST_CODE: i32 = 80_877_103;

// --- a few protocol bytes, enough to ask each server how it authenticates a user ------------

/// What the server answered first to a StartupMessage.
#[derive(Debug, PartialEq, Eq)]
enum FirstReply {
    /// AuthenticationRequest with this code (0 ok, 3 cleartext, 5 md5, 10 SASL) and, for SASL,
    /// the offered mechanisms.
    Auth { code: i32, mechanisms: Vec<String> },
    /// ErrorResponse with this SQLSTATE.
    Error { sqlstate: String },
}

fn startup_message(user: &str, database: &str) -> Vec<u8> {
    let mut body = PROTOCOL_3_0.to_be_bytes().to_vec();
    for (key, value) in [("user", user), ("database", database)] {
        body.extend_from_slice(key.as_bytes());
        body.push(0);
        body.extend_from_slice(value.as_bytes());
        body.push(0);
    }
    body.push(0);
    let len = i32::try_from(body.len() + 4).expect("a startup message of two short pairs fits i32");
    let mut msg = len.to_be_bytes().to_vec();
    msg.extend_from_slice(&body);
    msg
}

fn read_frame(stream: &mut impl Read) -> (u8, Vec<u8>) {
    let mut header = [0u8; 5];
    stream
        .read_exact(&mut header)
        .expect("server answers the startup message");
    let len = i32::from_be_bytes([header[1], header[2], header[3], header[4]]);
    assert!(
        (4..=65_536).contains(&len),
        "implausible frame length {len} for tag {:?}",
        header[0] as char
    );
    let mut body = vec![0u8; len as usize - 4];
    stream.read_exact(&mut body).expect("a whole frame");
    (header[0], body)
}

fn first_reply(stream: &mut (impl Read + Write), user: &str) -> FirstReply {
    stream
        .write_all(&startup_message(user, &support::db()))
        .expect("send the startup message");
    let (tag, body) = read_frame(stream);
    match tag {
        b'R' => {
            let code = i32::from_be_bytes(body[..4].try_into().expect("an auth code"));
            // Only SASL (10) lists mechanisms; md5 (5) carries a salt instead.
            let mechanisms = if code == 10 {
                body[4..]
                    .split(|&b| b == 0)
                    .filter(|m| !m.is_empty())
                    .map(|m| String::from_utf8_lossy(m).into_owned())
                    .collect()
            } else {
                Vec::new()
            };
            FirstReply::Auth { code, mechanisms }
        }
        b'E' => {
            let sqlstate = body
                .split(|&b| b == 0)
                .find_map(|field| field.strip_prefix(b"C"))
                .map(|code| String::from_utf8_lossy(code).into_owned())
                .expect("an ErrorResponse carries a SQLSTATE");
            FirstReply::Error { sqlstate }
        }
        other => panic!("unexpected first reply {:?}", other as char),
    }
}

fn tcp(server: &Server) -> TcpStream {
    let addr = server
        .addr()
        .parse()
        .expect("PGLINE_<S>_HOST:PORT is an address");
    let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)
        .unwrap_or_else(|e| panic!("{}: TCP connect to {addr} failed: {e}", server.name));
    stream.set_read_timeout(Some(IO_TIMEOUT)).expect("timeout");
    stream
}

fn unix(server: &Server) -> UnixStream {
    let path = server.socket_path();
    let stream = UnixStream::connect(&path)
        .unwrap_or_else(|e| panic!("{}: connect to {} failed: {e}", server.name, path.display()));
    stream.set_read_timeout(Some(IO_TIMEOUT)).expect("timeout");
    stream
}

fn auth(code: i32) -> FirstReply {
    FirstReply::Auth {
        code,
        mechanisms: Vec::new(),
    }
}

fn rejected() -> FirstReply {
    // invalid_authorization_specification: what pg_hba.conf's `reject` and a missing
    // hostnossl match both give.
    FirstReply::Error {
        sqlstate: "28000".into(),
    }
}

// --- tests --------------------------------------------------------------------------------------

#[test]
fn every_documented_variable_is_set_and_parses() {
    let servers = all_servers();
    let names: Vec<_> = servers.iter().map(|s| s.name).collect();
    assert_eq!(names, ["pg15", "pg18", "vector"]);
    for server in &servers {
        assert_eq!(server.host, "127.0.0.1", "{}", server.name);
        assert_ne!(server.port, 0, "{}", server.name);
        assert!(server.socket_dir.is_dir(), "{}: socket dir", server.name);
    }
    let tls: Vec<_> = support::tls_servers().into_iter().map(|s| s.name).collect();
    assert_eq!(tls, ["pg15", "pg18"]);
    assert!(!support::password().is_empty());
    assert_eq!(support::db(), "pgline");
}

#[test]
fn server_versions_are_15_and_18() {
    let pg15 = support::pg15().version_num;
    assert_eq!(
        pg15 / 10_000,
        15,
        "pg15 is Debian's postgresql package, here {pg15}"
    );
    assert_eq!(
        support::pg18().version_num / 100,
        1800,
        "pg18 is the npm build of 18.4"
    );
    assert_eq!(
        support::vector().version_num / 100,
        1800,
        "vector is the PyPI build of 18.6"
    );
}

#[test]
fn tls_flags_match_the_flavors() {
    assert!(support::pg15().tls);
    assert!(support::pg18().tls);
    assert!(!support::vector().tls);
}

#[test]
fn database_url_points_at_pg15_as_the_trust_user() {
    let pg15 = support::pg15();
    assert_eq!(
        support::database_url(),
        format!("postgres://{USER_TRUST}@127.0.0.1:{}/pgline", pg15.port)
    );
}

#[test]
fn certificate_files_are_pem_and_the_client_key_is_private() {
    for path in [support::ca(), support::other_ca(), support::client_cert()] {
        let pem = std::fs::read_to_string(&path).expect("readable certificate");
        assert!(
            pem.starts_with("-----BEGIN CERTIFICATE-----"),
            "{}",
            path.display()
        );
    }
    assert_ne!(
        std::fs::read(support::ca()).expect("CA"),
        std::fs::read(support::other_ca()).expect("other CA"),
    );
    let key = support::client_key();
    let pem = std::fs::read_to_string(&key).expect("the test process can read the client key");
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    let mode = std::fs::metadata(&key)
        .expect("key metadata")
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "client key mode {mode:o} must be 0600");
}

#[test]
fn every_server_accepts_tcp_and_unix_socket_connections() {
    for server in all_servers() {
        // A trust login on each transport proves a live postmaster, not just an open port.
        assert_eq!(
            first_reply(&mut tcp(&server), USER_TRUST),
            auth(0),
            "{} tcp",
            server.name
        );
        assert_eq!(
            first_reply(&mut unix(&server), USER_TRUST),
            auth(0),
            "{} unix",
            server.name
        );
    }
}

#[test]
fn ipv6_loopback_accepts_connections_when_advertised() {
    for server in all_servers().into_iter().filter(|s| s.ipv6) {
        let addr = std::net::SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, server.port));
        TcpStream::connect_timeout(&addr, IO_TIMEOUT)
            .unwrap_or_else(|e| panic!("{}: connect to {addr}: {e}", server.name));
    }
}

#[test]
fn ssl_request_is_accepted_exactly_where_tls_is_on() {
    for server in all_servers() {
        let mut stream = tcp(&server);
        let mut request = 8i32.to_be_bytes().to_vec();
        request.extend_from_slice(&SSL_REQUEST_CODE.to_be_bytes());
        stream.write_all(&request).expect("send SSLRequest");
        let mut answer = [0u8; 1];
        stream.read_exact(&mut answer).expect("one answer byte");
        let expected = if server.tls { b'S' } else { b'N' };
        assert_eq!(answer[0], expected, "{}", server.name);
    }
}

#[test]
fn each_role_is_offered_its_auth_method_over_plain_tcp() {
    for server in all_servers() {
        let name = server.name;
        assert_eq!(
            first_reply(&mut tcp(&server), USER_PASSWORD),
            auth(3),
            "{name}"
        );
        assert_eq!(first_reply(&mut tcp(&server), USER_MD5), auth(5), "{name}");
        let scram = first_reply(&mut tcp(&server), USER_SCRAM);
        let FirstReply::Auth {
            code: 10,
            mechanisms,
        } = scram
        else {
            panic!("{name}: SASL expected for {USER_SCRAM}, got {scram:?}");
        };
        // Without TLS there is nothing to bind to, so -PLUS is never offered here.
        assert_eq!(mechanisms, ["SCRAM-SHA-256"], "{name}");
        // hostssl-only roles are refused without TLS everywhere.
        assert_eq!(
            first_reply(&mut tcp(&server), USER_SSL),
            rejected(),
            "{name}"
        );
        assert_eq!(
            first_reply(&mut tcp(&server), USER_CERT),
            rejected(),
            "{name}"
        );
    }
}

#[test]
fn each_role_is_offered_its_auth_method_over_the_unix_socket() {
    for server in all_servers() {
        let name = server.name;
        assert_eq!(
            first_reply(&mut unix(&server), USER_PASSWORD),
            auth(3),
            "{name}"
        );
        assert_eq!(first_reply(&mut unix(&server), USER_MD5), auth(5), "{name}");
        let scram = first_reply(&mut unix(&server), USER_SCRAM);
        assert!(
            matches!(scram, FirstReply::Auth { code: 10, .. }),
            "{name}: {scram:?}"
        );
        assert_eq!(
            first_reply(&mut unix(&server), USER_SSL),
            rejected(),
            "{name}"
        );
        assert_eq!(
            first_reply(&mut unix(&server), USER_CERT),
            rejected(),
            "{name}"
        );
    }
}

#[test]
fn url_percent_encodes_user_and_parameters() {
    let server = Server {
        name: "pg15",
        host: "127.0.0.1".into(),
        port: 5433,
        socket_dir: "/tmp/s".into(),
        version_num: 150_018,
        tls: true,
        ipv6: false,
    };
    assert_eq!(
        server.url(
            "pgline_scram",
            &[("password", "p@ss/w rd"), ("sslmode", "disable")]
        ),
        "postgres://pgline_scram@127.0.0.1:5433/pgline?password=p%40ss%2Fw%20rd&sslmode=disable"
    );
    assert_eq!(
        server.url(USER_TRUST, &[]),
        "postgres://pgline_trust@127.0.0.1:5433/pgline"
    );
    let v6 = Server {
        host: "::1".into(),
        ..server
    };
    assert_eq!(v6.url("u", &[]), "postgres://u@[::1]:5433/pgline");
}

#[test]
fn a_missing_variable_panics_with_how_to_run_the_suite() {
    let panic = std::panic::catch_unwind(|| support::env("PGLINE_HARNESS_NEVER_SET"))
        .expect_err("an unset variable must panic");
    let message = panic
        .downcast_ref::<String>()
        .expect("a formatted panic message");
    assert_eq!(
        message,
        "PGLINE_HARNESS_NEVER_SET is not set: run the tests with scripts/test, which starts the servers"
    );
}

// --- PgBouncer, and the primary/standby pair (through pgline's client) -------------------------

async fn connect(url: &str) -> pgline::Client {
    pgline::connect(url)
        .await
        .unwrap_or_else(|e| panic!("connect to {url}: {e}"))
}

/// The one value of a one-row, one-column simple query.
async fn simple_value(client: &pgline::Client, sql: &str) -> String {
    let mut values = Vec::new();
    for message in client.simple_query(sql).await.expect(sql) {
        if let pgline::SimpleQueryMessage::Row(row) = message {
            values.push(row.get(0).map(str::to_owned));
        }
    }
    match values.as_slice() {
        [Some(value)] => value.clone(),
        other => panic!("{sql}: one non-NULL value expected, got {other:?}"),
    }
}

fn trust_url(server: &Server) -> String {
    server.url(USER_TRUST, &[("sslmode", "disable")])
}

#[test]
fn pair_and_pgbouncer_variables_are_set_and_distinct() {
    let (pg15, primary, standby, bouncer) = (
        support::pg15(),
        support::primary(),
        support::standby(),
        support::pgbouncer(),
    );
    for server in [&primary, &standby] {
        assert_eq!(server.version_num / 10_000, 15, "{}", server.name);
        assert!(server.tls, "{}", server.name);
        assert!(server.socket_dir.is_dir(), "{}: socket dir", server.name);
        assert!(
            support::data_dir(server).join("PG_VERSION").is_file(),
            "{}: data dir",
            server.name
        );
        assert!(
            support::bindir(server).join("pg_ctl").is_file(),
            "{}",
            server.name
        );
    }
    assert_ne!(support::data_dir(&primary), support::data_dir(&standby));
    assert_ne!(support::data_dir(&primary), support::data_dir(&pg15));
    let mut ports = vec![pg15.port, primary.port, standby.port, bouncer.port];
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), 4, "every server has its own port");
    assert_eq!(bouncer.host, "127.0.0.1");
    assert!(!bouncer.tls && !bouncer.ipv6);
    assert!(bouncer.socket_dir.is_dir(), "pgbouncer socket dir");
    assert_eq!(bouncer.version_num, pg15.version_num);
    assert_eq!(
        support::env("PGLINE_PGBOUNCER_SERVER_PORT"),
        pg15.port.to_string()
    );
    let version = support::pgbouncer_version();
    let mut parts = version.split('.').map(|p| p.parse::<u32>());
    assert!(
        matches!((parts.next(), parts.next()), (Some(Ok(1)), Some(Ok(minor))) if minor >= 18),
        "PgBouncer 1.18 or newer expected, got {version}"
    );
}

#[tokio::test]
async fn pgbouncer_reaches_pg15_over_tcp_and_its_own_socket() {
    let bouncer = support::pgbouncer();
    let pg15 = support::pg15();
    let socket = bouncer.socket_dir.to_str().expect("a UTF-8 socket dir");
    for url in [
        trust_url(&bouncer),
        bouncer.url(USER_TRUST, &[("host", socket)]),
    ] {
        let client = connect(&url).await;
        // PgBouncer connects to pg15 over TCP: the port the backend sees is pg15's, never the
        // primary's or PgBouncer's own.
        let rows = client
            .query("SELECT inet_server_port(), current_database()", &[])
            .await
            .expect("a query through PgBouncer");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].get::<_, i32>(0), i32::from(pg15.port), "{url}");
        assert_eq!(rows[0].get::<_, &str>(1), support::db());
    }
}

#[tokio::test]
async fn pgbouncer_pools_in_transaction_mode() {
    let bouncer = support::pgbouncer();
    let console = connect(&bouncer.url(
        USER_TRUST,
        &[("dbname", "pgbouncer"), ("sslmode", "disable")],
    ))
    .await;
    let mut modes = Vec::new();
    for message in console
        .simple_query("SHOW POOLS")
        .await
        .expect("SHOW POOLS")
    {
        if let pgline::SimpleQueryMessage::Row(row) = message
            && row.get("database") == Some("pgline")
        {
            modes.push(row.get("pool_mode").map(str::to_owned));
        }
    }
    assert!(!modes.is_empty(), "no pool for the test database");
    assert!(
        modes.iter().all(|m| m.as_deref() == Some("transaction")),
        "{modes:?}"
    );

    // The behaviour itself: two open clients take turns on the same server backend, which
    // session mode (one backend per client for its whole life) never allows.
    let (a, b) = (
        connect(&trust_url(&bouncer)).await,
        connect(&trust_url(&bouncer)).await,
    );
    let (mut pids_a, mut pids_b) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        pids_a.push(simple_value(&a, "SELECT pg_backend_pid()").await);
        pids_b.push(simple_value(&b, "SELECT pg_backend_pid()").await);
        if pids_b.iter().any(|pid| pids_a.contains(pid)) {
            return;
        }
    }
    panic!("two clients never shared a backend: a {pids_a:?}, b {pids_b:?}");
}

#[tokio::test]
async fn pgbouncer_logs_in_each_password_user_and_refuses_a_wrong_password() {
    let bouncer = support::pgbouncer();
    let password = support::password();
    for user in [USER_PASSWORD, USER_MD5, USER_SCRAM] {
        let url = bouncer.url(user, &[("password", &password), ("sslmode", "disable")]);
        let client = connect(&url).await;
        assert_eq!(simple_value(&client, "SELECT current_user").await, user);
    }
    let wrong = bouncer.url(
        USER_SCRAM,
        &[("password", "not-the-password"), ("sslmode", "disable")],
    );
    assert!(
        pgline::connect(&wrong).await.is_err(),
        "a wrong password must be refused"
    );
}

#[tokio::test]
async fn standby_is_a_hot_standby_in_recovery_and_primary_is_not() {
    let primary = connect(&trust_url(&support::primary())).await;
    let standby = connect(&trust_url(&support::standby())).await;
    assert_eq!(
        simple_value(&standby, "SELECT pg_is_in_recovery()").await,
        "t"
    );
    assert_eq!(
        simple_value(&primary, "SELECT pg_is_in_recovery()").await,
        "f"
    );
    // PostgreSQL 14+ reports it at startup; target_session_attrs relies on it.
    assert_eq!(standby.parameter("in_hot_standby").as_deref(), Some("on"));
    assert_eq!(primary.parameter("in_hot_standby").as_deref(), Some("off"));
    // The standby streams from this primary, not from pg15.
    let senders = simple_value(
        &primary,
        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'",
    )
    .await;
    assert_eq!(senders, "1");
}

#[tokio::test]
async fn standby_receives_a_row_written_on_the_primary_within_5_s() {
    let primary = connect(&trust_url(&support::primary())).await;
    let standby = connect(&trust_url(&support::standby())).await;
    let token = format!(
        "harness-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("a clock after 1970")
            .as_nanos()
    );
    primary
        .batch_execute(&format!(
            "CREATE TABLE IF NOT EXISTS harness_replication (token text PRIMARY KEY);
             INSERT INTO harness_replication VALUES ('{token}')"
        ))
        .await
        .expect("write on the primary");
    let probe = format!("SELECT count(*) FROM harness_replication WHERE token = '{token}'");
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        // Until the CREATE TABLE is replayed the table is missing on the standby: retry.
        if let Ok(messages) = standby.simple_query(&probe).await {
            let seen = messages.iter().any(
                |m| matches!(m, pgline::SimpleQueryMessage::Row(row) if row.get(0) == Some("1")),
            );
            if seen {
                return;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "row {token} not on the standby after 5 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[test]
fn pg_ctl_helper_reports_each_pair_member_running() {
    for server in [support::primary(), support::standby()] {
        let out = support::pg_ctl(&server, &["status"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: pg_ctl status failed: {stdout}{}",
            server.name,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("server is running"),
            "{}: {stdout}",
            server.name
        );
        // pg_ctl status echoes the postmaster's command line, with this cluster's port.
        assert!(
            stdout.contains(&format!("\"-p\" \"{}\"", server.port)),
            "{}: {stdout}",
            server.name
        );
    }
}
