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

#[cfg_attr(docsrs, doc(cfg(feature = "rust_decimal")))]
impl From<Decimal> for Numeric {
    /// Exact, keeping the `Decimal`'s scale as the display scale.
    fn from(d: Decimal) -> Numeric {
        // A Decimal's scale is at most 28 and its mantissa below 2^96: always fits.
        Numeric::new(d.mantissa(), d.scale() as u16).expect("Decimal always fits numeric")
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "rust_decimal")))]
impl From<&Decimal> for Numeric {
    fn from(d: &Decimal) -> Numeric {
        Numeric::from(*d)
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "rust_decimal")))]
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

#[cfg_attr(docsrs, doc(cfg(feature = "rust_decimal")))]
impl TryFrom<Numeric> for Decimal {
    type Error = ConvertError;
    fn try_from(n: Numeric) -> Result<Decimal, ConvertError> {
        Decimal::try_from(&n)
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "rust_decimal")))]
impl ToSql for Decimal {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        Numeric::from(*self).encode(out);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::NUMERIC
    }
}

/// The common case read straight from the wire, without a [`Numeric`] in between: finite, at
/// most 8 base-10000 digits, display scale at most 28, exact. `None` sends everything else
/// (and every malformed value, for its error) through `Numeric`, which gives the same result.
fn fast_decimal(raw: &[u8]) -> Option<Decimal> {
    const POS: u16 = 0x0000;
    const NEG: u16 = 0x4000;
    let (header, body) = raw.split_first_chunk::<8>()?;
    let ndigits = usize::from(u16::from_be_bytes([header[0], header[1]]));
    let weight = i32::from(i16::from_be_bytes([header[2], header[3]]));
    let negative = match u16::from_be_bytes([header[4], header[5]]) {
        POS => false,
        NEG => true,
        _ => return None,
    };
    let scale = u16::from_be_bytes([header[6], header[7]]);
    if ndigits > 8 || body.len() != ndigits * 2 || u32::from(scale) > Decimal::MAX_SCALE {
        return None;
    }
    // At most 8 digits below 10000: below 10^32, far from overflowing.
    let mut acc: u128 = 0;
    for d in body.chunks_exact(2) {
        let d = u16::from_be_bytes([d[0], d[1]]);
        if d >= 10000 {
            return None;
        }
        acc = acc * 10000 + u128::from(d);
    }
    // value = acc * 10^(4 * (weight - ndigits + 1)); the mantissa is value * 10^scale.
    let exponent = 4 * (weight - ndigits as i32 + 1) + i32::from(scale);
    let mantissa = if acc == 0 {
        0
    } else if exponent >= 0 {
        acc.checked_mul(10u128.checked_pow(exponent as u32)?)?
    } else {
        let divisor = 10u128.checked_pow(exponent.unsigned_abs())?;
        // u64 division when it can: u128 division is a slow library call.
        match (u64::try_from(acc), u64::try_from(divisor)) {
            (Ok(a), Ok(d)) if a % d == 0 => u128::from(a / d),
            (Ok(_), Ok(_)) => return None,
            _ if acc % divisor == 0 => acc / divisor,
            _ => return None,
        }
    };
    let mantissa = i128::try_from(mantissa).ok()?;
    let mantissa = if negative { -mantissa } else { mantissa };
    Decimal::try_from_i128_with_scale(mantissa, u32::from(scale)).ok()
}

#[cfg_attr(docsrs, doc(cfg(feature = "rust_decimal")))]
impl<'a> FromSql<'a> for Decimal {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Decimal, BoxError> {
        if let Some(d) = fast_decimal(raw) {
            return Ok(d);
        }
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

    /// What decoding through `Numeric` gives: the result the fast path must match.
    fn slow(raw: &[u8]) -> Option<Decimal> {
        Numeric::decode(raw)
            .ok()
            .and_then(|n| Decimal::try_from(&n).ok())
    }

    fn wire(weight: i16, sign: u16, scale: u16, digits: &[u16]) -> Vec<u8> {
        let mut raw = Vec::new();
        for word in [digits.len() as u16, weight as u16, sign, scale] {
            raw.extend_from_slice(&word.to_be_bytes());
        }
        for d in digits {
            raw.extend_from_slice(&d.to_be_bytes());
        }
        raw
    }

    #[test]
    fn decimal_fast_path_matches_numeric_on_server_shapes() {
        let cases = [
            wire(0, 0, 0, &[]),
            wire(0, 0x4000, 2, &[]),
            wire(0, 0, 0, &[1]),
            wire(1, 0x4000, 2, &[1, 2345, 6700]),
            wire(-1, 0, 4, &[1]),
            wire(7, 0, 0, &[7, 9228, 1625, 1426, 4337, 5935, 4395, 335]),
            wire(7, 0, 0, &[7, 9228, 1625, 1426, 4337, 5935, 4395, 336]),
            wire(-7, 0, 28, &[1]),
            wire(-8, 0, 28, &[1]),
            wire(0, 0, 28, &[1]),
            wire(0, 0xc000, 0, &[]),
            wire(0, 0, 0, &[10000]),
        ];
        for raw in &cases {
            let fast = fast_decimal(raw);
            if let Some(d) = fast {
                let s = slow(raw).unwrap();
                assert_eq!(
                    (d.mantissa(), d.scale()),
                    (s.mantissa(), s.scale()),
                    "{raw:?}"
                );
            }
        }
        assert!(fast_decimal(&cases[3]).is_some());
        assert_eq!(fast_decimal(&cases[3]).unwrap().to_string(), "-12345.67");
        assert_eq!(fast_decimal(&cases[5]), Some(Decimal::MAX));
        assert!(fast_decimal(&cases[6]).is_none(), "beyond 96 bits");
        assert!(fast_decimal(&cases[10]).is_none(), "NaN");
    }

    proptest! {
        #[test]
        fn decimal_fast_path_agrees_with_numeric(
            weight in -12i16..12,
            sign in prop_oneof![Just(0u16), Just(0x4000u16), Just(0xc000u16), any::<u16>()],
            scale in 0u16..40,
            digits in prop::collection::vec(prop_oneof![0u16..10000, any::<u16>()], 0..9),
        ) {
            let raw = wire(weight, sign, scale, &digits);
            if let Some(d) = fast_decimal(&raw) {
                let s = slow(&raw);
                prop_assert!(s.is_some(), "{raw:?}");
                let s = s.unwrap();
                prop_assert_eq!((d.mantissa(), d.scale()), (s.mantissa(), s.scale()));
            }
        }

        #[test]
        fn decimal_fast_path_answers_for_every_decimal(m in any::<i64>(), scale in 0u32..=28) {
            let d = Decimal::new(m, scale);
            let mut buf = BytesMut::new();
            d.to_sql(&Type::NUMERIC, &mut buf).unwrap();
            let fast = fast_decimal(&buf);
            prop_assert!(fast.is_some());
            prop_assert_eq!(fast.unwrap(), d);
        }
    }

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
