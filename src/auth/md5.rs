//! The MD5 password answer (AuthenticationMD5Password). Cleartext (AuthenticationCleartextPassword)
//! needs no computation: the PasswordMessage carries the password bytes as they are.
//! <https://www.postgresql.org/docs/current/auth-password.html>

use md5::{Digest, Md5};

/// The PasswordMessage answering AuthenticationMD5Password:
/// `"md5" + hex(md5(hex(md5(password + user)) + salt))`, lowercase hex.
///
/// ```
/// use pgline::auth::md5_hash;
/// let answer = md5_hash(b"pgline_md5", b"secret", [1, 2, 3, 4]);
/// assert_eq!(answer, "md5f8397154b286b2bf0e07ae7137c5c3ed");
/// ```
pub fn md5_hash(user: &[u8], password: &[u8], salt: [u8; 4]) -> String {
    let inner = hex32(
        &Md5::new()
            .chain_update(password)
            .chain_update(user)
            .finalize()
            .into(),
    );
    let outer: [u8; 16] = Md5::new()
        .chain_update(inner)
        .chain_update(salt)
        .finalize()
        .into();
    let mut answer = String::with_capacity(35);
    answer.push_str("md5");
    answer.push_str(std::str::from_utf8(&hex32(&outer)).expect("hex digits are ASCII"));
    answer
}

fn hex32(digest: &[u8; 16]) -> [u8; 32] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0; 32];
    for (pair, byte) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = DIGITS[usize::from(byte >> 4)];
        pair[1] = DIGITS[usize::from(byte & 0xf)];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_matches_postgres_stored_hash_and_python() {
        // PostgreSQL 15 stored `md50fc070f391da5e2cf2a2851385db3ba7` for role pgline_md5 with
        // password 'secret' (password_encryption=md5); the outer hash with salt 01 02 03 04 was
        // computed with python3 hashlib.
        assert_eq!(
            std::str::from_utf8(&hex32(
                &Md5::new()
                    .chain_update(b"secretpgline_md5")
                    .finalize()
                    .into()
            ))
            .unwrap(),
            "0fc070f391da5e2cf2a2851385db3ba7"
        );
        assert_eq!(
            md5_hash(b"pgline_md5", b"secret", [1, 2, 3, 4]),
            "md5f8397154b286b2bf0e07ae7137c5c3ed"
        );
    }

    #[test]
    fn md5_non_ascii_user_and_password_and_high_salt_bytes() {
        // python3: 'md5' + md5(md5('pässwörd'.encode() + 'usér'.encode()).hexdigest().encode()
        //                      + bytes([0xff, 0x00, 0x80, 0x7f])).hexdigest()
        assert_eq!(
            md5_hash(
                "usér".as_bytes(),
                "pässwörd".as_bytes(),
                [0xff, 0x00, 0x80, 0x7f]
            ),
            "md5250c3d75c9c491f1097d845e69a14a97"
        );
    }

    #[test]
    fn md5_salt_changes_answer() {
        assert_ne!(
            md5_hash(b"u", b"p", [0; 4]),
            md5_hash(b"u", b"p", [0, 0, 0, 1])
        );
        assert_eq!(md5_hash(b"u", b"p", [0; 4]).len(), 35);
    }
}
