//! What resolving a config reads from the machine, behind a trait so tests inject all of it.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::passfile::{PassfileWarning, check_passfile_mode, read_passfile};

/// The machine a config is resolved on: environment variables, the user, files.
///
/// [`ProcessEnvironment`] reads the real process; [`FixedEnvironment`] is a fixed set of answers
/// for tests. Resolution touches nothing else, so it is a pure function of the config and this.
pub trait Environment {
    /// An environment variable (`PGHOST`, `HOME`, ...), if set (possibly to the empty string).
    fn var(&self, name: &str) -> Option<OsString>;

    /// The operating-system user name of the effective user (libpq's default `user`).
    fn os_user(&self) -> Option<String>;

    /// The effective user's home directory from the user database; only asked when `HOME` is
    /// unset or empty (libpq reads `HOME` first).
    fn user_home_dir(&self) -> Option<PathBuf>;

    /// Whether something exists at `path` (the default socket directories, sockets, certificates).
    fn exists(&self, path: &Path) -> bool;

    /// A password file's contents, as [`read_passfile`] reads it.
    fn read_passfile(&self, path: &Path) -> Result<Option<Vec<u8>>, PassfileWarning>;
}

/// The real process environment and file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProcessEnvironment;

impl Environment for ProcessEnvironment {
    fn var(&self, name: &str) -> Option<OsString> {
        std::env::var_os(name)
    }

    fn os_user(&self) -> Option<String> {
        whoami::username().ok()
    }

    fn user_home_dir(&self) -> Option<PathBuf> {
        std::env::home_dir()
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }

    fn read_passfile(&self, path: &Path) -> Result<Option<Vec<u8>>, PassfileWarning> {
        read_passfile(path)
    }
}

/// A made-up environment: only what was put in exists. For tests and for resolving a config
/// without looking at the machine.
///
/// ```
/// use pgline::config::{Config, FixedEnvironment};
/// let env = FixedEnvironment::new().var("PGHOST", "db.example").os_user("alice");
/// let resolved = Config::new().resolve_with(&env)?;
/// assert_eq!(resolved.targets[0].host.as_deref(), Some("db.example"));
/// assert_eq!(resolved.user, "alice");
/// # Ok::<(), pgline::config::ConfigError>(())
/// ```
#[derive(Clone, Default)]
pub struct FixedEnvironment {
    vars: BTreeMap<String, OsString>,
    os_user: Option<String>,
    home: Option<PathBuf>,
    paths: BTreeSet<PathBuf>,
    files: BTreeMap<PathBuf, (Vec<u8>, u32)>,
}

impl FixedEnvironment {
    /// An environment with nothing in it: no variables, no user, no files.
    pub fn new() -> FixedEnvironment {
        FixedEnvironment::default()
    }

    /// Sets an environment variable.
    pub fn var(mut self, name: &str, value: impl Into<OsString>) -> FixedEnvironment {
        self.vars.insert(name.to_owned(), value.into());
        self
    }

    /// Sets the operating-system user name.
    pub fn os_user(mut self, name: &str) -> FixedEnvironment {
        self.os_user = Some(name.to_owned());
        self
    }

    /// Sets the home directory the user database reports (used when `HOME` is unset).
    pub fn user_home_dir(mut self, dir: impl Into<PathBuf>) -> FixedEnvironment {
        self.home = Some(dir.into());
        self
    }

    /// Makes a path exist (a directory, socket or certificate file).
    pub fn existing(mut self, path: impl Into<PathBuf>) -> FixedEnvironment {
        self.paths.insert(path.into());
        self
    }

    /// Adds a password file with its contents and `st_mode` (e.g. `0o100600`); it exists too.
    pub fn passfile(
        mut self,
        path: impl Into<PathBuf>,
        contents: impl Into<Vec<u8>>,
        st_mode: u32,
    ) -> FixedEnvironment {
        let path = path.into();
        self.paths.insert(path.clone());
        self.files.insert(path, (contents.into(), st_mode));
        self
    }
}

impl Environment for FixedEnvironment {
    fn var(&self, name: &str) -> Option<OsString> {
        self.vars.get(name).cloned()
    }

    fn os_user(&self) -> Option<String> {
        self.os_user.clone()
    }

    fn user_home_dir(&self) -> Option<PathBuf> {
        self.home.clone()
    }

    fn exists(&self, path: &Path) -> bool {
        self.paths.contains(path)
    }

    fn read_passfile(&self, path: &Path) -> Result<Option<Vec<u8>>, PassfileWarning> {
        match self.files.get(path) {
            Some((contents, mode)) => {
                check_passfile_mode(path, *mode)?;
                Ok(Some(contents.clone()))
            }
            None => Ok(None),
        }
    }
}
