//! `numeric`'s binary form straight from a decimal mantissa and scale, without building a
//! [`Numeric`] on the common path (the result is byte-for-byte what `Numeric` encodes: the
//! tests compare them).

use arrow_array::{Array, ArrowPrimitiveType, PrimitiveArray};
use bytes::BytesMut;

use super::{Encode, NULL, put, valid_words};
use crate::copy::arrow::error::ValueError;
use crate::types::Numeric;

const POS: u16 = 0x0000;
const NEG: u16 = 0x4000;

/// The longest value [`write_decimal`] writes: at most 39 significant digits (a `u128`) padded
/// by at most 3, so 11 base-10000 digits; 24 leave room to spare.
const MAX_LEN: usize = 8 + 2 * 24;

/// A decimal column's scale and what every value's digits need from it, worked out once.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scale {
    /// numeric's display scale.
    scale: u32,
    /// How many base-10000 digits are fractional: the scale rounded up to whole digits.
    nfrac: u32,
    /// `10^(4 × nfrac - scale)`: the factor that pads the mantissa to whole fractional digits.
    pad: u64,
}

impl Scale {
    /// Integers' scale, 0.
    pub(crate) const INTEGER: Scale = Scale {
        scale: 0,
        nfrac: 0,
        pad: 1,
    };

    /// Scales 0..=38 (so `10^scale` fits `u128`); `None` for the rest.
    pub(crate) fn new(scale: u32) -> Option<Scale> {
        (scale <= 38).then(|| {
            let pad = (4 - scale % 4) % 4;
            Scale {
                scale,
                nfrac: (scale + pad) / 4,
                pad: 10u64.pow(pad),
            }
        })
    }
}

/// The padded mantissa when it fits `u64`: then every split into base-10000 digits is a
/// `u64` division by the constant 10000 (a multiply), where `u128` ones are library calls.
#[inline(always)]
fn narrow(mag: u128, s: Scale) -> Option<u64> {
    u64::try_from(mag).ok()?.checked_mul(s.pad)
}

/// `m` (not 0) without its trailing zero base-10000 digits, and how many there were.
#[inline(always)]
fn strip_zeros(mut m: u64) -> (u64, u32) {
    let mut low = 0;
    while m % 10000 == 0 {
        m /= 10000;
        low += 1;
    }
    (m, low)
}

/// The number of base-10000 digits of `m` (not 0; a `u64` has at most 5).
#[inline(always)]
fn digit_count(m: u64) -> usize {
    1 + usize::from(m >= 10u64.pow(4))
        + usize::from(m >= 10u64.pow(8))
        + usize::from(m >= 10u64.pow(12))
        + usize::from(m >= 10u64.pow(16))
}

/// numeric's 8-byte header: digit count, weight, sign, display scale.
#[inline(always)]
fn header(out: &mut [u8], ndigits: usize, weight: i32, sign: u16, scale: u32) {
    let h = (ndigits as u64) << 48
        | u64::from(weight as i16 as u16) << 32
        | u64::from(sign) << 16
        | u64::from(scale as u16);
    out[..8].copy_from_slice(&h.to_be_bytes());
}

/// The size of the `numeric` binary form of `±mag × 10^-scale`, without building it: the
/// digits are counted, not split.
#[inline(always)]
pub(crate) fn decimal_len(mag: u128, s: Scale) -> usize {
    match narrow(mag, s) {
        Some(0) => 8,
        Some(m) => 8 + 2 * digit_count(strip_zeros(m).0),
        None => write_wide(&mut [0; MAX_LEN], false, mag, s),
    }
}

/// Writes the `numeric` binary form of `±mag × 10^-scale` at the start of `out` (which has
/// room for [`decimal_len`] bytes) and returns its length.
#[inline(always)]
pub(crate) fn write_decimal(out: &mut [u8], negative: bool, mag: u128, s: Scale) -> usize {
    match narrow(mag, s) {
        Some(m) => write_narrow(out, negative, m, s),
        None => write_wide(out, negative, mag, s),
    }
}

/// [`write_decimal`] for a padded mantissa `m` that fits `u64`: the digits are written from
/// the last, so they need no staging array.
#[inline(always)]
fn write_narrow(out: &mut [u8], negative: bool, m: u64, s: Scale) -> usize {
    if m == 0 {
        header(out, 0, 0, POS, s.scale);
        return 8;
    }
    let (mut m, low) = strip_zeros(m);
    let n = digit_count(m);
    // The weight of the first digit, in base-10000 places from the decimal point.
    let weight = (low as usize + n) as i32 - s.nfrac as i32 - 1;
    let field = &mut out[..8 + 2 * n];
    header(field, n, weight, if negative { NEG } else { POS }, s.scale);
    for d in field[8..].chunks_exact_mut(2).rev() {
        d.copy_from_slice(&((m % 10000) as u16).to_be_bytes());
        m /= 10000;
    }
    field.len()
}

/// Splits `mag × 10^-scale` into base-10000 groups, least significant first; returns the
/// number of groups.
fn groups_u128(mag: u128, scale: u32, nfrac: usize, rev: &mut [u16; 24]) -> usize {
    let p = 10u128.pow(scale);
    let (mut int, mut frac) = (mag / p, mag % p);
    let mut n = 0;
    let partial = scale % 4;
    if partial != 0 {
        let q = 10u128.pow(partial);
        rev[0] = ((frac % q) * 10u128.pow(4 - partial)) as u16;
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
    n
}

/// [`write_decimal`] for a mantissa too wide for `u64` once padded (the slow, rare path).
#[cold]
fn write_wide(out: &mut [u8], negative: bool, mag: u128, s: Scale) -> usize {
    let mut rev = [0u16; 24];
    let nfrac = s.nfrac as usize;
    let mut n = match mag.checked_mul(u128::from(s.pad)) {
        Some(mut m) => {
            let mut n = 0;
            while m > 0 || n < nfrac {
                rev[n] = (m % 10000) as u16;
                m /= 10000;
                n += 1;
            }
            n
        }
        None => groups_u128(mag, s.scale, nfrac, &mut rev),
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
    let field = &mut out[..8 + 2 * digits.len()];
    header(field, digits.len(), weight, sign, s.scale);
    for (d, &g) in field[8..].chunks_exact_mut(2).zip(digits.iter().rev()) {
        d.copy_from_slice(&g.to_be_bytes());
    }
    field.len()
}

/// Appends the `numeric` binary form of `±mag × 10^-scale`.
pub(crate) fn put_decimal(out: &mut Vec<u8>, negative: bool, mag: u128, s: Scale) {
    let mut buf = [0u8; MAX_LEN];
    let len = write_decimal(&mut buf, negative, mag, s);
    out.extend_from_slice(&buf[..len]);
}

/// A column of decimals (Decimal128, or integers into numeric) whose scale [`Scale`] takes,
/// each value's sign and magnitude given by `parts`. Sizing counts each value's digits
/// without splitting them; writing splits them straight into the output.
pub(crate) struct Decimal<T: ArrowPrimitiveType, F> {
    pub(crate) array: PrimitiveArray<T>,
    pub(crate) parts: F,
    pub(crate) scale: Scale,
}

impl<T, F> Encode for Decimal<T, F>
where
    T: ArrowPrimitiveType,
    F: Fn(T::Native) -> (bool, u128),
{
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError> {
        let values = self.array.values();
        let len = |v| decimal_len((self.parts)(v).1, self.scale);
        match self.array.nulls().filter(|n| n.null_count() > 0) {
            None => {
                for (s, &v) in sizes.iter_mut().zip(values.iter()) {
                    *s += len(v);
                }
            }
            Some(nulls) => {
                // Straight through, NULL slots sized and the size dropped: a branch per value
                // would mispredict at every NULL. (A NULL slot's value is usually 0; any other
                // only costs time.)
                let chunks = sizes.chunks_mut(64).zip(values.chunks(64));
                for ((sizes, values), valid) in chunks.zip(valid_words(nulls, 0, values.len())) {
                    for (k, (s, &v)) in sizes.iter_mut().zip(values).enumerate() {
                        *s += (valid >> k & 1) as usize * len(v);
                    }
                }
            }
        }
        Ok(4)
    }

    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]) {
        let values = &self.array.values()[first..];
        match self.array.nulls().filter(|n| n.null_count() > 0) {
            None => {
                for (c, &v) in cursors.iter_mut().zip(values) {
                    self.put_value(out, c, v);
                }
            }
            Some(nulls) => {
                let words = valid_words(nulls, first, cursors.len());
                let chunks = cursors.chunks_mut(64).zip(values.chunks(64));
                for ((cursors, values), valid) in chunks.zip(words) {
                    for (k, (c, &v)) in cursors.iter_mut().zip(values).enumerate() {
                        if valid >> k & 1 == 1 {
                            self.put_value(out, c, v);
                        } else {
                            put(out, c, &NULL);
                        }
                    }
                }
            }
        }
    }
}

impl<T, F> Decimal<T, F>
where
    T: ArrowPrimitiveType,
    F: Fn(T::Native) -> (bool, u128),
{
    /// Writes `v`'s field, length word first, at `*c` and advances `*c`.
    #[inline(always)]
    fn put_value(&self, out: &mut [u8], c: &mut usize, v: T::Native) {
        let (negative, mag) = (self.parts)(v);
        let at = *c;
        let len = write_decimal(&mut out[at + 4..], negative, mag, self.scale);
        // At most MAX_LEN bytes.
        out[at..at + 4].copy_from_slice(&(len as i32).to_be_bytes());
        *c = at + 4 + len;
    }
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
    match u32::try_from(scale).ok().and_then(Scale::new) {
        Some(s) => {
            put_decimal(out, v < 0, v.unsigned_abs(), s);
            Ok(())
        }
        None => put_decimal_text(out, &v.to_string(), scale),
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
        put_decimal(
            &mut out,
            v < 0,
            v.unsigned_abs(),
            Scale::new(scale).unwrap(),
        );
        assert_eq!(
            decimal_len(v.unsigned_abs(), Scale::new(scale).unwrap()),
            out.len(),
            "{v} scale {scale}: sized as written"
        );
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
            (-100_000_000, 3),
            (u64::MAX as i128, 0),
            (u64::MAX as i128, 1),
            (u64::MAX as i128 / 10, 1),
            (-(u64::MAX as i128) / 1000, 3),
            (10_000_000_000_000_000_000, 0),
            (1_0000_0000_0000_0000, 16),
            (1, 38),
            (123_4500, 38),
            (-1_0000, 4),
            (-1_0001, 37),
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
        fn put_decimal_matches_numeric_on_u64_mantissas(v in any::<i64>(), s in 0u16..=38) {
            prop_assert_eq!(fast(i128::from(v), u32::from(s)), via_numeric(i128::from(v), s));
        }

        #[test]
        fn put_decimal_matches_numeric_on_round_values(
            v in any::<i32>(), zeros in 0u32..=20, s in 0u16..=38,
        ) {
            let v = i128::from(v) * 10i128.pow(zeros);
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
