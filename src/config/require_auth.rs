//! `require_auth` (libpq 16): which authentication requests the client accepts.
//!
//! Only parsed and validated here, by libpq's rules; enforcing it is the auth layer's job.
//! See <https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNECT-REQUIRE-AUTH>.

use std::fmt;

use super::error::{ConfigError, Origin, RequireAuthProblem};

/// One method named in a `require_auth` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequireAuthMethod {
    /// `password`: cleartext password.
    Password,
    /// `md5`.
    Md5,
    /// `gss`: Kerberos through GSSAPI (or a GSS-encrypted channel).
    Gss,
    /// `sspi`: Windows SSPI.
    Sspi,
    /// `scram-sha-256` (with or without channel binding).
    ScramSha256,
    /// `oauth` (libpq 18): an OAuth bearer token.
    Oauth,
    /// `none`: no authentication exchange at all (trust, or a client certificate alone).
    None,
}

impl RequireAuthMethod {
    /// The method as written in `require_auth`.
    pub fn as_str(self) -> &'static str {
        match self {
            RequireAuthMethod::Password => "password",
            RequireAuthMethod::Md5 => "md5",
            RequireAuthMethod::Gss => "gss",
            RequireAuthMethod::Sspi => "sspi",
            RequireAuthMethod::ScramSha256 => "scram-sha-256",
            RequireAuthMethod::Oauth => "oauth",
            RequireAuthMethod::None => "none",
        }
    }

    fn from_keyword(text: &str) -> Option<RequireAuthMethod> {
        Some(match text {
            "password" => RequireAuthMethod::Password,
            "md5" => RequireAuthMethod::Md5,
            "gss" => RequireAuthMethod::Gss,
            "sspi" => RequireAuthMethod::Sspi,
            "scram-sha-256" => RequireAuthMethod::ScramSha256,
            "oauth" => RequireAuthMethod::Oauth,
            "none" => RequireAuthMethod::None,
            _ => return None,
        })
    }
}

/// A validated, non-empty `require_auth` list: either all methods allowed, or all forbidden.
///
/// ```
/// use pgline::config::{RequireAuthList, RequireAuthMethod};
/// let list = RequireAuthList::parse("!password,!md5")?.expect("a non-empty list");
/// assert!(list.negated());
/// assert_eq!(list.methods(), &[RequireAuthMethod::Password, RequireAuthMethod::Md5]);
/// assert_eq!(list.to_string(), "!password,!md5");
/// # Ok::<(), pgline::config::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RequireAuthList {
    negated: bool,
    methods: Vec<RequireAuthMethod>,
}

impl RequireAuthList {
    /// Parses a list as libpq does: comma-separated, no blanks trimmed, `!` on every item or
    /// none, no method twice. An empty string means "no requirement" and gives `Ok(None)`.
    pub fn parse(text: &str) -> Result<Option<RequireAuthList>, ConfigError> {
        RequireAuthList::parse_from(text, Origin::ConnectionString)
    }

    pub(crate) fn parse_from(
        text: &str,
        origin: Origin,
    ) -> Result<Option<RequireAuthList>, ConfigError> {
        if text.is_empty() {
            return Ok(None);
        }
        let mut negated = false;
        let mut methods: Vec<RequireAuthMethod> = Vec::new();
        let fail = |item: &str, problem| ConfigError::InvalidRequireAuth {
            method: item.to_owned(),
            problem,
            origin,
        };
        for (index, item) in text.split(',').enumerate() {
            let name = match item.strip_prefix('!') {
                Some(rest) => {
                    if index == 0 {
                        negated = true;
                    } else if !negated {
                        return Err(fail(item, RequireAuthProblem::NegatedAfterPlain));
                    }
                    rest
                }
                None if negated => return Err(fail(item, RequireAuthProblem::PlainAfterNegated)),
                None => item,
            };
            let method = RequireAuthMethod::from_keyword(name)
                .ok_or_else(|| fail(name, RequireAuthProblem::UnknownMethod))?;
            if methods.contains(&method) {
                return Err(fail(item, RequireAuthProblem::Duplicate));
            }
            methods.push(method);
        }
        Ok(Some(RequireAuthList { negated, methods }))
    }

    /// True when every method was written with `!`: the listed methods are forbidden.
    pub fn negated(&self) -> bool {
        self.negated
    }

    /// The methods in the order written, without their `!`.
    pub fn methods(&self) -> &[RequireAuthMethod] {
        &self.methods
    }
}

impl fmt::Display for RequireAuthList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, method) in self.methods.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            if self.negated {
                f.write_str("!")?;
            }
            f.write_str(method.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> Option<(String, RequireAuthProblem)> {
        match RequireAuthList::parse(text) {
            Err(ConfigError::InvalidRequireAuth {
                method, problem, ..
            }) => Some((method, problem)),
            Err(other) => panic!("unexpected error {other:?}"),
            Ok(_) => None,
        }
    }

    #[test]
    fn require_auth_lists_follow_libpq_rules() {
        use RequireAuthProblem::*;
        let ok = [
            "password",
            "scram-sha-256",
            "md5,password",
            "!md5,!password",
            "none",
            "!none",
            "scram-sha-256,none",
            "oauth",
            "gss,sspi",
            "!gss,!sspi",
        ];
        for text in ok {
            let list = RequireAuthList::parse(text).unwrap().unwrap();
            assert_eq!(list.to_string(), text);
        }
        assert_eq!(RequireAuthList::parse("").unwrap(), None);
        for (text, bad, why) in [
            ("md5,!password", "!password", NegatedAfterPlain),
            ("!md5,password", "password", PlainAfterNegated),
            ("md5,md5", "md5", Duplicate),
            ("!none,!none", "!none", Duplicate),
            ("kerberos", "kerberos", UnknownMethod),
            ("md5, password", " password", UnknownMethod),
            ("MD5", "MD5", UnknownMethod),
            ("md5,", "", UnknownMethod),
            ("!", "", UnknownMethod),
        ] {
            assert_eq!(problem(text), Some((bad.to_owned(), why)), "{text:?}");
        }
    }
}
