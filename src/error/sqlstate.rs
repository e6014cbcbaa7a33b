use std::fmt;

/// A five-character SQLSTATE error code, as in
/// <https://www.postgresql.org/docs/current/errcodes-appendix.html>.
///
/// Every code PostgreSQL defines is a constant (`SqlState::UNIQUE_VIOLATION`); codes a newer
/// server invents are still kept as they came.
///
/// ```
/// use pgline::SqlState;
/// let code = SqlState::from_code("23505").unwrap();
/// assert_eq!(code, SqlState::UNIQUE_VIOLATION);
/// assert_eq!(code.name(), Some("unique_violation"));
/// assert_eq!(code.class(), "23");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SqlState(pub(super) [u8; 5]);

impl SqlState {
    /// Parses a code; `None` unless it is five ASCII digits or upper-case letters.
    pub fn from_code(code: &str) -> Option<SqlState> {
        let bytes: [u8; 5] = code.as_bytes().try_into().ok()?;
        bytes
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
            .then_some(SqlState(bytes))
    }

    /// The code, e.g. `"23505"`.
    pub fn code(&self) -> &str {
        // Only ASCII digits and upper-case letters get in (`from_code`, generated constants).
        std::str::from_utf8(&self.0).expect("SQLSTATE is ASCII")
    }

    /// The two-character class, e.g. `"23"` for integrity constraint violations.
    pub fn class(&self) -> &str {
        &self.code()[..2]
    }

    /// PostgreSQL's condition name for the code, e.g. `"unique_violation"`, if it is known.
    pub fn name(&self) -> Option<&'static str> {
        super::sqlstate_codes::NAMES
            .binary_search_by(|(code, _)| code[..].cmp(&self.0[..]))
            .ok()
            .map(|i| super::sqlstate_codes::NAMES[i].1)
    }
}

impl fmt::Debug for SqlState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "SqlState({} {})", self.code(), name),
            None => write!(f, "SqlState({})", self.code()),
        }
    }
}

impl fmt::Display for SqlState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlstate_names_are_sorted_and_found() {
        let names = super::super::sqlstate_codes::NAMES;
        assert!(names.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(
            SqlState::T_R_SERIALIZATION_FAILURE.name(),
            Some("serialization_failure")
        );
        assert_eq!(
            SqlState::from_code("40P01"),
            Some(SqlState::T_R_DEADLOCK_DETECTED)
        );
    }

    #[test]
    fn sqlstate_unknown_code_is_kept_and_bad_code_refused() {
        let code = SqlState::from_code("ZZ999").unwrap();
        assert_eq!(code.code(), "ZZ999");
        assert_eq!(code.name(), None);
        assert_eq!(SqlState::from_code("2350"), None);
        assert_eq!(SqlState::from_code("2350a"), None);
        assert_eq!(SqlState::from_code("23é5"), None);
    }
}
