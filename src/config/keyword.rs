//! Every keyword libpq knows: its name, its environment variable and whether its value is a
//! secret. How a value is checked and stored is `set_value.rs`.

/// Shown instead of a secret in errors and `Debug` output.
pub(crate) const REDACTED: &str = "<redacted>";

macro_rules! keys {
    ($( $key:ident = $name:literal, $env:expr; )+) => {
        /// A keyword libpq knows.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub(crate) enum Keyword {
            $( $key, )+
        }

        impl Keyword {
            /// All keywords, in the order `Display` writes them.
            pub(crate) const ALL: &'static [Keyword] = &[$( Keyword::$key, )+];

            pub(crate) fn name(self) -> &'static str {
                match self {
                    $( Keyword::$key => $name, )+
                }
            }

            /// The environment variable libpq reads when the key is unset.
            pub(crate) fn env(self) -> Option<&'static str> {
                match self {
                    $( Keyword::$key => $env, )+
                }
            }

            pub(crate) fn from_name(name: &str) -> Option<Keyword> {
                match name {
                    $( $name => Some(Keyword::$key), )+
                    _ => None,
                }
            }
        }
    };
}

keys! {
    Host = "host", Some("PGHOST");
    HostAddr = "hostaddr", Some("PGHOSTADDR");
    Port = "port", Some("PGPORT");
    User = "user", Some("PGUSER");
    Password = "password", Some("PGPASSWORD");
    Dbname = "dbname", Some("PGDATABASE");
    Passfile = "passfile", Some("PGPASSFILE");
    ApplicationName = "application_name", Some("PGAPPNAME");
    FallbackApplicationName = "fallback_application_name", None;
    Options = "options", Some("PGOPTIONS");
    ClientEncoding = "client_encoding", Some("PGCLIENTENCODING");
    ConnectTimeout = "connect_timeout", Some("PGCONNECT_TIMEOUT");
    Keepalives = "keepalives", None;
    KeepalivesIdle = "keepalives_idle", None;
    KeepalivesInterval = "keepalives_interval", None;
    KeepalivesCount = "keepalives_count", None;
    TcpUserTimeout = "tcp_user_timeout", None;
    SslMode = "sslmode", Some("PGSSLMODE");
    SslNegotiation = "sslnegotiation", Some("PGSSLNEGOTIATION");
    SslRootCert = "sslrootcert", Some("PGSSLROOTCERT");
    SslCert = "sslcert", Some("PGSSLCERT");
    SslKey = "sslkey", Some("PGSSLKEY");
    SslPassword = "sslpassword", None;
    SslCertMode = "sslcertmode", Some("PGSSLCERTMODE");
    SslMinProtocolVersion = "ssl_min_protocol_version", Some("PGSSLMINPROTOCOLVERSION");
    SslMaxProtocolVersion = "ssl_max_protocol_version", Some("PGSSLMAXPROTOCOLVERSION");
    ChannelBinding = "channel_binding", Some("PGCHANNELBINDING");
    RequireAuth = "require_auth", Some("PGREQUIREAUTH");
    TargetSessionAttrs = "target_session_attrs", Some("PGTARGETSESSIONATTRS");
    LoadBalanceHosts = "load_balance_hosts", Some("PGLOADBALANCEHOSTS");
    MinProtocolVersion = "min_protocol_version", Some("PGMINPROTOCOLVERSION");
    MaxProtocolVersion = "max_protocol_version", Some("PGMAXPROTOCOLVERSION");
    // Known to libpq, not implemented by pgline: harmless values are kept (so they still hide
    // the environment variable, as in libpq) and anything else is `ConfigError::Unsupported`.
    Service = "service", Some("PGSERVICE");
    ServiceFile = "servicefile", None;
    GssEncMode = "gssencmode", Some("PGGSSENCMODE");
    KrbSrvName = "krbsrvname", Some("PGKRBSRVNAME");
    GssLib = "gsslib", Some("PGGSSLIB");
    GssDelegation = "gssdelegation", Some("PGGSSDELEGATION");
    SslCompression = "sslcompression", Some("PGSSLCOMPRESSION");
    SslCrl = "sslcrl", Some("PGSSLCRL");
    SslCrlDir = "sslcrldir", Some("PGSSLCRLDIR");
    SslSni = "sslsni", Some("PGSSLSNI");
    RequirePeer = "requirepeer", Some("PGREQUIREPEER");
    Replication = "replication", None;
    SslKeyLogFile = "sslkeylogfile", None;
    ScramClientKey = "scram_client_key", None;
    ScramServerKey = "scram_server_key", None;
    OauthIssuer = "oauth_issuer", None;
    OauthClientId = "oauth_client_id", None;
    OauthClientSecret = "oauth_client_secret", None;
    OauthScope = "oauth_scope", None;
}

impl Keyword {
    /// Values never shown in errors, `Debug` or `Display`.
    pub(crate) fn is_secret(self) -> bool {
        matches!(
            self,
            Keyword::Password
                | Keyword::SslPassword
                | Keyword::ScramClientKey
                | Keyword::ScramServerKey
                | Keyword::OauthClientSecret
        )
    }
}

/// `is_unixsock_path`: an absolute path, or `@` for Linux's abstract namespace.
pub(crate) fn is_unix_socket_host(host: &str) -> bool {
    host.starts_with('/') || host.starts_with('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_name_round_trips_and_is_unique() {
        for &key in Keyword::ALL {
            assert_eq!(Keyword::from_name(key.name()), Some(key));
        }
        let mut names: Vec<_> = Keyword::ALL.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Keyword::ALL.len());
    }
}
