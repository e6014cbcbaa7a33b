//! `numeric`'s text form: `Display` as `numeric_out` prints, `FromStr` as `numeric_in` reads.

use std::fmt::{self, Write};
use std::str::FromStr;

use super::{DigitBuf, MAX_SCALE, Numeric, Sign};

/// Why a string is not a `numeric`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseNumericError {
    /// The text is not a number (PostgreSQL: "invalid input syntax for type numeric").
    Syntax {
        /// Byte offset of the first character that does not fit.
        position: usize,
    },
    /// The number has more digits before or after the decimal point than `numeric` can hold
    /// (PostgreSQL: "value overflows numeric format").
    Overflow,
}

impl fmt::Display for ParseNumericError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseNumericError::Syntax { position } => {
                write!(
                    f,
                    "invalid input syntax for type numeric at byte {position}"
                )
            }
            ParseNumericError::Overflow => f.write_str("value overflows numeric format"),
        }
    }
}

impl std::error::Error for ParseNumericError {}

fn four(f: &mut fmt::Formatter<'_>, d: u16, take: usize) -> fmt::Result {
    let b = [
        b'0' + (d / 1000) as u8,
        b'0' + (d / 100 % 10) as u8,
        b'0' + (d / 10 % 10) as u8,
        b'0' + (d % 10) as u8,
    ];
    // ASCII digits are valid UTF-8.
    f.write_str(std::str::from_utf8(&b[..take]).expect("ASCII digits"))
}

impl fmt::Display for Numeric {
    /// Prints as PostgreSQL's `numeric_out`: all digits, exactly `scale` after the point.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.sign {
            Sign::NaN => return f.write_str("NaN"),
            Sign::Infinity => return f.write_str("Infinity"),
            Sign::NegInfinity => return f.write_str("-Infinity"),
            Sign::Negative => f.write_char('-')?,
            Sign::Positive => {}
        }
        let digits = self.digits();
        let weight = i32::from(self.weight);
        let at = |i: i32| -> u16 {
            usize::try_from(i)
                .ok()
                .and_then(|i| digits.get(i))
                .copied()
                .unwrap_or(0)
        };
        if weight < 0 || digits.is_empty() {
            f.write_char('0')?;
        } else {
            // The first digit without leading zeros, the rest padded to four.
            write!(f, "{}", at(0))?;
            for i in 1..=weight {
                four(f, at(i), 4)?;
            }
        }
        if self.scale > 0 {
            f.write_char('.')?;
            let mut left = usize::from(self.scale);
            // Fractional digit k (1-based) sits at index weight + k.
            let mut i = weight + 1;
            while left > 0 {
                let take = left.min(4);
                four(f, at(i), take)?;
                left -= take;
                i += 1;
            }
        }
        Ok(())
    }
}

/// PostgreSQL's `isspace` set (C locale).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

impl FromStr for Numeric {
    type Err = ParseNumericError;

    /// Reads what PostgreSQL 15's `numeric_in` accepts: surrounding whitespace, a sign,
    /// digits with an optional decimal point, an exponent (`e`/`E`), and `NaN`, `Infinity`,
    /// `inf` with optional sign, case-insensitively.
    fn from_str(s: &str) -> Result<Numeric, ParseNumericError> {
        let b = s.as_bytes();
        let mut start = 0;
        while start < b.len() && is_space(b[start]) {
            start += 1;
        }
        let mut end = b.len();
        while end > start && is_space(b[end - 1]) {
            end -= 1;
        }
        let body = &b[start..end];
        let special = |name: &str| body.eq_ignore_ascii_case(name.as_bytes());
        if special("nan") {
            return Ok(Numeric::NAN);
        }
        if special("infinity") || special("+infinity") || special("inf") || special("+inf") {
            return Ok(Numeric::INFINITY);
        }
        if special("-infinity") || special("-inf") {
            return Ok(Numeric::NEG_INFINITY);
        }
        let syntax = |at: usize| ParseNumericError::Syntax { position: at };

        let mut p = start;
        let negative = match body.first() {
            Some(b'-') => {
                p += 1;
                true
            }
            Some(b'+') => {
                p += 1;
                false
            }
            _ => false,
        };
        let int_start = p;
        while p < end && b[p].is_ascii_digit() {
            p += 1;
        }
        let int_end = p;
        let (frac_start, frac_end) = if p < end && b[p] == b'.' {
            p += 1;
            let fs = p;
            while p < end && b[p].is_ascii_digit() {
                p += 1;
            }
            (fs, p)
        } else {
            (p, p)
        };
        if int_end == int_start && frac_end == frac_start {
            return Err(syntax(p));
        }
        let mut exponent: i64 = 0;
        if p < end && (b[p] == b'e' || b[p] == b'E') {
            p += 1;
            // As strtol: optional whitespace, an optional sign, then at least one digit.
            while p < end && is_space(b[p]) {
                p += 1;
            }
            let exp_negative = match b.get(p) {
                Some(b'-') if p < end => {
                    p += 1;
                    true
                }
                Some(b'+') if p < end => {
                    p += 1;
                    false
                }
                _ => false,
            };
            let digits_at = p;
            while p < end && b[p].is_ascii_digit() {
                // Saturate: anything past i32::MAX / 2 overflows below anyway.
                exponent = (exponent * 10 + i64::from(b[p] - b'0')).min(i64::from(i32::MAX));
                p += 1;
            }
            if p == digits_at {
                return Err(syntax(p));
            }
            if exp_negative {
                exponent = -exponent;
            }
            if exponent >= i64::from(i32::MAX / 2) || exponent <= -i64::from(i32::MAX / 2) {
                return Err(ParseNumericError::Overflow);
            }
        }
        if p != end {
            return Err(syntax(p));
        }

        let int_digits = &b[int_start..int_end];
        let frac_digits = &b[frac_start..frac_end];
        let count = int_digits.len() + frac_digits.len();
        // Decimal weight of the first digit, and the display scale.
        let dweight = int_digits.len() as i64 - 1 + exponent;
        let dscale = frac_digits.len() as i64 - exponent;
        let digits = int_digits.iter().chain(frac_digits).map(|c| c - b'0');
        assemble(negative, digits, count, dweight, dscale).ok_or(ParseNumericError::Overflow)
    }
}

/// Builds a value from decimal digits (values 0..=9): the first weighs `10^dweight`, and
/// `dscale` digits are shown after the point (negative means 0). `None` when it overflows.
pub(super) fn assemble(
    negative: bool,
    digits: impl Iterator<Item = u8>,
    count: usize,
    dweight: i64,
    dscale: i64,
) -> Option<Numeric> {
    let dscale = dscale.max(0);
    if dscale > i64::from(MAX_SCALE) {
        return None;
    }
    let weight = if dweight >= 0 {
        (dweight + 4) / 4 - 1
    } else {
        -((-dweight - 1) / 4 + 1)
    };
    // Zero digits to put in front so the decimal digits line up with base-10000 groups.
    let offset = (weight + 1) * 4 - (dweight + 1);
    let mut buf = DigitBuf::new();
    // Bounded by the number of digits given.
    buf.reserve((count as i64 + offset + 3) as usize / 4);
    let mut acc: u16 = 0;
    let mut filled = offset;
    for d in digits {
        acc = acc * 10 + u16::from(d);
        filled += 1;
        if filled == 4 {
            buf.push(acc);
            acc = 0;
            filled = 0;
        }
    }
    if filled > 0 {
        buf.push(acc * 10u16.pow((4 - filled) as u32));
    }
    // dscale <= MAX_SCALE was checked above.
    Numeric::normalize(negative, weight, dscale as u16, buf)
}
