//! Where integration tests find the real PostgreSQL servers that `scripts/test` starts.
//!
//! `scripts/test` starts five throwaway clusters and a PgBouncer and exports the variables below
//! (each `scripts/pgserver start` and `scripts/pgbouncer start` prints its share as `KEY=VALUE`
//! lines). Every accessor panics with a
//! message naming the missing variable and how to run the suite: a test that needs a server fails
//! loudly, it never skips. Use it from a test file with `mod support;`.
//!
//! | variable | meaning |
//! | --- | --- |
//! | `PGLINE_<S>_HOST` | TCP address of server `S` (`PG15`, `PG18`, `VECTOR`, `PRIMARY`, `STANDBY`, `PGBOUNCER`): `127.0.0.1` |
//! | `PGLINE_<S>_PORT` | its TCP port (free port picked at start) |
//! | `PGLINE_<S>_SOCKET_DIR` | its private unix socket directory (socket `.s.PGSQL.<port>`) |
//! | `PGLINE_<S>_VERSION_NUM` | its `server_version_num`, e.g. `150018`, `180004` (PgBouncer: pg15's) |
//! | `PGLINE_<S>_TLS` | `1` when it has `ssl = on` (pg15, pg18, primary, standby), `0` otherwise |
//! | `PGLINE_<S>_IPV6` | `1` when it also listens on `::1` (the machine has IPv6 loopback; PgBouncer never) |
//! | `PGLINE_<S>_SERVER_DIR` | clusters only: the `--dir` of `scripts/pgserver` (for [`pg_ctl`]) |
//! | `PGLINE_<S>_DATA_DIR` | clusters only: the data directory (owned by `postgres` when run as root) |
//! | `PGLINE_<S>_BINDIR` | clusters only: the directory of its `postgres`, `pg_ctl`, ... |
//! | `PGLINE_PGBOUNCER_VERSION` | PgBouncer's own version, e.g. `1.18.0` |
//! | `PGLINE_PGBOUNCER_SERVER_PORT` | the TCP port of the cluster behind PgBouncer (pg15's) |
//! | `PGLINE_TEST_PASSWORD` | the password of every password user below |
//! | `PGLINE_TEST_DB` | the test database (`pgline`), owned by `pgline_trust` |
//! | `PGLINE_TEST_CA` | PEM of the CA that signed the server and client certificates |
//! | `PGLINE_TEST_OTHER_CA` | PEM of an unrelated CA (verify-ca/verify-full must fail with it) |
//! | `PGLINE_TEST_CLIENT_CERT` | PEM client certificate, CN=`pgline_cert`, signed by the CA |
//! | `PGLINE_TEST_CLIENT_KEY` | its PEM (PKCS#8) private key, mode 0600 |
//! | `DATABASE_URL` | `postgres://pgline_trust@127.0.0.1:<pg15 port>/pgline` |
//!
//! Servers: `pg15` is Debian's PostgreSQL 15 and `pg18` the npm build of PostgreSQL 18.4 (protocol
//! 3.2, `sslnegotiation=direct`), both with TLS; the server certificate is for `localhost`,
//! `127.0.0.1` and `::1`. `vector` is PostgreSQL 18.6 with pgvector (the `vector` extension is
//! already created in the test database), TLS off.
//!
//! `primary` and `standby` are a pair of pg15 clusters for the pool's failover and
//! `target_session_attrs` tests only: `standby` is a hot standby made with `pg_basebackup -R`
//! that streams from `primary`. A test may stop, restart or promote them with [`pg_ctl`], so no
//! other test uses them (pg15 stays stable). `pgbouncer` is PgBouncer in transaction mode in
//! front of pg15 over TCP (TLS off on both legs); every database name maps to the same one on
//! pg15, `pgbouncer` is its admin console (for `pgline_trust`), protocol-level named prepared
//! statements are not supported (statement cache off), and the `options` startup parameter is
//! ignored. Through it `pgline_trust` logs in by trust, the password users by their own method,
//! any role a test creates by scram-sha-256; `pgline_ssl` and `pgline_cert` cannot log in.
//!
//! Roles, the same on every server ([`USER_TRUST`] and friends): `pgline_trust` (trust,
//! superuser; TCP and socket), `pgline_pass` (`password`), `pgline_md5` (`md5`, stored as md5),
//! `pgline_scram` (`scram-sha-256`), `pgline_ssl` (`hostssl` + scram-sha-256 only, rejected
//! without TLS and on the socket), `pgline_cert` (`hostssl` + `cert`: client certificate whose CN
//! is the user), `pgline_nossl` (`hostnossl` + scram-sha-256 only: pg_hba rejects it over TLS,
//! after the handshake, the case `sslmode=prefer` falls back from). On `vector` (no TLS) `pgline_ssl` and `pgline_cert` can never log in. Any other
//! role a test creates authenticates with scram-sha-256.
//!
//! Recipes: the unix socket is `server.url(user, &[("host", dir)])` with `dir` from
//! `socket_dir`; a name the server certificate does not carry (verify-full must fail) is
//! `("host", "pgline.invalid"), ("hostaddr", "127.0.0.1")`, libpq's way to connect to one address
//! while verifying another name.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::PathBuf;

/// The trust superuser: the tests' admin user.
pub const USER_TRUST: &str = "pgline_trust";
/// Authenticates with the `password` (cleartext) method.
pub const USER_PASSWORD: &str = "pgline_pass";
/// Authenticates with `md5`; its password is stored as an md5 hash.
pub const USER_MD5: &str = "pgline_md5";
/// Authenticates with `scram-sha-256`.
pub const USER_SCRAM: &str = "pgline_scram";
/// Only over TLS (`hostssl`, scram-sha-256); rejected without TLS.
pub const USER_SSL: &str = "pgline_ssl";
/// Only over TLS with a client certificate (`cert`); the certificate's CN is this name.
pub const USER_CERT: &str = "pgline_cert";
/// Only without TLS (`hostnossl`, scram-sha-256); rejected by pg_hba over TLS.
pub const USER_NOSSL: &str = "pgline_nossl";

/// One running test server, read from its `PGLINE_<S>_*` variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// `pg15`, `pg18`, `vector`, `primary`, `standby` or `pgbouncer`.
    pub name: &'static str,
    /// TCP host: `127.0.0.1`.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Unix socket directory; the socket is `.s.PGSQL.<port>` inside it.
    pub socket_dir: PathBuf,
    /// `server_version_num`, e.g. 150018.
    pub version_num: u32,
    /// Whether the server has TLS on.
    pub tls: bool,
    /// Whether the server also listens on `::1`.
    pub ipv6: bool,
}

/// `PGLINE_<NAME>`, the prefix of a server's variables.
fn prefix(name: &str) -> String {
    format!("PGLINE_{}", name.to_ascii_uppercase())
}

impl Server {
    fn from_env(name: &'static str) -> Server {
        let prefix = prefix(name);
        Server {
            name,
            host: env(&format!("{prefix}_HOST")),
            port: parsed(&format!("{prefix}_PORT")),
            socket_dir: PathBuf::from(env(&format!("{prefix}_SOCKET_DIR"))),
            version_num: parsed(&format!("{prefix}_VERSION_NUM")),
            tls: flag(&format!("{prefix}_TLS")),
            ipv6: flag(&format!("{prefix}_IPV6")),
        }
    }

    /// `host:port` for `TcpStream::connect`.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// Path of the server's unix socket file.
    pub fn socket_path(&self) -> PathBuf {
        self.socket_dir.join(format!(".s.PGSQL.{}", self.port))
    }

    /// A `postgres://` URL for `user` on this server's TCP address and the test database, with
    /// `params` appended as query parameters (percent-encoded). No password is added: pass
    /// `("password", &password())` when the user needs one.
    ///
    /// `pg15().url(USER_SCRAM, &[("password", "pw"), ("sslmode", "disable")])` gives
    /// `postgres://pgline_scram@127.0.0.1:5432/pgline?password=pw&sslmode=disable`.
    pub fn url(&self, user: &str, params: &[(&str, &str)]) -> String {
        self.url_with_host(&self.host, user, params)
    }

    /// Like [`Server::url`] with another host name in the URL (e.g. `localhost`, for TLS name
    /// checks); add `("hostaddr", "127.0.0.1")` when the name does not resolve.
    pub fn url_with_host(&self, host: &str, user: &str, params: &[(&str, &str)]) -> String {
        let host = if host.contains(':') {
            format!("[{host}]")
        } else {
            host.to_owned()
        };
        let mut url = format!(
            "postgres://{}@{}:{}/{}",
            encode(user),
            host,
            self.port,
            encode(&db())
        );
        for (i, (key, value)) in params.iter().enumerate() {
            let sep = if i == 0 { '?' } else { '&' };
            // Writing to a String cannot fail.
            let _ = write!(url, "{sep}{}={}", encode(key), encode(value));
        }
        url
    }
}

/// Debian's PostgreSQL 15, TLS on.
pub fn pg15() -> Server {
    Server::from_env("pg15")
}

/// PostgreSQL 18.4 (npm build), TLS on: protocol 3.2 and `sslnegotiation=direct`.
pub fn pg18() -> Server {
    Server::from_env("pg18")
}

/// PostgreSQL 18.6 with pgvector (PyPI build), TLS off.
pub fn vector() -> Server {
    Server::from_env("vector")
}

/// The servers with TLS on: pg15 and pg18.
pub fn tls_servers() -> Vec<Server> {
    vec![pg15(), pg18()]
}

/// Every test server but the failover pair and PgBouncer: pg15, pg18 and vector.
pub fn all_servers() -> Vec<Server> {
    vec![pg15(), pg18(), vector()]
}

/// PgBouncer in transaction mode in front of pg15, TLS off; `version_num` is pg15's.
pub fn pgbouncer() -> Server {
    Server::from_env("pgbouncer")
}

/// PgBouncer's own version, e.g. `1.18.0`.
pub fn pgbouncer_version() -> String {
    env("PGLINE_PGBOUNCER_VERSION")
}

/// The pg15 primary of the failover pair, TLS on. Only pool and failover tests use it.
pub fn primary() -> Server {
    Server::from_env("primary")
}

/// The hot standby streaming from [`primary`], TLS on. Only pool and failover tests use it.
pub fn standby() -> Server {
    Server::from_env("standby")
}

/// The data directory of a cluster (not PgBouncer).
pub fn data_dir(server: &Server) -> PathBuf {
    PathBuf::from(env(&format!("{}_DATA_DIR", prefix(server.name))))
}

/// The directory of a cluster's server binaries (`pg_ctl`, `pg_basebackup`, ...).
pub fn bindir(server: &Server) -> PathBuf {
    PathBuf::from(env(&format!("{}_BINDIR", prefix(server.name))))
}

/// Runs `pg_ctl ARGS` on a cluster as its server user (`postgres` when the tests run as root),
/// through `scripts/pgserver ctl`, which supplies `-D` and, for `start`/`restart`, the log file.
/// `pg_ctl(&support::standby(), &["promote"])`; `&["stop", "-m", "fast"]`; `&["status"]`.
/// Returns pg_ctl's exit status and output; panics only when the script cannot be run.
pub fn pg_ctl(server: &Server, args: &[&str]) -> std::process::Output {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/pgserver");
    let dir = env(&format!("{}_SERVER_DIR", prefix(server.name)));
    std::process::Command::new(&script)
        .args(["ctl", "--dir", &dir, "--"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running {} failed: {e}", script.display()))
}

/// The password shared by every password user.
pub fn password() -> String {
    env("PGLINE_TEST_PASSWORD")
}

/// The test database's name.
pub fn db() -> String {
    env("PGLINE_TEST_DB")
}

/// The CA certificate (PEM) that signed the server and client certificates.
pub fn ca() -> PathBuf {
    existing_file("PGLINE_TEST_CA")
}

/// An unrelated CA certificate (PEM) that signed nothing the servers use.
pub fn other_ca() -> PathBuf {
    existing_file("PGLINE_TEST_OTHER_CA")
}

/// The client certificate (PEM) for [`USER_CERT`].
pub fn client_cert() -> PathBuf {
    existing_file("PGLINE_TEST_CLIENT_CERT")
}

/// The client certificate's private key (PEM, PKCS#8, mode 0600).
pub fn client_key() -> PathBuf {
    existing_file("PGLINE_TEST_CLIENT_KEY")
}

/// `DATABASE_URL`: pg15 as [`USER_TRUST`] on the test database.
pub fn database_url() -> String {
    env("DATABASE_URL")
}

/// The value of `name`; panics with the way to run the suite when it is unset or empty.
pub fn env(name: &str) -> String {
    match std::env::var(name) {
        Ok(value) if !value.is_empty() => value,
        _ => panic!("{name} is not set: run the tests with scripts/test, which starts the servers"),
    }
}

fn parsed<T: std::str::FromStr>(name: &str) -> T {
    let value = env(name);
    value
        .parse()
        .unwrap_or_else(|_| panic!("{name}={value:?} is not a valid number (scripts/test sets it)"))
}

fn flag(name: &str) -> bool {
    match env(name).as_str() {
        "1" => true,
        "0" => false,
        other => panic!("{name}={other:?} must be 1 or 0 (scripts/test sets it)"),
    }
}

fn existing_file(name: &str) -> PathBuf {
    let path = PathBuf::from(env(name));
    assert!(
        path.is_file(),
        "{name}={} is not a file: run the tests with scripts/test, which makes it",
        path.display()
    );
    path
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// For the pool tests: pg15 as the trust user, TLS off, with `application_name` set to `app`
/// so `pg_stat_activity` shows a pool's sessions, and `pool_*` keys beside.
pub fn pool_url(app: &str, pool_keys: &[(&str, &str)]) -> String {
    let mut params = vec![("sslmode", "disable"), ("application_name", app)];
    params.extend_from_slice(pool_keys);
    pg15().url(USER_TRUST, &params)
}

/// How many sessions the server shows for `application_name = app`.
pub async fn sessions(admin: &pgline::Client, app: &str) -> i64 {
    admin
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
            &[&app],
        )
        .await
        .unwrap()
        .get(0)
}
