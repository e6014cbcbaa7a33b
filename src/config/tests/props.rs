//! Properties: parsing never panics, `Display` parses back to an equal config, and neither
//! `Debug` nor `Display` depends on a password's value.

use std::net::IpAddr;
use std::time::Duration;

use proptest::prelude::*;

use super::super::{Config, FixedEnvironment};

/// Text made of the characters that matter to both parsers.
fn conninfo_like() -> impl Strategy<Value = String> {
    "[ a-z_=',\\\\/@:%?&\\[\\]0-9.\t!#+-]{0,80}"
}

fn any_text() -> impl Strategy<Value = String> {
    any::<String>().prop_map(|s| s.replace('\0', ""))
}

fn host_item() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9.-]{0,12}",
        "/[a-z/ ]{0,10}",
        "@[a-z]{1,6}",
        any_text().prop_map(|s| s.replace(',', "")),
    ]
}

fn hostaddr_item() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        any::<u32>().prop_map(|a| IpAddr::from(a.to_be_bytes()).to_string()),
        any::<u128>().prop_map(|a| IpAddr::from(a.to_be_bytes()).to_string()),
    ]
}

fn one_of(values: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(values).prop_map(str::to_owned)
}

/// A `(keyword, value)` pair that `Config::set` accepts.
fn setting() -> impl Strategy<Value = (&'static str, String)> {
    prop_oneof![
        prop::collection::vec(host_item(), 1..4).prop_map(|h| ("host", h.join(","))),
        prop::collection::vec(hostaddr_item(), 1..4).prop_map(|a| ("hostaddr", a.join(","))),
        prop::collection::vec(prop::option::of(1u16..), 1..4).prop_map(|p| {
            let items: Vec<String> = p
                .iter()
                .map(|p| p.map(|p| p.to_string()).unwrap_or_default())
                .collect();
            ("port", items.join(","))
        }),
        any_text().prop_map(|v| ("user", v)),
        any_text().prop_map(|v| ("dbname", v)),
        any_text().prop_map(|v| ("options", v)),
        any_text().prop_map(|v| ("application_name", v)),
        any_text().prop_map(|v| ("fallback_application_name", v)),
        any_text().prop_map(|v| ("passfile", v)),
        any_text().prop_map(|v| ("sslrootcert", v)),
        any_text().prop_map(|v| ("sslcert", v)),
        any_text().prop_map(|v| ("sslkey", v)),
        any_text().prop_map(|v| ("krbsrvname", v)),
        (-5i32..100_000).prop_map(|v| ("connect_timeout", v.to_string())),
        (-5i32..5).prop_map(|v| ("keepalives", v.to_string())),
        (-5i32..100_000).prop_map(|v| ("keepalives_idle", v.to_string())),
        (-5i32..100_000).prop_map(|v| ("keepalives_interval", v.to_string())),
        any::<i32>().prop_map(|v| ("keepalives_count", v.to_string())),
        any::<i32>().prop_map(|v| ("tcp_user_timeout", v.to_string())),
        one_of(super::super::SslMode::ALLOWED).prop_map(|v| ("sslmode", v)),
        one_of(super::super::SslNegotiation::ALLOWED).prop_map(|v| ("sslnegotiation", v)),
        one_of(super::super::ChannelBinding::ALLOWED).prop_map(|v| ("channel_binding", v)),
        one_of(super::super::TargetSessionAttrs::ALLOWED).prop_map(|v| ("target_session_attrs", v)),
        one_of(super::super::LoadBalanceHosts::ALLOWED).prop_map(|v| ("load_balance_hosts", v)),
        one_of(super::super::SslCertMode::ALLOWED).prop_map(|v| ("sslcertmode", v)),
        one_of(super::super::ProtocolVersion::ALLOWED).prop_map(|v| ("min_protocol_version", v)),
        one_of(super::super::ProtocolVersion::ALLOWED).prop_map(|v| ("max_protocol_version", v)),
        one_of(&["", "TLSv1", "tlsv1.1", "TLSv1.2", "TLSv1.3"])
            .prop_map(|v| ("ssl_min_protocol_version", v)),
        one_of(&["", "TLSv1.2", "TLSV1.3"]).prop_map(|v| ("ssl_max_protocol_version", v)),
        one_of(&["", "md5", "!password,!md5", "scram-sha-256,none", "!none"])
            .prop_map(|v| ("require_auth", v)),
        one_of(&["", "UTF8", "utf-8", "unicode", "auto"]).prop_map(|v| ("client_encoding", v)),
        one_of(&["disable", "prefer"]).prop_map(|v| ("gssencmode", v)),
        one_of(&["1", "1x"]).prop_map(|v| ("sslsni", v)),
        one_of(&["", "0", "off"]).prop_map(|v| ("replication", v)),
    ]
}

fn config_strategy() -> impl Strategy<Value = Config> {
    (
        prop::collection::vec(setting(), 0..14),
        prop::option::of(any::<Vec<u8>>()),
        prop::option::of(any::<Vec<u8>>()),
        prop::option::of(0u64..1_000_000),
    )
        .prop_map(|(settings, password, ssl_password, timeout)| {
            let mut config = Config::new();
            for (key, value) in settings {
                if let Err(err) = config.set(key, &value) {
                    panic!("strategy made a bad {key}={value:?}: {err}");
                }
            }
            if let Some(p) = password {
                config.password(p.into_iter().filter(|b| *b != 0).collect::<Vec<u8>>());
            }
            if let Some(p) = ssl_password {
                config.ssl_password(p.into_iter().filter(|b| *b != 0).collect::<Vec<u8>>());
            }
            if let Some(secs) = timeout {
                config.connect_timeout(Duration::from_secs(secs));
            }
            config
        })
}

fn env() -> FixedEnvironment {
    FixedEnvironment::new()
        .os_user("prop")
        .var("HOME", "/home/prop")
        .existing("/tmp")
        .passfile("/home/prop/.pgpass", "*:*:*:*:from-file\n", 0o100600)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsing_never_panics_on_any_string(text in any::<String>()) {
        let _ = text.parse::<Config>();
    }

    #[test]
    fn parsing_and_resolving_never_panic_on_connection_string_like_text(
        body in conninfo_like(),
        url in any::<bool>(),
    ) {
        let text = if url { format!("postgresql://{body}") } else { body };
        if let Ok(config) = text.parse::<Config>() {
            let _ = config.resolve_with(&env());
        }
    }

    #[test]
    fn display_parses_back_to_an_equal_config(config in config_strategy()) {
        let shown = config.to_string();
        let back: Config = shown.parse().map_err(|e| TestCaseError::fail(format!("{shown:?}: {e}")))?;
        prop_assert_eq!(back, config.displayable_part());
    }

    #[test]
    fn debug_and_display_do_not_depend_on_the_password(
        config in config_strategy(),
        // Non-empty: an empty password counts as none and sends resolution to the passfile.
        first in prop::collection::vec(1u8.., 1..40),
        second in prop::collection::vec(1u8.., 1..40),
    ) {
        let mut a = config.clone();
        a.password(first).ssl_password(second);
        let mut b = config.clone();
        b.password(b"other").ssl_password(b"other too");
        prop_assert_eq!(a.to_string(), b.to_string());
        prop_assert_eq!(format!("{a:?}"), format!("{b:?}"));
        if let (Ok(ra), Ok(rb)) = (a.resolve_with(&env()), b.resolve_with(&env())) {
            prop_assert_eq!(ra.to_string(), rb.to_string());
            prop_assert_eq!(format!("{ra:?}"), format!("{rb:?}"));
        }
    }

    #[test]
    fn a_password_in_a_url_or_string_never_shows(password in "[^\0]{1,40}") {
        let encoded: String = password
            .bytes()
            .map(|b| format!("%{b:02X}"))
            .collect();
        let from_url: Config = format!("postgresql://u:{encoded}@h/db").parse().unwrap();
        prop_assert_eq!(from_url.get_password(), Some(password.as_bytes()));
        let escaped = password.replace('\\', "\\\\").replace('\'', "\\'");
        let from_kv: Config = format!("password='{escaped}' host=h").parse().unwrap();
        prop_assert_eq!(from_kv.get_password(), Some(password.as_bytes()));
        for config in [from_url, from_kv] {
            let mut other = config.clone();
            other.password("x");
            prop_assert_eq!(config.to_string(), other.to_string());
            prop_assert_eq!(format!("{config:?}"), format!("{other:?}"));
        }
    }
}
