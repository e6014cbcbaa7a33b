//! `bigdecimal::BigDecimal` conversions and codecs (feature `bigdecimal`).
//!
//! Exact both ways; NaN and the infinities have no `BigDecimal` and are errors, as are
//! values beyond `numeric`'s range (more than 16383 places, or 131072 integer digits).

use bigdecimal::BigDecimal;
use bytes::BytesMut;

use super::super::primitives::{base_oid, oid};
use super::super::{BoxError, ConvertError, FromSql, IsNull, ToSql, Type};
use super::Numeric;
use super::text::assemble;

#[cfg_attr(docsrs, doc(cfg(feature = "bigdecimal")))]
impl TryFrom<&Numeric> for BigDecimal {
    type Error = ConvertError;

    /// Exact, keeping the display scale as the `BigDecimal`'s scale.
    fn try_from(n: &Numeric) -> Result<BigDecimal, ConvertError> {
        if !n.is_finite() {
            return Err(ConvertError::NotFinite {
                target: "bigdecimal::BigDecimal",
            });
        }
        // Display prints a plain decimal, which BigDecimal parses with the same scale.
        n.to_string().parse().map_err(|_| ConvertError::OutOfRange {
            target: "bigdecimal::BigDecimal",
        })
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "bigdecimal")))]
impl TryFrom<&BigDecimal> for Numeric {
    type Error = ConvertError;

    /// Exact; a negative `BigDecimal` scale (`1E+5`) becomes display scale 0.
    fn try_from(b: &BigDecimal) -> Result<Numeric, ConvertError> {
        let (int, exponent) = b.as_bigint_and_exponent();
        let text = int.to_string();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text.as_str()),
        };
        let count = digits.len();
        let dweight = (count as i64 - 1).checked_sub(exponent);
        dweight
            .and_then(|dweight| {
                assemble(
                    negative,
                    digits.bytes().map(|c| c - b'0'),
                    count,
                    dweight,
                    exponent,
                )
            })
            .ok_or(ConvertError::OutOfRange { target: "Numeric" })
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "bigdecimal")))]
impl ToSql for BigDecimal {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        Numeric::try_from(self)?.encode(out);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::NUMERIC
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "bigdecimal")))]
impl<'a> FromSql<'a> for BigDecimal {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<BigDecimal, BoxError> {
        Ok(BigDecimal::try_from(&Numeric::decode(raw)?)?)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::NUMERIC
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    #[test]
    fn bigdecimal_converts_exactly_both_ways() {
        for s in [
            "0",
            "-1.50",
            "123456789012345678901234567890.123456789",
            "0.000001",
        ] {
            let n: Numeric = s.parse().unwrap();
            let b = BigDecimal::try_from(&n).unwrap();
            assert_eq!(b, BigDecimal::from_str(s).unwrap());
            assert_eq!(Numeric::try_from(&b).unwrap().to_string(), s);
        }
        let big = BigDecimal::from_str("1E+5").unwrap();
        assert_eq!(Numeric::try_from(&big).unwrap().to_string(), "100000");
        assert!(BigDecimal::try_from(&Numeric::NAN).is_err());
        let tiny = BigDecimal::from_str("1E-16384").unwrap();
        assert!(Numeric::try_from(&tiny).is_err());
    }

    proptest! {
        #[test]
        fn bigdecimal_round_trips(m in any::<i128>(), scale in -40i64..200) {
            let b = BigDecimal::new(m.into(), scale);
            let n = Numeric::try_from(&b).unwrap();
            let back = BigDecimal::try_from(&n).unwrap();
            prop_assert_eq!(back, b);
        }
    }
}
