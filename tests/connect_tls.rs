//! Every sslmode, certificate checks, client certificates and direct TLS.

mod support;

use pgline::{Config, ErrorKind};
use support::{Server, password};

async fn connect(
    server: &Server,
    user: &str,
    params: &[(&str, &str)],
) -> Result<pgline::Client, pgline::Error> {
    let config: Config = server.url(user, params).parse().expect("test URL parses");
    config.connect().await
}

async fn uses_tls(client: &pgline::Client) -> bool {
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test]
async fn tls_every_sslmode_against_a_tls_server() {
    let ca = support::ca().display().to_string();
    for server in support::tls_servers() {
        for (mode, expect_tls) in [
            ("disable", false),
            ("allow", false),
            ("prefer", true),
            ("require", true),
            ("verify-ca", true),
            ("verify-full", true),
        ] {
            let client = connect(
                &server,
                "pgline_trust",
                &[("sslmode", mode), ("sslrootcert", &ca)],
            )
            .await
            .unwrap_or_else(|e| panic!("{} sslmode={mode}: {e}", server.name));
            assert_eq!(
                uses_tls(&client).await,
                expect_tls,
                "{} sslmode={mode}",
                server.name
            );
        }
    }
}

#[tokio::test]
async fn tls_verify_full_checks_the_host_name() {
    let ca = support::ca().display().to_string();
    let server = support::pg15();
    // The certificate names localhost and 127.0.0.1 ...
    let by_name = server.url_with_host(
        "localhost",
        "pgline_trust",
        &[("sslmode", "verify-full"), ("sslrootcert", &ca)],
    );
    let client = by_name.parse::<Config>().unwrap().connect().await.unwrap();
    assert!(uses_tls(&client).await);
    // ... but not this name, which still resolves to the same server.
    let params = [
        ("sslmode", "verify-full"),
        ("sslrootcert", ca.as_str()),
        ("hostaddr", "127.0.0.1"),
    ];
    let wrong = server.url_with_host("not-in-the-certificate.test", "pgline_trust", &params);
    let err = wrong
        .parse::<Config>()
        .unwrap()
        .connect()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
    // verify-ca does not check the name.
    let params = [
        ("sslmode", "verify-ca"),
        ("sslrootcert", ca.as_str()),
        ("hostaddr", "127.0.0.1"),
    ];
    let ca_only = server.url_with_host("not-in-the-certificate.test", "pgline_trust", &params);
    let client = ca_only.parse::<Config>().unwrap().connect().await.unwrap();
    assert!(uses_tls(&client).await);
}

#[tokio::test]
async fn tls_verify_ca_fails_with_the_wrong_root() {
    let other = support::other_ca().display().to_string();
    for server in support::tls_servers() {
        for mode in ["verify-ca", "verify-full", "require"] {
            let err = connect(
                &server,
                "pgline_trust",
                &[("sslmode", mode), ("sslrootcert", &other)],
            )
            .await
            .unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::Tls,
                "{} sslmode={mode}: {err}",
                server.name
            );
        }
    }
}

#[tokio::test]
async fn tls_client_certificate_login() {
    let (ca, cert, key) = (
        support::ca().display().to_string(),
        support::client_cert().display().to_string(),
        support::client_key().display().to_string(),
    );
    for server in support::tls_servers() {
        let client = connect(
            &server,
            "pgline_cert",
            &[
                ("sslmode", "verify-full"),
                ("sslrootcert", &ca),
                ("sslcert", &cert),
                ("sslkey", &key),
            ],
        )
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
        let user: String = client
            .query_one("SELECT current_user::text", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(user, "pgline_cert");
        // Without the certificate the server refuses.
        let err = connect(&server, "pgline_cert", &[("sslmode", "require")])
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Auth | ErrorKind::Db),
            "{err}"
        );
    }
}

#[tokio::test]
async fn tls_hostssl_user_needs_tls() {
    let pw = password();
    for server in support::tls_servers() {
        let client = connect(
            &server,
            "pgline_ssl",
            &[("sslmode", "require"), ("password", &pw)],
        )
        .await
        .unwrap();
        assert!(uses_tls(&client).await);
        let err = connect(
            &server,
            "pgline_ssl",
            &[("sslmode", "disable"), ("password", &pw)],
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
        // allow: plaintext first, refused by pg_hba, then TLS.
        let client = connect(
            &server,
            "pgline_ssl",
            &[("sslmode", "allow"), ("password", &pw)],
        )
        .await
        .unwrap();
        assert!(uses_tls(&client).await);
    }
}

#[tokio::test]
async fn tls_prefer_retries_without_tls_when_the_server_rejects_the_tls_session() {
    // libpq's rule: under `prefer`, an ErrorResponse before authentication completes on a TLS
    // session (here pg_hba's `hostssl ... reject`) means one more try in plaintext.
    let pw = password();
    for server in support::tls_servers() {
        let client = connect(
            &server,
            support::USER_NOSSL,
            &[("sslmode", "prefer"), ("password", &pw)],
        )
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
        assert!(!uses_tls(&client).await, "{}", server.name);
        // require has no plaintext to fall back to: the rejection stands, as the server said it.
        let err = connect(
            &server,
            support::USER_NOSSL,
            &[("sslmode", "require"), ("password", &pw)],
        )
        .await
        .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
        assert_eq!(err.code().map(|c| c.code()), Some("28000"), "{err}");
        // A wrong password over TLS is refused before authentication completes too, so prefer
        // retries it in plaintext, as libpq does; the answer is still the server's refusal.
        let err = connect(
            &server,
            support::USER_SCRAM,
            &[("sslmode", "prefer"), ("password", "wrong")],
        )
        .await
        .unwrap_err();
        assert_eq!(err.code().map(|c| c.code()), Some("28P01"), "{err}");
    }
}

#[tokio::test]
async fn tls_prefer_falls_back_where_tls_is_off() {
    let server = support::vector();
    assert!(!server.tls);
    let client = connect(&server, "pgline_trust", &[("sslmode", "prefer")])
        .await
        .unwrap();
    assert!(!uses_tls(&client).await);
    let err = connect(&server, "pgline_trust", &[("sslmode", "require")])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
}

#[tokio::test]
async fn tls_direct_negotiation_on_postgres_18() {
    let server = support::pg18();
    let ca = support::ca().display().to_string();
    let client = connect(
        &server,
        "pgline_trust",
        &[
            ("sslmode", "verify-full"),
            ("sslrootcert", &ca),
            ("sslnegotiation", "direct"),
        ],
    )
    .await
    .unwrap();
    assert!(uses_tls(&client).await);
    // PostgreSQL 15 does not speak direct TLS: the handshake fails.
    let err = connect(
        &support::pg15(),
        "pgline_trust",
        &[("sslmode", "require"), ("sslnegotiation", "direct")],
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Tls | ErrorKind::Io | ErrorKind::Closed
        ),
        "{err}"
    );
}
