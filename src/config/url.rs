//! `postgres://` and `postgresql://` URLs, read as libpq's `conninfo_uri_parse_options` reads
//! them: `[user[:password]@][host][:port][,...][/dbname][?param=value&...]`.
//!
//! Not a general RFC 3986 parser: libpq's own scan is followed, quirks included (the userinfo is
//! whatever precedes the first `@` seen before any `/`; the host list and the port list are
//! percent-decoded after being joined with commas; no `+` to space).

use super::builder::Config;
use super::error::{ConfigError, Origin, PercentProblem, UrlProblem};
use super::keyword::Keyword;

const PREFIXES: [&str; 2] = ["postgresql://", "postgres://"];

/// The length of the URL scheme designator `text` starts with, if any (case-sensitive).
pub(crate) fn uri_prefix_length(text: &str) -> Option<usize> {
    PREFIXES
        .iter()
        .find(|prefix| text.starts_with(*prefix))
        .map(|prefix| prefix.len())
}

fn percent_decode(raw: &[u8], component: &str) -> Result<Vec<u8>, ConfigError> {
    let fail = |problem| ConfigError::InvalidPercentEncoding {
        key: component.to_owned(),
        problem,
    };
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b != b'%' {
            out.push(b);
            i += 1;
            continue;
        }
        let (Some(hi), Some(lo)) = (hex(raw.get(i + 1)), hex(raw.get(i + 2))) else {
            return Err(fail(PercentProblem::InvalidToken { offset: i }));
        };
        let byte = (hi << 4 | lo) as u8;
        if byte == 0 {
            return Err(fail(PercentProblem::Nul));
        }
        out.push(byte);
        i += 3;
    }
    Ok(out)
}

/// Decodes a URL component and stores it under `key`.
fn store(config: &mut Config, key: Keyword, raw: &[u8]) -> Result<(), ConfigError> {
    let value = percent_decode(raw, key.name())?;
    config.set_value(key, &value, Origin::ConnectionString)
}

pub(crate) fn parse_url(text: &str) -> Result<Config, ConfigError> {
    let mut config = Config::new();
    let bytes = text.as_bytes();
    // The caller checked the prefix; an empty remainder is a valid URL with no parts.
    let start = uri_prefix_length(text).unwrap_or(bytes.len());
    let at = |i: usize| bytes.get(i).copied();

    // Look ahead for userinfo: an '@' before any '/'.
    let mut p = start;
    while at(p).is_some_and(|b| b != b'@' && b != b'/') {
        p += 1;
    }
    if at(p) == Some(b'@') {
        let at_sign = p;
        let user_end = (start..at_sign)
            .find(|&i| bytes[i] == b':')
            .unwrap_or(at_sign);
        if user_end > start {
            store(&mut config, Keyword::User, &bytes[start..user_end])?;
        }
        if user_end < at_sign && user_end + 1 < at_sign {
            store(
                &mut config,
                Keyword::Password,
                &bytes[user_end + 1..at_sign],
            )?;
        }
        p = at_sign + 1;
    } else {
        p = start;
    }

    // host[:port] items, separated by commas; the lists keep one slot per item.
    let mut hosts: Vec<u8> = Vec::new();
    let mut ports: Vec<u8> = Vec::new();
    let terminator;
    loop {
        let host_end;
        if at(p) == Some(b'[') {
            let host_start = p + 1;
            p = host_start;
            while at(p).is_some_and(|b| b != b']') {
                p += 1;
            }
            if at(p).is_none() {
                return Err(ConfigError::InvalidUrl {
                    problem: UrlProblem::UnterminatedIpv6,
                });
            }
            if p == host_start {
                return Err(ConfigError::InvalidUrl {
                    problem: UrlProblem::EmptyIpv6,
                });
            }
            host_end = p;
            hosts.extend_from_slice(&bytes[host_start..host_end]);
            p += 1;
            if let Some(b) = at(p).filter(|b| !matches!(b, b':' | b'/' | b'?' | b',')) {
                // A multi-byte character starts here; report it whole.
                let found = text[p..].chars().next().unwrap_or(b as char);
                return Err(ConfigError::InvalidUrl {
                    problem: UrlProblem::AfterIpv6 {
                        found,
                        position: p + 1,
                    },
                });
            }
        } else {
            let host_start = p;
            while at(p).is_some_and(|b| !matches!(b, b':' | b'/' | b'?' | b',')) {
                p += 1;
            }
            host_end = p;
            hosts.extend_from_slice(&bytes[host_start..host_end]);
        }
        let mut stop = at(p);
        if stop == Some(b':') {
            let port_start = p + 1;
            p = port_start;
            while at(p).is_some_and(|b| !matches!(b, b'/' | b'?' | b',')) {
                p += 1;
            }
            ports.extend_from_slice(&bytes[port_start..p]);
            stop = at(p);
        }
        if stop != Some(b',') {
            terminator = stop;
            break;
        }
        p += 1;
        hosts.push(b',');
        ports.push(b',');
    }
    if !hosts.is_empty() {
        store(&mut config, Keyword::Host, &hosts)?;
    }
    if !ports.is_empty() {
        store(&mut config, Keyword::Port, &ports)?;
    }

    let mut terminator = terminator;
    if terminator == Some(b'/') {
        let db_start = p + 1;
        p = db_start;
        while at(p).is_some_and(|b| b != b'?') {
            p += 1;
        }
        // An empty dbname is not stored, so PGDATABASE still applies.
        if p > db_start {
            store(&mut config, Keyword::Dbname, &bytes[db_start..p])?;
        }
        terminator = at(p);
    }
    if terminator.is_some() {
        parse_query(&mut config, &bytes[p + 1..])?;
    }
    Ok(config)
}

fn parse_query(config: &mut Config, query: &[u8]) -> Result<(), ConfigError> {
    let mut rest = query;
    while !rest.is_empty() {
        let end = rest.iter().position(|&b| b == b'&').unwrap_or(rest.len());
        let param = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or_default();
        let shown = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let Some(eq) = param.iter().position(|&b| b == b'=') else {
            return Err(ConfigError::InvalidUrl {
                problem: UrlProblem::QueryParamMissingEquals {
                    param: shown(param),
                },
            });
        };
        let (raw_key, raw_value) = (&param[..eq], &param[eq + 1..]);
        if raw_value.contains(&b'=') {
            return Err(ConfigError::InvalidUrl {
                problem: UrlProblem::QueryParamExtraEquals {
                    param: shown(raw_key),
                },
            });
        }
        let key_bytes = percent_decode(raw_key, "query parameter")?;
        let key = String::from_utf8(key_bytes).map_err(|err| ConfigError::UnknownKey {
            key: shown(err.as_bytes()),
        })?;
        let value = percent_decode(raw_value, &key)?;
        // JDBC compatibility, as libpq: ssl=true means sslmode=require.
        if key == "ssl" && value == b"true" {
            config.set_value(Keyword::SslMode, b"require", Origin::ConnectionString)?;
            continue;
        }
        config.set_keyword(&key, &value)?;
    }
    Ok(())
}
