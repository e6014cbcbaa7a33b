//! Takes the `pool_*` keys out of a connection string, so the rest goes to [`Config`]'s libpq
//! parser (which refuses keys it does not know) unchanged.
//!
//! [`Config`]: crate::Config

use percent_encoding::percent_decode_str;

/// The prefix of every pool key.
pub(crate) const POOL_PREFIX: &str = "pool_";

/// Splits `conninfo` into the string without its `pool_*` keys and those keys with their
/// (decoded) values, in order. A string this cannot read is returned whole, for the libpq
/// parser to report what is wrong with it.
pub(crate) fn split_pool_keys(conninfo: &str) -> (String, Vec<(String, String)>) {
    let is_url = conninfo.starts_with("postgres://") || conninfo.starts_with("postgresql://");
    let split = if is_url {
        split_url(conninfo)
    } else {
        split_key_value(conninfo)
    };
    split.unwrap_or_else(|| (conninfo.to_owned(), Vec::new()))
}

fn split_url(url: &str) -> Option<(String, Vec<(String, String)>)> {
    let Some((base, query)) = url.split_once('?') else {
        return Some((url.to_owned(), Vec::new()));
    };
    let mut kept = Vec::new();
    let mut pool = Vec::new();
    for param in query.split('&') {
        let (key, value) = param.split_once('=').unwrap_or((param, ""));
        let key_text = percent_decode_str(key).decode_utf8().ok()?;
        if key_text.starts_with(POOL_PREFIX) {
            let value = percent_decode_str(value).decode_utf8().ok()?;
            pool.push((key_text.into_owned(), value.into_owned()));
        } else {
            kept.push(param);
        }
    }
    let rest = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Some((rest, pool))
}

/// libpq's `key = value` syntax: values may be single-quoted, backslash escapes a character.
fn split_key_value(text: &str) -> Option<(String, Vec<(String, String)>)> {
    let bytes = text.as_bytes();
    let mut rest = String::with_capacity(text.len());
    let mut pool = Vec::new();
    let mut i = 0;
    let mut kept_from = 0;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b'=' && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let key = &text[start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = Vec::new();
        if bytes.get(i) == Some(&b'\'') {
            i += 1;
            loop {
                match bytes.get(i)? {
                    b'\'' => {
                        i += 1;
                        break;
                    }
                    b'\\' => {
                        value.push(*bytes.get(i + 1)?);
                        i += 2;
                    }
                    &b => {
                        value.push(b);
                        i += 1;
                    }
                }
            }
        } else {
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                if bytes[i] == b'\\' && i + 1 < bytes.len() {
                    i += 1;
                }
                value.push(bytes[i]);
                i += 1;
            }
        }
        if key.starts_with(POOL_PREFIX) {
            rest.push_str(&text[kept_from..start]);
            kept_from = i;
            pool.push((key.to_owned(), String::from_utf8(value).ok()?));
        }
    }
    rest.push_str(&text[kept_from..]);
    Some((rest, pool))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn pool_keys_leave_a_url_query_and_the_rest_stays_in_order() {
        let (rest, pool) = split_pool_keys(
            "postgres://u@h:5/db?sslmode=disable&pool_max_size=8&application_name=a%20b&pool_reset_query=DISCARD%20ALL",
        );
        assert_eq!(
            rest,
            "postgres://u@h:5/db?sslmode=disable&application_name=a%20b"
        );
        assert_eq!(
            pool,
            pairs(&[("pool_max_size", "8"), ("pool_reset_query", "DISCARD ALL")])
        );
    }

    #[test]
    fn a_url_with_only_pool_keys_loses_its_question_mark() {
        let (rest, pool) = split_pool_keys("postgresql://h/db?pool_min_size=2");
        assert_eq!(rest, "postgresql://h/db");
        assert_eq!(pool, pairs(&[("pool_min_size", "2")]));
    }

    #[test]
    fn pool_keys_leave_a_key_value_string_with_quotes_and_escapes() {
        let (rest, pool) = split_pool_keys(
            "host=a,b pool_reset_query='DISCARD ALL' user = x pool_max_size =3 password='it\\'s' pool_x=a\\ b",
        );
        assert_eq!(rest, "host=a,b  user = x  password='it\\'s' ");
        assert_eq!(
            pool,
            pairs(&[
                ("pool_reset_query", "DISCARD ALL"),
                ("pool_max_size", "3"),
                ("pool_x", "a b")
            ])
        );
        let config: crate::Config = rest.parse().expect("the rest is a libpq string");
        assert_eq!(config.get_user(), Some("x"));
    }

    #[test]
    fn an_unreadable_string_is_left_whole_for_the_libpq_parser() {
        let text = "host=a pool_max_size='8";
        assert_eq!(split_pool_keys(text), (text.to_owned(), Vec::new()));
    }
}
