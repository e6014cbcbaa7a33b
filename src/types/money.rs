//! `money`: a signed 64-bit count of the currency's smallest unit.
//!
//! Its text form depends on the server's `lc_monetary`, so there is no `Display` here. See
//! <https://www.postgresql.org/docs/current/datatype-money.html>.

use bytes::{BufMut, BytesMut};

use super::primitives::{base_oid, oid};
use super::wire::exact;
use super::{BoxError, FromSql, IsNull, ToSql, Type};

/// A `money` value: an amount in the currency's smallest unit (cents when `lc_monetary` has
/// two fraction digits), exactly as the server stores it.
///
/// ```
/// use pgline::types::{FromSql, Money, Type};
/// assert_eq!(Money::from_sql(&Type::MONEY, &1234i64.to_be_bytes()).unwrap(), Money(1234));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

impl ToSql for Money {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(self.0);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::MONEY
    }
}

impl<'a> FromSql<'a> for Money {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Money, BoxError> {
        Ok(Money(i64::from_be_bytes(exact(raw, "money")?)))
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::MONEY
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::captured_vectors::MONEY;
    use proptest::prelude::*;

    #[test]
    fn money_server_vectors() {
        let expected = [1234, i64::MIN, i64::MAX, 0];
        for (v, cents) in MONEY.iter().zip(expected) {
            let m = Money::from_sql(&Type::MONEY, &v.bytes()).unwrap();
            assert_eq!(m, Money(cents), "{}", v.sql);
            let mut b = BytesMut::new();
            m.to_sql(&Type::MONEY, &mut b).unwrap();
            assert_eq!(b.to_vec(), v.bytes());
        }
    }

    #[test]
    fn money_malformed() {
        assert!(Money::from_sql(&Type::MONEY, &[0; 7]).is_err());
        assert!(!<Money as FromSql>::accepts(&Type::INT8));
        assert!(!<i64 as FromSql>::accepts(&Type::MONEY));
    }

    proptest! {
        #[test]
        fn money_round_trips(v: i64) {
            let mut b = BytesMut::new();
            Money(v).to_sql(&Type::MONEY, &mut b).unwrap();
            prop_assert_eq!(Money::from_sql(&Type::MONEY, &b).unwrap(), Money(v));
        }
    }
}
