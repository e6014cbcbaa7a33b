//! `rust_decimal::Decimal` conversions and codecs (feature `rust_decimal`).
//!
//! Exact both ways: a `numeric` that `Decimal` cannot hold exactly (NaN, infinities, more than
//! 28 decimal places that are not zeros, or beyond 96 bits) is an error, never rounded.

use bytes::BytesMut;
use rust_decimal::Decimal;

use super::super::primitives::{base_oid, oid};
use super::super::{BoxError, ConvertError, FromSql, IsNull, ToSql, Type};
use super::{Numeric, Sign};

const TARGET: &str = "rust_decimal::Decimal";

impl From<Decimal> for Numeric {
    /// Exact, keeping the `Decimal`'s scale as the display scale.
    fn from(d: Decimal) -> Numeric {
        // A Decimal's scale is at most 28 and its mantissa below 2^96: always fits.
        Numeric::new(d.mantissa(), d.scale() as u16).expect("Decimal always fits numeric")
    }
}

impl From<&Decimal> for Numeric {
    fn from(d: &Decimal) -> Numeric {
        Numeric::from(*d)
    }
}

impl TryFrom<&Numeric> for Decimal {
    type Error = ConvertError;

    /// Exact: the scale is the numeric's display scale, capped at 28 when the places beyond
    /// are zeros.
    fn try_from(n: &Numeric) -> Result<Decimal, ConvertError> {
        if !n.is_finite() {
            return Err(ConvertError::NotFinite { target: TARGET });
        }
        let out_of_range = ConvertError::OutOfRange { target: TARGET };
        let scale = u32::from(n.scale()).min(Decimal::MAX_SCALE);
        let groups = i64::from(scale.div_ceil(4));
        let digits = n.digits();
        let weight = i64::from(n.weight());
        // Digits below 10000^-groups cannot be held at this scale.
        let last = weight + groups;
        if digits.len() as i64 > last + 1 {
            return Err(out_of_range);
        }
        // acc = value * 10000^groups, reading the digits from weight max(weight, 0) down.
        let mut acc: u128 = 0;
        let first = weight.max(0);
        let mut w = first;
        while w >= -groups {
            let i = weight - w;
            let d = if i >= 0 {
                digits.get(i as usize).copied().unwrap_or(0)
            } else {
                0
            };
            acc = acc
                .checked_mul(10000)
                .and_then(|a| a.checked_add(u128::from(d)))
                .ok_or(out_of_range)?;
            w -= 1;
        }
        // acc is scaled by 10^(4 * groups); bring it to 10^scale, which must be exact.
        let extra = 10u128.pow((groups * 4) as u32 - scale);
        if acc % extra != 0 {
            return Err(out_of_range);
        }
        let mantissa = i128::try_from(acc / extra).map_err(|_| out_of_range)?;
        let mantissa = if n.sign == Sign::Negative {
            -mantissa
        } else {
            mantissa
        };
        Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| out_of_range)
    }
}

impl TryFrom<Numeric> for Decimal {
    type Error = ConvertError;
    fn try_from(n: Numeric) -> Result<Decimal, ConvertError> {
        Decimal::try_from(&n)
    }
}

impl ToSql for Decimal {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        Numeric::from(*self).encode(out);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::NUMERIC
    }
}

impl<'a> FromSql<'a> for Decimal {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Decimal, BoxError> {
        Ok(Decimal::try_from(&Numeric::decode(raw)?)?)
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

    fn num(s: &str) -> Numeric {
        s.parse().unwrap()
    }

    #[test]
    fn decimal_converts_exactly_with_scale() {
        for s in [
            "0",
            "1",
            "-1",
            "0.5",
            "-123456.7890",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "1.0000",
        ] {
            let d = Decimal::try_from(&num(s)).unwrap();
            assert_eq!(d.to_string(), s, "{s}");
            assert_eq!(Numeric::from(d).to_string(), s);
        }
    }

    #[test]
    fn decimal_caps_scale_when_the_extra_places_are_zero() {
        let d = Decimal::try_from(&num("1.000000000000000000000000000000000")).unwrap();
        assert_eq!(d, Decimal::ONE);
        assert_eq!(d.scale(), 28);
    }

    #[test]
    fn decimal_refuses_what_it_cannot_hold() {
        for s in [
            "NaN",
            "Infinity",
            "-Infinity",
            "79228162514264337593543950336",
            "0.00000000000000000000000000001",
            "1e40",
            "1.00000000000000000000000000001",
        ] {
            assert!(Decimal::try_from(&num(s)).is_err(), "{s}");
        }
    }

    #[test]
    fn decimal_codec_matches_numeric_bytes() {
        let mut a = BytesMut::new();
        let mut b = BytesMut::new();
        Decimal::from_str("-12.3400")
            .unwrap()
            .to_sql(&Type::NUMERIC, &mut a)
            .unwrap();
        num("-12.3400").to_sql(&Type::NUMERIC, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(
            Decimal::from_sql(&Type::NUMERIC, &a).unwrap().to_string(),
            "-12.3400"
        );
    }

    proptest! {
        #[test]
        fn decimal_round_trips_through_numeric(m in any::<i128>(), scale in 0u32..=28) {
            let m = m % (1i128 << 96);
            let d = Decimal::from_i128_with_scale(m, scale);
            let n = Numeric::from(d);
            prop_assert_eq!(n.to_string(), d.to_string());
            let back = Decimal::try_from(&n).unwrap();
            prop_assert_eq!(back, d);
            prop_assert_eq!(back.scale(), d.scale());
        }
    }
}
