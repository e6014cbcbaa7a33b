//! Every error names the key it is about, and never shows a secret.

use super::super::{Config, ConfigError, FixedEnvironment, Origin};

fn base_env() -> FixedEnvironment {
    FixedEnvironment::new().os_user("alice").existing("/tmp")
}

/// Parses and resolves (against an environment with a user and nothing else).
fn error_of(text: &str) -> ConfigError {
    match text.parse::<Config>() {
        Err(err) => err,
        Ok(config) => match config.resolve_with(&base_env()) {
            Err(err) => err,
            Ok(resolved) => panic!("{text:?} was accepted: {resolved:?}"),
        },
    }
}

#[test]
fn every_bad_value_is_an_error_naming_its_key() {
    let cases: &[(&str, &str)] = &[
        ("colour=blue", "colour"),
        ("port=abc", "port"),
        ("port=0", "port"),
        ("port=65536", "port"),
        ("port=1,x", "port"),
        ("hostaddr=localhost", "hostaddr"),
        ("hostaddr=fe80::1%eth0", "hostaddr"),
        ("hostaddr=127.1", "hostaddr"),
        ("connect_timeout=soon", "connect_timeout"),
        ("connect_timeout=", "connect_timeout"),
        ("connect_timeout=99999999999", "connect_timeout"),
        ("keepalives=yes", "keepalives"),
        ("keepalives_idle=1.5", "keepalives_idle"),
        ("keepalives_interval=x", "keepalives_interval"),
        ("keepalives_count=-", "keepalives_count"),
        ("tcp_user_timeout=1s", "tcp_user_timeout"),
        ("sslmode=required", "sslmode"),
        ("sslmode=Require", "sslmode"),
        ("sslmode=", "sslmode"),
        ("sslnegotiation=tls", "sslnegotiation"),
        ("sslcertmode=maybe", "sslcertmode"),
        ("sslcertmode=require", "sslcertmode"),
        ("ssl_min_protocol_version=TLSv2", "ssl_min_protocol_version"),
        (
            "ssl_max_protocol_version=TLSv1.1",
            "ssl_max_protocol_version",
        ),
        ("channel_binding=always", "channel_binding"),
        ("require_auth=kerberos", "require_auth"),
        ("require_auth=md5,!password", "require_auth"),
        ("target_session_attrs=primary-only", "target_session_attrs"),
        ("load_balance_hosts=roundrobin", "load_balance_hosts"),
        ("min_protocol_version=3.1", "min_protocol_version"),
        ("max_protocol_version=4", "max_protocol_version"),
        ("client_encoding=LATIN1", "client_encoding"),
        ("service=prod", "service"),
        ("servicefile=/etc/pg_service.conf", "servicefile"),
        ("gssencmode=require", "gssencmode"),
        ("gssencmode=sometimes", "gssencmode"),
        ("sslcompression=1", "sslcompression"),
        ("sslsni=0", "sslsni"),
        ("sslcrl=/x.crl", "sslcrl"),
        ("sslcrldir=/crl", "sslcrldir"),
        ("sslkeylogfile=/tmp/keys", "sslkeylogfile"),
        ("scram_client_key=abc", "scram_client_key"),
        ("oauth_issuer=https://issuer", "oauth_issuer"),
        ("oauth_client_id=x", "oauth_client_id"),
        ("replication=database", "replication"),
        ("replication=true", "replication"),
        ("requirepeer=postgres host=/tmp", "requirepeer"),
        // Combinations, checked when resolving as libpq's connectOptions2 does.
        ("host=a,b hostaddr=127.0.0.1", "hostaddr"),
        ("host=a,b port=1,2,3", "port"),
        ("hostaddr=127.0.0.1,::1 port=1,2,3", "port"),
        ("sslrootcert=system sslmode=require", "sslmode"),
        ("sslnegotiation=direct", "sslmode"),
        ("sslnegotiation=direct sslmode=prefer", "sslmode"),
        (
            "ssl_min_protocol_version=TLSv1.3 ssl_max_protocol_version=TLSv1.2",
            "ssl_min_protocol_version",
        ),
        (
            "min_protocol_version=3.2 max_protocol_version=3.0",
            "min_protocol_version",
        ),
        ("postgresql://h?colour=blue", "colour"),
        ("postgresql://u%zz@h", "user"),
        ("postgresql://h/d%zz", "dbname"),
        ("postgresql://h:x", "port"),
        ("postgresql://h?sslmode=x", "sslmode"),
    ];
    for &(text, key) in cases {
        let err = error_of(text);
        assert_eq!(err.key(), Some(key), "{text:?} gave {err:?}");
        assert!(err.to_string().contains(key), "{text:?}: message {err}");
    }
}

#[test]
fn values_libpq_accepts_for_unimplemented_keys_are_kept() {
    for text in [
        "gssencmode=disable",
        "gssencmode=prefer",
        "krbsrvname=POSTGRES",
        "gsslib=gssapi",
        "gssdelegation=1",
        "sslcompression=0",
        "sslsni=1",
        "sslcrl=",
        "sslcrldir=",
        "sslkeylogfile=",
        "scram_client_key=",
        "oauth_scope=",
        "replication=off",
        "replication=0",
        "host=db.example requirepeer=postgres",
    ] {
        let config: Config = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
        config
            .resolve_with(&base_env())
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let key = text.split('=').next().unwrap_or_default();
        let secret = key.starts_with("scram_");
        assert_eq!(config.to_string().contains(key), !secret, "{text}: shown");
        assert_eq!(
            config.to_string().parse::<Config>().unwrap(),
            config.displayable_part()
        );
    }
}

#[test]
fn environment_errors_name_the_variable() {
    for (var, value, key) in [
        ("PGSSLMODE", "sometimes", "sslmode"),
        ("PGPORT", "x", "port"),
        ("PGHOSTADDR", "not-an-ip", "hostaddr"),
        ("PGCONNECT_TIMEOUT", "soon", "connect_timeout"),
        (
            "PGTARGETSESSIONATTRS",
            "primary-only",
            "target_session_attrs",
        ),
        ("PGREQUIREAUTH", "md5,md5", "require_auth"),
        ("PGCHANNELBINDING", "on", "channel_binding"),
        ("PGSERVICE", "prod", "service"),
        ("PGGSSENCMODE", "require", "gssencmode"),
        ("PGCLIENTENCODING", "LATIN1", "client_encoding"),
        ("PGMAXPROTOCOLVERSION", "2.0", "max_protocol_version"),
        ("PGLOADBALANCEHOSTS", "yes", "load_balance_hosts"),
    ] {
        let err = Config::new()
            .resolve_with(&base_env().var(var, value))
            .unwrap_err();
        assert_eq!(err.key(), Some(key), "{var}");
        assert!(err.to_string().contains(var), "{var}: {err}");
        let origin = match &err {
            ConfigError::InvalidValue { origin, .. }
            | ConfigError::InvalidInteger { origin, .. }
            | ConfigError::InvalidPort { origin, .. }
            | ConfigError::InvalidHostAddr { origin, .. }
            | ConfigError::InvalidRequireAuth { origin, .. }
            | ConfigError::Unsupported { origin, .. } => *origin,
            other => panic!("{var}: {other:?}"),
        };
        assert_eq!(origin, Origin::Environment(var));
    }
}

#[test]
fn builder_values_are_checked_when_resolving() {
    let env = base_env();
    let check = |config: &mut Config, key: &str| {
        let err = config.resolve_with(&env).unwrap_err();
        assert_eq!(err.key(), Some(key), "{err:?}");
    };
    check(Config::new().require_auth("md5,!password"), "require_auth");
    check(Config::new().client_encoding("LATIN1"), "client_encoding");
    check(Config::new().port(0), "port");
    check(Config::new().user("a\0b"), "user");
    check(Config::new().password("a\0b"), "password");
    check(Config::new().startup_param("user", "mallory"), "user");
    check(
        Config::new().startup_param("Client_Encoding", "LATIN1"),
        "Client_Encoding",
    );
    check(
        Config::new().startup_param("search_path", "a\0"),
        "search_path",
    );
    check(
        Config::new().ssl_max_protocol_version(super::super::TlsVersion::Tls1_1),
        "ssl_max_protocol_version",
    );
    let err = Config::new()
        .resolve_with(&FixedEnvironment::new())
        .unwrap_err();
    assert_eq!(err, ConfigError::NoUserName);
}

#[test]
fn errors_never_show_secrets() {
    let secret = "Sup3rS3cretValue";
    for text in [
        format!("scram_client_key={secret}"),
        format!("scram_server_key={secret}"),
        format!("oauth_client_secret={secret}"),
        format!("password='{secret}"),
        format!("postgresql://u:{secret}%zz@h"),
        format!("password={secret} {secret}"),
        format!("password={secret} {secret}=1"),
        format!("sslpassword={secret} {secret}=1"),
    ] {
        let err = text.parse::<Config>().unwrap_err();
        assert!(!err.to_string().contains(secret), "{text}: {err}");
        assert!(!format!("{err:?}").contains(secret), "{text}: {err:?}");
    }
}

#[test]
fn nul_characters_are_refused() {
    for text in ["host=a\0b", "user='\0'", "password=\0"] {
        assert!(
            matches!(text.parse::<Config>(), Err(ConfigError::NulInValue { .. })),
            "{text:?}"
        );
    }
}
