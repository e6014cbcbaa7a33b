//! `numeric`'s binary form straight from a decimal mantissa and scale, without building a
//! [`Numeric`] on the common path (the result is byte-for-byte what `Numeric` encodes: the
//! tests compare them).

use bytes::BytesMut;

use crate::types::Numeric;

const POS: u16 = 0x0000;
const NEG: u16 = 0x4000;

/// Splits `mag × 10^-scale` into base-10000 groups, least significant first; returns the
/// number of groups and how many of them are fractional.
macro_rules! groups {
    ($name:ident, $t:ty) => {
        #[inline]
        fn $name(mag: $t, scale: u32, rev: &mut [u16; 24]) -> (usize, usize) {
            let p = (10 as $t).pow(scale);
            let (mut int, mut frac) = (mag / p, mag % p);
            let nfrac = scale.div_ceil(4) as usize;
            let mut n = 0;
            let partial = scale % 4;
            if partial != 0 {
                let q = (10 as $t).pow(partial);
                rev[0] = ((frac % q) * (10 as $t).pow(4 - partial)) as u16;
                frac /= q;
                n = 1;
            }
            while n < nfrac {
                rev[n] = (frac % 10000) as u16;
                frac /= 10000;
                n += 1;
            }
            while int > 0 {
                rev[n] = (int % 10000) as u16;
                int /= 10000;
                n += 1;
            }
            (n, nfrac)
        }
    };
}

groups!(groups_u128, u128);

/// Appends the `numeric` binary form of `±mag × 10^-scale` (display scale `scale`, at most
/// 38, so `10^scale` fits `u128`; at most 39 digits fit `mag`, so 24 groups are plenty).
pub(crate) fn put_decimal(out: &mut Vec<u8>, negative: bool, mag: u128, scale: u32) {
    let mut rev = [0u16; 24];
    // Padding the scale to a whole base-10000 digit makes every division one by the constant
    // 10000 (a multiply); only a mantissa too wide to pad takes the general path.
    let pad = (4 - scale % 4) % 4;
    let nfrac = ((scale + pad) / 4) as usize;
    let padded64 = u64::try_from(mag)
        .ok()
        .and_then(|m| m.checked_mul(10u64.pow(pad)));
    let (mut n, nfrac) = match (padded64, mag.checked_mul(10u128.pow(pad))) {
        (Some(mut m), _) => {
            let mut n = 0;
            while m > 0 || n < nfrac {
                rev[n] = (m % 10000) as u16;
                m /= 10000;
                n += 1;
            }
            (n, nfrac)
        }
        (None, Some(mut m)) => {
            let mut n = 0;
            while m > 0 || n < nfrac {
                rev[n] = (m % 10000) as u16;
                m /= 10000;
                n += 1;
            }
            (n, nfrac)
        }
        (None, None) => groups_u128(mag, scale, &mut rev),
    };
    let mut weight = n as i32 - nfrac as i32 - 1;
    while n > 0 && rev[n - 1] == 0 {
        n -= 1;
        weight -= 1;
    }
    let low = rev[..n].iter().take_while(|&&d| d == 0).count();
    let digits = &rev[low..n];
    let (weight, sign) = if digits.is_empty() {
        (0, POS)
    } else {
        (weight, if negative { NEG } else { POS })
    };
    // Assembled on the stack, appended once: at most 24 digits; the weight of a 39-digit
    // value with scale <= 38 is within ±10.
    let mut buf = [0u8; 8 + 2 * 24];
    buf[0..2].copy_from_slice(&(digits.len() as u16).to_be_bytes());
    buf[2..4].copy_from_slice(&(weight as i16).to_be_bytes());
    buf[4..6].copy_from_slice(&sign.to_be_bytes());
    buf[6..8].copy_from_slice(&(scale as u16).to_be_bytes());
    for (k, &d) in digits.iter().rev().enumerate() {
        buf[8 + 2 * k..10 + 2 * k].copy_from_slice(&d.to_be_bytes());
    }
    out.extend_from_slice(&buf[..8 + 2 * digits.len()]);
}

/// Appends the decimal `mantissa × 10^-scale` given as decimal text (any scale, any width),
/// through [`Numeric`]'s parser: the slow path for what [`put_decimal`] cannot take.
pub(crate) fn put_decimal_text(
    out: &mut Vec<u8>,
    mantissa: &str,
    scale: i32,
) -> Result<(), String> {
    let text = decimal_text(mantissa, scale);
    let n: Numeric = text
        .parse()
        .map_err(|e| format!("{text} is not a numeric: {e}"))?;
    put_numeric(out, &n);
    Ok(())
}

/// Appends an already built [`Numeric`].
pub(crate) fn put_numeric(out: &mut Vec<u8>, n: &Numeric) {
    let mut b = BytesMut::new();
    n.encode(&mut b);
    out.extend_from_slice(&b);
}

/// Appends a `mantissa × 10^-scale` decimal given as `i128`: [`put_decimal`] for scales
/// 0..=38, the text path for the rest (negative scales).
pub(crate) fn put_i128(out: &mut Vec<u8>, v: i128, scale: i32) -> Result<(), String> {
    match u32::try_from(scale) {
        Ok(s) if s <= 38 => {
            put_decimal(out, v < 0, v.unsigned_abs(), s);
            Ok(())
        }
        _ => put_decimal_text(out, &v.to_string(), scale),
    }
}

/// `mantissa × 10^-scale` as plain decimal text (`"-123"`, 2 → `"-1.23"`; -2 → `"-12300"`).
pub(crate) fn decimal_text(mantissa: &str, scale: i32) -> String {
    let (sign, digits) = match mantissa.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", mantissa),
    };
    if scale <= 0 {
        let zeros = if digits == "0" {
            0
        } else {
            scale.unsigned_abs() as usize
        };
        return format!("{sign}{digits}{}", "0".repeat(zeros));
    }
    let scale = scale as usize;
    let padded = if digits.len() <= scale {
        format!("{}{digits}", "0".repeat(scale + 1 - digits.len()))
    } else {
        digits.to_owned()
    };
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn via_numeric(v: i128, scale: u16) -> Vec<u8> {
        let mut b = BytesMut::new();
        Numeric::new(v, scale).unwrap().encode(&mut b);
        b.to_vec()
    }

    fn fast(v: i128, scale: u32) -> Vec<u8> {
        let mut out = Vec::new();
        put_decimal(&mut out, v < 0, v.unsigned_abs(), scale);
        out
    }

    #[test]
    fn put_decimal_matches_numeric_on_edges() {
        for (v, s) in [
            (0i128, 0u16),
            (0, 5),
            (1, 0),
            (-1, 4),
            (10000, 0),
            (12345678, 4),
            (5, 8),
            (-99_999_999_999_999_999_999_999_999_999_999_999_999, 38),
            (i128::MAX, 0),
            (i128::MIN + 1, 38),
            (100_000_000, 3),
        ] {
            assert_eq!(fast(v, u32::from(s)), via_numeric(v, s), "{v} scale {s}");
        }
    }

    #[test]
    fn decimal_text_places_the_point() {
        assert_eq!(decimal_text("-123", 2), "-1.23");
        assert_eq!(decimal_text("5", 3), "0.005");
        assert_eq!(decimal_text("-123", -2), "-12300");
        assert_eq!(decimal_text("0", -2), "0");
        assert_eq!(decimal_text("42", 0), "42");
    }

    proptest! {
        #[test]
        fn put_decimal_matches_numeric(v in any::<i128>(), s in 0u16..=38) {
            prop_assert_eq!(fast(v, u32::from(s)), via_numeric(v, s));
        }

        #[test]
        fn put_decimal_text_matches_numeric(v in any::<i64>(), s in 0i32..=20) {
            let mut out = Vec::new();
            put_decimal_text(&mut out, &v.to_string(), s).unwrap();
            prop_assert_eq!(out, via_numeric(i128::from(v), s as u16));
        }
    }
}
