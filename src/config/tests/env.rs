//! Environment fallbacks and libpq's defaults, against injected environments only.
//!
//! Checked by hand against libpq 15.18 (Debian) with `psql "<conninfo>" -c '\conninfo'` and a
//! throwaway server on a private socket directory:
//! - `host=''` with PGHOST set: psql went to the default `/var/run/postgresql` socket (PGPORT
//!   still applied), so an explicit empty value hides the variable;
//! - `postgresql:///postgres` with PGHOST set: psql used PGHOST (a URL's empty host is not set);
//! - `postgresql://127.0.0.1,127.0.0.1/` with PGPORT set: psql tried port 5432 (the URL's port
//!   list "," hides PGPORT), while `postgresql://127.0.0.1/` used PGPORT;
//! - `connect_timeout=1` against a listener that never answers: psql gave up after 2.06 s;
//! - `host=127.0.0.1,127.0.0.1 port=54331,54329` with the first port closed: connected to the
//!   second; `host=@nothing port=1`: tried the abstract socket `@nothing/.s.PGSQL.1`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::super::{
    ChannelBinding, ClientCert, Config, Endpoint, FixedEnvironment, Keepalives, LoadBalanceHosts,
    ProtocolVersion, ResolvedConfig, RootCert, SslMode, SslNegotiation, TargetSessionAttrs,
    TlsVersion,
};

fn env() -> FixedEnvironment {
    FixedEnvironment::new().os_user("alice").existing("/tmp")
}

fn resolve(text: &str, env: &FixedEnvironment) -> ResolvedConfig {
    let config: Config = text.parse().unwrap_or_else(|e| panic!("{text:?}: {e}"));
    config
        .resolve_with(env)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn socket(path: &str) -> Endpoint {
    Endpoint::UnixSocket(PathBuf::from(path))
}

fn name(host: &str) -> Endpoint {
    Endpoint::HostName(host.to_owned())
}

fn addr(ip: &str) -> Endpoint {
    Endpoint::Address(ip.parse::<IpAddr>().unwrap())
}

/// (endpoint, host, port) of every target.
fn targets(resolved: &ResolvedConfig) -> Vec<(Endpoint, Option<String>, u16)> {
    resolved
        .targets
        .iter()
        .map(|t| (t.endpoint.clone(), t.host.clone(), t.port))
        .collect()
}

#[test]
fn empty_config_takes_libpq_defaults() {
    let r = resolve("", &env());
    assert_eq!(
        targets(&r),
        [(socket("/tmp/.s.PGSQL.5432"), Some("/tmp".to_owned()), 5432)]
    );
    assert_eq!(r.user, "alice");
    assert_eq!(r.dbname, "alice");
    assert_eq!(r.ssl_mode, SslMode::Prefer);
    assert_eq!(r.ssl_negotiation, SslNegotiation::Postgres);
    assert_eq!(r.channel_binding, ChannelBinding::Prefer);
    assert_eq!(r.target_session_attrs, TargetSessionAttrs::Any);
    assert_eq!(r.load_balance_hosts, LoadBalanceHosts::Disable);
    assert_eq!(r.min_protocol_version, ProtocolVersion::V3_0);
    assert_eq!(r.max_protocol_version, ProtocolVersion::V3_0);
    assert_eq!(r.ssl_min_protocol_version, Some(TlsVersion::Tls1_2));
    assert_eq!(r.ssl_max_protocol_version, None);
    assert_eq!(r.connect_timeout, None);
    assert_eq!(
        r.keepalives,
        Some(Keepalives {
            idle: None,
            interval: None,
            retries: None
        })
    );
    assert_eq!(r.tcp_user_timeout, None);
    assert_eq!(r.require_auth, None);
    assert_eq!(r.options, None);
    assert_eq!(r.application_name, None);
    assert_eq!(r.ssl_root_cert, RootCert::Missing(None));
    assert_eq!(r.ssl_client_cert, None);
    assert_eq!(r.passfile, None);
    assert_eq!(
        r.startup_params(),
        [
            ("user", "alice"),
            ("database", "alice"),
            ("client_encoding", "UTF8")
        ]
    );
}

#[test]
fn default_host_is_the_first_socket_directory_that_serves_the_port() {
    let cases: &[(FixedEnvironment, Endpoint, &str)] = &[
        (env(), socket("/tmp/.s.PGSQL.5432"), "/tmp"),
        (
            env().existing("/var/run/postgresql"),
            socket("/var/run/postgresql/.s.PGSQL.5432"),
            "/var/run/postgresql",
        ),
        // Both directories exist, only /tmp has the socket: an upstream-built server.
        (
            env()
                .existing("/var/run/postgresql")
                .existing("/tmp/.s.PGSQL.5432"),
            socket("/tmp/.s.PGSQL.5432"),
            "/tmp",
        ),
        (
            FixedEnvironment::new().os_user("alice"),
            name("localhost"),
            "localhost",
        ),
    ];
    for (env, endpoint, host) in cases {
        let r = resolve("", env);
        assert_eq!(
            targets(&r),
            [(endpoint.clone(), Some((*host).to_owned()), 5432)]
        );
    }
    // The socket is looked for with each slot's own port.
    let env = env()
        .existing("/var/run/postgresql")
        .existing("/tmp/.s.PGSQL.6000");
    let r = resolve("host=, port=5432,6000", &env);
    assert_eq!(
        targets(&r),
        [
            (
                socket("/var/run/postgresql/.s.PGSQL.5432"),
                Some("/var/run/postgresql".to_owned()),
                5432
            ),
            (socket("/tmp/.s.PGSQL.6000"), Some("/tmp".to_owned()), 6000),
        ]
    );
}

#[test]
fn environment_fills_unset_keys() {
    let env = env()
        .var("PGHOST", "db1,db2")
        .var("PGPORT", "6000")
        .var("PGUSER", "bob")
        .var("PGDATABASE", "app")
        .var("PGAPPNAME", "tool")
        .var("PGOPTIONS", "-c search_path=app")
        .var("PGSSLMODE", "require")
        .var("PGSSLNEGOTIATION", "direct")
        .var("PGCONNECT_TIMEOUT", "7")
        .var("PGTARGETSESSIONATTRS", "read-write")
        .var("PGLOADBALANCEHOSTS", "random")
        .var("PGCHANNELBINDING", "require")
        .var("PGREQUIREAUTH", "scram-sha-256")
        .var("PGCLIENTENCODING", "utf-8")
        .var("PGMINPROTOCOLVERSION", "3.2")
        .var("PGSSLMINPROTOCOLVERSION", "TLSv1.3")
        .var("PGGSSENCMODE", "disable");
    let r = resolve("", &env);
    assert_eq!(
        targets(&r),
        [
            (name("db1"), Some("db1".to_owned()), 6000),
            (name("db2"), Some("db2".to_owned()), 6000),
        ]
    );
    assert_eq!(r.user, "bob");
    assert_eq!(r.dbname, "app");
    assert_eq!(r.application_name.as_deref(), Some("tool"));
    assert_eq!(r.options.as_deref(), Some("-c search_path=app"));
    assert_eq!(r.ssl_mode, SslMode::Require);
    assert_eq!(r.ssl_negotiation, SslNegotiation::Direct);
    assert_eq!(r.connect_timeout, Some(Duration::from_secs(7)));
    assert_eq!(r.target_session_attrs, TargetSessionAttrs::ReadWrite);
    assert_eq!(r.load_balance_hosts, LoadBalanceHosts::Random);
    assert_eq!(r.channel_binding, ChannelBinding::Require);
    let auth = r.require_auth.as_ref().unwrap();
    assert_eq!(auth.as_str(), "scram-sha-256");
    assert!(auth.allows(crate::auth::AuthRequest::Sasl));
    assert!(!auth.allows(crate::auth::AuthRequest::Md5));
    assert_eq!(r.min_protocol_version, ProtocolVersion::V3_2);
    assert_eq!(r.max_protocol_version, ProtocolVersion::V3_2);
    assert_eq!(r.ssl_min_protocol_version, Some(TlsVersion::Tls1_3));

    // Anything the config sets, even to the empty string, hides its variable.
    let r = resolve(
        "host='' port=5433 user=carol dbname='' application_name='' sslmode=disable \
         sslnegotiation=postgres connect_timeout=0",
        &env,
    );
    assert_eq!(
        targets(&r),
        [(socket("/tmp/.s.PGSQL.5433"), Some("/tmp".to_owned()), 5433)]
    );
    assert_eq!(r.user, "carol");
    assert_eq!(r.dbname, "carol");
    assert_eq!(r.application_name, None);
    assert_eq!(r.ssl_mode, SslMode::Disable);
    assert_eq!(r.connect_timeout, None);
}

#[test]
fn url_parts_left_empty_do_not_hide_the_environment() {
    let env = env()
        .var("PGHOST", "envhost")
        .var("PGDATABASE", "envdb")
        .var("PGPORT", "6000");
    let r = resolve("postgresql:///", &env);
    assert_eq!(
        targets(&r),
        [(name("envhost"), Some("envhost".to_owned()), 6000)]
    );
    assert_eq!(r.dbname, "envdb");
    // Several hosts store a port list (",") even without ports, which hides PGPORT.
    let r = resolve("postgresql://a,b/", &env);
    assert_eq!(
        targets(&r),
        [
            (name("a"), Some("a".to_owned()), 5432),
            (name("b"), Some("b".to_owned()), 5432),
        ]
    );
    let r = resolve("postgresql://a/", &env);
    assert_eq!(targets(&r), [(name("a"), Some("a".to_owned()), 6000)]);
}

/// A target's endpoint, host and port.
type Want = (Endpoint, Option<&'static str>, u16);

#[test]
fn hosts_hostaddrs_and_ports_pair_up_as_libpq() {
    let e = env();
    let cases: &[(&str, &[Want])] = &[
        (
            "host=a,b,c port=1",
            &[
                (name("a"), Some("a"), 1),
                (name("b"), Some("b"), 1),
                (name("c"), Some("c"), 1),
            ],
        ),
        (
            "host=a,,b port=1,2,3",
            &[
                (name("a"), Some("a"), 1),
                (socket("/tmp/.s.PGSQL.2"), Some("/tmp"), 2),
                (name("b"), Some("b"), 3),
            ],
        ),
        (
            "host=a,b port=1,",
            &[(name("a"), Some("a"), 1), (name("b"), Some("b"), 5432)],
        ),
        (
            "hostaddr=10.0.0.1,::1",
            &[(addr("10.0.0.1"), None, 5432), (addr("::1"), None, 5432)],
        ),
        (
            "host=a,b hostaddr=10.0.0.1,",
            &[
                (addr("10.0.0.1"), Some("a"), 5432),
                (name("b"), Some("b"), 5432),
            ],
        ),
        // An empty host string does not count: the hostaddr list decides.
        (
            "host='' hostaddr=10.0.0.1,10.0.0.2 port=7",
            &[(addr("10.0.0.1"), None, 7), (addr("10.0.0.2"), None, 7)],
        ),
        (
            "host=/var/lib/pg,@abstract,db port=1,2,3",
            &[
                (socket("/var/lib/pg/.s.PGSQL.1"), Some("/var/lib/pg"), 1),
                (
                    Endpoint::AbstractSocket("abstract/.s.PGSQL.2".to_owned()),
                    Some("@abstract"),
                    2,
                ),
                (name("db"), Some("db"), 3),
            ],
        ),
        (
            "postgresql://[::1]:5433,h2/db",
            &[
                (name("::1"), Some("::1"), 5433),
                (name("h2"), Some("h2"), 5432),
            ],
        ),
        (
            "postgresql://%2Fvar%2Frun%2Fpostgresql:6000/db",
            &[(
                socket("/var/run/postgresql/.s.PGSQL.6000"),
                Some("/var/run/postgresql"),
                6000,
            )],
        ),
        (
            "postgresql:///db?host=/srv/pg&port=5555",
            &[(socket("/srv/pg/.s.PGSQL.5555"), Some("/srv/pg"), 5555)],
        ),
    ];
    for &(text, want) in cases {
        let want: Vec<_> = want
            .iter()
            .map(|(e, h, p)| (e.clone(), h.map(str::to_owned), *p))
            .collect();
        assert_eq!(targets(&resolve(text, &e)), want, "{text}");
    }
}

#[test]
fn timeouts_and_keepalives_follow_libpq_rules() {
    let e = env();
    for (text, want) in [
        ("connect_timeout=0", None),
        ("connect_timeout=-5", None),
        ("connect_timeout=1", Some(2)),
        ("connect_timeout=2", Some(2)),
        ("connect_timeout=' 10 '", Some(10)),
    ] {
        assert_eq!(
            resolve(text, &e).connect_timeout,
            want.map(Duration::from_secs),
            "{text}"
        );
    }
    let mut config = Config::new();
    config.connect_timeout(Duration::from_millis(300));
    assert_eq!(
        config.resolve_with(&e).unwrap().connect_timeout,
        Some(Duration::from_secs(2))
    );
    assert_eq!(
        resolve("keepalives=0 keepalives_idle=5", &e).keepalives,
        None
    );
    assert_eq!(
        resolve(
            "keepalives=1 keepalives_idle=30 keepalives_interval=0 keepalives_count=-3",
            &e
        )
        .keepalives,
        Some(Keepalives {
            idle: Some(Duration::from_secs(30)),
            interval: None,
            retries: None
        })
    );
    assert_eq!(
        resolve("keepalives_count=4 keepalives_interval=5", &e).keepalives,
        Some(Keepalives {
            idle: None,
            interval: Some(Duration::from_secs(5)),
            retries: Some(4)
        })
    );
    assert_eq!(
        resolve("tcp_user_timeout=1500", &e).tcp_user_timeout,
        Some(Duration::from_millis(1500))
    );
    assert_eq!(resolve("tcp_user_timeout=-1", &e).tcp_user_timeout, None);
}

#[test]
fn ssl_defaults_and_certificates() {
    let home = env().var("HOME", "/home/alice");
    let r = resolve("", &home);
    assert_eq!(
        r.ssl_root_cert,
        RootCert::Missing(Some(PathBuf::from("/home/alice/.postgresql/root.crt")))
    );
    assert_eq!(r.ssl_client_cert, None);

    let with_files = home
        .clone()
        .existing("/home/alice/.postgresql/root.crt")
        .existing("/home/alice/.postgresql/postgresql.crt");
    let r = resolve("", &with_files);
    assert_eq!(
        r.ssl_root_cert,
        RootCert::File(PathBuf::from("/home/alice/.postgresql/root.crt"))
    );
    assert_eq!(
        r.ssl_client_cert,
        Some(ClientCert {
            cert: PathBuf::from("/home/alice/.postgresql/postgresql.crt"),
            key: PathBuf::from("/home/alice/.postgresql/postgresql.key"),
        })
    );
    assert_eq!(
        resolve("sslcertmode=disable", &with_files).ssl_client_cert,
        None
    );

    // Explicit files, and their environment variables.
    let files = env()
        .existing("/certs/ca.pem")
        .existing("/certs/client.pem")
        .var("PGSSLKEY", "/certs/client.key");
    let r = resolve(
        "sslrootcert=/certs/ca.pem sslcert=/certs/client.pem",
        &files,
    );
    assert_eq!(
        r.ssl_root_cert,
        RootCert::File(PathBuf::from("/certs/ca.pem"))
    );
    assert_eq!(
        r.ssl_client_cert,
        Some(ClientCert {
            cert: PathBuf::from("/certs/client.pem"),
            key: PathBuf::from("/certs/client.key"),
        })
    );
    let r = resolve("sslrootcert=/certs/missing.pem", &files);
    assert_eq!(
        r.ssl_root_cert,
        RootCert::Missing(Some(PathBuf::from("/certs/missing.pem")))
    );
    // `engine:key` is an OpenSSL engine key in libpq.
    let err = "sslcert=/certs/client.pem sslkey=pkcs11:id"
        .parse::<Config>()
        .unwrap()
        .resolve_with(&files)
        .unwrap_err();
    assert_eq!(err.key(), Some("sslkey"));

    // sslrootcert=system makes verify-full the default, and only verify-full is allowed.
    let r = resolve("sslrootcert=system", &env());
    assert_eq!(r.ssl_root_cert, RootCert::System);
    assert_eq!(r.ssl_mode, SslMode::VerifyFull);
    let r = resolve("", &env().var("PGSSLROOTCERT", "system"));
    assert_eq!(r.ssl_mode, SslMode::VerifyFull);
    // ./system and system/ name a file.
    assert_eq!(
        resolve("sslrootcert=system/", &env()).ssl_mode,
        SslMode::Prefer
    );
    let r = resolve("sslrootcert=./system", &env());
    assert_eq!(r.ssl_mode, SslMode::Prefer);
    assert_eq!(
        r.ssl_root_cert,
        RootCert::Missing(Some(PathBuf::from("./system")))
    );

    // PGREQUIRESSL=1 (deprecated) means require, unless PGSSLMODE is set.
    assert_eq!(
        resolve("", &env().var("PGREQUIRESSL", "1")).ssl_mode,
        SslMode::Require
    );
    assert_eq!(
        resolve("", &env().var("PGREQUIRESSL", "0")).ssl_mode,
        SslMode::Prefer
    );
    assert_eq!(
        resolve(
            "",
            &env().var("PGREQUIRESSL", "1").var("PGSSLMODE", "disable")
        )
        .ssl_mode,
        SslMode::Disable
    );
    assert_eq!(
        resolve("sslnegotiation=direct sslmode=verify-ca", &env()).ssl_negotiation,
        SslNegotiation::Direct
    );
    assert_eq!(
        resolve(
            "ssl_min_protocol_version='' ssl_max_protocol_version=tlsv1.3",
            &env()
        )
        .ssl_min_protocol_version,
        None
    );
    assert_eq!(
        resolve("ssl_min_protocol_version=TLSv1", &env()).ssl_min_protocol_version,
        Some(TlsVersion::Tls1_0)
    );
}

#[test]
fn home_directory_comes_from_home_then_the_user_database() {
    let env = env()
        .var("HOME", "")
        .user_home_dir("/users/alice")
        .existing("/users/alice/.postgresql/root.crt");
    assert_eq!(
        resolve("", &env).ssl_root_cert,
        RootCert::File(PathBuf::from("/users/alice/.postgresql/root.crt"))
    );
    assert_eq!(
        resolve("", &env).passfile,
        Some(PathBuf::from("/users/alice/.pgpass"))
    );
}

#[test]
fn application_name_and_fallback() {
    let e = env();
    let app = |text: &str, e: &FixedEnvironment| resolve(text, e).application_name;
    assert_eq!(
        app("fallback_application_name=fb", &e).as_deref(),
        Some("fb")
    );
    assert_eq!(
        app("application_name=app fallback_application_name=fb", &e).as_deref(),
        Some("app")
    );
    // As libpq: a set but empty application_name sends none, and hides the fallback.
    assert_eq!(
        app("application_name='' fallback_application_name=fb", &e),
        None
    );
    assert_eq!(
        app(
            "fallback_application_name=fb",
            &e.clone().var("PGAPPNAME", "envapp")
        )
        .as_deref(),
        Some("envapp")
    );
}

#[test]
fn environment_startup_parameters_and_extra_params() {
    let e = env()
        .var("PGDATESTYLE", "ISO, DMY")
        .var("PGTZ", "default")
        .var("PGGEQO", "off");
    let mut config: Config = "options='-c x=1' application_name=app".parse().unwrap();
    config.startup_param("search_path", "app");
    let r = config.resolve_with(&e).unwrap();
    assert_eq!(
        r.startup_params(),
        [
            ("user", "alice"),
            ("database", "alice"),
            ("options", "-c x=1"),
            ("application_name", "app"),
            ("client_encoding", "UTF8"),
            ("datestyle", "ISO, DMY"),
            ("geqo", "off"),
            ("search_path", "app"),
        ]
    );
}

#[test]
fn resolving_reads_nothing_but_the_injected_environment() {
    // The same config and environment give the same result, whatever the process has.
    let e = env().var("PGHOST", "h").var("HOME", "/nowhere");
    let config: Config = "dbname=x".parse().unwrap();
    assert_eq!(
        config.resolve_with(&e).unwrap(),
        config.resolve_with(&e).unwrap()
    );
    assert_eq!(config.resolve_with(&e).unwrap().user, "alice");
}

#[test]
fn each_environment_variable_reaches_its_setting() {
    let e = || env().var("HOME", "/home/alice");
    let r = resolve("host=a,b", &e().var("PGHOSTADDR", "10.0.0.1,"));
    assert_eq!(
        targets(&r),
        [
            (addr("10.0.0.1"), Some("a".to_owned()), 5432),
            (name("b"), Some("b".to_owned()), 5432)
        ]
    );
    let r = resolve(
        "",
        &e().var("PGSSLCERT", "/c.pem")
            .existing("/c.pem")
            .var("PGSSLKEY", "/k.pem"),
    );
    assert_eq!(
        r.ssl_client_cert,
        Some(ClientCert {
            cert: PathBuf::from("/c.pem"),
            key: PathBuf::from("/k.pem")
        })
    );
    let r = resolve(
        "",
        &e().var("PGSSLCERT", "/c.pem")
            .existing("/c.pem")
            .var("PGSSLCERTMODE", "disable"),
    );
    assert_eq!(r.ssl_client_cert, None);
    let r = resolve("", &e().var("PGSSLROOTCERT", "/ca.pem").existing("/ca.pem"));
    assert_eq!(r.ssl_root_cert, RootCert::File(PathBuf::from("/ca.pem")));
    let r = resolve("", &e().var("PGMAXPROTOCOLVERSION", "latest"));
    assert_eq!(r.max_protocol_version, ProtocolVersion::V3_2);
    assert_eq!(r.min_protocol_version, ProtocolVersion::V3_0);
    let r = resolve("", &e().var("PGSSLMAXPROTOCOLVERSION", "TLSv1.2"));
    assert_eq!(r.ssl_max_protocol_version, Some(TlsVersion::Tls1_2));
    let r = resolve("", &e().var("PGPASSFILE", "/etc/pgpass"));
    assert_eq!(r.passfile, Some(PathBuf::from("/etc/pgpass")));
    let r = resolve("", &e().var("PGCLIENTENCODING", "auto"));
    assert!(r.startup_params().contains(&("client_encoding", "UTF8")));
    // Harmless values of unimplemented keywords are accepted from the environment too.
    for (var, value) in [
        ("PGGSSENCMODE", "prefer"),
        ("PGSSLSNI", "1"),
        ("PGSSLCOMPRESSION", "0"),
        ("PGKRBSRVNAME", "postgres"),
        ("PGREQUIREPEER", "postgres"),
    ] {
        let config: Config = "host=db".parse().unwrap();
        config
            .resolve_with(&e().var(var, value))
            .unwrap_or_else(|err| panic!("{var}: {err}"));
    }
    // Non-UTF-8 environment values are refused, naming the variable; passwords are bytes.
    #[cfg(unix)]
    {
        use std::ffi::OsString;
        use std::os::unix::ffi::OsStringExt;
        let bad = || OsString::from_vec(vec![b'a', 0xff]);
        let err = Config::new()
            .resolve_with(&e().var("PGUSER", bad()))
            .unwrap_err();
        assert!(err.to_string().contains("PGUSER"), "{err}");
        let r = Config::new()
            .resolve_with(&e().var("PGPASSWORD", bad()))
            .unwrap();
        assert_eq!(
            r.targets[0].password.as_ref().unwrap().as_bytes(),
            [b'a', 0xff]
        );
    }
}
