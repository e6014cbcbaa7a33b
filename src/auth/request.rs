//! The authentication requests a server can send (the `Authentication*` messages other than
//! AuthenticationOk), named as the protocol does: what the policy checks and errors name.
//! Never decides whether to answer one (`require_auth.rs` does).

use std::fmt;

/// An authentication request from the server (an `Authentication*` message other than
/// AuthenticationOk), named as the protocol does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthRequest {
    /// AuthenticationKerberosV5 (code 2).
    KerberosV5,
    /// AuthenticationCleartextPassword (code 3).
    Cleartext,
    /// AuthenticationMD5Password (code 5).
    Md5,
    /// AuthenticationGSS (code 7).
    Gss,
    /// AuthenticationGSSContinue (code 8), shared by GSSAPI and SSPI.
    GssContinue,
    /// AuthenticationSSPI (code 9).
    Sspi,
    /// AuthenticationSASL (code 10).
    Sasl,
    /// AuthenticationSASLContinue (code 11).
    SaslContinue,
    /// AuthenticationSASLFinal (code 12).
    SaslFinal,
    /// Any other code.
    Other {
        /// The code the server sent.
        code: i32,
    },
}

impl AuthRequest {
    /// The request for an authentication code (the Int32 after the `R` message's length);
    /// 0 (AuthenticationOk) is not a request and maps to `Other { code: 0 }`.
    pub fn from_code(code: i32) -> Self {
        match code {
            2 => AuthRequest::KerberosV5,
            3 => AuthRequest::Cleartext,
            5 => AuthRequest::Md5,
            7 => AuthRequest::Gss,
            8 => AuthRequest::GssContinue,
            9 => AuthRequest::Sspi,
            10 => AuthRequest::Sasl,
            11 => AuthRequest::SaslContinue,
            12 => AuthRequest::SaslFinal,
            code => AuthRequest::Other { code },
        }
    }

    /// The protocol code.
    pub fn code(self) -> i32 {
        match self {
            AuthRequest::KerberosV5 => 2,
            AuthRequest::Cleartext => 3,
            AuthRequest::Md5 => 5,
            AuthRequest::Gss => 7,
            AuthRequest::GssContinue => 8,
            AuthRequest::Sspi => 9,
            AuthRequest::Sasl => 10,
            AuthRequest::SaslContinue => 11,
            AuthRequest::SaslFinal => 12,
            AuthRequest::Other { code } => code,
        }
    }

    /// libpq's wording for a refused request.
    pub(crate) fn description(self) -> String {
        match self {
            AuthRequest::Cleartext => "server requested a cleartext password".into(),
            AuthRequest::Md5 => "server requested a hashed password".into(),
            AuthRequest::Gss | AuthRequest::GssContinue => {
                "server requested GSSAPI authentication".into()
            }
            AuthRequest::Sspi => "server requested SSPI authentication".into(),
            AuthRequest::Sasl | AuthRequest::SaslContinue | AuthRequest::SaslFinal => {
                "server requested SASL authentication".into()
            }
            AuthRequest::KerberosV5 => "server requested Kerberos V5 authentication".into(),
            AuthRequest::Other { code } => format!("server requested authentication method {code}"),
        }
    }
}

impl fmt::Display for AuthRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description())
    }
}
