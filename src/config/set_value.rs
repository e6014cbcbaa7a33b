//! Stores one keyword's value into a [`Config`], checked as libpq checks it (plus pgline's own
//! limits), and refuses values of keywords pgline does not implement.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use super::builder::Config;
use super::error::{ConfigError, Origin};
use super::keyword::{Keyword, REDACTED};
use super::value::{
    ChannelBinding, LoadBalanceHosts, ProtocolVersion, SslCertMode, SslMode, SslNegotiation,
    TargetSessionAttrs, TlsVersion, parse_libpq_int,
};

/// The spellings of UTF-8 the server accepts, after its own normalisation (lowercase, only
/// letters and digits), plus libpq's `auto`.
fn is_utf8_encoding_name(name: &str) -> bool {
    let clean: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    name.is_empty() || clean == "utf8" || clean == "unicode" || clean == "auto"
}

/// The server's `parse_bool` for a false value (`replication` accepts only these here).
fn is_false_word(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    let prefix_of = |word: &str, min: usize| v.len() >= min && word.starts_with(v.as_str());
    v.is_empty() || v == "0" || prefix_of("false", 1) || prefix_of("no", 1) || prefix_of("off", 2)
}

fn invalid_integer(key: Keyword, value: &str, origin: Origin) -> ConfigError {
    ConfigError::InvalidInteger {
        key: key.name(),
        value: value.to_owned(),
        origin,
    }
}

fn int(key: Keyword, value: &str, origin: Origin) -> Result<i32, ConfigError> {
    parse_libpq_int(value).ok_or_else(|| invalid_integer(key, value, origin))
}

/// A non-negative count of seconds or milliseconds; libpq clamps negatives to zero.
fn non_negative(key: Keyword, value: &str, origin: Origin) -> Result<u64, ConfigError> {
    Ok(u64::try_from(int(key, value, origin)?.max(0)).unwrap_or(0))
}

fn unsupported(key: Keyword, value: &str, origin: Origin, reason: &'static str) -> ConfigError {
    ConfigError::Unsupported {
        key: key.name(),
        value: if key.is_secret() {
            REDACTED.to_owned()
        } else {
            value.to_owned()
        },
        origin,
        reason,
    }
}

fn choice<T>(
    key: Keyword,
    value: &str,
    origin: Origin,
    parse: fn(&str) -> Option<T>,
    allowed: &'static [&'static str],
) -> Result<T, ConfigError> {
    parse(value).ok_or_else(|| ConfigError::InvalidValue {
        key: key.name(),
        value: value.to_owned(),
        allowed,
        origin,
    })
}

pub(crate) fn parse_port(item: &str, origin: Origin) -> Result<Option<u16>, ConfigError> {
    if item.is_empty() {
        return Ok(None);
    }
    let number = int(Keyword::Port, item, origin)?;
    match u16::try_from(number) {
        Ok(port) if port != 0 => Ok(Some(port)),
        _ => Err(ConfigError::InvalidPort {
            value: item.to_owned(),
            origin,
        }),
    }
}

pub(crate) fn parse_hostaddr(item: &str, origin: Origin) -> Result<Option<IpAddr>, ConfigError> {
    if item.is_empty() {
        return Ok(None);
    }
    item.parse()
        .map(Some)
        .map_err(|_| ConfigError::InvalidHostAddr {
            value: item.to_owned(),
            origin,
        })
}

fn tls_version(
    key: Keyword,
    value: &str,
    origin: Origin,
) -> Result<Option<TlsVersion>, ConfigError> {
    if value.is_empty() {
        return Ok(None);
    }
    choice(
        key,
        value,
        origin,
        TlsVersion::from_keyword,
        TlsVersion::ALLOWED,
    )
    .map(Some)
}

impl Config {
    /// Stores one keyword's value, checked as libpq checks it (plus pgline's own limits).
    ///
    /// Everything except a password must be UTF-8; nothing may hold a NUL.
    pub(crate) fn set_value(
        &mut self,
        key: Keyword,
        raw: &[u8],
        origin: Origin,
    ) -> Result<(), ConfigError> {
        if raw.contains(&0) {
            return Err(ConfigError::NulInValue {
                key: key.name().to_owned(),
            });
        }
        match key {
            Keyword::Password => {
                self.password = Some(raw.to_vec());
                return Ok(());
            }
            Keyword::SslPassword => {
                self.ssl_password = Some(raw.to_vec());
                return Ok(());
            }
            _ => {}
        }
        let value = std::str::from_utf8(raw).map_err(|_| ConfigError::InvalidUtf8 {
            key: key.name(),
            origin,
        })?;
        let path = || Some(PathBuf::from(value));
        let text = || Some(value.to_owned());
        match key {
            Keyword::Password | Keyword::SslPassword => {}
            Keyword::Host => self.hosts = Some(value.split(',').map(str::to_owned).collect()),
            Keyword::HostAddr => {
                self.hostaddrs = Some(
                    value
                        .split(',')
                        .map(|item| parse_hostaddr(item, origin))
                        .collect::<Result<_, _>>()?,
                );
            }
            Keyword::Port => {
                self.ports = Some(
                    value
                        .split(',')
                        .map(|item| parse_port(item, origin))
                        .collect::<Result<_, _>>()?,
                );
            }
            Keyword::User => self.user = text(),
            Keyword::Dbname => self.dbname = text(),
            Keyword::Passfile => self.passfile = path(),
            Keyword::ApplicationName => self.application_name = text(),
            Keyword::FallbackApplicationName => self.fallback_application_name = text(),
            Keyword::Options => self.options = text(),
            Keyword::ClientEncoding => {
                if !is_utf8_encoding_name(value) {
                    return Err(unsupported(
                        key,
                        value,
                        origin,
                        "pgline always talks UTF-8 (Rust strings are UTF-8); only UTF8 is accepted",
                    ));
                }
                self.client_encoding = text();
            }
            Keyword::ConnectTimeout => {
                self.connect_timeout = Some(Duration::from_secs(non_negative(key, value, origin)?));
            }
            Keyword::Keepalives => self.keepalives = Some(int(key, value, origin)? != 0),
            Keyword::KeepalivesIdle => {
                self.keepalives_idle = Some(Duration::from_secs(non_negative(key, value, origin)?));
            }
            Keyword::KeepalivesInterval => {
                self.keepalives_interval =
                    Some(Duration::from_secs(non_negative(key, value, origin)?));
            }
            Keyword::KeepalivesCount => {
                let count = non_negative(key, value, origin)?;
                self.keepalives_retries = Some(u32::try_from(count).unwrap_or(u32::MAX));
            }
            Keyword::TcpUserTimeout => {
                self.tcp_user_timeout =
                    Some(Duration::from_millis(non_negative(key, value, origin)?));
            }
            Keyword::SslMode => {
                self.ssl_mode = Some(choice(
                    key,
                    value,
                    origin,
                    SslMode::from_keyword,
                    SslMode::ALLOWED,
                )?);
            }
            Keyword::SslNegotiation => {
                self.ssl_negotiation = Some(choice(
                    key,
                    value,
                    origin,
                    SslNegotiation::from_keyword,
                    SslNegotiation::ALLOWED,
                )?);
            }
            Keyword::SslRootCert => self.ssl_root_cert = path(),
            Keyword::SslCert => self.ssl_cert = path(),
            Keyword::SslKey => self.ssl_key = path(),
            Keyword::SslCertMode => {
                if value == "require" {
                    return Err(unsupported(
                        key,
                        value,
                        origin,
                        "rustls does not report whether the server asked for a client certificate",
                    ));
                }
                self.ssl_cert_mode = Some(choice(
                    key,
                    value,
                    origin,
                    SslCertMode::from_keyword,
                    SslCertMode::ALLOWED,
                )?);
            }
            Keyword::SslMinProtocolVersion => {
                self.ssl_min_protocol_version = Some(tls_version(key, value, origin)?);
            }
            Keyword::SslMaxProtocolVersion => {
                let version = tls_version(key, value, origin)?;
                if version.is_some_and(|v| v < TlsVersion::Tls1_2) {
                    return Err(unsupported(
                        key,
                        value,
                        origin,
                        "rustls speaks only TLS 1.2 and 1.3",
                    ));
                }
                self.ssl_max_protocol_version = Some(version);
            }
            Keyword::ChannelBinding => {
                self.channel_binding = Some(choice(
                    key,
                    value,
                    origin,
                    ChannelBinding::from_keyword,
                    ChannelBinding::ALLOWED,
                )?);
            }
            Keyword::RequireAuth => {
                crate::auth::RequireAuth::parse(value)
                    .map_err(|source| ConfigError::InvalidRequireAuth { source, origin })?;
                self.require_auth = text();
            }
            Keyword::TargetSessionAttrs => {
                self.target_session_attrs = Some(choice(
                    key,
                    value,
                    origin,
                    TargetSessionAttrs::from_keyword,
                    TargetSessionAttrs::ALLOWED,
                )?);
            }
            Keyword::LoadBalanceHosts => {
                self.load_balance_hosts = Some(choice(
                    key,
                    value,
                    origin,
                    LoadBalanceHosts::from_keyword,
                    LoadBalanceHosts::ALLOWED,
                )?);
            }
            Keyword::MinProtocolVersion | Keyword::MaxProtocolVersion => {
                let version = ProtocolVersion::from_keyword(value).ok_or_else(|| {
                    ConfigError::InvalidValue {
                        key: key.name(),
                        value: value.to_owned(),
                        allowed: ProtocolVersion::ALLOWED,
                        origin,
                    }
                })?;
                if key == Keyword::MinProtocolVersion {
                    self.min_protocol_version = Some(version);
                } else {
                    self.max_protocol_version = Some(version);
                }
            }
            _ => {
                check_unimplemented(key, value, origin)?;
                self.unimplemented.insert(key, value.to_owned());
            }
        }
        Ok(())
    }

    /// Whether the key has a value (possibly empty), which hides its environment variable.
    pub(crate) fn is_set(&self, key: Keyword) -> bool {
        match key {
            Keyword::Host => self.hosts.is_some(),
            Keyword::HostAddr => self.hostaddrs.is_some(),
            Keyword::Port => self.ports.is_some(),
            Keyword::User => self.user.is_some(),
            Keyword::Password => self.password.is_some(),
            Keyword::Dbname => self.dbname.is_some(),
            Keyword::Passfile => self.passfile.is_some(),
            Keyword::ApplicationName => self.application_name.is_some(),
            Keyword::FallbackApplicationName => self.fallback_application_name.is_some(),
            Keyword::Options => self.options.is_some(),
            Keyword::ClientEncoding => self.client_encoding.is_some(),
            Keyword::ConnectTimeout => self.connect_timeout.is_some(),
            Keyword::Keepalives => self.keepalives.is_some(),
            Keyword::KeepalivesIdle => self.keepalives_idle.is_some(),
            Keyword::KeepalivesInterval => self.keepalives_interval.is_some(),
            Keyword::KeepalivesCount => self.keepalives_retries.is_some(),
            Keyword::TcpUserTimeout => self.tcp_user_timeout.is_some(),
            Keyword::SslMode => self.ssl_mode.is_some(),
            Keyword::SslNegotiation => self.ssl_negotiation.is_some(),
            Keyword::SslRootCert => self.ssl_root_cert.is_some(),
            Keyword::SslCert => self.ssl_cert.is_some(),
            Keyword::SslKey => self.ssl_key.is_some(),
            Keyword::SslPassword => self.ssl_password.is_some(),
            Keyword::SslCertMode => self.ssl_cert_mode.is_some(),
            Keyword::SslMinProtocolVersion => self.ssl_min_protocol_version.is_some(),
            Keyword::SslMaxProtocolVersion => self.ssl_max_protocol_version.is_some(),
            Keyword::ChannelBinding => self.channel_binding.is_some(),
            Keyword::RequireAuth => self.require_auth.is_some(),
            Keyword::TargetSessionAttrs => self.target_session_attrs.is_some(),
            Keyword::LoadBalanceHosts => self.load_balance_hosts.is_some(),
            Keyword::MinProtocolVersion => self.min_protocol_version.is_some(),
            Keyword::MaxProtocolVersion => self.max_protocol_version.is_some(),
            _ => self.unimplemented.contains_key(&key),
        }
    }

    /// The value as a connection string would spell it; `None` when unset. Secrets are
    /// rendered too: callers that display must skip [`Keyword::is_secret`] keys.
    pub(crate) fn render(&self, key: Keyword) -> Option<String> {
        fn join<T>(items: &[T], show: impl Fn(&T) -> String) -> String {
            items.iter().map(show).collect::<Vec<_>>().join(",")
        }
        let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.to_string_lossy().into_owned());
        let enum_str = |s: Option<&'static str>| s.map(str::to_owned);
        match key {
            Keyword::Host => self.hosts.as_ref().map(|h| h.join(",")),
            Keyword::HostAddr => self
                .hostaddrs
                .as_ref()
                .map(|list| join(list, |a| a.map(|a| a.to_string()).unwrap_or_default())),
            Keyword::Port => self
                .ports
                .as_ref()
                .map(|list| join(list, |p| p.map(|p| p.to_string()).unwrap_or_default())),
            Keyword::User => self.user.clone(),
            Keyword::Password => self
                .password
                .as_ref()
                .map(|p| String::from_utf8_lossy(p).into_owned()),
            Keyword::Dbname => self.dbname.clone(),
            Keyword::Passfile => path(&self.passfile),
            Keyword::ApplicationName => self.application_name.clone(),
            Keyword::FallbackApplicationName => self.fallback_application_name.clone(),
            Keyword::Options => self.options.clone(),
            Keyword::ClientEncoding => self.client_encoding.clone(),
            Keyword::ConnectTimeout => self.connect_timeout.map(|d| ceil_secs(d).to_string()),
            Keyword::Keepalives => self
                .keepalives
                .map(|on| if on { "1" } else { "0" }.to_owned()),
            Keyword::KeepalivesIdle => self.keepalives_idle.map(|d| ceil_secs(d).to_string()),
            Keyword::KeepalivesInterval => {
                self.keepalives_interval.map(|d| ceil_secs(d).to_string())
            }
            Keyword::KeepalivesCount => self
                .keepalives_retries
                .map(|n| n.min(i32::MAX as u32).to_string()),
            Keyword::TcpUserTimeout => self
                .tcp_user_timeout
                .map(|d| d.as_millis().min(i32::MAX as u128).to_string()),
            Keyword::SslMode => enum_str(self.ssl_mode.map(SslMode::as_str)),
            Keyword::SslNegotiation => enum_str(self.ssl_negotiation.map(SslNegotiation::as_str)),
            Keyword::SslRootCert => path(&self.ssl_root_cert),
            Keyword::SslCert => path(&self.ssl_cert),
            Keyword::SslKey => path(&self.ssl_key),
            Keyword::SslPassword => self
                .ssl_password
                .as_ref()
                .map(|p| String::from_utf8_lossy(p).into_owned()),
            Keyword::SslCertMode => enum_str(self.ssl_cert_mode.map(SslCertMode::as_str)),
            Keyword::SslMinProtocolVersion => self
                .ssl_min_protocol_version
                .map(|v| v.map(|v| v.as_str().to_owned()).unwrap_or_default()),
            Keyword::SslMaxProtocolVersion => self
                .ssl_max_protocol_version
                .map(|v| v.map(|v| v.as_str().to_owned()).unwrap_or_default()),
            Keyword::ChannelBinding => enum_str(self.channel_binding.map(ChannelBinding::as_str)),
            Keyword::RequireAuth => self.require_auth.clone(),
            Keyword::TargetSessionAttrs => {
                enum_str(self.target_session_attrs.map(TargetSessionAttrs::as_str))
            }
            Keyword::LoadBalanceHosts => {
                enum_str(self.load_balance_hosts.map(LoadBalanceHosts::as_str))
            }
            Keyword::MinProtocolVersion => {
                enum_str(self.min_protocol_version.map(ProtocolVersion::as_str))
            }
            Keyword::MaxProtocolVersion => {
                enum_str(self.max_protocol_version.map(ProtocolVersion::as_str))
            }
            _ => self.unimplemented.get(&key).cloned(),
        }
    }
}

/// Whole seconds, rounded up so a short non-zero duration never renders as "no timeout".
fn ceil_secs(d: Duration) -> u64 {
    let secs = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    secs.min(i32::MAX as u64)
}

/// Accepts the values of keywords pgline does not implement that change nothing, as libpq
/// built without that feature would; refuses the rest.
fn check_unimplemented(key: Keyword, value: &str, origin: Origin) -> Result<(), ConfigError> {
    let refuse = |reason| Err(unsupported(key, value, origin, reason));
    match key {
        Keyword::Service | Keyword::ServiceFile => {
            refuse("connection service files (pg_service.conf) are not implemented")
        }
        Keyword::GssEncMode => match value {
            "disable" | "prefer" => Ok(()),
            "require" => refuse("GSSAPI encryption is not implemented"),
            _ => Err(ConfigError::InvalidValue {
                key: key.name(),
                value: value.to_owned(),
                allowed: &["disable", "prefer"],
                origin,
            }),
        },
        // Only read during GSSAPI authentication, which pgline refuses on its own.
        Keyword::KrbSrvName | Keyword::GssLib | Keyword::GssDelegation => Ok(()),
        // libpq compresses when the value starts with '1'.
        Keyword::SslCompression if value.starts_with('1') => {
            refuse("TLS compression is insecure and not implemented")
        }
        Keyword::SslCompression => Ok(()),
        // libpq sends SNI when the value starts with '1'; rustls always does.
        Keyword::SslSni if value.starts_with('1') => Ok(()),
        Keyword::SslSni => refuse("pgline always sends TLS SNI for host names"),
        Keyword::SslCrl | Keyword::SslCrlDir if !value.is_empty() => {
            refuse("certificate revocation lists are not implemented")
        }
        Keyword::SslKeyLogFile if !value.is_empty() => refuse("TLS key logging is not implemented"),
        Keyword::ScramClientKey | Keyword::ScramServerKey if !value.is_empty() => {
            refuse("SCRAM pass-through keys are not implemented")
        }
        Keyword::OauthIssuer
        | Keyword::OauthClientId
        | Keyword::OauthClientSecret
        | Keyword::OauthScope
            if !value.is_empty() =>
        {
            refuse("OAuth authentication is not implemented")
        }
        Keyword::Replication if !is_false_word(value) => {
            refuse("the replication protocol is not implemented")
        }
        // Checked at resolution: it only matters for Unix-socket hosts.
        Keyword::RequirePeer => Ok(()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_encoding_spellings() {
        for ok in ["UTF8", "utf8", "UTF-8", "utf_8", "Unicode", "auto", ""] {
            assert!(is_utf8_encoding_name(ok), "{ok}");
        }
        for bad in ["LATIN1", "SQL_ASCII", "utf16", "WIN1252"] {
            assert!(!is_utf8_encoding_name(bad), "{bad}");
        }
    }

    #[test]
    fn replication_false_words() {
        for ok in ["", "0", "false", "F", "no", "n", "off", "OF"] {
            assert!(is_false_word(ok), "{ok}");
        }
        for bad in ["1", "true", "on", "o", "database", "yes", "nope"] {
            assert!(!is_false_word(bad), "{bad}");
        }
    }
}
