//! `key=value` strings. Every case's expected result is what libpq 15.18's `PQconninfoParse`
//! returned for the same string (a C program linked against the system libpq).

use super::super::{Config, ConfigError};
use super::assert_parses;

#[test]
fn keyword_value_strings_parse_as_libpq() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("", &[]),
        ("   ", &[]),
        ("host=a port=5432", &[("host", "a"), ("port", "5432")]),
        ("host = a   port= 5432 ", &[("host", "a"), ("port", "5432")]),
        ("host='' port=5432", &[("host", ""), ("port", "5432")]),
        ("host=", &[("host", "")]),
        // After `=`, blanks are skipped and the next word is the value, `=` and all.
        ("host= port=5", &[("host", "port=5")]),
        (
            "dbname='a b' user='it\\'s'",
            &[("dbname", "a b"), ("user", "it's")],
        ),
        ("user=a\\ b", &[("user", "a b")]),
        ("password=x\\\\y", &[("password", "x\\y")]),
        ("host='a\\'b\\\\c'", &[("host", "a'b\\c")]),
        (
            "host=a\tport=1\nuser=u",
            &[("host", "a"), ("port", "1"), ("user", "u")],
        ),
        ("host=a,,b port=1,,2", &[("host", "a,,b"), ("port", "1,,2")]),
        ("requiressl=1", &[("sslmode", "require")]),
        ("requiressl=1 sslmode=disable", &[("sslmode", "disable")]),
        ("sslmode=disable requiressl=1", &[("sslmode", "require")]),
        ("requiressl=yes", &[("sslmode", "prefer")]),
        ("host=a host=b", &[("host", "b")]),
        // A trailing backslash escapes nothing.
        ("user=\\", &[("user", "")]),
        (
            "options='-c search_path=x'",
            &[("options", "-c search_path=x")],
        ),
        ("host=a=b", &[("host", "a=b")]),
        ("host==", &[("host", "=")]),
        // No nested expansion of dbname, unlike PQconnectdbParams's first dbname.
        ("dbname=postgres://x", &[("dbname", "postgres://x")]),
        // Vertical tab is a C blank.
        ("host=\u{b}x", &[("host", "x")]),
        ("host='a' port='1'", &[("host", "a"), ("port", "1")]),
        // A closing quote ends the value even without a blank after it.
        ("host='a'port=1", &[("host", "a"), ("port", "1")]),
        ("hostaddr=127.0.0.1,,::1", &[("hostaddr", "127.0.0.1,,::1")]),
        ("sslrootcert=system", &[("sslrootcert", "system")]),
        (
            "gssencmode=disable sslsni=1",
            &[("gssencmode", "disable"), ("sslsni", "1")],
        ),
        ("connect_timeout=10", &[("connect_timeout", "10")]),
        ("keepalives=0", &[("keepalives", "0")]),
        ("tcp_user_timeout=1500", &[("tcp_user_timeout", "1500")]),
        ("client_encoding=UTF8", &[("client_encoding", "UTF8")]),
        (
            "require_auth=!password,!md5",
            &[("require_auth", "!password,!md5")],
        ),
        (
            "host=é port=5432 user=ü",
            &[("host", "é"), ("port", "5432"), ("user", "ü")],
        ),
    ];
    for &(text, want) in cases {
        assert_parses(text, want);
    }
}

#[test]
fn keyword_value_errors_match_libpq() {
    let err = |text: &str| text.parse::<Config>().unwrap_err();
    let unknown = |key: &str| ConfigError::UnknownKey {
        key: key.to_owned(),
    };
    let missing = |key: &str| ConfigError::MissingEquals {
        key: key.to_owned(),
    };
    // libpq: unterminated quoted string in connection info string
    assert_eq!(
        err("host='abc"),
        ConfigError::UnterminatedQuote {
            key: "host".to_owned()
        }
    );
    // The backslash escapes the closing quote.
    assert_eq!(
        err("application_name='\\'"),
        ConfigError::UnterminatedQuote {
            key: "application_name".to_owned()
        }
    );
    // libpq: missing "=" after "host" in connection info string
    assert_eq!(err("host"), missing("host"));
    assert_eq!(err("host a=b"), missing("host"));
    assert_eq!(err("POSTGRES://h"), missing("POSTGRES://h"));
    assert_eq!(err(" postgres://h"), missing("postgres://h"));
    // libpq: invalid connection option "foo"
    assert_eq!(err("foo=bar"), unknown("foo"));
    assert_eq!(err("=x"), unknown(""));
    assert_eq!(err("host='a'b=c"), unknown("b"));
    assert_eq!(err("\u{a0}host=a"), unknown("\u{a0}host"));
    assert_eq!(err("Host=a"), unknown("Host"));
}

#[test]
fn words_after_an_unquoted_password_are_not_repeated_in_errors() {
    let err = "password=my secret host=h".parse::<Config>().unwrap_err();
    assert_eq!(
        err,
        ConfigError::MissingEquals {
            key: "<redacted>".to_owned()
        }
    );
    let err = "password=my secret=x".parse::<Config>().unwrap_err();
    assert_eq!(
        err,
        ConfigError::UnknownKey {
            key: "<redacted>".to_owned()
        }
    );
    // After a quoted password the next word is an ordinary key.
    let err = "password='my secret' colour=x"
        .parse::<Config>()
        .unwrap_err();
    assert_eq!(
        err,
        ConfigError::UnknownKey {
            key: "colour".to_owned()
        }
    );
}

#[test]
fn display_quotes_what_needs_quoting() {
    let mut config = Config::new();
    config
        .host("a b")
        .host("")
        .user("it's")
        .dbname("back\\slash")
        .options("-c x=y")
        .application_name("")
        .fallback_application_name("tab\there");
    let shown = config.to_string();
    assert_eq!(
        shown,
        "host='a b,' user='it\\'s' dbname='back\\\\slash' application_name='' \
         fallback_application_name='tab\there' options='-c x=y'"
    );
    assert_eq!(shown.parse::<Config>().unwrap(), config);
}
