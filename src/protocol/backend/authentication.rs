//! Authentication (tag `'R'`): every AuthenticationXxx request, told apart by an `Int32` code.
//! Parses the request only; answering it (SCRAM, MD5) is the auth layer's job.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-AUTHENTICATIONOK>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::Authentication;

const OK: i32 = 0;
const KERBEROS_V5: i32 = 2;
const CLEARTEXT_PASSWORD: i32 = 3;
const MD5_PASSWORD: i32 = 5;
const GSS: i32 = 7;
const GSS_CONTINUE: i32 = 8;
const SSPI: i32 = 9;
const SASL: i32 = 10;
const SASL_CONTINUE: i32 = 11;
const SASL_FINAL: i32 = 12;

/// A parsed authentication request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Authentication {
    /// AuthenticationOk (0).
    Ok,
    /// AuthenticationKerberosV5 (2).
    KerberosV5,
    /// AuthenticationCleartextPassword (3).
    CleartextPassword,
    /// AuthenticationMD5Password (5), with the salt to hash with.
    Md5Password {
        /// The 4-byte salt.
        salt: [u8; 4],
    },
    /// AuthenticationGSS (7).
    Gss,
    /// AuthenticationGSSContinue (8), with GSSAPI or SSPI data.
    GssContinue(Bytes),
    /// AuthenticationSSPI (9).
    Sspi,
    /// AuthenticationSASL (10), with the mechanisms the server offers.
    Sasl(SaslMechanisms),
    /// AuthenticationSASLContinue (11), with the server's SASL challenge.
    SaslContinue(Bytes),
    /// AuthenticationSASLFinal (12), with the server's final SASL message.
    SaslFinal(Bytes),
}

impl Authentication {
    /// Parses an Authentication body; an unknown code is [`crate::protocol::Problem::Invalid`].
    pub fn parse(body: Bytes) -> Result<Authentication, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let code = r.i32("authentication code")?;
        let auth = match code {
            OK => Authentication::Ok,
            KERBEROS_V5 => Authentication::KerberosV5,
            CLEARTEXT_PASSWORD => Authentication::CleartextPassword,
            MD5_PASSWORD => {
                let salt = r.bytes(4, "salt")?;
                Authentication::Md5Password {
                    salt: [salt[0], salt[1], salt[2], salt[3]],
                }
            }
            GSS => Authentication::Gss,
            SSPI => Authentication::Sspi,
            GSS_CONTINUE | SASL_CONTINUE | SASL_FINAL => {
                let data = body.slice(r.pos()..);
                r.rest();
                match code {
                    GSS_CONTINUE => Authentication::GssContinue(data),
                    SASL_CONTINUE => Authentication::SaslContinue(data),
                    _ => Authentication::SaslFinal(data),
                }
            }
            SASL => {
                let start = r.pos();
                while !r.cstr("mechanism")?.is_empty() {}
                Authentication::Sasl(SaslMechanisms {
                    list: body.slice(start..r.pos()),
                })
            }
            code => {
                return Err(ProtocolError::invalid(
                    KIND,
                    "authentication code",
                    code.into(),
                ));
            }
        };
        r.finish()?;
        Ok(auth)
    }
}

/// The mechanism names of an AuthenticationSASL request, e.g. `SCRAM-SHA-256-PLUS`,
/// `SCRAM-SHA-256`, in the server's order of preference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaslMechanisms {
    // The names, each NUL-terminated, then the empty name; validated by `parse`.
    list: Bytes,
}

impl SaslMechanisms {
    /// The mechanism names.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.list
            .split(|&b| b == 0)
            .take_while(|name| !name.is_empty())
            // `parse` validated every name as UTF-8; a failure here cannot happen.
            .filter_map(|name| std::str::from_utf8(name).ok())
    }

    /// Whether the server offers `mechanism`.
    pub fn contains(&self, mechanism: &str) -> bool {
        self.iter().any(|m| m == mechanism)
    }
}

fn request(code: i32, buf: &mut BytesMut) {
    buf.extend_from_slice(&[b'R', 0, 0, 0, 8]);
    buf.extend_from_slice(&code.to_be_bytes());
}

fn request_with_data(code: i32, data: &[u8], buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'R'), KIND, |buf| {
        buf.extend_from_slice(&code.to_be_bytes());
        buf.extend_from_slice(data);
        Ok(())
    })
}

/// Appends AuthenticationOk.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::authentication_ok(&mut buf);
/// assert_eq!(&buf[..], b"R\0\0\0\x08\0\0\0\0");
/// ```
pub fn authentication_ok(buf: &mut BytesMut) {
    request(OK, buf);
}

/// Appends AuthenticationKerberosV5.
pub fn authentication_kerberos_v5(buf: &mut BytesMut) {
    request(KERBEROS_V5, buf);
}

/// Appends AuthenticationCleartextPassword.
pub fn authentication_cleartext_password(buf: &mut BytesMut) {
    request(CLEARTEXT_PASSWORD, buf);
}

/// Appends AuthenticationMD5Password with `salt`.
pub fn authentication_md5_password(salt: [u8; 4], buf: &mut BytesMut) {
    buf.extend_from_slice(&[b'R', 0, 0, 0, 12]);
    buf.extend_from_slice(&MD5_PASSWORD.to_be_bytes());
    buf.extend_from_slice(&salt);
}

/// Appends AuthenticationGSS.
pub fn authentication_gss(buf: &mut BytesMut) {
    request(GSS, buf);
}

/// Appends AuthenticationSSPI.
pub fn authentication_sspi(buf: &mut BytesMut) {
    request(SSPI, buf);
}

/// Appends AuthenticationGSSContinue with `data`.
pub fn authentication_gss_continue(data: &[u8], buf: &mut BytesMut) -> Result<(), EncodeError> {
    request_with_data(GSS_CONTINUE, data, buf)
}

/// Appends AuthenticationSASL offering `mechanisms` (non-empty names without NULs).
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::authentication_sasl(["SCRAM-SHA-256"], &mut buf).unwrap();
/// assert_eq!(&buf[..], b"R\0\0\0\x17\0\0\0\x0aSCRAM-SHA-256\0\0");
/// ```
pub fn authentication_sasl<'a, I>(mechanisms: I, buf: &mut BytesMut) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = &'a str>,
{
    encode(buf, Some(b'R'), KIND, |buf| {
        buf.extend_from_slice(&SASL.to_be_bytes());
        for mechanism in mechanisms {
            if mechanism.is_empty() {
                return Err(EncodeError::Empty {
                    message: KIND,
                    field: "mechanism",
                });
            }
            put_cstr(buf, mechanism.as_bytes(), KIND, "mechanism")?;
        }
        buf.extend_from_slice(&[0]);
        Ok(())
    })
}

/// Appends AuthenticationSASLContinue with the server's challenge `data`.
pub fn authentication_sasl_continue(data: &[u8], buf: &mut BytesMut) -> Result<(), EncodeError> {
    request_with_data(SASL_CONTINUE, data, buf)
}

/// Appends AuthenticationSASLFinal with the server's final message `data`.
pub fn authentication_sasl_final(data: &[u8], buf: &mut BytesMut) -> Result<(), EncodeError> {
    request_with_data(SASL_FINAL, data, buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Problem;

    #[test]
    fn authentication_sasl_lists_mechanisms_in_order() {
        let auth = Authentication::parse(Bytes::from_static(b"\0\0\0\x0aA\0B-PLUS\0\0")).unwrap();
        let Authentication::Sasl(mechs) = auth else {
            panic!("not SASL: {auth:?}")
        };
        assert_eq!(mechs.iter().collect::<Vec<_>>(), ["A", "B-PLUS"]);
        assert!(mechs.contains("B-PLUS"));
        assert!(!mechs.contains("B"));
    }

    #[test]
    fn authentication_sasl_without_list_terminator_is_malformed() {
        assert_eq!(
            Authentication::parse(Bytes::from_static(b"\0\0\0\x0aA\0")),
            Err(ProtocolError::malformed(
                KIND,
                "mechanism",
                Problem::MissingTerminator
            ))
        );
    }

    #[test]
    fn authentication_md5_short_salt_is_truncated() {
        assert_eq!(
            Authentication::parse(Bytes::from_static(b"\0\0\0\x05\x01\x02")),
            Err(ProtocolError::truncated(KIND, "salt"))
        );
    }

    #[test]
    fn authentication_ok_with_extra_bytes_is_trailing_data() {
        assert_eq!(
            Authentication::parse(Bytes::from_static(b"\0\0\0\0\0")),
            Err(ProtocolError::TrailingData {
                message: KIND,
                len: 1
            })
        );
    }

    #[test]
    fn authentication_unknown_code_is_invalid() {
        assert_eq!(
            Authentication::parse(Bytes::from_static(b"\0\0\0\x06")),
            Err(ProtocolError::invalid(KIND, "authentication code", 6))
        );
    }

    #[test]
    fn authentication_sasl_final_keeps_data() {
        let mut buf = BytesMut::new();
        authentication_sasl_final(b"v=abc", &mut buf).unwrap();
        let auth = Authentication::parse(buf.freeze().slice(5..)).unwrap();
        assert_eq!(
            auth,
            Authentication::SaslFinal(Bytes::from_static(b"v=abc"))
        );
    }
}
