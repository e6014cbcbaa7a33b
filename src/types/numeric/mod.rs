//! `numeric`: an exact decimal holding PostgreSQL's own representation.
//!
//! Base-10000 digits, weight, sign (with NaN and ±Infinity) and display scale, exactly as the
//! server stores them; never rounded through a float. See
//! <https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-NUMERIC-DECIMAL>.

mod codec;
mod convert;
mod text;

#[cfg(feature = "bigdecimal")]
mod bigdecimal;
#[cfg(feature = "rust_decimal")]
mod decimal;

pub use text::ParseNumericError;

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

/// The largest display scale PostgreSQL allows (`NUMERIC_DSCALE_MAX`).
pub const MAX_SCALE: u16 = 0x3FFF;

/// Base-10000 digits held inline: enough for 28 decimal digits (rust_decimal's whole range).
const INLINE: usize = 8;

/// An exact decimal number as PostgreSQL's `numeric` holds it.
///
/// The value is `digits` in base 10000, the first digit weighing `10000^weight`, with a
/// display `scale` (digits shown after the decimal point), or NaN, `Infinity` or `-Infinity`.
/// Any value PostgreSQL accepts fits (131072 digits before the decimal point, 16383 after).
/// Values of up to 8 base-10000 digits (32 decimal digits) are held without a heap allocation.
///
/// `==`, `Ord` and `Hash` compare numeric values, as PostgreSQL does: `1.0 == 1.00`, and NaN
/// equals itself and sorts above `Infinity`. [`Numeric::scale`] tells the display scales apart.
/// `Display` and `FromStr` follow PostgreSQL's text format.
///
/// ```
/// use pgline::types::Numeric;
/// let n: Numeric = "-12345.6700".parse().unwrap();
/// assert_eq!(n.to_string(), "-12345.6700");
/// assert_eq!(n.scale(), 4);
/// assert_eq!(n, "-1.23456700e4".parse().unwrap());
/// assert_eq!(Numeric::from(42i64).to_string(), "42");
/// assert!("NaN".parse::<Numeric>().unwrap().is_nan());
/// ```
#[derive(Clone)]
pub struct Numeric {
    sign: Sign,
    weight: i16,
    scale: u16,
    digits: Digits,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Sign {
    Positive,
    Negative,
    NaN,
    Infinity,
    NegInfinity,
}

/// Base-10000 digits, inline up to [`INLINE`], on the heap beyond.
#[derive(Clone)]
enum Digits {
    Inline { len: u8, buf: [u16; INLINE] },
    Heap(Vec<u16>),
}

impl Digits {
    const EMPTY: Digits = Digits::Inline {
        len: 0,
        buf: [0; INLINE],
    };

    fn from_slice(d: &[u16]) -> Digits {
        if d.len() <= INLINE {
            let mut buf = [0; INLINE];
            buf[..d.len()].copy_from_slice(d);
            // len <= INLINE (8), so it fits a u8.
            Digits::Inline {
                len: d.len() as u8,
                buf,
            }
        } else {
            Digits::Heap(d.to_vec())
        }
    }

    fn as_slice(&self) -> &[u16] {
        match self {
            Digits::Inline { len, buf } => &buf[..usize::from(*len)],
            Digits::Heap(v) => v,
        }
    }
}

/// Collects base-10000 digits without allocating until they outgrow the inline buffer.
pub(crate) struct DigitBuf {
    len: usize,
    buf: [u16; INLINE],
    heap: Vec<u16>,
}

impl DigitBuf {
    pub(crate) fn new() -> DigitBuf {
        DigitBuf {
            len: 0,
            buf: [0; INLINE],
            heap: Vec::new(),
        }
    }

    /// Reads big-endian `int16` digits, each below 10000 (else the bad one is returned).
    pub(crate) fn from_wire(body: &[u8]) -> Result<DigitBuf, i16> {
        let mut out = DigitBuf::new();
        let n = body.len() / 2;
        let digit = |c: &[u8]| {
            let d = i16::from_be_bytes([c[0], c[1]]);
            if (0..10000).contains(&d) {
                Ok(d as u16)
            } else {
                Err(d)
            }
        };
        if n <= INLINE {
            for (slot, c) in out.buf.iter_mut().zip(body.chunks_exact(2)) {
                *slot = digit(c)?;
            }
            out.len = n;
        } else {
            out.heap = body.chunks_exact(2).map(digit).collect::<Result<_, _>>()?;
            out.len = n;
        }
        Ok(out)
    }

    /// Reserves room for `n` digits; callers bound `n` by the input length first.
    pub(crate) fn reserve(&mut self, n: usize) {
        if n > INLINE {
            self.heap.reserve(n);
        }
    }

    pub(crate) fn push(&mut self, d: u16) {
        if self.heap.is_empty() && self.len < INLINE {
            self.buf[self.len] = d;
        } else {
            if self.heap.is_empty() {
                self.heap.extend_from_slice(&self.buf[..self.len]);
            }
            self.heap.push(d);
        }
        self.len += 1;
    }

    fn set(&mut self, i: usize, d: u16) {
        if self.heap.is_empty() {
            self.buf[i] = d;
        } else {
            self.heap[i] = d;
        }
    }

    pub(crate) fn as_slice(&self) -> &[u16] {
        if self.heap.is_empty() {
            &self.buf[..self.len]
        } else {
            &self.heap
        }
    }

    fn into_digits(self, range: std::ops::Range<usize>) -> Digits {
        if self.heap.is_empty() || range.len() <= INLINE {
            Digits::from_slice(&self.as_slice()[range])
        } else {
            let mut v = self.heap;
            v.truncate(range.end);
            v.drain(..range.start);
            Digits::Heap(v)
        }
    }
}

impl Numeric {
    /// Not-a-number.
    pub const NAN: Numeric = Numeric::special(Sign::NaN);
    /// `Infinity`.
    pub const INFINITY: Numeric = Numeric::special(Sign::Infinity);
    /// `-Infinity`.
    pub const NEG_INFINITY: Numeric = Numeric::special(Sign::NegInfinity);
    /// Zero, with scale 0.
    pub const ZERO: Numeric = Numeric::special(Sign::Positive);

    const fn special(sign: Sign) -> Numeric {
        Numeric {
            sign,
            weight: 0,
            scale: 0,
            digits: Digits::EMPTY,
        }
    }

    /// Builds a finite value from PostgreSQL's parts: base-10000 `digits` (each below 10000),
    /// the `weight` of the first one, and the display `scale`.
    ///
    /// Like the server, digits hidden by `scale` are dropped, and leading and trailing zero
    /// digits are stripped. Returns `None` if a digit is 10000 or more, `scale` exceeds
    /// [`MAX_SCALE`], or the weight leaves `i16` after stripping.
    ///
    /// ```
    /// use pgline::types::Numeric;
    /// let n = Numeric::from_parts(true, 1, 2, &[12, 3456, 7800]).unwrap();
    /// assert_eq!(n.to_string(), "-123456.78");
    /// ```
    pub fn from_parts(negative: bool, weight: i16, scale: u16, digits: &[u16]) -> Option<Numeric> {
        if scale > MAX_SCALE || digits.iter().any(|&d| d >= 10000) {
            return None;
        }
        let mut buf = DigitBuf::new();
        buf.reserve(digits.len());
        for &d in digits {
            buf.push(d);
        }
        Numeric::normalize(negative, i64::from(weight), scale, buf)
    }

    /// A finite value from already-normalized inline digits (`len` of them, the first and
    /// last non-zero, none past the scale).
    fn inline(negative: bool, weight: i16, scale: u16, len: usize, buf: [u16; INLINE]) -> Numeric {
        debug_assert!(len > 0 && len <= INLINE && buf[0] != 0 && buf[len - 1] != 0);
        Numeric {
            sign: if negative {
                Sign::Negative
            } else {
                Sign::Positive
            },
            weight,
            scale,
            // len <= INLINE (8) fits a u8.
            digits: Digits::Inline {
                len: len as u8,
                buf,
            },
        }
    }

    /// Truncates digits beyond `scale`, strips zero digits, and checks the weight.
    pub(crate) fn normalize(
        negative: bool,
        weight: i64,
        scale: u16,
        mut digits: DigitBuf,
    ) -> Option<Numeric> {
        let len = digits.as_slice().len() as i64;
        // Digit i weighs 10000^(weight - i); digits past index weight + ceil(scale / 4) lie
        // wholly beyond the display scale.
        let limit = weight + 1 + (i64::from(scale) + 3) / 4;
        let mut end = limit.clamp(0, len) as usize;
        if limit >= 1 && limit <= len && scale % 4 != 0 {
            // The last kept digit is fractional and holds decimal places past the scale.
            let unit = 10u16.pow(u32::from(4 - scale % 4));
            let i = end - 1;
            let last = digits.as_slice()[i];
            digits.set(i, last - last % unit);
        }
        let d = digits.as_slice();
        while end > 0 && d[end - 1] == 0 {
            end -= 1;
        }
        let mut start = 0;
        while start < end && d[start] == 0 {
            start += 1;
        }
        if start == end {
            return Some(Numeric {
                sign: Sign::Positive,
                weight: 0,
                scale,
                digits: Digits::EMPTY,
            });
        }
        let weight = i16::try_from(weight - start as i64).ok()?;
        Some(Numeric {
            sign: if negative {
                Sign::Negative
            } else {
                Sign::Positive
            },
            weight,
            scale,
            digits: digits.into_digits(start..end),
        })
    }

    /// Whether this is NaN.
    pub fn is_nan(&self) -> bool {
        self.sign == Sign::NaN
    }

    /// Whether this is `Infinity` or `-Infinity`.
    pub fn is_infinite(&self) -> bool {
        matches!(self.sign, Sign::Infinity | Sign::NegInfinity)
    }

    /// Whether this is a finite number (not NaN, not infinite).
    pub fn is_finite(&self) -> bool {
        matches!(self.sign, Sign::Positive | Sign::Negative)
    }

    /// Whether this is zero (at any scale).
    pub fn is_zero(&self) -> bool {
        self.sign == Sign::Positive && self.digits.as_slice().is_empty()
    }

    /// Whether this is below zero (including `-Infinity`).
    pub fn is_sign_negative(&self) -> bool {
        matches!(self.sign, Sign::Negative | Sign::NegInfinity)
    }

    /// The display scale: how many digits are shown after the decimal point.
    pub fn scale(&self) -> u16 {
        self.scale
    }

    /// The weight of the first base-10000 digit: the value is
    /// `sum(digits[i] * 10000^(weight - i))`.
    pub fn weight(&self) -> i16 {
        self.weight
    }

    /// The base-10000 digits, without leading or trailing zeros (empty for zero and the
    /// special values).
    pub fn digits(&self) -> &[u16] {
        self.digits.as_slice()
    }

    /// The same value shown with another display scale, truncating digits beyond it (as
    /// PostgreSQL's `trunc(value, scale)` does) or padding with zeros.
    ///
    /// ```
    /// use pgline::types::Numeric;
    /// let n: Numeric = "3.14159".parse().unwrap();
    /// assert_eq!(n.with_scale(2).unwrap().to_string(), "3.14");
    /// assert_eq!(n.with_scale(7).unwrap().to_string(), "3.1415900");
    /// ```
    pub fn with_scale(&self, scale: u16) -> Option<Numeric> {
        if !self.is_finite() {
            return Some(self.clone());
        }
        Numeric::from_parts(
            self.sign == Sign::Negative,
            self.weight,
            scale,
            self.digits(),
        )
    }

    fn rank(&self) -> u8 {
        match self.sign {
            Sign::NegInfinity => 0,
            Sign::Negative | Sign::Positive => 1,
            Sign::Infinity => 2,
            Sign::NaN => 3,
        }
    }

    fn cmp_magnitude(&self, other: &Numeric) -> Ordering {
        match (self.digits().is_empty(), other.digits().is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        // Normalized digits have no leading zeros, so weight decides first; then the digits,
        // where a shorter prefix is the smaller value (no trailing zeros either).
        self.weight
            .cmp(&other.weight)
            .then_with(|| self.digits().cmp(other.digits()))
    }
}

impl Default for Numeric {
    fn default() -> Numeric {
        Numeric::ZERO
    }
}

impl PartialEq for Numeric {
    fn eq(&self, other: &Numeric) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Numeric {}

impl PartialOrd for Numeric {
    fn partial_cmp(&self, other: &Numeric) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Numeric {
    fn cmp(&self, other: &Numeric) -> Ordering {
        match self.rank().cmp(&other.rank()) {
            Ordering::Equal if self.rank() == 1 => {
                let neg = |n: &Numeric| n.sign == Sign::Negative && !n.digits().is_empty();
                match (neg(self), neg(other)) {
                    (false, false) => self.cmp_magnitude(other),
                    (true, true) => other.cmp_magnitude(self),
                    (false, true) => Ordering::Greater,
                    (true, false) => Ordering::Less,
                }
            }
            ord => ord,
        }
    }
}

impl Hash for Numeric {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Equal values have equal sign, weight and digits; only the scale may differ.
        self.sign.hash(state);
        if self.is_finite() {
            self.weight.hash(state);
            self.digits().hash(state);
        }
    }
}

impl std::fmt::Debug for Numeric {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Numeric({self})")
    }
}

#[cfg(test)]
mod tests;
