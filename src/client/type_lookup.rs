//! Types whose OID is not fixed (enums, domains, composites, ranges, extension types such as
//! pgvector's, and their arrays), looked up in `pg_type` once per connection and cached.
//!
//! The resolving logic is the sans-IO [`TypeResolver`]; this module only runs its queries.

use super::Client;
use crate::error::Error;
use crate::types::Type;
use crate::types::catalog::{TypeInfo, TypeResolver, type_info_query};

/// `server_version` as `server_version_num` would give it (15.4 → 150004); 0 when unreadable.
pub(crate) fn version_num(server_version: &str) -> u32 {
    let numeric: String = server_version
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    // The server controls this text: every step saturates, so a huge version is only wrong
    // (it picks the newest catalog query), never a panic or a wrapped small number.
    let mut parts = numeric.split('.').map(|p| match p {
        "" => 0,
        // Only digits are left, so a failed parse is an overflow.
        p => p.parse::<u32>().unwrap_or(u32::MAX),
    });
    let major = parts.next().unwrap_or(0);
    let minor = parts.next().unwrap_or(0);
    let patch = parts.next().unwrap_or(0);
    let base = major.saturating_mul(10_000);
    if major >= 10 {
        base.saturating_add(minor.min(9_999))
    } else {
        base.saturating_add(minor.min(99) * 100)
            .saturating_add(patch.min(99))
    }
}

pub(crate) async fn lookup(client: &Client, oid: u32) -> Result<Type, Error> {
    if let Some(t) = client.cached_type(oid) {
        return Ok(t);
    }
    let query = type_info_query(version_num(
        &client.parameter("server_version").unwrap_or_default(),
    ));
    // With the statement cache off (PgBouncer in transaction mode) nothing named may be left
    // on the server: the catalog query runs as text on the unnamed statement then.
    let cached = client.cache().is_enabled();
    let statement = match cached {
        true => Some(client.type_info_statement(|| query).await?),
        false => None,
    };
    let known = |oid: u32| Type::from_oid(oid).or_else(|| client.cached_type(oid));
    let mut resolver = TypeResolver::new(oid);
    let catalog =
        |e| Error::conversion(format!("looking up type OID {oid} in pg_type"), Box::new(e));
    while let Some(next) = resolver.next_lookup(&known).map_err(catalog)? {
        let row = match &statement {
            Some(statement) => client.query_opt(statement, &[&next]).await?,
            None => client.query_opt(query, &[&next]).await?,
        };
        let info = match row {
            Some(row) => {
                let columns: Vec<Option<&[u8]>> = (0..row.len())
                    .map(|i| row.raw_value(i))
                    .collect::<Result<_, _>>()?;
                Some(TypeInfo::from_columns(&columns).map_err(catalog)?)
            }
            None => None,
        };
        resolver.add(next, info);
    }
    let (ty, built) = resolver.finish(&known).map_err(catalog)?;
    client.cache_types(built);
    Ok(ty)
}

#[cfg(test)]
mod tests {
    use super::version_num;

    #[test]
    fn server_version_strings_become_numbers() {
        assert_eq!(version_num("15.18 (Debian 15.18-0+deb12u1)"), 150_018);
        assert_eq!(version_num("18.4"), 180_004);
        assert_eq!(version_num("18beta1"), 180_000);
        assert_eq!(version_num("9.6.24"), 90_624);
        assert_eq!(version_num("garbage"), 0);
        // Hostile values saturate instead of overflowing (found by review: 429497.0 used to
        // overflow u32 and wrap to a small version in release builds).
        assert_eq!(version_num("429497.0"), u32::MAX);
        assert_eq!(version_num("99999999999999999999"), u32::MAX);
        assert!(version_num("17.99999999999") >= 170_000);
    }
}
