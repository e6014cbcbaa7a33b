//! The server's version, from `server_version_num` (a number, unlike `server_version`, which a
//! distribution may decorate: `15.18 (Debian 15.18-1.pgdg120+1)`).

use std::fmt;

/// The server's version.
///
/// From PostgreSQL 10 on a version is `major.minor` (`server_version_num` 150018 is 15.18);
/// before it, `major.minor.patch` where the first two name the release (90624 is 9.6.24).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVersion {
    /// `server_version_num`, e.g. `150018`.
    pub num: u32,
    /// The major version: 15 for 15.18; 9 for 9.6.24.
    pub major: u32,
    /// The minor version: 18 for 15.18; 6 for 9.6.24 (the release is `major.minor` before 10).
    pub minor: u32,
    /// The bug-fix number before PostgreSQL 10 (24 for 9.6.24); 0 from 10 on.
    pub patch: u32,
    /// `server_version` as the server reports it, e.g. `15.18 (Debian 15.18-1.pgdg120+1)`.
    pub short: String,
    /// `version()`: the product, version and build, e.g. `PostgreSQL 18.4 on x86_64-pc-linux-gnu, ...`.
    pub full: String,
}

impl ServerVersion {
    /// Splits a `server_version_num` value; `None` when it is not a number.
    ///
    /// ```
    /// let v = pgline::dictionary::ServerVersion::parse("180004", "18.4", "PostgreSQL 18.4").unwrap();
    /// assert_eq!((v.major, v.minor), (18, 4));
    /// assert!(v.at_least(15, 0));
    /// ```
    pub fn parse(version_num: &str, short: &str, full: &str) -> Option<ServerVersion> {
        let num: u32 = version_num.trim().parse().ok()?;
        let (major, minor, patch) = if num >= 100_000 {
            (num / 10_000, num % 10_000, 0)
        } else {
            (num / 10_000, num / 100 % 100, num % 100)
        };
        Some(ServerVersion {
            num,
            major,
            minor,
            patch,
            short: short.to_owned(),
            full: full.to_owned(),
        })
    }

    /// Whether the server is `major.minor` or newer: `at_least(15, 0)` for PostgreSQL 15,
    /// `at_least(9, 5)` for 9.5.
    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        let wanted = if major >= 10 {
            major * 10_000 + minor
        } else {
            major * 10_000 + minor * 100
        };
        self.num >= wanted
    }
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.num >= 100_000 {
            write!(f, "{}.{}", self.major, self.minor)
        } else {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_from_ten_on_are_major_and_minor() {
        let v = ServerVersion::parse("150018", "15.18 (Debian)", "PostgreSQL 15.18").unwrap();
        assert_eq!((v.num, v.major, v.minor, v.patch), (150018, 15, 18, 0));
        assert_eq!(v.to_string(), "15.18");
        assert_eq!(v.short, "15.18 (Debian)");
        let v = ServerVersion::parse("100000", "", "").unwrap();
        assert_eq!((v.major, v.minor), (10, 0));
    }

    #[test]
    fn versions_before_ten_have_three_parts() {
        let v = ServerVersion::parse("90624", "9.6.24", "").unwrap();
        assert_eq!((v.major, v.minor, v.patch), (9, 6, 24));
        assert_eq!(v.to_string(), "9.6.24");
        assert!(v.at_least(9, 5));
        assert!(v.at_least(9, 6));
        assert!(!v.at_least(10, 0));
    }

    #[test]
    fn at_least_compares_the_whole_number() {
        let v = ServerVersion::parse("180004", "", "").unwrap();
        assert!(v.at_least(18, 4));
        assert!(!v.at_least(18, 5));
        assert!(v.at_least(9, 4));
        assert!(!v.at_least(19, 0));
    }

    #[test]
    fn a_value_that_is_not_a_number_is_refused() {
        assert_eq!(ServerVersion::parse("15.4", "", ""), None);
        assert_eq!(ServerVersion::parse("", "", ""), None);
    }
}
