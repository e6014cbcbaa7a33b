//! Arrow's dates, times, timestamps and durations in PostgreSQL's units and epoch.
//!
//! Sub-microsecond values are truncated toward negative infinity (`div_euclid`), so an instant
//! just before 1970 or 2000 stays before it.

use std::fmt;

use arrow_schema::TimeUnit;

use crate::copy::arrow::{EPOCH_DAYS, EPOCH_MICROS};
use crate::types::{Date, Timestamp};

const USECS_PER_DAY: i64 = 86_400_000_000;

/// A value outside its PostgreSQL type's range, kept as the value and formatted only when
/// reported: the checks stay free of allocation, so a column's checks run as a tight loop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum OutOfRange {
    Timestamp(i64, TimeUnit),
    Date(i64),
    Time(i64, TimeUnit),
    Duration(i64, TimeUnit),
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            OutOfRange::Timestamp(v, unit) => write!(
                f,
                "timestamp {v} {} since 1970 is outside PostgreSQL's range",
                unit_name(unit)
            ),
            OutOfRange::Date(days) => {
                write!(
                    f,
                    "date {days} days since 1970 is outside PostgreSQL's range"
                )
            }
            OutOfRange::Time(v, unit) => {
                write!(f, "time {v} {} is not within a day", unit_name(unit))
            }
            OutOfRange::Duration(v, unit) => {
                write!(f, "duration {v} {} overflows microseconds", unit_name(unit))
            }
        }
    }
}

impl From<OutOfRange> for String {
    fn from(e: OutOfRange) -> String {
        e.to_string()
    }
}

/// `v` in `unit` as microseconds, `None` on overflow.
#[inline]
fn micros(v: i64, unit: TimeUnit) -> Option<i64> {
    match unit {
        TimeUnit::Second => v.checked_mul(1_000_000),
        TimeUnit::Millisecond => v.checked_mul(1_000),
        TimeUnit::Microsecond => Some(v),
        TimeUnit::Nanosecond => Some(v.div_euclid(1_000)),
    }
}

fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Second => "s",
        TimeUnit::Millisecond => "ms",
        TimeUnit::Microsecond => "us",
        TimeUnit::Nanosecond => "ns",
    }
}

/// A timestamp since 1970 in `unit` as PostgreSQL's microseconds since 2000; `i64::MAX` and
/// `i64::MIN` are ±infinity.
#[inline]
pub(crate) fn timestamp(v: i64, unit: TimeUnit) -> Result<i64, OutOfRange> {
    if v == i64::MAX || v == i64::MIN {
        return Ok(v);
    }
    micros(v, unit)
        .and_then(|m| m.checked_sub(EPOCH_MICROS))
        .filter(|m| (Timestamp::MIN.pg_micros()..=Timestamp::MAX.pg_micros()).contains(m))
        .ok_or(OutOfRange::Timestamp(v, unit))
}

/// Days since 1970 as PostgreSQL's days since 2000; `i32::MAX`/`MIN` (Date32) are ±infinity.
#[inline]
pub(crate) fn date(days: i64) -> Result<i32, OutOfRange> {
    if days == i64::from(i32::MAX) || days == i64::from(i32::MIN) {
        return Ok(days as i32);
    }
    i32::try_from(days - EPOCH_DAYS)
        .ok()
        .filter(|d| (Date::MIN.pg_days()..=Date::MAX.pg_days()).contains(d))
        .ok_or(OutOfRange::Date(days))
}

/// Date64's milliseconds since 1970 as PostgreSQL days; `i64::MAX`/`MIN` are ±infinity.
#[inline]
pub(crate) fn date64(ms: i64) -> Result<i32, OutOfRange> {
    match ms {
        i64::MAX => Ok(i32::MAX),
        i64::MIN => Ok(i32::MIN),
        _ => date(ms.div_euclid(86_400_000)),
    }
}

/// A time of day in `unit` as microseconds since midnight (24:00:00 included).
#[inline]
pub(crate) fn time(v: i64, unit: TimeUnit) -> Result<i64, OutOfRange> {
    micros(v, unit)
        .filter(|m| (0..=USECS_PER_DAY).contains(m))
        .ok_or(OutOfRange::Time(v, unit))
}

/// A duration in `unit` as microseconds.
#[inline]
pub(crate) fn duration(v: i64, unit: TimeUnit) -> Result<i64, OutOfRange> {
    micros(v, unit).ok_or(OutOfRange::Duration(v, unit))
}

/// `interval`'s binary form: microseconds, days, months.
#[inline]
pub(crate) fn interval(months: i32, days: i32, micros: i64) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&micros.to_be_bytes());
    out[8..12].copy_from_slice(&days.to_be_bytes());
    out[12..].copy_from_slice(&months.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nanoseconds_truncate_toward_negative_infinity() {
        assert_eq!(timestamp(-1, TimeUnit::Nanosecond), Ok(-1 - EPOCH_MICROS));
        assert_eq!(timestamp(1_999, TimeUnit::Nanosecond), Ok(1 - EPOCH_MICROS));
        assert_eq!(
            timestamp(-1_000, TimeUnit::Nanosecond),
            Ok(-1 - EPOCH_MICROS)
        );
        assert_eq!(duration(-1, TimeUnit::Nanosecond), Ok(-1));
        assert_eq!(time(999, TimeUnit::Nanosecond), Ok(0));
    }

    #[test]
    fn errors_say_what_and_where() {
        assert_eq!(
            timestamp(i64::MAX - 1, TimeUnit::Second)
                .unwrap_err()
                .to_string(),
            "timestamp 9223372036854775806 s since 1970 is outside PostgreSQL's range"
        );
        assert_eq!(
            date(i64::from(i32::MAX) - 1).unwrap_err().to_string(),
            "date 2147483646 days since 1970 is outside PostgreSQL's range"
        );
        assert_eq!(
            time(-1, TimeUnit::Microsecond).unwrap_err().to_string(),
            "time -1 us is not within a day"
        );
        assert_eq!(
            duration(i64::MAX, TimeUnit::Second)
                .unwrap_err()
                .to_string(),
            "duration 9223372036854775807 s overflows microseconds"
        );
    }

    #[test]
    fn timestamps_out_of_range_are_errors() {
        assert!(timestamp(i64::MAX - 1, TimeUnit::Second).is_err());
        assert!(timestamp(i64::MIN + 1, TimeUnit::Microsecond).is_err());
        assert_eq!(timestamp(i64::MAX, TimeUnit::Second), Ok(i64::MAX));
        assert_eq!(timestamp(EPOCH_MICROS, TimeUnit::Microsecond), Ok(0));
        // PostgreSQL's range ends after i64 microseconds from 1970 do: the last finite Arrow
        // value fits. Its first instant, 4714-11-24 BC, is the lower bound.
        let last = i64::MAX - 1;
        assert_eq!(
            timestamp(last, TimeUnit::Microsecond),
            Ok(last - EPOCH_MICROS)
        );
        let first = Timestamp::MIN.pg_micros() + EPOCH_MICROS;
        assert_eq!(
            timestamp(first, TimeUnit::Microsecond),
            Ok(Timestamp::MIN.pg_micros())
        );
        assert!(timestamp(first - 1, TimeUnit::Microsecond).is_err());
    }

    #[test]
    fn dates_and_times_are_range_checked() {
        assert_eq!(date(EPOCH_DAYS), Ok(0));
        assert_eq!(date(i64::from(i32::MAX)), Ok(i32::MAX));
        assert!(date(i64::from(i32::MAX) - 1).is_err());
        assert_eq!(date64(-1), Ok(-1 - EPOCH_DAYS as i32));
        assert!(time(-1, TimeUnit::Microsecond).is_err());
        assert_eq!(time(86_400, TimeUnit::Second), Ok(USECS_PER_DAY));
        assert!(time(86_401, TimeUnit::Second).is_err());
        assert!(duration(i64::MAX, TimeUnit::Second).is_err());
    }
}
