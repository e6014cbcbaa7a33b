//! rustls client configuration for every `sslmode`, with libpq's semantics.
//!
//! `require` encrypts without checking the certificate (unless a root certificate is given, in
//! which case libpq, and we, check the chain as `verify-ca` does); `verify-ca` checks the chain
//! but not the host name; `verify-full` checks both.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use crate::error::Error;

/// The ALPN protocol name PostgreSQL 17+ expects (and requires for direct TLS).
pub(crate) const ALPN_POSTGRESQL: &[u8] = b"postgresql";

/// How much of the server's certificate to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verify {
    /// Encrypt only (`require` without a root certificate).
    Nothing,
    /// The chain up to a trusted root, not the name (`verify-ca`, or `require` with roots).
    Chain,
    /// The chain and the host name (`verify-full`).
    Full,
}

/// Where trusted roots come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Roots {
    /// A PEM file of CA certificates (`sslrootcert=<path>`).
    File(PathBuf),
    /// The operating system's store (`sslrootcert=system`).
    System,
}

/// What the TLS client needs from the config.
#[derive(Clone, Debug)]
pub(crate) struct TlsSettings {
    pub verify: Verify,
    pub roots: Option<Roots>,
    /// `sslcert` and `sslkey`.
    pub client_cert: Option<(PathBuf, PathBuf)>,
    /// `ssl_min_protocol_version=TLSv1.3`: refuse TLS 1.2.
    pub min_tls13: bool,
    /// `ssl_max_protocol_version=TLSv1.2` (or lower, which rustls does not speak): no TLS 1.3.
    pub max_tls12: bool,
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Builds the rustls client configuration.
pub(crate) fn client_config(settings: &TlsSettings) -> Result<Arc<ClientConfig>, Error> {
    let provider = provider();
    let versions: &[&rustls::SupportedProtocolVersion] =
        match (settings.min_tls13, settings.max_tls12) {
            (true, true) => {
                return Err(Error::config_message(
                    "ssl_min_protocol_version is above ssl_max_protocol_version",
                ));
            }
            (true, false) => &[&rustls::version::TLS13],
            (false, true) => &[&rustls::version::TLS12],
            (false, false) => rustls::DEFAULT_VERSIONS,
        };
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(versions)
        .map_err(|e| Error::tls("choosing TLS versions", Some(Box::new(e))))?;
    let roots = match &settings.roots {
        Some(roots) => Some(Arc::new(load_roots(roots)?)),
        None => None,
    };
    let verifier: Arc<dyn ServerCertVerifier> = match (settings.verify, roots) {
        (Verify::Nothing, _) => Arc::new(EncryptOnly(provider.signature_verification_algorithms)),
        (verify, Some(roots)) => {
            let webpki = WebPkiServerVerifier::builder_with_provider(roots, provider.clone())
                .build()
                .map_err(|e| Error::tls("building the certificate verifier", Some(Box::new(e))))?;
            if verify == Verify::Full {
                webpki
            } else {
                Arc::new(ChainOnly(webpki))
            }
        }
        (_, None) => {
            return Err(Error::config_message(
                "sslmode verify-ca and verify-full need a root certificate (sslrootcert)",
            ));
        }
    };
    let builder = builder
        .dangerous()
        .with_custom_certificate_verifier(verifier);
    let mut config = match &settings.client_cert {
        Some((cert, key)) => {
            let (chain, key) = load_client_cert(cert, key)?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| Error::tls("using the client certificate", Some(Box::new(e))))?
        }
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = vec![ALPN_POSTGRESQL.to_vec()];
    Ok(Arc::new(config))
}

/// The name rustls checks and sends as SNI: an IP address literal or a DNS name.
pub(crate) fn server_name(host: &str) -> Result<ServerName<'static>, Error> {
    let trimmed = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = trimmed.parse::<std::net::IpAddr>() {
        return Ok(ServerName::IpAddress(ip.into()));
    }
    ServerName::try_from(host.to_owned()).map_err(|e| {
        Error::tls(
            format!("host name {host:?} is not valid for TLS"),
            Some(Box::new(e)),
        )
    })
}

fn load_roots(roots: &Roots) -> Result<RootCertStore, Error> {
    let mut store = RootCertStore::empty();
    match roots {
        Roots::File(path) => {
            let certs = read_certs(path, "root certificate")?;
            let (added, _ignored) = store.add_parsable_certificates(certs);
            if added == 0 {
                return Err(Error::tls(
                    format!(
                        "no usable certificate in root certificate file {}",
                        path.display()
                    ),
                    None,
                ));
            }
        }
        Roots::System => {
            let found = rustls_native_certs::load_native_certs();
            let (added, _ignored) = store.add_parsable_certificates(found.certs);
            if added == 0 {
                return Err(Error::tls(
                    "the system has no usable root certificates",
                    None,
                ));
            }
        }
    }
    Ok(store)
}

fn read_certs(path: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>, Error> {
    let bytes = fs::read(path)
        .map_err(|e| Error::io_context(format!("reading {what} file {}", path.display()), e))?;
    let certs = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            Error::tls(
                format!("parsing {what} file {}", path.display()),
                Some(Box::new(e)),
            )
        })?;
    if certs.is_empty() {
        return Err(Error::tls(
            format!("no certificate in {what} file {}", path.display()),
            None,
        ));
    }
    Ok(certs)
}

fn load_client_cert(
    cert: &Path,
    key: &Path,
) -> Result<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>), Error> {
    let chain = read_certs(cert, "client certificate")?;
    check_key_permissions(key)?;
    let bytes = fs::read(key)
        .map_err(|e| Error::io_context(format!("reading private key file {}", key.display()), e))?;
    let key_der = PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| {
        Error::tls(
            format!(
                "parsing private key file {} (encrypted keys are not supported)",
                key.display()
            ),
            Some(Box::new(e)),
        )
    })?;
    Ok((chain, key_der))
}

/// libpq refuses a private key others can read: 0600 or less for the owner's own file, 0640
/// or less for a root-owned one.
#[cfg(unix)]
fn check_key_permissions(path: &Path) -> Result<(), Error> {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).map_err(|e| {
        Error::io_context(format!("reading private key file {}", path.display()), e)
    })?;
    let mode = meta.mode() & 0o777;
    let allowed = if meta.uid() == 0 { 0o640 } else { 0o600 };
    if mode & !allowed != 0 {
        return Err(Error::config_message(format!(
            "private key file {} has group or world access (mode {mode:o}); it must be \
             u=rw (0600) or less if owned by the current user, or u=rw,g=r (0640) or less if \
             owned by root",
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_key_permissions(_: &Path) -> Result<(), Error> {
    Ok(())
}

/// `sslmode=require` without roots: the certificate is not checked, the handshake signatures
/// still are (so the peer holds the key of the certificate it showed, which channel binding
/// relies on).
#[derive(Debug)]
struct EncryptOnly(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// `sslmode=verify-ca`: the full WebPKI check, with a wrong host name forgiven.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // rustls checks the chain before the name, so a name error means the chain was good.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_name_accepts_ip_literals_and_dns_names() {
        assert!(matches!(
            server_name("127.0.0.1").unwrap(),
            ServerName::IpAddress(_)
        ));
        assert!(matches!(
            server_name("[::1]").unwrap(),
            ServerName::IpAddress(_)
        ));
        assert!(matches!(
            server_name("db.example.com").unwrap(),
            ServerName::DnsName(_)
        ));
        assert!(server_name("bad name!").is_err());
    }

    #[test]
    fn verify_modes_without_roots_are_a_config_error() {
        let settings = TlsSettings {
            verify: Verify::Full,
            roots: None,
            client_cert: None,
            min_tls13: false,
            max_tls12: false,
        };
        let err = client_config(&settings).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Config);
        let settings = TlsSettings {
            verify: Verify::Nothing,
            roots: None,
            client_cert: None,
            min_tls13: false,
            max_tls12: false,
        };
        let config = client_config(&settings).unwrap();
        assert_eq!(config.alpn_protocols, vec![b"postgresql".to_vec()]);
    }

    #[test]
    fn missing_root_file_names_the_file() {
        let settings = TlsSettings {
            verify: Verify::Chain,
            roots: Some(Roots::File("/nonexistent/root.crt".into())),
            client_cert: None,
            min_tls13: false,
            max_tls12: false,
        };
        let err = client_config(&settings).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/root.crt"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn world_readable_key_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("pgline-key-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let key = dir.join("k.key");
        fs::write(&key, b"not a key").unwrap();
        fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
        let err = check_key_permissions(&key).unwrap_err();
        assert!(err.to_string().contains("group or world access"), "{err}");
        fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
        assert!(check_key_permissions(&key).is_ok());
        fs::remove_dir_all(&dir).unwrap();
    }
}
