//! Proleptic Gregorian calendar arithmetic and PostgreSQL's ISO text pieces.
//!
//! Works for any `i64` day count with floor division, so no input can make it panic or loop
//! (Howard Hinnant's `civil_from_days`/`days_from_civil` algorithms).

use std::fmt;

/// Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
pub(crate) const PG_EPOCH_DAYS: i64 = 10_957;
pub(crate) const USECS_PER_SEC: i64 = 1_000_000;
pub(crate) const USECS_PER_MINUTE: i64 = 60 * USECS_PER_SEC;
pub(crate) const USECS_PER_HOUR: i64 = 60 * USECS_PER_MINUTE;
pub(crate) const USECS_PER_DAY: i64 = 24 * USECS_PER_HOUR;

/// (astronomical year, month 1..=12, day 1..=31) of a day count from 1970-01-01; year 0 is
/// 1 BC.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The day count from 1970-01-01 of a valid (astronomical year, month, day).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn is_leap(y: i64) -> bool {
    y.rem_euclid(4) == 0 && (y.rem_euclid(100) != 0 || y.rem_euclid(400) == 0)
}

pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Writes `YYYY-MM-DD` (year at least four digits, BC years as PostgreSQL counts them) and
/// returns whether the date is BC, for the caller to append ` BC` where PostgreSQL does.
pub(crate) fn write_date(
    f: &mut fmt::Formatter<'_>,
    days_since_1970: i64,
) -> Result<bool, fmt::Error> {
    let (y, m, d) = civil_from_days(days_since_1970);
    let bc = y <= 0;
    let year = if bc { 1 - y } else { y };
    write!(f, "{year:04}-{m:02}-{d:02}")?;
    Ok(bc)
}

/// Writes `HH:MM:SS` and, when non-zero, `.ffffff` without trailing zeros, from microseconds
/// within a day (or up to 24:00:00).
pub(crate) fn write_time(f: &mut fmt::Formatter<'_>, micros: i64) -> fmt::Result {
    let h = micros / USECS_PER_HOUR;
    let m = micros / USECS_PER_MINUTE % 60;
    let s = micros / USECS_PER_SEC % 60;
    write!(f, "{h:02}:{m:02}:{s:02}")?;
    write_fraction(f, micros % USECS_PER_SEC)
}

/// Writes `.ffffff` without trailing zeros, or nothing for zero.
pub(crate) fn write_fraction(f: &mut fmt::Formatter<'_>, frac: i64) -> fmt::Result {
    if frac == 0 {
        return Ok(());
    }
    let mut digits = 6;
    let mut v = frac;
    while v % 10 == 0 {
        v /= 10;
        digits -= 1;
    }
    write!(f, ".{v:0digits$}")
}

/// Writes a UTC offset as PostgreSQL does: `+HH`, `+HH:MM` or `+HH:MM:SS` (east positive).
pub(crate) fn write_offset(f: &mut fmt::Formatter<'_>, east_seconds: i32) -> fmt::Result {
    let sign = if east_seconds < 0 { '-' } else { '+' };
    let a = east_seconds.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    write!(f, "{sign}{h:02}")?;
    if m != 0 || s != 0 {
        write!(f, ":{m:02}")?;
    }
    if s != 0 {
        write!(f, ":{s:02}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days_match_postgres() {
        // 2000-01-01 is day 0 of PostgreSQL's epoch.
        assert_eq!(days_from_civil(2000, 1, 1), PG_EPOCH_DAYS);
        assert_eq!(civil_from_days(PG_EPOCH_DAYS), (2000, 1, 1));
        // 4713-01-01 BC (year -4712) is day -2451545 + ... from captured vectors: -2451507.
        assert_eq!(days_from_civil(-4712, 1, 1) - PG_EPOCH_DAYS, -2_451_507);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }

    proptest! {
        #[test]
        fn civil_round_trips(days in -4_000_000_000i64..4_000_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert!((1..=12).contains(&m));
            prop_assert!(d >= 1 && d <= days_in_month(y, m));
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
