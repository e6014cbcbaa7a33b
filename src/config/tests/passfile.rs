//! The password file as resolution uses it, and as read from disk with its permission bits.
//!
//! Checked by hand against libpq 15.18 (psql and a throwaway server, user with a SCRAM password
//! `Pw:with\colon`): the line `<socket dir>:54329:*:pwuser:Pw\:with\\colon` logged in over the
//! socket; `foo:...` logged in with `host=foo hostaddr=127.0.0.1` (host is the key); with
//! `hostaddr` alone no line matched; mode 0644 printed "WARNING: password file ... has group or
//! world access" and sent no password; `port=054329` did not match a `54329` line (pgline
//! compares the port's value: a documented difference).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::super::{
    Config, ConfigWarning, Environment, FixedEnvironment, PassfileWarning, PasswordSource,
    ProcessEnvironment, ResolvedConfig, read_passfile,
};

const PGPASS: &str = "\
# host:port:db:user:password
db1:5432:app:alice:one
db2:*:app:alice:two
localhost:5432:*:alice:local
10.0.0.9:5432:*:*:by-address
*:6000:*:*:port6000
";

fn env(mode: u32) -> FixedEnvironment {
    FixedEnvironment::new()
        .os_user("alice")
        .var("HOME", "/home/alice")
        .existing("/tmp")
        .passfile("/home/alice/.pgpass", PGPASS, mode)
}

fn resolve(text: &str, env: &FixedEnvironment) -> ResolvedConfig {
    let config: Config = text.parse().unwrap();
    config.resolve_with(env).unwrap()
}

fn passwords(r: &ResolvedConfig) -> Vec<Option<String>> {
    r.targets
        .iter()
        .map(|t| {
            t.password
                .as_ref()
                .map(|p| String::from_utf8(p.as_bytes().to_vec()).unwrap())
        })
        .collect()
}

fn some(items: &[&str]) -> Vec<Option<String>> {
    items
        .iter()
        .map(|s| (!s.is_empty()).then(|| (*s).to_owned()))
        .collect()
}

#[test]
fn each_target_gets_its_own_password_from_the_file() {
    let e = env(0o100600);
    let cases: &[(&str, &[&str])] = &[
        ("host=db1,db2,db3 dbname=app", &["one", "two", ""]),
        ("host=db1 port=5433 dbname=app", &[""]),
        ("host=db2 port=5433 dbname=app", &["two"]),
        ("host=db1 dbname=other", &[""]),
        ("host=db1 dbname=app user=bob", &[""]),
        // The default socket directory, an empty host and `localhost` match `localhost`.
        ("dbname=app", &["local"]),
        ("host=/tmp dbname=x", &["local"]),
        ("host=/var/run/postgresql dbname=x", &["local"]),
        ("host=localhost dbname=x", &["local"]),
        ("host=/srv/sockets dbname=x", &[""]),
        // With host and hostaddr, host is the key; with hostaddr alone, the address.
        ("hostaddr=10.0.0.9", &["by-address"]),
        ("host=db1 hostaddr=10.0.0.9 dbname=app", &["one"]),
        ("host=anything port=6000", &["port6000"]),
    ];
    for &(text, want) in cases {
        let r = resolve(text, &e);
        assert_eq!(passwords(&r), some(want), "{text}");
        assert_eq!(r.passfile, Some(PathBuf::from("/home/alice/.pgpass")));
        assert!(r.warnings.is_empty());
        for target in &r.targets {
            if let Some(p) = &target.password {
                assert_eq!(
                    p.source(),
                    &PasswordSource::Passfile(PathBuf::from("/home/alice/.pgpass"))
                );
            }
        }
    }
}

#[test]
fn a_given_password_wins_and_the_file_is_not_read() {
    let e = env(0o100644);
    let r = resolve("host=db1 dbname=app password=given", &e);
    assert_eq!(passwords(&r), some(&["given"]));
    assert_eq!(
        r.targets[0].password.as_ref().unwrap().source(),
        &PasswordSource::Config
    );
    assert!(
        r.warnings.is_empty(),
        "an insecure file is not even looked at"
    );
    assert_eq!(r.passfile, None);

    let r = resolve(
        "host=db1 dbname=app",
        &e.clone().var("PGPASSWORD", "fromenv"),
    );
    assert_eq!(passwords(&r), some(&["fromenv"]));
    assert_eq!(
        r.targets[0].password.as_ref().unwrap().source(),
        &PasswordSource::Environment
    );
    // An empty password counts as none: the file is used.
    let r = resolve("host=db1 dbname=app password=''", &env(0o100600));
    assert_eq!(passwords(&r), some(&["one"]));
}

#[test]
fn passfile_keyword_and_pgpassfile_choose_the_file() {
    let e = env(0o100600).passfile("/etc/other.pgpass", "*:*:*:*:other\n", 0o100400);
    let r = resolve("host=db1 dbname=app passfile=/etc/other.pgpass", &e);
    assert_eq!(passwords(&r), some(&["other"]));
    let r = resolve(
        "host=db1 dbname=app",
        &e.clone().var("PGPASSFILE", "/etc/other.pgpass"),
    );
    assert_eq!(passwords(&r), some(&["other"]));
    assert_eq!(r.passfile, Some(PathBuf::from("/etc/other.pgpass")));
    // A missing file is silently ignored, as libpq.
    let r = resolve("host=db1 dbname=app passfile=/nope", &e);
    assert_eq!(passwords(&r), some(&[""]));
    assert!(r.warnings.is_empty());
    // No home and no passfile: nothing to read.
    let bare = FixedEnvironment::new().os_user("alice");
    let r = resolve("host=db1", &bare);
    assert_eq!(r.passfile, None);
}

#[test]
fn an_insecure_passfile_is_ignored_with_a_warning() {
    for mode in [0o100644, 0o100640, 0o100606, 0o100660] {
        let r = resolve("host=db1 dbname=app", &env(mode));
        assert_eq!(passwords(&r), some(&[""]), "{mode:o}");
        assert_eq!(
            r.warnings,
            [ConfigWarning::Passfile(
                PassfileWarning::GroupOrWorldAccess {
                    path: PathBuf::from("/home/alice/.pgpass"),
                    mode,
                }
            )]
        );
        assert!(r.warnings[0].to_string().contains("group or world access"));
    }
}

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "pgline-config-{tag}-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
fn write_with_mode(path: &Path, contents: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, contents).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn read_passfile_checks_real_mode_bits() {
    let dir = TempDir::new("modes");
    let path = dir.0.join("pgpass");
    for (mode, readable) in [
        (0o600, true),
        (0o400, true),
        (0o700, true),
        (0o640, false),
        (0o604, false),
        (0o666, false),
        (0o620, false),
    ] {
        write_with_mode(&path, "*:*:*:*:pw\n", mode);
        match read_passfile(&path) {
            Ok(Some(contents)) => {
                assert!(readable, "{mode:o} should be refused");
                assert_eq!(contents, b"*:*:*:*:pw\n");
            }
            Err(PassfileWarning::GroupOrWorldAccess { mode: got, .. }) => {
                assert!(!readable, "{mode:o} should be read");
                assert_eq!(got & 0o777, mode);
            }
            other => panic!("{mode:o}: {other:?}"),
        }
    }
    assert_eq!(read_passfile(&dir.0.join("missing")), Ok(None));
    assert_eq!(
        read_passfile(&dir.0),
        Err(PassfileWarning::NotAPlainFile {
            path: dir.0.clone()
        })
    );
}

/// The real file system with no environment variables: resolution reads real files but never
/// the process environment.
struct FilesOnly;

impl Environment for FilesOnly {
    fn var(&self, _: &str) -> Option<OsString> {
        None
    }
    fn os_user(&self) -> Option<String> {
        Some("alice".to_owned())
    }
    fn user_home_dir(&self) -> Option<PathBuf> {
        None
    }
    fn exists(&self, path: &Path) -> bool {
        ProcessEnvironment.exists(path)
    }
    fn read_passfile(&self, path: &Path) -> Result<Option<Vec<u8>>, PassfileWarning> {
        ProcessEnvironment.read_passfile(path)
    }
}

#[cfg(unix)]
#[test]
fn resolution_reads_a_real_passfile_and_refuses_a_shared_one() {
    let dir = TempDir::new("resolve");
    let path = dir.0.join("pgpass");
    write_with_mode(&path, "h:5432:d:alice:from\\:file\n", 0o600);
    let mut config = Config::new();
    config.host("h").dbname("d").passfile(&path);
    let r = config.resolve_with(&FilesOnly).unwrap();
    let password = r.targets[0].password.as_ref().unwrap();
    assert_eq!(password.as_bytes(), b"from:file");
    assert_eq!(password.source(), &PasswordSource::Passfile(path.clone()));
    assert!(!format!("{r:?} {r}").contains("from:file"));

    write_with_mode(&path, "h:5432:d:alice:from\\:file\n", 0o644);
    let r = config.resolve_with(&FilesOnly).unwrap();
    assert_eq!(r.targets[0].password, None);
    assert!(matches!(
        r.warnings[..],
        [ConfigWarning::Passfile(
            PassfileWarning::GroupOrWorldAccess { .. }
        )]
    ));
}

#[test]
fn the_port_is_matched_by_value_not_spelling() {
    // libpq compares the port as written, so `port=05432` misses a `5432` line there; pgline
    // keeps ports as numbers and matches it (documented in the module's differences).
    let r = resolve("host=db1 port=05432 dbname=app", &env(0o100600));
    assert_eq!(passwords(&r), some(&["one"]));
}
