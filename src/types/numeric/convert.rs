//! Exact conversions between `Numeric` and Rust's integers and floats.

use super::text::assemble;
use super::{Numeric, Sign};
use crate::types::ConvertError;

impl Numeric {
    /// The value `mantissa * 10^-scale`, shown with `scale` digits after the point; `None`
    /// when `scale` exceeds [`MAX_SCALE`](super::MAX_SCALE).
    ///
    /// ```
    /// use pgline::types::Numeric;
    /// assert_eq!(Numeric::new(-12345, 3).unwrap().to_string(), "-12.345");
    /// assert_eq!(Numeric::new(5, 4).unwrap().to_string(), "0.0005");
    /// ```
    pub fn new(mantissa: i128, scale: u16) -> Option<Numeric> {
        let mut buf = [0u8; 39];
        let digits = decimal_digits(mantissa.unsigned_abs(), &mut buf);
        let dweight = digits.len() as i64 - 1 - i64::from(scale);
        assemble(
            mantissa < 0,
            digits.iter().copied(),
            digits.len(),
            dweight,
            i64::from(scale),
        )
    }

    /// The nearest `f64` (correctly rounded); NaN and the infinities map to theirs, values
    /// beyond `f64`'s range to an infinity. Formats the value to text first, so it allocates.
    pub fn to_f64(&self) -> f64 {
        match self.sign {
            Sign::NaN => f64::NAN,
            Sign::Infinity => f64::INFINITY,
            Sign::NegInfinity => f64::NEG_INFINITY,
            // Display prints a plain decimal, which f64's parser always accepts.
            _ => self.to_string().parse().unwrap_or(f64::NAN),
        }
    }

    /// The integer value, if finite and without a fractional part.
    fn to_u128_magnitude(&self, target: &'static str) -> Result<u128, ConvertError> {
        if !self.is_finite() {
            return Err(ConvertError::NotFinite { target });
        }
        let digits = self.digits();
        if digits.is_empty() {
            return Ok(0);
        }
        let weight = i64::from(self.weight);
        // Normalized digits have no trailing zeros: any digit past the units is fractional.
        if digits.len() as i64 > weight + 1 {
            return Err(ConvertError::Fractional { target });
        }
        let mut acc: u128 = 0;
        for i in 0..=weight {
            let d = digits.get(i as usize).copied().unwrap_or(0);
            acc = acc
                .checked_mul(10000)
                .and_then(|a| a.checked_add(u128::from(d)))
                .ok_or(ConvertError::OutOfRange { target })?;
        }
        Ok(acc)
    }
}

/// Writes `v`'s decimal digits (values 0..=9, most significant first) into `buf`.
fn decimal_digits(mut v: u128, buf: &mut [u8; 39]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    &buf[i..]
}

macro_rules! integer_conversions {
    ($($t:ty),*) => {$(
        impl From<$t> for Numeric {
            fn from(v: $t) -> Numeric {
                // Any integer up to 128 bits has at most 39 digits and scale 0: never overflows.
                Numeric::new(i128::from(v), 0).expect("integers always fit numeric")
            }
        }

        impl TryFrom<&Numeric> for $t {
            type Error = ConvertError;
            fn try_from(n: &Numeric) -> Result<$t, ConvertError> {
                let target = stringify!($t);
                let m = n.to_u128_magnitude(target)?;
                let out = if n.sign == Sign::Negative {
                    0i128.checked_sub_unsigned(m).and_then(|v| <$t>::try_from(v).ok())
                } else {
                    <$t>::try_from(m).ok()
                };
                out.ok_or(ConvertError::OutOfRange { target })
            }
        }

        impl TryFrom<Numeric> for $t {
            type Error = ConvertError;
            fn try_from(n: Numeric) -> Result<$t, ConvertError> {
                <$t>::try_from(&n)
            }
        }
    )*};
}

integer_conversions!(i8, i16, i32, i64, u8, u16, u32, u64);

impl From<i128> for Numeric {
    fn from(v: i128) -> Numeric {
        // 39 digits at scale 0 always fit.
        Numeric::new(v, 0).expect("integers always fit numeric")
    }
}

impl From<u128> for Numeric {
    fn from(v: u128) -> Numeric {
        let mut buf = [0u8; 39];
        let digits = decimal_digits(v, &mut buf);
        assemble(
            false,
            digits.iter().copied(),
            digits.len(),
            digits.len() as i64 - 1,
            0,
        )
        .expect("integers always fit numeric")
    }
}

impl TryFrom<&Numeric> for i128 {
    type Error = ConvertError;
    fn try_from(n: &Numeric) -> Result<i128, ConvertError> {
        let target = "i128";
        let m = n.to_u128_magnitude(target)?;
        let out = if n.sign == Sign::Negative {
            0i128.checked_sub_unsigned(m)
        } else {
            i128::try_from(m).ok()
        };
        out.ok_or(ConvertError::OutOfRange { target })
    }
}

impl TryFrom<&Numeric> for u128 {
    type Error = ConvertError;
    fn try_from(n: &Numeric) -> Result<u128, ConvertError> {
        let m = n.to_u128_magnitude("u128")?;
        if n.sign == Sign::Negative {
            return Err(ConvertError::OutOfRange { target: "u128" });
        }
        Ok(m)
    }
}

impl From<f64> for Numeric {
    /// The exact decimal of `v`'s shortest round-trip representation (Rust's `{:e}`), so
    /// `0.1f64` becomes `0.1`, not `0.1000000000000000055511151231257827`. NaN and the
    /// infinities map to theirs; -0.0 becomes 0. PostgreSQL's own `float8::numeric` cast keeps
    /// 15 significant digits instead, so the two can differ in the last digits.
    fn from(v: f64) -> Numeric {
        if v.is_nan() {
            return Numeric::NAN;
        }
        if v.is_infinite() {
            return if v > 0.0 {
                Numeric::INFINITY
            } else {
                Numeric::NEG_INFINITY
            };
        }
        // The shortest representation has at most 17 digits and an exponent within
        // -324..=308: always within numeric's range, and always valid syntax.
        format!("{v:e}").parse().unwrap_or(Numeric::NAN)
    }
}

impl From<f32> for Numeric {
    /// As `From<f64>`, with `f32`'s own shortest representation (`0.1f32` becomes `0.1`).
    fn from(v: f32) -> Numeric {
        if v.is_nan() {
            return Numeric::NAN;
        }
        if v.is_infinite() {
            return if v > 0.0 {
                Numeric::INFINITY
            } else {
                Numeric::NEG_INFINITY
            };
        }
        format!("{v:e}").parse().unwrap_or(Numeric::NAN)
    }
}

impl From<&Numeric> for f64 {
    /// See [`Numeric::to_f64`].
    fn from(n: &Numeric) -> f64 {
        n.to_f64()
    }
}
