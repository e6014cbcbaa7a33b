//! Channel binding for SCRAM: the GS2 header choice (`n`, `y`, `p=tls-server-end-point`) and the
//! RFC 5929 `tls-server-end-point` hash of the server certificate. Reads only the certificate's
//! outer signature algorithm; never validates the certificate (the TLS layer does that).

use sha2::Digest;
use sha2::{Sha224, Sha256, Sha384, Sha512};
use x509_cert::der::asn1::AnyRef;
use x509_cert::der::oid::ObjectIdentifier;
use x509_cert::der::{Decode, Reader, SliceReader, Tag, TagMode, TagNumber, Tagged};
use x509_cert::spki::AlgorithmIdentifierRef;

use super::error::{AuthError, CertificateField};

/// The channel-binding part of a SCRAM exchange: what the client tells the server in the GS2
/// header, and the binding data it proves it sees.
///
/// Usually chosen by [`select_sasl_mechanism`](super::select_sasl_mechanism).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChannelBinding {
    /// `n`: the client does not support channel binding (no TLS, or `channel_binding=disable`).
    Unsupported,
    /// `y`: the client supports channel binding but the server did not offer SCRAM-SHA-256-PLUS.
    /// A server that does support it rejects the login, which defeats a downgrade.
    Unrequested,
    /// `p=tls-server-end-point`: bind to the server certificate; holds its RFC 5929 hash.
    TlsServerEndPoint(Vec<u8>),
}

impl ChannelBinding {
    /// Binds to the server's end-entity certificate (DER), hashing it as RFC 5929 says.
    ///
    /// ```
    /// # use pgline::auth::ChannelBinding;
    /// let der = include_bytes!("testdata/rsa_sha256.der");
    /// let binding = ChannelBinding::tls_server_end_point(der)?;
    /// assert!(matches!(binding, ChannelBinding::TlsServerEndPoint(hash) if hash.len() == 32));
    /// # Ok::<(), pgline::auth::AuthError>(())
    /// ```
    pub fn tls_server_end_point(server_certificate_der: &[u8]) -> Result<Self, AuthError> {
        tls_server_end_point_hash(server_certificate_der).map(ChannelBinding::TlsServerEndPoint)
    }

    /// The GS2 header that starts the client-first-message (and, base64'd with the binding data,
    /// the `c=` attribute of the client-final-message).
    pub fn gs2_header(&self) -> &'static str {
        match self {
            ChannelBinding::Unsupported => "n,,",
            ChannelBinding::Unrequested => "y,,",
            ChannelBinding::TlsServerEndPoint(_) => "p=tls-server-end-point,,",
        }
    }

    /// The channel-binding data sent after the GS2 header (empty unless bound).
    pub fn data(&self) -> &[u8] {
        match self {
            ChannelBinding::TlsServerEndPoint(hash) => hash,
            ChannelBinding::Unsupported | ChannelBinding::Unrequested => &[],
        }
    }

    /// Whether this exchange actually binds the channel (SCRAM-SHA-256-PLUS).
    pub fn is_bound(&self) -> bool {
        matches!(self, ChannelBinding::TlsServerEndPoint(_))
    }
}

// Signature algorithms whose hash is MD5 or SHA-1: RFC 5929 section 4.1 says use SHA-256.
const WEAK_HASH_SIGNATURES: &[ObjectIdentifier] = &[
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.4"), // md5WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5"), // sha1WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.3.14.3.2.29"),        // sha1WithRSASignature (OIW)
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.1"),    // ecdsa-with-SHA1
    ObjectIdentifier::new_unwrap("1.2.840.10040.4.3"),    // dsa-with-sha1
];
const SHA224_SIGNATURES: &[ObjectIdentifier] = &[
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.14"), // sha224WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.1"),   // ecdsa-with-SHA224
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.1"), // dsa-with-sha224
];
const SHA256_SIGNATURES: &[ObjectIdentifier] = &[
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11"), // sha256WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2"),   // ecdsa-with-SHA256
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.2"), // dsa-with-sha256
];
const SHA384_SIGNATURES: &[ObjectIdentifier] = &[
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.12"), // sha384WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3"),   // ecdsa-with-SHA384
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.3"), // dsa-with-sha384
];
const SHA512_SIGNATURES: &[ObjectIdentifier] = &[
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13"), // sha512WithRSAEncryption
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.4"),   // ecdsa-with-SHA512
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.4"), // dsa-with-sha512
];
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");

// Hash algorithm identifiers, as RSASSA-PSS parameters name them.
const ID_MD5: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.2.5");
const ID_SHA1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.14.3.2.26");
const ID_SHA224: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.4");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ID_SHA384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const ID_SHA512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// The hash a `tls-server-end-point` binding uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BindingHash {
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

/// Computes the RFC 5929 `tls-server-end-point` channel-binding data: a hash of the server's
/// end-entity certificate (DER), with the hash function of the certificate's signature algorithm.
///
/// MD5 and SHA-1 become SHA-256; SHA-224/256/384/512 are used as named; RSASSA-PSS uses the hash
/// in its parameters (SHA-1 when absent, hence SHA-256). An algorithm without a single hash
/// (Ed25519, Ed448) or one this crate cannot compute (SHA-3) is
/// [`AuthError::UnsupportedSignatureAlgorithm`]: PostgreSQL cannot bind such a channel either.
///
/// Only the outer `Certificate` SEQUENCE and its `signatureAlgorithm` are decoded, so a certificate
/// the TLS layer accepted is not refused here over an unrelated field; the hash is over the exact
/// bytes given, which must be one certificate with nothing after it.
pub fn tls_server_end_point_hash(server_certificate_der: &[u8]) -> Result<Vec<u8>, AuthError> {
    let algorithm = signature_algorithm(server_certificate_der)?;
    let hash = binding_hash(&algorithm)?;
    Ok(match hash {
        BindingHash::Sha224 => Sha224::digest(server_certificate_der).to_vec(),
        BindingHash::Sha256 => Sha256::digest(server_certificate_der).to_vec(),
        BindingHash::Sha384 => Sha384::digest(server_certificate_der).to_vec(),
        BindingHash::Sha512 => Sha512::digest(server_certificate_der).to_vec(),
    })
}

/// Reads `Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }` far
/// enough to return `signatureAlgorithm`.
fn signature_algorithm(der: &[u8]) -> Result<AlgorithmIdentifierRef<'_>, AuthError> {
    let certificate = || AuthError::InvalidCertificate {
        field: CertificateField::Certificate,
    };
    let mut reader = SliceReader::new(der).map_err(|_| certificate())?;
    let algorithm = reader
        .sequence(|inner: &mut SliceReader<'_>| {
            Tag::peek(inner)?.assert_eq(Tag::Sequence)?;
            inner.tlv_bytes()?;
            let algorithm = AlgorithmIdentifierRef::decode(inner).map_err(|_| {
                AuthError::InvalidCertificate {
                    field: CertificateField::SignatureAlgorithm,
                }
            })?;
            Tag::peek(inner)?.assert_eq(Tag::BitString)?;
            inner.tlv_bytes()?;
            Ok::<_, CertError>(algorithm)
        })
        .map_err(|e| e.into_auth(CertificateField::Certificate))?;
    if !reader.is_finished() {
        return Err(certificate());
    }
    Ok(algorithm)
}

fn binding_hash(algorithm: &AlgorithmIdentifierRef<'_>) -> Result<BindingHash, AuthError> {
    let oid = algorithm.oid;
    if WEAK_HASH_SIGNATURES.contains(&oid) {
        Ok(BindingHash::Sha256)
    } else if SHA224_SIGNATURES.contains(&oid) {
        Ok(BindingHash::Sha224)
    } else if SHA256_SIGNATURES.contains(&oid) {
        Ok(BindingHash::Sha256)
    } else if SHA384_SIGNATURES.contains(&oid) {
        Ok(BindingHash::Sha384)
    } else if SHA512_SIGNATURES.contains(&oid) {
        Ok(BindingHash::Sha512)
    } else if oid == RSASSA_PSS {
        pss_hash(algorithm.parameters.as_ref())
    } else {
        Err(AuthError::UnsupportedSignatureAlgorithm {
            oid: oid.to_string(),
        })
    }
}

/// `RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] EXPLICIT HashAlgorithm DEFAULT sha1, ... }`
/// (RFC 4055 section 3.1). Like OpenSSL, absent parameters are refused rather than defaulted.
fn pss_hash(parameters: Option<&AnyRef<'_>>) -> Result<BindingHash, AuthError> {
    let malformed = || AuthError::InvalidCertificate {
        field: CertificateField::PssParameters,
    };
    let parameters = parameters.ok_or_else(malformed)?;
    if parameters.tag() != Tag::Sequence {
        return Err(malformed());
    }
    let mut reader = SliceReader::new(parameters.value()).map_err(|_| malformed())?;
    let hash: Option<AlgorithmIdentifierRef<'_>> = reader
        .context_specific(TagNumber(0), TagMode::Explicit)
        .map_err(|_| malformed())?;
    let Some(hash) = hash else {
        return Ok(BindingHash::Sha256); // the default, SHA-1
    };
    match hash.oid {
        ID_MD5 | ID_SHA1 | ID_SHA256 => Ok(BindingHash::Sha256),
        ID_SHA224 => Ok(BindingHash::Sha224),
        ID_SHA384 => Ok(BindingHash::Sha384),
        ID_SHA512 => Ok(BindingHash::Sha512),
        other => Err(AuthError::UnsupportedSignatureAlgorithm {
            oid: other.to_string(),
        }),
    }
}

/// Inside the certificate reader: a DER error, or an error already typed.
enum CertError {
    Der,
    Auth(AuthError),
}

impl CertError {
    fn into_auth(self, field: CertificateField) -> AuthError {
        match self {
            CertError::Der => AuthError::InvalidCertificate { field },
            CertError::Auth(error) => error,
        }
    }
}

impl From<x509_cert::der::Error> for CertError {
    fn from(_: x509_cert::der::Error) -> Self {
        CertError::Der
    }
}

impl From<AuthError> for CertError {
    fn from(error: AuthError) -> Self {
        CertError::Auth(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    // Fixtures made with the openssl CLI (`openssl req -x509 -newkey ... -outform DER`, RSA 2048,
    // ECDSA P-384); the expected hashes are `openssl dgst -<hash> <file>`. Each RSA/ECDSA fixture
    // was also served by PostgreSQL 15.18 and a SCRAM-SHA-256-PLUS login with this hash succeeded
    // (one-off check; the PSS ones through python's ssl, since rustls does not speak RSA-PSS keys).
    const RSA_SHA256: &[u8] = include_bytes!("testdata/rsa_sha256.der");
    const ECDSA_SHA384: &[u8] = include_bytes!("testdata/ecdsa_sha384.der");
    const RSA_SHA1: &[u8] = include_bytes!("testdata/rsa_sha1.der");
    const RSA_MD5: &[u8] = include_bytes!("testdata/rsa_md5.der");
    const RSA_SHA512: &[u8] = include_bytes!("testdata/rsa_sha512.der");
    const RSA_PSS_SHA384: &[u8] = include_bytes!("testdata/rsa_pss_sha384.der");
    const RSA_PSS_SHA1: &[u8] = include_bytes!("testdata/rsa_pss_sha1.der");
    const ED25519: &[u8] = include_bytes!("testdata/ed25519.der");

    fn binding(der: &[u8]) -> String {
        hex(&tls_server_end_point_hash(der).unwrap())
    }

    #[test]
    fn end_point_rsa_sha256_uses_sha256() {
        assert_eq!(
            binding(RSA_SHA256),
            "cb086d503277a6cfbf537a47149efc4b05d17da98410a992d073822780eb1e8c"
        );
    }

    #[test]
    fn end_point_ecdsa_sha384_uses_sha384() {
        assert_eq!(
            binding(ECDSA_SHA384),
            "c2503481c0ca2ca1b331f4d7293b398c4a07b7e713f032a5c0fcc283a1aac3c51ad4a4ae1044baa9f570550eaa12da9e"
        );
    }

    #[test]
    fn end_point_rsa_sha1_upgrades_to_sha256() {
        assert_eq!(
            binding(RSA_SHA1),
            "1f58ef7b41eabbb0ec1a9a3872b8beb2861e539c0ca894de37e05a3587c2e254"
        );
    }

    #[test]
    fn end_point_rsa_md5_upgrades_to_sha256() {
        assert_eq!(
            binding(RSA_MD5),
            "3106d4dbaa6f0eefd121cd23ebdf40bbeee9ed316049c88a5afbf83dcffb12e2"
        );
    }

    #[test]
    fn end_point_rsa_sha512_uses_sha512() {
        assert_eq!(
            binding(RSA_SHA512),
            "ce59f3bdc218d8cb7f0de3708080568ef455e0b2451d8eb948db33de8267b469af4f2382b2a78dc95e15669951d20b88175351b078d1778d4cd22db40247a95b"
        );
    }

    #[test]
    fn end_point_rsa_pss_uses_parameter_hash() {
        assert_eq!(
            binding(RSA_PSS_SHA384),
            "a368072708bf6e890a2cf716dba2a827b39cd88bdbf01207578b3e061fb810debd350c124db0c56d1dc73210fbe6c692"
        );
    }

    #[test]
    fn end_point_rsa_pss_default_sha1_upgrades_to_sha256() {
        // The parameters are an empty SEQUENCE: every field at its default, hash SHA-1.
        assert_eq!(
            binding(RSA_PSS_SHA1),
            "2bbdf2fd256b6fee528d4636d0793b8383b1459359377b413bbb367ae76a7611"
        );
    }

    #[test]
    fn end_point_ed25519_unsupported() {
        assert_eq!(
            tls_server_end_point_hash(ED25519),
            Err(AuthError::UnsupportedSignatureAlgorithm {
                oid: "1.3.101.112".into()
            })
        );
    }

    #[test]
    fn end_point_malformed_certificates_typed_errors() {
        let certificate = Err(AuthError::InvalidCertificate {
            field: CertificateField::Certificate,
        });
        assert_eq!(tls_server_end_point_hash(b""), certificate);
        assert_eq!(
            tls_server_end_point_hash(b"\x30\x03\x02\x01\x01"),
            certificate
        );
        assert_eq!(
            tls_server_end_point_hash(&RSA_SHA256[..RSA_SHA256.len() - 1]),
            certificate
        );
        let mut trailing = RSA_SHA256.to_vec();
        trailing.push(0);
        assert_eq!(tls_server_end_point_hash(&trailing), certificate);
        // A length claiming far more than is there.
        assert_eq!(
            tls_server_end_point_hash(b"\x30\x84\x7f\xff\xff\xff\x30\x00"),
            certificate
        );
    }

    #[test]
    fn end_point_every_truncation_is_an_error_not_a_panic() {
        for len in 0..RSA_PSS_SHA384.len() {
            assert!(
                tls_server_end_point_hash(&RSA_PSS_SHA384[..len]).is_err(),
                "{len}"
            );
        }
    }

    #[test]
    fn end_point_pss_without_parameters_refused() {
        // Rewrite the outer signatureAlgorithm of the PSS-SHA1 fixture (`30 0d 06 09 <oid> 30 00`)
        // without its parameters: `30 0b 06 09 <oid>`, and fix the outer length.
        let der = RSA_PSS_SHA1;
        let pss_oid = [
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,
        ];
        let mut needle = vec![0x30, 0x0d];
        needle.extend_from_slice(&pss_oid);
        needle.extend_from_slice(&[0x30, 0x00]);
        let at = der
            .windows(needle.len())
            .rposition(|w| w == needle.as_slice())
            .unwrap();
        let mut edited = der[..at].to_vec();
        edited.extend_from_slice(&[0x30, 0x0b]);
        edited.extend_from_slice(&pss_oid);
        edited.extend_from_slice(&der[at + needle.len()..]);
        // The fixture's outer header is `30 82 hi lo`: two bytes shorter now.
        let outer = u16::from_be_bytes([edited[2], edited[3]]) - 2;
        edited[2..4].copy_from_slice(&outer.to_be_bytes());
        assert_eq!(
            tls_server_end_point_hash(&edited),
            Err(AuthError::InvalidCertificate {
                field: CertificateField::PssParameters
            })
        );
    }

    #[test]
    fn gs2_headers_and_binding_data() {
        assert_eq!(ChannelBinding::Unsupported.gs2_header(), "n,,");
        assert_eq!(ChannelBinding::Unrequested.gs2_header(), "y,,");
        let bound = ChannelBinding::tls_server_end_point(RSA_SHA256).unwrap();
        assert_eq!(bound.gs2_header(), "p=tls-server-end-point,,");
        assert_eq!(hex(bound.data()), binding(RSA_SHA256));
        assert!(bound.is_bound());
        assert!(!ChannelBinding::Unrequested.is_bound());
        assert!(ChannelBinding::Unsupported.data().is_empty());
    }
}
