//! Parsing of the two SCRAM server messages, strictly in the order PostgreSQL sends them
//! (RFC 5802 section 7 grammar, libpq's `read_server_*_message` strictness).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::auth::error::{AuthError, ScramMessage, ScramServerError};

/// The longest server nonce accepted (client nonce included). PostgreSQL sends 48 characters.
pub(crate) const MAX_NONCE_LEN: usize = 1024;
/// The longest salt accepted, decoded. PostgreSQL makes 16-byte salts; imported secrets may
/// carry others, none sensibly longer than this.
pub(crate) const MAX_SALT_LEN: usize = 1024;
/// The base64 length of [`MAX_SALT_LEN`] bytes, checked before decoding.
const MAX_SALT_B64_LEN: usize = MAX_SALT_LEN.div_ceil(3) * 4;
/// A SHA-256 server signature is 44 base64 characters; allow some slack before decoding.
const MAX_SIGNATURE_B64_LEN: usize = 88;

/// A parsed server-first-message.
#[derive(Debug)]
pub(crate) struct ServerFirst<'a> {
    /// The combined nonce: client nonce followed by the server's part.
    pub nonce: &'a [u8],
    pub salt: Vec<u8>,
    pub iterations: u32,
}

/// A parsed server-final-message.
#[derive(Debug)]
pub(crate) enum ServerFinal {
    /// `v=`: the server signature, decoded.
    Verifier([u8; 32]),
    /// `e=`: the server refused.
    Error(ScramServerError),
}

/// Reads `attr=value` pairs separated by commas.
struct Attributes<'a> {
    message: ScramMessage,
    rest: &'a [u8],
    /// The last value ended at a comma, so another attribute must follow.
    more: bool,
}

impl<'a> Attributes<'a> {
    fn new(message: ScramMessage, input: &'a [u8]) -> Self {
        Attributes {
            message,
            rest: input,
            more: true,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The value of the next attribute, which must be `expected`.
    fn expect(&mut self, expected: u8) -> Result<&'a [u8], AuthError> {
        let message = self.message;
        let expected_char = char::from(expected);
        match self.rest {
            [] => Err(AuthError::MissingAttribute {
                message,
                expected: expected_char,
            }),
            [found, ..] if *found != expected => Err(AuthError::UnexpectedAttribute {
                message,
                expected: expected_char,
                found: *found,
            }),
            [_, b'=', tail @ ..] => {
                let (value, rest, more) = match memchr::memchr(b',', tail) {
                    Some(comma) => (&tail[..comma], &tail[comma + 1..], true),
                    None => (tail, &tail[tail.len()..], false),
                };
                self.rest = rest;
                self.more = more;
                Ok(value)
            }
            _ => Err(AuthError::MissingEquals {
                message,
                attribute: expected_char,
            }),
        }
    }

    /// Nothing may follow the last attribute, not even a lone comma.
    fn finish(self) -> Result<(), AuthError> {
        if self.more || !self.rest.is_empty() {
            return Err(AuthError::TrailingData {
                message: self.message,
            });
        }
        Ok(())
    }
}

/// `r=<nonce>,s=<salt>,i=<iterations>`. The nonce is checked for printable characters here and
/// against the client nonce by the caller.
pub(crate) fn parse_server_first(
    input: &[u8],
    max_iterations: u32,
) -> Result<ServerFirst<'_>, AuthError> {
    const MESSAGE: ScramMessage = ScramMessage::ServerFirst;
    let mut attributes = Attributes::new(MESSAGE, input);

    let nonce = attributes.expect(b'r')?;
    if nonce.len() > MAX_NONCE_LEN {
        return Err(value_too_long('r', nonce.len(), MAX_NONCE_LEN));
    }
    // RFC 5802 `printable`: 0x21-0x7E except ','; the comma cannot occur here.
    if !nonce.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(AuthError::InvalidNonce);
    }

    let salt = attributes.expect(b's')?;
    if salt.is_empty() {
        return Err(AuthError::EmptySalt);
    }
    if salt.len() > MAX_SALT_B64_LEN {
        return Err(value_too_long('s', salt.len(), MAX_SALT_B64_LEN));
    }
    let salt = STANDARD
        .decode(salt)
        .map_err(|_| AuthError::InvalidBase64 {
            message: MESSAGE,
            attribute: 's',
        })?;
    if salt.is_empty() {
        return Err(AuthError::EmptySalt);
    }

    let iterations = parse_iterations(attributes.expect(b'i')?, max_iterations)?;
    attributes.finish()?;
    Ok(ServerFirst {
        nonce,
        salt,
        iterations,
    })
}

/// A positive decimal count, at most `max`. Leading zeros are tolerated (libpq's `strtol` does);
/// signs, spaces and anything else are not.
fn parse_iterations(value: &[u8], max: u32) -> Result<u32, AuthError> {
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(AuthError::InvalidIterationCount);
    }
    let count = value.iter().fold(0u64, |acc, digit| {
        acc.saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    });
    if count == 0 {
        return Err(AuthError::InvalidIterationCount);
    }
    match u32::try_from(count) {
        Ok(count) if count <= max => Ok(count),
        _ => Err(AuthError::IterationCountTooHigh {
            iterations: count,
            max,
        }),
    }
}

/// `v=<signature>` or `e=<error>`, nothing after.
pub(crate) fn parse_server_final(input: &[u8]) -> Result<ServerFinal, AuthError> {
    const MESSAGE: ScramMessage = ScramMessage::ServerFinal;
    let mut attributes = Attributes::new(MESSAGE, input);
    if attributes.peek() == Some(b'e') {
        let error = attributes.expect(b'e')?;
        // The error ends the exchange whatever follows; report it rather than the garbage.
        return Ok(ServerFinal::Error(ScramServerError::from_value(error)));
    }
    let signature = attributes.expect(b'v')?;
    if signature.len() > MAX_SIGNATURE_B64_LEN {
        return Err(AuthError::ValueTooLong {
            message: MESSAGE,
            attribute: 'v',
            len: signature.len(),
            max: MAX_SIGNATURE_B64_LEN,
        });
    }
    let signature = STANDARD
        .decode(signature)
        .map_err(|_| AuthError::InvalidBase64 {
            message: MESSAGE,
            attribute: 'v',
        })?;
    attributes.finish()?;
    let signature: [u8; 32] =
        signature
            .as_slice()
            .try_into()
            .map_err(|_| AuthError::InvalidServerSignatureLength {
                len: signature.len(),
            })?;
    Ok(ServerFinal::Verifier(signature))
}

fn value_too_long(attribute: char, len: usize, max: usize) -> AuthError {
    AuthError::ValueTooLong {
        message: ScramMessage::ServerFirst,
        attribute,
        len,
        max,
    }
}
