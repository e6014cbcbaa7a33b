//! `pg_lsn`: a write-ahead log position.
//!
//! See <https://www.postgresql.org/docs/current/datatype-pg-lsn.html>.

use std::fmt;
use std::str::FromStr;

use bytes::{BufMut, BytesMut};

use super::primitives::{base_oid, oid};
use super::wire::exact;
use super::{BoxError, FromSql, IsNull, ToSql, Type};

/// A `pg_lsn`: a byte position in the write-ahead log, shown as two hex halves.
///
/// ```
/// use pgline::types::PgLsn;
/// let lsn: PgLsn = "16/B374D848".parse().unwrap();
/// assert_eq!(lsn, PgLsn(0x16_B374_D848));
/// assert_eq!(lsn.to_string(), "16/B374D848");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PgLsn(pub u64);

impl fmt::Display for PgLsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:X}/{:X}", self.0 >> 32, self.0 & 0xffff_ffff)
    }
}

/// Why a string is not a `pg_lsn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsePgLsnError;

impl fmt::Display for ParsePgLsnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid input syntax for type pg_lsn")
    }
}

impl std::error::Error for ParsePgLsnError {}

impl FromStr for PgLsn {
    type Err = ParsePgLsnError;
    /// `XXXXXXXX/XXXXXXXX`: one to eight hex digits each side, as `pg_lsn_in` reads it.
    fn from_str(s: &str) -> Result<PgLsn, ParsePgLsnError> {
        let (hi, lo) = s.split_once('/').ok_or(ParsePgLsnError)?;
        let half = |h: &str| {
            if h.is_empty() || h.len() > 8 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ParsePgLsnError);
            }
            u64::from_str_radix(h, 16).map_err(|_| ParsePgLsnError)
        };
        Ok(PgLsn(half(hi)? << 32 | half(lo)?))
    }
}

impl ToSql for PgLsn {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_u64(self.0);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::PG_LSN
    }
}

impl<'a> FromSql<'a> for PgLsn {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<PgLsn, BoxError> {
        Ok(PgLsn(u64::from_be_bytes(exact(raw, "pg_lsn")?)))
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::PG_LSN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::captured_vectors::PG_LSN;
    use proptest::prelude::*;

    #[test]
    fn pg_lsn_server_vectors() {
        for v in PG_LSN {
            let lsn = PgLsn::from_sql(&Type::PG_LSN, &v.bytes()).unwrap();
            assert_eq!(lsn.to_string(), v.text);
            assert_eq!(v.text.parse::<PgLsn>(), Ok(lsn));
            let mut b = BytesMut::new();
            lsn.to_sql(&Type::PG_LSN, &mut b).unwrap();
            assert_eq!(b.to_vec(), v.bytes());
        }
    }

    #[test]
    fn pg_lsn_malformed() {
        assert!(PgLsn::from_sql(&Type::PG_LSN, &[0; 4]).is_err());
        for bad in ["", "1", "/1", "1/", "123456789/0", "g/0", "1/2/3"] {
            assert_eq!(bad.parse::<PgLsn>(), Err(ParsePgLsnError), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn pg_lsn_text_round_trips(v: u64) {
            prop_assert_eq!(PgLsn(v).to_string().parse::<PgLsn>(), Ok(PgLsn(v)));
        }
    }
}
