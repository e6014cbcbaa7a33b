//! Password normalisation for SCRAM, as PostgreSQL does it: SASLprep (RFC 4013) when it applies,
//! the raw bytes when it does not.

use std::borrow::Cow;

/// Prepares a SCRAM password the way PostgreSQL (`pg_saslprep`) and libpq do.
///
/// The password is SASLprep'd (RFC 4013: non-ASCII spaces become spaces, "commonly mapped to
/// nothing" characters vanish, NFKC). When that is impossible the raw bytes are used unchanged, so
/// the result always matches the secret the server derived from the same password:
/// - the password is not valid UTF-8;
/// - SASLprep prohibits it (control or private-use characters, bad bidirectional text,
///   unassigned code points);
/// - mapping leaves nothing (PostgreSQL refuses an empty prepared password).
///
/// ```
/// use pgline::auth::saslprep_password;
/// assert_eq!(&*saslprep_password("pass\u{a0}word".as_bytes()), b"pass word");
/// assert_eq!(&*saslprep_password("bell\u{7}".as_bytes()), b"bell\x07");
/// ```
pub fn saslprep_password(password: &[u8]) -> Cow<'_, [u8]> {
    // PostgreSQL returns pure ASCII unchanged, control characters included; stringprep would
    // reject those, and the fallback below would give the same bytes, but say it plainly.
    if password.is_ascii() {
        return Cow::Borrowed(password);
    }
    let Ok(text) = std::str::from_utf8(password) else {
        return Cow::Borrowed(password);
    };
    match stringprep::saslprep(text) {
        Ok(prepared) if prepared.is_empty() => Cow::Borrowed(password),
        Ok(Cow::Borrowed(prepared)) => Cow::Borrowed(prepared.as_bytes()),
        Ok(Cow::Owned(prepared)) => Cow::Owned(prepared.into_bytes()),
        Err(_) => Cow::Borrowed(password),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prep(s: &str) -> Vec<u8> {
        saslprep_password(s.as_bytes()).into_owned()
    }

    #[test]
    fn saslprep_ascii_unchanged() {
        assert_eq!(prep("pencil"), b"pencil");
        assert_eq!(prep(""), b"");
    }

    #[test]
    fn saslprep_non_ascii_spaces_become_space() {
        // RFC 4013 table C.1.2: no-break space, ideographic space, em space.
        assert_eq!(prep("pass\u{a0}word"), b"pass word");
        assert_eq!(prep("a\u{3000}b"), b"a b");
        assert_eq!(prep("a\u{2003}b"), b"a b");
    }

    #[test]
    fn saslprep_rfc4013_examples() {
        // RFC 4013 section 3: soft hyphen mapped to nothing, NFKC of U+00AA and U+2168.
        assert_eq!(prep("I\u{ad}X"), b"IX");
        assert_eq!(prep("\u{aa}"), b"a");
        assert_eq!(prep("\u{2168}"), b"IX");
    }

    #[test]
    fn saslprep_prohibited_falls_back_to_raw_bytes() {
        // Private use (C.3), bidi violation (RFC 3454 section 6), control in a non-ASCII string.
        for raw in ["pass\u{e000}", "\u{627}1", "caf\u{e9}\u{7}"] {
            assert_eq!(prep(raw), raw.as_bytes(), "{raw:?}");
        }
    }

    #[test]
    fn saslprep_ascii_control_kept_raw() {
        assert_eq!(prep("bell\u{7}"), b"bell\x07");
    }

    #[test]
    fn saslprep_mapped_to_empty_falls_back_to_raw_bytes() {
        assert_eq!(prep("\u{ad}"), "\u{ad}".as_bytes());
    }

    #[test]
    fn saslprep_invalid_utf8_falls_back_to_raw_bytes() {
        let raw = b"caf\xe9";
        assert_eq!(&*saslprep_password(raw), raw);
    }
}
