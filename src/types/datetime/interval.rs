//! `interval`: months, days and microseconds, kept apart as PostgreSQL keeps them.

use std::fmt;

use bytes::{BufMut, BytesMut};

use super::super::primitives::{base_oid, oid};
use super::super::wire::Reader;
use super::super::{BoxError, FromSql, IsNull, ToSql, Type};
use super::calendar::{USECS_PER_HOUR, USECS_PER_MINUTE, USECS_PER_SEC, write_fraction};

/// An `interval`: months, days and microseconds, each signed and independent (a month is not
/// a fixed number of days, nor a day a fixed number of hours across DST changes).
///
/// `==` compares the three fields; PostgreSQL's own `=` also equates `'1 mon'` and
/// `'30 days'`. `Display` prints as PostgreSQL does with `IntervalStyle = postgres`.
/// PostgreSQL 17's `infinity` and `-infinity` are [`Interval::INFINITY`] and
/// [`Interval::NEG_INFINITY`].
///
/// ```
/// use pgline::types::Interval;
/// let i = Interval::new(14, 3, 4 * 3_600_000_000 + 5_000_000);
/// assert_eq!(i.to_string(), "1 year 2 mons 3 days 04:00:05");
/// assert_eq!(Interval::new(0, 0, -1).to_string(), "-00:00:00.000001");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct Interval {
    /// Months (a year is 12).
    pub months: i32,
    /// Days.
    pub days: i32,
    /// Microseconds.
    pub microseconds: i64,
}

impl Interval {
    /// PostgreSQL 17's `infinity`.
    pub const INFINITY: Interval = Interval::new(i32::MAX, i32::MAX, i64::MAX);
    /// PostgreSQL 17's `-infinity`.
    pub const NEG_INFINITY: Interval = Interval::new(i32::MIN, i32::MIN, i64::MIN);

    /// An interval of `months`, `days` and `microseconds`.
    pub const fn new(months: i32, days: i32, microseconds: i64) -> Interval {
        Interval {
            months,
            days,
            microseconds,
        }
    }

    /// Whether this is neither infinity.
    pub fn is_finite(&self) -> bool {
        *self != Interval::INFINITY && *self != Interval::NEG_INFINITY
    }
}

/// Writes one `<n> <unit>[s]` part as PostgreSQL's `AddPostgresIntPart` does: a `+` on a
/// positive part that follows a negative one.
fn int_part(
    f: &mut fmt::Formatter<'_>,
    value: i32,
    unit: &str,
    is_zero: &mut bool,
    is_before: &mut bool,
) -> fmt::Result {
    if value == 0 {
        return Ok(());
    }
    let space = if *is_zero { "" } else { " " };
    let plus = if *is_before && value > 0 { "+" } else { "" };
    let plural = if value != 1 { "s" } else { "" };
    write!(f, "{space}{plus}{value} {unit}{plural}")?;
    *is_before = value < 0;
    *is_zero = false;
    Ok(())
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Interval::INFINITY {
            return f.write_str("infinity");
        }
        if *self == Interval::NEG_INFINITY {
            return f.write_str("-infinity");
        }
        let (mut is_zero, mut is_before) = (true, false);
        int_part(f, self.months / 12, "year", &mut is_zero, &mut is_before)?;
        int_part(f, self.months % 12, "mon", &mut is_zero, &mut is_before)?;
        int_part(f, self.days, "day", &mut is_zero, &mut is_before)?;
        let us = self.microseconds;
        if is_zero || us != 0 {
            let space = if is_zero { "" } else { " " };
            let sign = if us < 0 {
                "-"
            } else if is_before {
                "+"
            } else {
                ""
            };
            let abs = us.unsigned_abs();
            let hours = abs / USECS_PER_HOUR as u64;
            let minutes = abs / USECS_PER_MINUTE as u64 % 60;
            let seconds = abs / USECS_PER_SEC as u64 % 60;
            write!(f, "{space}{sign}{hours:02}:{minutes:02}:{seconds:02}")?;
            write_fraction(f, (abs % USECS_PER_SEC as u64) as i64)?;
        }
        Ok(())
    }
}

impl ToSql for Interval {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(self.microseconds);
        out.put_i32(self.days);
        out.put_i32(self.months);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::INTERVAL
    }
}

impl<'a> FromSql<'a> for Interval {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Interval, BoxError> {
        let mut r = Reader::new(raw, "interval");
        let microseconds = r.i64("microseconds")?;
        let days = r.i32("days")?;
        let months = r.i32("months")?;
        r.finish()?;
        Ok(Interval {
            months,
            days,
            microseconds,
        })
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::INTERVAL
    }
}
