//! The password file (`~/.pgpass`, `passfile`, `PGPASSFILE`), read as libpq's
//! `passwordFromFile` reads it.
//!
//! Lines are `hostname:port:database:username:password`; `*` alone matches anything; `\` escapes
//! `:` and `\`; lines starting with `#` are comments; the first matching line wins. A file with
//! group or world access is ignored with a warning, as libpq does.
//! See <https://www.postgresql.org/docs/current/libpq-pgpass.html>.

use std::fmt;
use std::path::{Path, PathBuf};

use super::defaults::DEFAULT_SOCKET_DIRS;

/// Why a password file was skipped; libpq prints these as warnings and carries on without it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PassfileWarning {
    /// The path is not a regular file (a directory, a device, ...).
    NotAPlainFile {
        /// The password file.
        path: PathBuf,
    },
    /// The file is readable, writable or executable by group or others.
    GroupOrWorldAccess {
        /// The password file.
        path: PathBuf,
        /// Its permission bits (e.g. `0o644`).
        mode: u32,
    },
}

impl fmt::Display for PassfileWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PassfileWarning::NotAPlainFile { path } => write!(
                f,
                "password file \"{}\" is not a plain file",
                path.display()
            ),
            PassfileWarning::GroupOrWorldAccess { path, mode } => write!(
                f,
                "password file \"{}\" has group or world access (mode {:o}); permissions should be u=rw (0600) or less",
                path.display(),
                mode & 0o7777
            ),
        }
    }
}

/// File type bits of `st_mode`.
const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;

/// libpq's checks on an open password file, given its `st_mode` (type and permission bits).
///
/// ```
/// use pgline::config::{check_passfile_mode, PassfileWarning};
/// use std::path::Path;
/// assert!(check_passfile_mode(Path::new("/h/.pgpass"), 0o100600).is_ok());
/// assert!(matches!(
///     check_passfile_mode(Path::new("/h/.pgpass"), 0o100644),
///     Err(PassfileWarning::GroupOrWorldAccess { mode: 0o100644, .. })
/// ));
/// ```
pub fn check_passfile_mode(path: &Path, st_mode: u32) -> Result<(), PassfileWarning> {
    if st_mode & S_IFMT != S_IFREG {
        return Err(PassfileWarning::NotAPlainFile {
            path: path.to_owned(),
        });
    }
    if st_mode & 0o077 != 0 {
        return Err(PassfileWarning::GroupOrWorldAccess {
            path: path.to_owned(),
            mode: st_mode,
        });
    }
    Ok(())
}

/// Reads a password file as libpq does: `Ok(None)` when it cannot be opened (no error, as libpq),
/// `Err` when its type or permissions make libpq ignore it, else its contents.
///
/// Permissions are only checked on Unix (libpq does not check them on Windows either).
pub fn read_passfile(path: &Path) -> Result<Option<Vec<u8>>, PassfileWarning> {
    use std::io::Read;

    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(None);
    };
    let Ok(meta) = file.metadata() else {
        return Ok(None);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        check_passfile_mode(path, meta.mode())?;
    }
    #[cfg(not(unix))]
    if !meta.is_file() {
        return Err(PassfileWarning::NotAPlainFile {
            path: path.to_owned(),
        });
    }
    let mut contents = Vec::new();
    // libpq stops at a read error and uses the lines read so far; so do we.
    let _ = file.read_to_end(&mut contents);
    Ok(Some(contents))
}

/// Matches one field at the start of `line` against `token`; returns the rest of the line after
/// the field's `:` (libpq's `pwdfMatchesString`).
fn match_field<'a>(line: &'a [u8], token: &[u8]) -> Option<&'a [u8]> {
    if line.starts_with(b"*:") {
        return Some(&line[2..]);
    }
    let mut i = 0;
    let mut t = 0;
    loop {
        let mut escaped = false;
        let mut b = *line.get(i)?;
        if b == b'\\' {
            i += 1;
            escaped = true;
            b = *line.get(i)?;
        }
        if b == b':' && !escaped && t == token.len() {
            return Some(&line[i + 1..]);
        }
        if token.get(t) != Some(&b) {
            return None;
        }
        i += 1;
        t += 1;
    }
}

/// The password field with its escapes removed; it ends at the first unescaped `:`.
fn unescape_password(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while let Some(&b) = field.get(i) {
        if b == b':' {
            break;
        }
        match (b, field.get(i + 1)) {
            (b'\\', Some(&next)) => {
                out.push(next);
                i += 2;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// The host names a connection's host matches in a password file.
///
/// `host` is the target's `host` (or its `hostaddr` when `host` is empty). As libpq, an empty
/// host and the default Unix-socket directory match the name `localhost`; pgline treats both
/// directories it may pick as default (`/var/run/postgresql` and `/tmp`) that way.
pub(crate) fn passfile_host(host: &str) -> &str {
    if host.is_empty() || DEFAULT_SOCKET_DIRS.contains(&host) {
        "localhost"
    } else {
        host
    }
}

/// Finds the password for a connection in password-file contents: the first non-comment line
/// whose first four fields match (`*` matching anything). Pure: no file access.
///
/// `host` is the connection's `host` (or its `hostaddr` when `host` is empty); an empty host and
/// the default socket directories ([`DEFAULT_SOCKET_DIRS`]) match
/// `localhost`, as libpq. `port` is the decimal port (empty: 5432). Lines holding a NUL never
/// match.
///
/// ```
/// use pgline::config::passfile_lookup;
/// let file = b"# comment\ndb.example:*:app:alice:pa\\:ss\n*:*:*:*:fallback\n";
/// assert_eq!(passfile_lookup(file, "db.example", "5432", "app", "alice").as_deref(), Some(&b"pa:ss"[..]));
/// assert_eq!(passfile_lookup(file, "other", "5432", "app", "bob").as_deref(), Some(&b"fallback"[..]));
/// ```
pub fn passfile_lookup(
    contents: &[u8],
    host: &str,
    port: &str,
    dbname: &str,
    user: &str,
) -> Option<Vec<u8>> {
    if dbname.is_empty() || user.is_empty() {
        return None;
    }
    let host = passfile_host(host);
    let port = if port.is_empty() { "5432" } else { port };
    for raw_line in contents.split(|&b| b == b'\n') {
        if raw_line.first() == Some(&b'#') || raw_line.contains(&0) {
            continue;
        }
        let mut line = raw_line;
        while let [rest @ .., b'\r' | b'\n'] = line {
            line = rest;
        }
        if line.is_empty() {
            continue;
        }
        let found = match_field(line, host.as_bytes())
            .and_then(|rest| match_field(rest, port.as_bytes()))
            .and_then(|rest| match_field(rest, dbname.as_bytes()))
            .and_then(|rest| match_field(rest, user.as_bytes()));
        if let Some(password) = found {
            return Some(unescape_password(password));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(contents: &str, host: &str, port: &str, db: &str, user: &str) -> Option<String> {
        passfile_lookup(contents.as_bytes(), host, port, db, user)
            .map(|p| String::from_utf8(p).unwrap())
    }

    #[test]
    fn passfile_matching_table() {
        let file = "\
# a comment:*:*:*:nope
db.example:5432:app:alice:first
db.example:*:*:bob:bobs
\\*literal:5432:app:alice:star
h\\:colon:5432:app:alice:colon-host
back\\\\slash:5432:app:alice:backslash-host
localhost:5433:app:alice:local
*:*:*:carol:car\\:ol\\\\x:ignored
*:*:app:dave:
*:*:*:*:last-resort
";
        let cases: &[(&str, &str, &str, &str, Option<&str>)] = &[
            ("db.example", "5432", "app", "alice", Some("first")),
            ("db.example", "5433", "app", "alice", Some("last-resort")),
            ("db.example", "1", "other", "bob", Some("bobs")),
            ("*literal", "5432", "app", "alice", Some("star")),
            ("xliteral", "5432", "app", "alice", Some("last-resort")),
            ("h:colon", "5432", "app", "alice", Some("colon-host")),
            (
                "back\\slash",
                "5432",
                "app",
                "alice",
                Some("backslash-host"),
            ),
            ("", "5433", "app", "alice", Some("local")),
            ("/var/run/postgresql", "5433", "app", "alice", Some("local")),
            ("/tmp", "5433", "app", "alice", Some("local")),
            ("/srv/sockets", "5433", "app", "alice", Some("last-resort")),
            ("localhost", "5433", "app", "alice", Some("local")),
            ("anything", "9", "db", "carol", Some("car:ol\\x")),
            ("anything", "9", "app", "dave", Some("")),
            ("anything", "", "x", "y", Some("last-resort")),
            ("anything", "5432", "", "y", None),
            ("anything", "5432", "x", "", None),
        ];
        for &(host, port, db, user, want) in cases {
            assert_eq!(
                lookup(file, host, port, db, user).as_deref(),
                want,
                "{host}:{port}:{db}:{user}"
            );
        }
    }

    #[test]
    fn passfile_field_edge_cases() {
        // A prefix does not match, nor does a longer token.
        assert_eq!(
            lookup("db:5432:app:al:pw\n", "db", "5432", "app", "alice"),
            None
        );
        assert_eq!(
            lookup("db:5432:app:alice:pw\n", "db", "5432", "app", "al"),
            None
        );
        // `*` only counts alone: `*x` is literal.
        assert_eq!(
            lookup("*x:5432:app:al:pw\n", "db", "5432", "app", "al"),
            None
        );
        // CRLF line ends, a missing final newline, a line with too few fields.
        assert_eq!(
            lookup("db:5432:app:al:pw\r\n", "db", "5432", "app", "al").as_deref(),
            Some("pw")
        );
        assert_eq!(
            lookup("db:5432:app\n*:*:*:*:pw", "db", "5432", "app", "al").as_deref(),
            Some("pw")
        );
        // The password ends at an unescaped colon.
        assert_eq!(
            lookup("*:*:*:*:a:b\n", "db", "5432", "app", "al").as_deref(),
            Some("a")
        );
        // A comment only when '#' is the first byte; a trailing backslash is kept.
        assert_eq!(
            lookup(" #:*:*:*:x\n*:*:*:*:y\\\n", " #", "1", "d", "u").as_deref(),
            Some("x")
        );
        assert_eq!(
            lookup("*:*:*:*:y\\\n", "h", "1", "d", "u").as_deref(),
            Some("y\\")
        );
        assert_eq!(lookup("", "h", "1", "d", "u"), None);
        assert_eq!(lookup("\n\n#\n", "h", "1", "d", "u"), None);
        // A NUL poisons its line only.
        assert_eq!(
            passfile_lookup(b"*:*:*:*:a\0b\n*:*:*:*:c\n", "h", "1", "d", "u").as_deref(),
            Some(&b"c"[..])
        );
    }

    #[test]
    fn passfile_mode_checks() {
        let path = Path::new("/home/u/.pgpass");
        for mode in [0o100600, 0o100400, 0o100000, 0o100700] {
            assert_eq!(check_passfile_mode(path, mode), Ok(()), "{mode:o}");
        }
        for mode in [0o100640, 0o100604, 0o100660, 0o100666, 0o100610, 0o100601] {
            assert_eq!(
                check_passfile_mode(path, mode),
                Err(PassfileWarning::GroupOrWorldAccess {
                    path: path.to_owned(),
                    mode
                }),
                "{mode:o}"
            );
        }
        for mode in [0o040700, 0o020600, 0o120777] {
            assert_eq!(
                check_passfile_mode(path, mode),
                Err(PassfileWarning::NotAPlainFile {
                    path: path.to_owned()
                }),
                "{mode:o}"
            );
        }
    }
}
