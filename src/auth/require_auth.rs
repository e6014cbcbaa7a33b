//! Which authentication requests the client answers: `require_auth` (libpq 16) and
//! `channel_binding=require`, checked for every request and for the final AuthenticationOk.
//! Mirrors libpq's `check_expected_areq`; never sends anything itself.
//! <https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-REQUIRE-AUTH>

use std::fmt;
use std::str::FromStr;

use super::error::{AuthConfigError, AuthError, UnsupportedMethod};
use super::mechanism::ChannelBindingMode;
use super::request::AuthRequest;
use super::scram::ServerVerified;

// Whether the client answers a request is this module's question, so the checks that need
// `AuthError` live here and `request.rs` depends on nothing.
impl AuthRequest {
    /// `Err(AuthError::Unsupported)` for a request pgline cannot answer: GSSAPI, SSPI, Kerberos V5
    /// or an unknown code. Check it after [`AuthPolicy::check_request`], so a `require_auth`
    /// refusal is reported first, as libpq does.
    ///
    /// ```
    /// use pgline::auth::{AuthError, AuthRequest, UnsupportedMethod};
    /// assert_eq!(
    ///     AuthRequest::Gss.check_supported(),
    ///     Err(AuthError::Unsupported { method: UnsupportedMethod::Gss })
    /// );
    /// assert!(AuthRequest::Md5.check_supported().is_ok());
    /// ```
    pub fn check_supported(self) -> Result<(), AuthError> {
        let method = match self {
            AuthRequest::Gss | AuthRequest::GssContinue => UnsupportedMethod::Gss,
            AuthRequest::Sspi => UnsupportedMethod::Sspi,
            AuthRequest::KerberosV5 => UnsupportedMethod::KerberosV5,
            AuthRequest::Other { code } => UnsupportedMethod::Unknown { code },
            AuthRequest::Cleartext
            | AuthRequest::Md5
            | AuthRequest::Sasl
            | AuthRequest::SaslContinue
            | AuthRequest::SaslFinal => return Ok(()),
        };
        Err(AuthError::Unsupported { method })
    }

    /// The request's bit in libpq's `allowed_auth_methods` mask (`1 << code`), none for codes
    /// outside it, which a `require_auth` list can never allow.
    fn bit(self) -> Option<u16> {
        match self {
            AuthRequest::Other { .. } | AuthRequest::KerberosV5 => None,
            known => Some(1 << known.code()),
        }
    }
}

const PASSWORD_BITS: u16 = 1 << 3;
const MD5_BITS: u16 = 1 << 5;
const GSS_BITS: u16 = 1 << 7 | 1 << 8;
const SSPI_BITS: u16 = 1 << 9 | 1 << 8;
const SCRAM_BITS: u16 = 1 << 10 | 1 << 11 | 1 << 12;

/// The parsed `require_auth` option: which requests the client answers, and whether the server
/// may let the client in without any (`none`).
///
/// A comma-separated list of `password`, `md5`, `gss`, `sspi`, `scram-sha-256`, `none`; every
/// element may be negated with `!` (then all must be), which allows everything except those listed.
/// No whitespace is trimmed, a method may appear once: both as in libpq.
///
/// ```
/// use pgline::auth::{AuthRequest, RequireAuth};
/// let scram_only: RequireAuth = "scram-sha-256".parse()?;
/// assert!(scram_only.allows(AuthRequest::Sasl));
/// assert!(!scram_only.allows(AuthRequest::Md5));
/// assert!(scram_only.auth_required());
/// # Ok::<(), pgline::auth::AuthConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequireAuth {
    /// The option as given, for error messages; empty when unset.
    text: String,
    /// `1 << code` for each allowed request code, as libpq's `allowed_auth_methods`.
    allowed: u16,
    /// The server must complete some authentication before AuthenticationOk.
    auth_required: bool,
}

impl Default for RequireAuth {
    /// No `require_auth`: every request is allowed and none is required.
    fn default() -> Self {
        RequireAuth {
            text: String::new(),
            allowed: u16::MAX,
            auth_required: false,
        }
    }
}

impl RequireAuth {
    /// Parses the option; an empty string means unset (everything allowed).
    pub fn parse(text: &str) -> Result<Self, AuthConfigError> {
        if text.is_empty() {
            return Ok(RequireAuth::default());
        }
        let negated = text.starts_with('!');
        // A positive list starts from nothing and adds; a negative one from everything, removing.
        let mut allowed = if negated { u16::MAX } else { 0 };
        let mut auth_required = !negated;
        for part in text.split(',') {
            let method = match part.strip_prefix('!') {
                Some(method) if negated => method,
                None if !negated => part,
                _ => {
                    return Err(AuthConfigError::MixedNegation {
                        method: part.to_owned(),
                        negated: !negated,
                    });
                }
            };
            let duplicate = || AuthConfigError::DuplicateRequireAuthMethod {
                method: part.to_owned(),
            };
            let bits = match method {
                "password" => PASSWORD_BITS,
                "md5" => MD5_BITS,
                "gss" => GSS_BITS,
                "sspi" => SSPI_BITS,
                "scram-sha-256" => SCRAM_BITS,
                "none" => {
                    // `none` allows AuthenticationOk without authentication; `!none` forbids it.
                    if auth_required == negated {
                        return Err(duplicate());
                    }
                    auth_required = negated;
                    continue;
                }
                _ => {
                    return Err(AuthConfigError::UnknownRequireAuthMethod {
                        method: method.to_owned(),
                    });
                }
            };
            if negated {
                if allowed & bits == 0 {
                    return Err(duplicate());
                }
                allowed &= !bits;
            } else {
                if allowed & bits == bits {
                    return Err(duplicate());
                }
                allowed |= bits;
            }
        }
        Ok(RequireAuth {
            text: text.to_owned(),
            allowed,
            auth_required,
        })
    }

    /// Whether the client answers this request.
    pub fn allows(&self, request: AuthRequest) -> bool {
        match request.bit() {
            Some(bit) => self.allowed & bit != 0,
            // libpq refuses codes outside its mask only when require_auth is set.
            None => self.text.is_empty(),
        }
    }

    /// Whether the server must complete an authentication exchange (false when `none` is allowed
    /// or the list is negative without `!none`).
    pub fn auth_required(&self) -> bool {
        self.auth_required
    }

    /// The option as given (empty when unset).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl FromStr for RequireAuth {
    type Err = AuthConfigError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        RequireAuth::parse(text)
    }
}

impl fmt::Display for RequireAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// How far authentication got when the server sends AuthenticationOk; the connection keeps it
/// up to date as it answers requests.
#[derive(Debug)]
pub enum AuthProgress {
    /// The client answered nothing: trust, peer, cert authentication.
    Nothing,
    /// The client sent a password (cleartext or MD5); nothing proves the server knew it.
    PasswordSent,
    /// A SCRAM exchange started but the server signature was not verified.
    SaslStarted,
    /// SCRAM completed and the server proved it knows the password.
    ScramVerified {
        /// The proof, from [`ScramSha256::finish`](super::ScramSha256::finish).
        proof: ServerVerified,
        /// Whether the exchange was SCRAM-SHA-256-PLUS
        /// ([`ScramSha256::channel_bound`](super::ScramSha256::channel_bound)).
        channel_bound: bool,
    },
}

/// The client's authentication policy: `require_auth` and `channel_binding` together.
///
/// The connection calls [`check_request`](Self::check_request) before answering each
/// authentication request and [`check_ok`](Self::check_ok) on AuthenticationOk.
///
/// ```
/// use pgline::auth::{AuthPolicy, AuthProgress, AuthRequest, ChannelBindingMode};
/// let policy = AuthPolicy {
///     require_auth: "scram-sha-256".parse()?,
///     channel_binding: ChannelBindingMode::Prefer,
/// };
/// assert!(policy.check_request(AuthRequest::Md5).is_err());
/// assert!(policy.check_request(AuthRequest::Sasl).is_ok());
/// assert!(policy.check_ok(&AuthProgress::Nothing).is_err());
/// # Ok::<(), pgline::auth::AuthConfigError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthPolicy {
    /// `require_auth`.
    pub require_auth: RequireAuth,
    /// `channel_binding`.
    pub channel_binding: ChannelBindingMode,
}

impl AuthPolicy {
    /// Checks an authentication request before the client answers it: `require_auth` first, then
    /// `channel_binding=require`, which only answers SASL so no password leaks to a server that
    /// cannot prove the channel.
    pub fn check_request(&self, request: AuthRequest) -> Result<(), AuthError> {
        if !self.require_auth.allows(request) {
            return Err(AuthError::RequestRefused {
                request,
                require_auth: self.require_auth.text.clone(),
            });
        }
        if self.channel_binding == ChannelBindingMode::Require
            && !matches!(
                request,
                AuthRequest::Sasl | AuthRequest::SaslContinue | AuthRequest::SaslFinal
            )
        {
            return Err(AuthError::ChannelBindingRefused { request });
        }
        Ok(())
    }

    /// Checks AuthenticationOk against what the client completed.
    ///
    /// A started but unverified SCRAM exchange is always refused (stricter than libpq, which lets
    /// it through when `require_auth` is unset). Otherwise, as libpq: `require_auth` without
    /// `none` refuses an Ok with no completed exchange, and `channel_binding=require` refuses an
    /// Ok without a bound SCRAM exchange.
    pub fn check_ok(&self, progress: &AuthProgress) -> Result<(), AuthError> {
        let channel_bound = match progress {
            AuthProgress::SaslStarted => return Err(AuthError::ScramIncomplete),
            AuthProgress::Nothing => {
                if self.require_auth.auth_required {
                    return Err(AuthError::AuthenticationNotCompleted {
                        require_auth: self.require_auth.text.clone(),
                    });
                }
                false
            }
            AuthProgress::PasswordSent => false,
            AuthProgress::ScramVerified {
                proof: _,
                channel_bound,
            } => *channel_bound,
        };
        if self.channel_binding == ChannelBindingMode::Require && !channel_bound {
            return Err(AuthError::ChannelBindingNotUsed);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AuthRequest::*;

    const ALL_REQUESTS: [AuthRequest; 10] = [
        KerberosV5,
        Cleartext,
        Md5,
        Gss,
        GssContinue,
        Sspi,
        Sasl,
        SaslContinue,
        SaslFinal,
        Other { code: 42 },
    ];

    fn parse(text: &str) -> RequireAuth {
        RequireAuth::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    /// The requests a setting allows, in `ALL_REQUESTS` order.
    fn allowed(text: &str) -> Vec<AuthRequest> {
        let parsed = parse(text);
        ALL_REQUESTS
            .into_iter()
            .filter(|r| parsed.allows(*r))
            .collect()
    }

    #[test]
    fn require_auth_parse_allowed_table() {
        #[rustfmt::skip]
        let table: &[(&str, &[AuthRequest], bool)] = &[
            // setting,                  requests allowed,                               auth required
            ("",                         &ALL_REQUESTS,                                  false),
            ("password",                 &[Cleartext],                                   true),
            ("md5",                      &[Md5],                                         true),
            ("gss",                      &[Gss, GssContinue],                            true),
            ("sspi",                     &[GssContinue, Sspi],                           true),
            ("scram-sha-256",            &[Sasl, SaslContinue, SaslFinal],               true),
            ("none",                     &[],                                            false),
            ("scram-sha-256,none",       &[Sasl, SaslContinue, SaslFinal],               false),
            ("md5,password",             &[Cleartext, Md5],                              true),
            ("gss,sspi",                 &[Gss, GssContinue, Sspi],                      true),
            ("!password",                &[Md5, Gss, GssContinue, Sspi, Sasl, SaslContinue, SaslFinal], false),
            ("!password,!md5",           &[Gss, GssContinue, Sspi, Sasl, SaslContinue, SaslFinal], false),
            ("!none",                    &[Cleartext, Md5, Gss, GssContinue, Sspi, Sasl, SaslContinue, SaslFinal], true),
            ("!gss",                     &[Cleartext, Md5, Sspi, Sasl, SaslContinue, SaslFinal], false),
            ("!gss,!sspi",               &[Cleartext, Md5, Sasl, SaslContinue, SaslFinal], false),
            ("!scram-sha-256,!none",     &[Cleartext, Md5, Gss, GssContinue, Sspi],      true),
        ];
        for (text, expected, required) in table {
            assert_eq!(allowed(text), *expected, "{text:?}");
            assert_eq!(parse(text).auth_required(), *required, "{text:?}");
            assert_eq!(parse(text).as_str(), *text);
        }
    }

    #[test]
    fn require_auth_parse_errors() {
        use AuthConfigError::*;
        let unknown = |m: &str| UnknownRequireAuthMethod { method: m.into() };
        let duplicate = |m: &str| DuplicateRequireAuthMethod { method: m.into() };
        #[rustfmt::skip]
        let table: &[(&str, AuthConfigError)] = &[
            ("scram",                    unknown("scram")),
            ("SCRAM-SHA-256",            unknown("SCRAM-SHA-256")),
            ("oauth",                    unknown("oauth")),
            ("password, md5",            unknown(" md5")),
            ("password,",                unknown("")),
            (",password",                unknown("")),
            ("!",                        unknown("")),
            ("!trust",                   unknown("trust")),
            ("password,!md5",            MixedNegation { method: "!md5".into(), negated: true }),
            ("!password,md5",            MixedNegation { method: "md5".into(), negated: false }),
            ("md5,md5",                  duplicate("md5")),
            ("!md5,!md5",                duplicate("!md5")),
            ("none,none",                duplicate("none")),
            ("!none,!none",              duplicate("!none")),
            ("gss,gss",                  duplicate("gss")),
        ];
        for (text, expected) in table {
            assert_eq!(&RequireAuth::parse(text).unwrap_err(), expected, "{text:?}");
        }
    }

    #[test]
    fn require_auth_parse_error_messages_match_libpq() {
        let message = |text: &str| RequireAuth::parse(text).unwrap_err().to_string();
        assert_eq!(message("bogus"), "invalid require_auth value: \"bogus\"");
        assert_eq!(
            message("password,!md5"),
            "negative require_auth method \"!md5\" cannot be mixed with non-negative methods"
        );
        assert_eq!(
            message("!password,md5"),
            "require_auth method \"md5\" cannot be mixed with negative methods"
        );
        assert_eq!(
            message("md5,md5"),
            "require_auth method \"md5\" is specified more than once"
        );
    }

    fn policy(require_auth: &str, channel_binding: ChannelBindingMode) -> AuthPolicy {
        AuthPolicy {
            require_auth: parse(require_auth),
            channel_binding,
        }
    }

    fn verified(channel_bound: bool) -> AuthProgress {
        AuthProgress::ScramVerified {
            proof: ServerVerified::new(),
            channel_bound,
        }
    }

    #[test]
    fn check_request_table() {
        use ChannelBindingMode::{Prefer, Require};
        let refused = |request, require_auth: &str| {
            Err(AuthError::RequestRefused {
                request,
                require_auth: require_auth.into(),
            })
        };
        #[rustfmt::skip]
        let table: Vec<(&str, ChannelBindingMode, AuthRequest, Result<(), AuthError>)> = vec![
            ("",                   Prefer,  Cleartext, Ok(())),
            ("",                   Prefer,  Md5,       Ok(())),
            ("",                   Prefer,  Gss,       Ok(())),
            ("",                   Prefer,  Other { code: 42 }, Ok(())),
            ("scram-sha-256",      Prefer,  Md5,       refused(Md5, "scram-sha-256")),
            ("scram-sha-256",      Prefer,  Cleartext, refused(Cleartext, "scram-sha-256")),
            ("scram-sha-256",      Prefer,  Sasl,      Ok(())),
            ("scram-sha-256",      Prefer,  SaslFinal, Ok(())),
            ("scram-sha-256",      Prefer,  Gss,       refused(Gss, "scram-sha-256")),
            ("scram-sha-256",      Prefer,  KerberosV5, refused(KerberosV5, "scram-sha-256")),
            ("scram-sha-256",      Prefer,  Other { code: 42 }, refused(Other { code: 42 }, "scram-sha-256")),
            ("password",           Prefer,  Cleartext, Ok(())),
            ("password",           Prefer,  Sasl,      refused(Sasl, "password")),
            ("!password",          Prefer,  Cleartext, refused(Cleartext, "!password")),
            ("!password",          Prefer,  Md5,       Ok(())),
            ("!password",          Prefer,  Sasl,      Ok(())),
            ("!password",          Prefer,  Gss,       Ok(())),
            ("!md5",               Prefer,  Md5,       refused(Md5, "!md5")),
            ("md5",                Prefer,  Md5,       Ok(())),
            ("sspi",               Prefer,  GssContinue, Ok(())),
            ("none",               Prefer,  Sasl,      refused(Sasl, "none")),
            ("",                   Require, Sasl,      Ok(())),
            ("",                   Require, SaslContinue, Ok(())),
            ("",                   Require, Cleartext, Err(AuthError::ChannelBindingRefused { request: Cleartext })),
            ("",                   Require, Md5,       Err(AuthError::ChannelBindingRefused { request: Md5 })),
            ("",                   Require, Gss,       Err(AuthError::ChannelBindingRefused { request: Gss })),
            // require_auth is checked first, as in libpq.
            ("scram-sha-256",      Require, Md5,       refused(Md5, "scram-sha-256")),
        ];
        for (require_auth, channel_binding, request, expected) in table {
            assert_eq!(
                policy(require_auth, channel_binding).check_request(request),
                expected,
                "{require_auth:?} {channel_binding} {request:?}"
            );
        }
    }

    #[test]
    fn check_ok_table() {
        use ChannelBindingMode::{Prefer, Require};
        let not_completed = |r: &str| {
            Err(AuthError::AuthenticationNotCompleted {
                require_auth: r.into(),
            })
        };
        #[rustfmt::skip]
        let table: Vec<(&str, ChannelBindingMode, AuthProgress, Result<(), AuthError>)> = vec![
            ("",                   Prefer,  AuthProgress::Nothing,      Ok(())),
            ("",                   Prefer,  AuthProgress::PasswordSent, Ok(())),
            ("",                   Prefer,  AuthProgress::SaslStarted,  Err(AuthError::ScramIncomplete)),
            ("",                   Prefer,  verified(false),            Ok(())),
            ("scram-sha-256",      Prefer,  AuthProgress::Nothing,      not_completed("scram-sha-256")),
            ("scram-sha-256",      Prefer,  AuthProgress::SaslStarted,  Err(AuthError::ScramIncomplete)),
            ("scram-sha-256",      Prefer,  verified(false),            Ok(())),
            ("scram-sha-256,none", Prefer,  AuthProgress::Nothing,      Ok(())),
            // Stricter than libpq: `none` does not excuse a half-done SCRAM exchange.
            ("scram-sha-256,none", Prefer,  AuthProgress::SaslStarted,  Err(AuthError::ScramIncomplete)),
            ("password",           Prefer,  AuthProgress::Nothing,      not_completed("password")),
            ("password",           Prefer,  AuthProgress::PasswordSent, Ok(())),
            ("none",               Prefer,  AuthProgress::Nothing,      Ok(())),
            ("!password",          Prefer,  AuthProgress::Nothing,      Ok(())),
            ("!none",              Prefer,  AuthProgress::Nothing,      not_completed("!none")),
            ("!none",              Prefer,  AuthProgress::PasswordSent, Ok(())),
            ("",                   Require, AuthProgress::Nothing,      Err(AuthError::ChannelBindingNotUsed)),
            ("",                   Require, AuthProgress::PasswordSent, Err(AuthError::ChannelBindingNotUsed)),
            ("",                   Require, verified(false),            Err(AuthError::ChannelBindingNotUsed)),
            ("",                   Require, verified(true),             Ok(())),
            ("",                   Require, AuthProgress::SaslStarted,  Err(AuthError::ScramIncomplete)),
            ("scram-sha-256",      Require, AuthProgress::Nothing,      not_completed("scram-sha-256")),
        ];
        for (require_auth, channel_binding, progress, expected) in table {
            assert_eq!(
                policy(require_auth, channel_binding).check_ok(&progress),
                expected,
                "{require_auth:?} {channel_binding} {progress:?}"
            );
        }
    }

    #[test]
    fn refusal_messages_match_libpq() {
        let err = policy("scram-sha-256", ChannelBindingMode::Prefer)
            .check_request(Md5)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "authentication method requirement \"scram-sha-256\" failed: server requested a hashed password"
        );
        let err = policy("password", ChannelBindingMode::Prefer)
            .check_ok(&AuthProgress::Nothing)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "authentication method requirement \"password\" failed: server did not complete authentication"
        );
    }

    #[test]
    fn gss_sspi_kerberos_unknown_are_unsupported() {
        let unsupported = |method| Err(AuthError::Unsupported { method });
        assert_eq!(Gss.check_supported(), unsupported(UnsupportedMethod::Gss));
        assert_eq!(
            GssContinue.check_supported(),
            unsupported(UnsupportedMethod::Gss)
        );
        assert_eq!(Sspi.check_supported(), unsupported(UnsupportedMethod::Sspi));
        assert_eq!(
            KerberosV5.check_supported(),
            unsupported(UnsupportedMethod::KerberosV5)
        );
        assert_eq!(
            Other { code: 4 }.check_supported(),
            unsupported(UnsupportedMethod::Unknown { code: 4 })
        );
        for ok in [Cleartext, Md5, Sasl, SaslContinue, SaslFinal] {
            assert_eq!(ok.check_supported(), Ok(()), "{ok:?}");
        }
        assert_eq!(
            AuthError::Unsupported {
                method: UnsupportedMethod::Sspi
            }
            .to_string(),
            "authentication method SSPI is not supported by pgline"
        );
    }

    #[test]
    fn request_codes_round_trip() {
        for request in ALL_REQUESTS {
            assert_eq!(AuthRequest::from_code(request.code()), request);
        }
        assert_eq!(AuthRequest::from_code(0), Other { code: 0 });
    }
}
