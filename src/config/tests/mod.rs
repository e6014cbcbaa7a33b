//! Table-driven tests of the config module. The expected parses of `key=value` strings and URLs
//! were checked against libpq 15.18 itself (`PQconninfoParse` from a small C program, and
//! `psql ... -c '\conninfo'` against a throwaway server); each table says which.

mod conninfo;
mod env;
mod errors;
mod fuzz;
mod passfile;
mod props;
mod url;

use std::collections::BTreeMap;

use super::Config;
use super::keyword::Keyword;

/// Every set keyword as a connection string would spell it (passwords included).
fn fields(config: &Config) -> BTreeMap<&'static str, String> {
    Keyword::ALL
        .iter()
        .filter_map(|&key| config.render(key).map(|value| (key.name(), value)))
        .collect()
}

fn expect(pairs: &[(&'static str, &str)]) -> BTreeMap<&'static str, String> {
    pairs.iter().map(|&(k, v)| (k, v.to_owned())).collect()
}

/// Parses `text` and checks the keywords it set, exactly.
#[track_caller]
fn assert_parses(text: &str, want: &[(&'static str, &str)]) {
    match text.parse::<Config>() {
        Ok(config) => assert_eq!(fields(&config), expect(want), "parsing {text:?}"),
        Err(err) => panic!("parsing {text:?} failed: {err}"),
    }
}
