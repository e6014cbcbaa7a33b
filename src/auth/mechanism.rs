//! The SASL mechanism choice: SCRAM-SHA-256 or SCRAM-SHA-256-PLUS, from what the server offers,
//! whether TLS is on and `channel_binding` (libpq semantics, `pg_SASL_init` in fe-auth.c).

use std::fmt;
use std::str::FromStr;

use super::channel_binding::ChannelBinding;
use super::error::{AuthConfigError, AuthError};

/// The SASL mechanism name for SCRAM-SHA-256.
pub const SCRAM_SHA_256: &str = "SCRAM-SHA-256";
/// The SASL mechanism name for SCRAM-SHA-256 with channel binding.
pub const SCRAM_SHA_256_PLUS: &str = "SCRAM-SHA-256-PLUS";

/// The `channel_binding` connection option.
///
/// ```
/// use pgline::auth::ChannelBindingMode;
/// assert_eq!("require".parse::<ChannelBindingMode>()?, ChannelBindingMode::Require);
/// assert_eq!(ChannelBindingMode::default(), ChannelBindingMode::Prefer);
/// # Ok::<(), pgline::auth::AuthConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChannelBindingMode {
    /// Never bind the channel, even when the server offers SCRAM-SHA-256-PLUS.
    Disable,
    /// Bind when the server offers SCRAM-SHA-256-PLUS over TLS (libpq's default).
    #[default]
    Prefer,
    /// Fail unless the server is authenticated with SCRAM-SHA-256-PLUS: no TLS, no PLUS, any
    /// non-SASL request, or an AuthenticationOk without a bound exchange is refused.
    Require,
}

impl ChannelBindingMode {
    /// The option value as libpq spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelBindingMode::Disable => "disable",
            ChannelBindingMode::Prefer => "prefer",
            ChannelBindingMode::Require => "require",
        }
    }
}

impl FromStr for ChannelBindingMode {
    type Err = AuthConfigError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "disable" => Ok(ChannelBindingMode::Disable),
            "prefer" => Ok(ChannelBindingMode::Prefer),
            "require" => Ok(ChannelBindingMode::Require),
            _ => Err(AuthConfigError::InvalidChannelBinding {
                value: value.to_owned(),
            }),
        }
    }
}

impl fmt::Display for ChannelBindingMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A SASL mechanism this client speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaslMechanism {
    /// `SCRAM-SHA-256`.
    ScramSha256,
    /// `SCRAM-SHA-256-PLUS`: SCRAM bound to the TLS channel (`tls-server-end-point`).
    ScramSha256Plus,
}

impl SaslMechanism {
    /// The name sent in SASLInitialResponse.
    pub fn as_str(self) -> &'static str {
        match self {
            SaslMechanism::ScramSha256 => SCRAM_SHA_256,
            SaslMechanism::ScramSha256Plus => SCRAM_SHA_256_PLUS,
        }
    }
}

/// The outcome of [`select_sasl_mechanism`]: the mechanism to name in SASLInitialResponse and the
/// channel binding to build the [`ScramSha256`](super::ScramSha256) with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaslSelection {
    /// The mechanism.
    pub mechanism: SaslMechanism,
    /// `TlsServerEndPoint` exactly when the mechanism is PLUS.
    pub channel_binding: ChannelBinding,
}

// How many offered names an error keeps, and how much of each: the list is server-controlled.
const OFFERED_KEPT: usize = 8;
const OFFERED_NAME_KEPT: usize = 64;

/// Picks the SASL mechanism for an AuthenticationSASL request, as libpq does.
///
/// `offered` is the server's mechanism list. `tls_server_certificate` is the DER of the server's
/// end-entity certificate when the connection uses TLS, `None` without TLS; it is hashed only when
/// PLUS is chosen.
///
/// - SCRAM-SHA-256-PLUS offered over TLS and `mode` is not `disable`: PLUS, bound to the
///   certificate (a certificate whose hash cannot be computed is an error, as in libpq).
/// - PLUS offered without TLS: [`AuthError::PlusWithoutTls`] whatever the mode.
/// - Otherwise SCRAM-SHA-256, with GS2 flag `y` when TLS is on and `mode` is not `disable`
///   (we could bind but the server did not offer to), else `n`.
/// - `require` fails unless PLUS is chosen: [`AuthError::ChannelBindingUnavailable`].
///
/// ```
/// use pgline::auth::{select_sasl_mechanism, ChannelBinding, ChannelBindingMode, SaslMechanism};
/// let chosen = select_sasl_mechanism(["SCRAM-SHA-256"], None, ChannelBindingMode::Prefer)?;
/// assert_eq!(chosen.mechanism, SaslMechanism::ScramSha256);
/// assert_eq!(chosen.channel_binding, ChannelBinding::Unsupported);
/// # Ok::<(), pgline::auth::AuthError>(())
/// ```
pub fn select_sasl_mechanism<I>(
    offered: I,
    tls_server_certificate: Option<&[u8]>,
    mode: ChannelBindingMode,
) -> Result<SaslSelection, AuthError>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    let mut plain = false;
    let mut plus = false;
    let mut kept = Vec::new();
    for name in offered {
        let name = name.as_ref();
        if name == SCRAM_SHA_256_PLUS.as_bytes() {
            if tls_server_certificate.is_none() {
                return Err(AuthError::PlusWithoutTls);
            }
            plus = true;
        } else if name == SCRAM_SHA_256.as_bytes() {
            plain = true;
        }
        if kept.len() < OFFERED_KEPT {
            let cut = &name[..name.len().min(OFFERED_NAME_KEPT)];
            kept.push(String::from_utf8_lossy(cut).into_owned());
        }
    }

    if let (true, Some(certificate), false) = (
        plus,
        tls_server_certificate,
        mode == ChannelBindingMode::Disable,
    ) {
        return Ok(SaslSelection {
            mechanism: SaslMechanism::ScramSha256Plus,
            channel_binding: ChannelBinding::tls_server_end_point(certificate)?,
        });
    }
    if !plain {
        return Err(AuthError::NoSupportedMechanism { offered: kept });
    }
    let channel_binding = match (mode, tls_server_certificate) {
        (ChannelBindingMode::Require, _) => return Err(AuthError::ChannelBindingUnavailable),
        (ChannelBindingMode::Prefer, Some(_)) => ChannelBinding::Unrequested,
        (ChannelBindingMode::Prefer, None) | (ChannelBindingMode::Disable, _) => {
            ChannelBinding::Unsupported
        }
    };
    Ok(SaslSelection {
        mechanism: SaslMechanism::ScramSha256,
        channel_binding,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChannelBindingMode::{Disable, Prefer, Require};

    const CERT: &[u8] = include_bytes!("testdata/rsa_sha256.der");
    const ED25519: &[u8] = include_bytes!("testdata/ed25519.der");
    const BOTH: &[&str] = &[SCRAM_SHA_256_PLUS, SCRAM_SHA_256];
    const PLAIN: &[&str] = &[SCRAM_SHA_256];
    const PLUS: &[&str] = &[SCRAM_SHA_256_PLUS];

    /// What the choice looks like, compactly: mechanism and GS2 flag, or the error.
    fn choose(
        offered: &[&str],
        tls: bool,
        mode: ChannelBindingMode,
    ) -> Result<&'static str, AuthError> {
        let cert = tls.then_some(CERT);
        select_sasl_mechanism(offered.iter().copied(), cert, mode).map(|s| {
            match (s.mechanism, &s.channel_binding) {
                (SaslMechanism::ScramSha256Plus, ChannelBinding::TlsServerEndPoint(h)) => {
                    assert_eq!(h, &crate::auth::tls_server_end_point_hash(CERT).unwrap());
                    "PLUS p"
                }
                (SaslMechanism::ScramSha256, ChannelBinding::Unrequested) => "SCRAM y",
                (SaslMechanism::ScramSha256, ChannelBinding::Unsupported) => "SCRAM n",
                other => panic!("inconsistent selection {other:?}"),
            }
        })
    }

    /// Offered mechanisms, TLS on, the mode, and the expected outcome.
    type ChoiceCase = (
        &'static [&'static str],
        bool,
        ChannelBindingMode,
        Result<&'static str, AuthError>,
    );

    #[test]
    fn channel_binding_choice_table() {
        use AuthError::{ChannelBindingUnavailable as Unavailable, PlusWithoutTls};
        let none = |offered: &[&str]| AuthError::NoSupportedMechanism {
            offered: offered.iter().map(|s| s.to_string()).collect(),
        };
        #[rustfmt::skip]
        let table: &[ChoiceCase] = &[
            // offered, TLS,  mode,    outcome
            (BOTH,  true,  Prefer,  Ok("PLUS p")),
            (BOTH,  true,  Require, Ok("PLUS p")),
            (BOTH,  true,  Disable, Ok("SCRAM n")),
            (PLAIN, true,  Prefer,  Ok("SCRAM y")),
            (PLAIN, true,  Disable, Ok("SCRAM n")),
            (PLAIN, true,  Require, Err(Unavailable)),
            (PLAIN, false, Prefer,  Ok("SCRAM n")),
            (PLAIN, false, Disable, Ok("SCRAM n")),
            (PLAIN, false, Require, Err(Unavailable)),
            (PLUS,  true,  Prefer,  Ok("PLUS p")),
            (PLUS,  true,  Disable, Err(none(PLUS))),
            (BOTH,  false, Prefer,  Err(PlusWithoutTls)),
            (BOTH,  false, Disable, Err(PlusWithoutTls)),
            (PLUS,  false, Require, Err(PlusWithoutTls)),
            (&[],   true,  Prefer,  Err(none(&[]))),
            (&["OAUTHBEARER"], true, Prefer, Err(none(&["OAUTHBEARER"]))),
        ];
        for (offered, tls, mode, expected) in table {
            assert_eq!(
                &choose(offered, *tls, *mode),
                expected,
                "{offered:?} tls={tls} {mode}"
            );
        }
    }

    #[test]
    fn plus_order_does_not_matter() {
        let reversed = [SCRAM_SHA_256, SCRAM_SHA_256_PLUS];
        assert_eq!(choose(&reversed, true, Prefer), Ok("PLUS p"));
    }

    #[test]
    fn plus_with_unhashable_certificate_fails_like_libpq() {
        let chosen = select_sasl_mechanism(BOTH.iter().copied(), Some(ED25519), Prefer);
        assert_eq!(
            chosen,
            Err(AuthError::UnsupportedSignatureAlgorithm {
                oid: "1.3.101.112".into()
            })
        );
        // With binding disabled the certificate is never read.
        let chosen = select_sasl_mechanism(BOTH.iter().copied(), Some(ED25519), Disable).unwrap();
        assert_eq!(chosen.channel_binding, ChannelBinding::Unsupported);
    }

    #[test]
    fn offered_names_in_error_are_bounded() {
        let long = vec![b'X'; 10_000];
        let offered: Vec<&[u8]> = std::iter::repeat_n(long.as_slice(), 100).collect();
        match select_sasl_mechanism(offered, None, Prefer) {
            Err(AuthError::NoSupportedMechanism { offered }) => {
                assert_eq!(offered.len(), OFFERED_KEPT);
                assert!(offered.iter().all(|name| name.len() == OFFERED_NAME_KEPT));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn channel_binding_mode_parse() {
        assert_eq!("disable".parse(), Ok(Disable));
        assert_eq!("prefer".parse(), Ok(Prefer));
        assert_eq!("require".parse(), Ok(Require));
        assert_eq!(
            "Require".parse::<ChannelBindingMode>(),
            Err(AuthConfigError::InvalidChannelBinding {
                value: "Require".into()
            })
        );
        assert_eq!(Require.to_string(), "require");
    }
}
