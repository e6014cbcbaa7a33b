//! Connection URLs. Every case's expected result is what libpq 15.18's `PQconninfoParse`
//! returned for the same URL (a C program linked against the system libpq).

use super::super::{Config, ConfigError, PercentProblem, UrlProblem};
use super::assert_parses;

#[test]
fn urls_parse_as_libpq() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("postgres://", &[]),
        ("postgresql://", &[]),
        ("postgresql://localhost", &[("host", "localhost")]),
        (
            "postgresql://localhost:5433",
            &[("host", "localhost"), ("port", "5433")],
        ),
        (
            "postgresql://localhost/mydb",
            &[("host", "localhost"), ("dbname", "mydb")],
        ),
        (
            "postgresql://user@localhost",
            &[("host", "localhost"), ("user", "user")],
        ),
        (
            "postgresql://user:secret@localhost",
            &[
                ("host", "localhost"),
                ("user", "user"),
                ("password", "secret"),
            ],
        ),
        (
            "postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp",
            &[
                ("host", "localhost"),
                ("user", "other"),
                ("dbname", "otherdb"),
                ("connect_timeout", "10"),
                ("application_name", "myapp"),
            ],
        ),
        (
            "postgresql://host1:123,host2:456/somedb?target_session_attrs=any&application_name=myapp",
            &[
                ("host", "host1,host2"),
                ("port", "123,456"),
                ("dbname", "somedb"),
                ("target_session_attrs", "any"),
                ("application_name", "myapp"),
            ],
        ),
        (
            "postgresql://[::1]:5433/db",
            &[("host", "::1"), ("port", "5433"), ("dbname", "db")],
        ),
        (
            "postgresql://[2001:db8::1234]/database",
            &[("host", "2001:db8::1234"), ("dbname", "database")],
        ),
        (
            "postgresql:///dbname?host=/var/lib/postgresql",
            &[("host", "/var/lib/postgresql"), ("dbname", "dbname")],
        ),
        (
            "postgresql://%2Fvar%2Flib%2Fpostgresql/dbname",
            &[("host", "/var/lib/postgresql"), ("dbname", "dbname")],
        ),
        (
            "postgresql://user@:5433/",
            &[("user", "user"), ("port", "5433")],
        ),
        ("postgresql://:5433", &[("port", "5433")]),
        // The port list keeps one slot per host, so an empty port list is still "set".
        ("postgresql://a,b,c/", &[("host", "a,b,c"), ("port", ",,")]),
        ("postgresql://a:1,b/", &[("host", "a,b"), ("port", "1,")]),
        ("postgresql://a,b:2/", &[("host", "a,b"), ("port", ",2")]),
        (
            "postgresql://[::1]:5432,[::2]:5433/db",
            &[("host", "::1,::2"), ("port", "5432,5433"), ("dbname", "db")],
        ),
        ("postgresql://[::1],", &[("host", "::1,"), ("port", ",")]),
        ("postgresql://,/", &[("host", ","), ("port", ",")]),
        (
            "postgresql://h?ssl=true",
            &[("host", "h"), ("sslmode", "require")],
        ),
        (
            "postgresql://h?requiressl=1",
            &[("host", "h"), ("sslmode", "require")],
        ),
        ("postgresql://h/db?", &[("host", "h"), ("dbname", "db")]),
        (
            "postgresql://h/db?port=1&",
            &[("host", "h"), ("dbname", "db"), ("port", "1")],
        ),
        // Empty userinfo parts are not stored.
        ("postgresql://@h", &[("host", "h")]),
        ("postgresql://:pw@h", &[("host", "h"), ("password", "pw")]),
        ("postgresql://u:@h", &[("host", "h"), ("user", "u")]),
        (
            "postgresql://u:p:q@h",
            &[("host", "h"), ("user", "u"), ("password", "p:q")],
        ),
        // The first '@' ends the userinfo; later ones belong to the host.
        (
            "postgresql://u@h@x/db",
            &[("host", "h@x"), ("user", "u"), ("dbname", "db")],
        ),
        // libpq looks for '@' before any '/', even past a '?'.
        ("postgresql://h?x=a@b", &[("host", "b"), ("user", "h?x=a")]),
        (
            "postgresql://h/db/extra",
            &[("host", "h"), ("dbname", "db/extra")],
        ),
        (
            "postgresql://h:5432/d?host=other&port=6000",
            &[("host", "other"), ("port", "6000"), ("dbname", "d")],
        ),
        (
            "postgresql://h/?dbname=x",
            &[("host", "h"), ("dbname", "x")],
        ),
        // The host list is decoded after joining, so %2C adds a host.
        ("postgresql://h%2Cb/", &[("host", "h,b")]),
        // No '+' to space.
        (
            "postgresql://h?application_name=a+b",
            &[("host", "h"), ("application_name", "a+b")],
        ),
        (
            "postgresql://h?options=-c%20x%3Dy",
            &[("host", "h"), ("options", "-c x=y")],
        ),
        ("postgresql://u%C3%A9@h", &[("host", "h"), ("user", "ué")]),
        ("postgres://h#frag", &[("host", "h#frag")]),
        (
            "postgresql://h?ssl%6dode=disable",
            &[("host", "h"), ("sslmode", "disable")],
        ),
        ("postgresql://h/", &[("host", "h")]),
        ("postgresql://h:/", &[("host", "h")]),
        (
            "postgresql://u%40x:p%3Aw@[::1]:5433,h2/db%2F1?sslmode=require&application_name=a%20b",
            &[
                ("user", "u@x"),
                ("password", "p:w"),
                ("host", "::1,h2"),
                ("port", "5433,"),
                ("dbname", "db/1"),
                ("sslmode", "require"),
                ("application_name", "a b"),
            ],
        ),
    ];
    for &(text, want) in cases {
        assert_parses(text, want);
    }
}

#[test]
fn url_errors_match_libpq() {
    let err = |text: &str| text.parse::<Config>().unwrap_err();
    let url = |problem| ConfigError::InvalidUrl { problem };
    let percent = |key: &str, problem| ConfigError::InvalidPercentEncoding {
        key: key.to_owned(),
        problem,
    };
    // libpq: end of string reached when looking for matching "]" in IPv6 host address in URI
    assert_eq!(err("postgresql://[::1"), url(UrlProblem::UnterminatedIpv6));
    // libpq: IPv6 host address may not be empty in URI
    assert_eq!(err("postgresql://[]"), url(UrlProblem::EmptyIpv6));
    // libpq: unexpected character "x" at position 19 in URI (expected ":" or "/")
    assert_eq!(
        err("postgresql://[::1]x"),
        url(UrlProblem::AfterIpv6 {
            found: 'x',
            position: 19
        })
    );
    // libpq: missing key/value separator "=" in URI query parameter: "sslmode"
    assert_eq!(
        err("postgresql://h?sslmode"),
        url(UrlProblem::QueryParamMissingEquals {
            param: "sslmode".to_owned()
        })
    );
    assert_eq!(
        err("postgresql://h/db?&"),
        url(UrlProblem::QueryParamMissingEquals {
            param: String::new()
        })
    );
    // libpq: extra key/value separator "=" in URI query parameter: "a"
    assert_eq!(
        err("postgresql://h?a=b=c"),
        url(UrlProblem::QueryParamExtraEquals {
            param: "a".to_owned()
        })
    );
    // libpq: invalid URI query parameter: "foo" (and "ssl" unless its value is "true")
    for (text, key) in [
        ("postgresql://h?foo=bar", "foo"),
        ("postgresql://h?ssl=false", "ssl"),
    ] {
        assert_eq!(
            err(text),
            ConfigError::UnknownKey {
                key: key.to_owned()
            }
        );
    }
    // libpq: invalid percent-encoded token / forbidden value %00 in percent-encoded value
    assert_eq!(
        err("postgresql://u%ZZ@h"),
        percent("user", PercentProblem::InvalidToken { offset: 1 })
    );
    assert_eq!(
        err("postgresql://u%4@h"),
        percent("user", PercentProblem::InvalidToken { offset: 1 })
    );
    assert_eq!(
        err("postgresql://u%00@h"),
        percent("user", PercentProblem::Nul)
    );
    assert_eq!(
        err("postgresql://u:%zz@h"),
        percent("password", PercentProblem::InvalidToken { offset: 0 })
    );
    assert_eq!(
        err("postgresql://h/%"),
        percent("dbname", PercentProblem::InvalidToken { offset: 0 })
    );
    assert_eq!(
        err("postgresql://h?application_name=%G0"),
        percent(
            "application_name",
            PercentProblem::InvalidToken { offset: 0 }
        )
    );
    // Non-UTF-8 after decoding is refused except in passwords.
    assert_eq!(
        err("postgresql://%FF@h"),
        ConfigError::InvalidUtf8 {
            key: "user",
            origin: super::super::Origin::ConnectionString
        }
    );
    let config: Config = "postgresql://u:%FF%FE@h".parse().unwrap();
    assert_eq!(config.get_password(), Some(&[0xff, 0xfe][..]));
}

#[test]
fn url_values_libpq_only_rejects_when_connecting_are_rejected_when_parsing() {
    // libpq stores host "[" and port ":1]" here and fails when connecting: "invalid integer
    // value ":1]" for connection option "port"". pgline reports the same when parsing.
    assert!(matches!(
        "postgresql://%5B::1%5D/".parse::<Config>(),
        Err(ConfigError::InvalidInteger { key: "port", .. })
    ));
    assert!(matches!(
        "postgresql://h:abc/".parse::<Config>(),
        Err(ConfigError::InvalidInteger { key: "port", .. })
    ));
    assert!(matches!(
        "postgresql://h:0/".parse::<Config>(),
        Err(ConfigError::InvalidPort { .. })
    ));
    assert!(matches!(
        "postgresql://h:65536/".parse::<Config>(),
        Err(ConfigError::InvalidPort { .. })
    ));
}
