//! Every authentication method and TLS mode against the real servers the test command starts.

mod support;

use pgline::{Config, ErrorKind};
use support::{Server, password};

async fn connect(
    server: &Server,
    user: &str,
    params: &[(&str, &str)],
) -> Result<pgline::Client, pgline::Error> {
    let url = server.url(user, params);
    let config: Config = url.parse().expect("test URL parses");
    config.connect().await
}

async fn whoami(client: &pgline::Client) -> String {
    let row = client
        .query_one("SELECT current_user::text", &[])
        .await
        .unwrap();
    row.get::<_, String>(0)
}

#[tokio::test]
async fn auth_each_method_connects_with_the_right_password() {
    for server in support::tls_servers() {
        let pw = password();
        for user in ["pgline_pass", "pgline_md5", "pgline_scram"] {
            for sslmode in ["disable", "require"] {
                let client = connect(&server, user, &[("password", &pw), ("sslmode", sslmode)])
                    .await
                    .unwrap_or_else(|e| panic!("{} {user} sslmode={sslmode}: {e}", server.name));
                assert_eq!(whoami(&client).await, user);
            }
        }
        let client = connect(&server, "pgline_trust", &[("sslmode", "disable")])
            .await
            .unwrap();
        assert_eq!(whoami(&client).await, "pgline_trust");
    }
}

#[tokio::test]
async fn auth_wrong_password_is_an_auth_error_with_the_server_fields() {
    for server in support::tls_servers() {
        for user in ["pgline_pass", "pgline_md5", "pgline_scram"] {
            let err = connect(
                &server,
                user,
                &[("password", "wrong"), ("sslmode", "disable")],
            )
            .await
            .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Auth, "{} {user}: {err}", server.name);
            assert_eq!(
                err.code(),
                Some(&pgline::SqlState::INVALID_PASSWORD),
                "{err:?}"
            );
        }
    }
}

#[tokio::test]
async fn auth_missing_password_is_an_auth_error() {
    let server = support::pg15();
    let err = connect(
        &server,
        "pgline_scram",
        &[("sslmode", "disable"), ("passfile", "/nonexistent")],
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
}

#[tokio::test]
async fn auth_scram_over_tls_uses_channel_binding() {
    for server in support::tls_servers() {
        let pw = password();
        let client = connect(
            &server,
            "pgline_scram",
            &[
                ("password", &pw),
                ("sslmode", "require"),
                ("channel_binding", "require"),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
        assert_eq!(whoami(&client).await, "pgline_scram");
        // The server records which SASL mechanism the session used.
        let row = client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .await
            .unwrap();
        assert!(row.get::<_, bool>(0));
    }
}

#[tokio::test]
async fn auth_channel_binding_require_fails_without_tls() {
    let server = support::pg15();
    let pw = password();
    let err = connect(
        &server,
        "pgline_scram",
        &[
            ("password", &pw),
            ("sslmode", "disable"),
            ("channel_binding", "require"),
        ],
    )
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
}

#[tokio::test]
async fn auth_channel_binding_require_refuses_methods_without_sasl() {
    let server = support::pg15();
    let pw = password();
    for user in ["pgline_md5", "pgline_pass", "pgline_trust"] {
        let err = connect(
            &server,
            user,
            &[
                ("password", &pw),
                ("sslmode", "require"),
                ("channel_binding", "require"),
            ],
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{user}: {err}");
    }
}

#[tokio::test]
async fn auth_require_auth_scram_refuses_the_md5_user() {
    for server in support::tls_servers() {
        let pw = password();
        let err = connect(
            &server,
            "pgline_md5",
            &[
                ("password", &pw),
                ("sslmode", "disable"),
                ("require_auth", "scram-sha-256"),
            ],
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
        let client = connect(
            &server,
            "pgline_scram",
            &[
                ("password", &pw),
                ("sslmode", "disable"),
                ("require_auth", "scram-sha-256"),
            ],
        )
        .await
        .unwrap();
        assert_eq!(whoami(&client).await, "pgline_scram");
        // `!password` refuses cleartext but allows the rest.
        let err = connect(
            &server,
            "pgline_pass",
            &[
                ("password", &pw),
                ("sslmode", "disable"),
                ("require_auth", "!password"),
            ],
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
        // require_auth=scram-sha-256 also refuses a server that asks for nothing (trust).
        let err = connect(
            &server,
            "pgline_trust",
            &[("sslmode", "disable"), ("require_auth", "scram-sha-256")],
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
    }
}
