//! `key=value` connection strings, read as libpq's `conninfo_parse` reads them, and written back.
//!
//! Settings are separated by blanks (C `isspace`); blanks may surround `=`; a value is either a
//! run of non-blanks or single-quoted; a backslash takes the next character literally, inside
//! quotes and out.

use std::fmt;

use super::builder::Config;
use super::error::ConfigError;
use super::keyword::{Keyword, REDACTED};
use super::value::is_c_space;

pub(crate) fn parse_conninfo(text: &str) -> Result<Config, ConfigError> {
    let bytes = text.as_bytes();
    let mut config = Config::new();
    let mut i = 0;
    // Set after an unquoted secret value: a stray word right after it is probably the rest of a
    // password with a blank in it, so errors must not repeat it.
    let mut after_secret = false;
    while i < bytes.len() {
        if is_c_space(bytes[i]) {
            i += 1;
            continue;
        }
        let key_start = i;
        while i < bytes.len() && bytes[i] != b'=' && !is_c_space(bytes[i]) {
            i += 1;
        }
        // Both ends sit on an ASCII byte or the end, so this slice is on char boundaries.
        let key = &text[key_start..i];
        while i < bytes.len() && is_c_space(bytes[i]) {
            i += 1;
        }
        let shown_key = || {
            if after_secret {
                REDACTED.to_owned()
            } else {
                key.to_owned()
            }
        };
        if bytes.get(i) != Some(&b'=') {
            return Err(ConfigError::MissingEquals { key: shown_key() });
        }
        i += 1;
        while i < bytes.len() && is_c_space(bytes[i]) {
            i += 1;
        }
        let mut value = Vec::new();
        let quoted = bytes.get(i) == Some(&b'\'');
        if quoted {
            i += 1;
            loop {
                match bytes.get(i) {
                    None => {
                        return Err(ConfigError::UnterminatedQuote {
                            key: key.to_owned(),
                        });
                    }
                    Some(b'\\') => {
                        i += 1;
                        if let Some(&b) = bytes.get(i) {
                            value.push(b);
                            i += 1;
                        }
                    }
                    Some(b'\'') => {
                        i += 1;
                        break;
                    }
                    Some(&b) => {
                        value.push(b);
                        i += 1;
                    }
                }
            }
        } else {
            while let Some(&b) = bytes.get(i) {
                i += 1;
                if is_c_space(b) {
                    break;
                }
                if b == b'\\' {
                    if let Some(&escaped) = bytes.get(i) {
                        value.push(escaped);
                        i += 1;
                    }
                } else {
                    value.push(b);
                }
            }
        }
        config.set_keyword(key, &value).map_err(|err| match err {
            ConfigError::UnknownKey { .. } if after_secret => ConfigError::UnknownKey {
                key: REDACTED.to_owned(),
            },
            other => other,
        })?;
        after_secret = !quoted && Keyword::from_name(key).is_some_and(Keyword::is_secret);
    }
    Ok(config)
}

/// Writes a value so that `parse_conninfo` reads it back unchanged.
pub(crate) fn write_value(f: &mut impl fmt::Write, value: &str) -> fmt::Result {
    let needs_quotes = value.is_empty()
        || value
            .bytes()
            .any(|b| is_c_space(b) || b == b'\'' || b == b'\\');
    if !needs_quotes {
        return f.write_str(value);
    }
    f.write_char('\'')?;
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    f.write_char('\'')
}

impl fmt::Display for Config {
    /// A `key=value` string of every setting except passwords and extra startup parameters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for &key in Keyword::ALL {
            if key.is_secret() {
                continue;
            }
            let Some(value) = self.render(key) else {
                continue;
            };
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            f.write_str(key.name())?;
            f.write_str("=")?;
            write_value(f, &value)?;
        }
        Ok(())
    }
}
