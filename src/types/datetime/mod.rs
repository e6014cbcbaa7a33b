//! date, time, timetz, timestamp, timestamptz and interval as small types of our own.
//!
//! They hold PostgreSQL's own representation (days or microseconds since 2000-01-01, with
//! ±infinity) so the core needs no date crate; `chrono` and `time` conversions live behind
//! features. Never reads the session's TimeZone: timestamptz is a UTC instant. See
//! <https://www.postgresql.org/docs/current/datatype-datetime.html>.

mod calendar;
#[cfg(feature = "chrono")]
mod chrono;
mod infinite;
mod interval;
#[cfg(feature = "time")]
mod time_crate;

pub use infinite::MaybeInfinite;
pub use interval::Interval;

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::{BufMut, BytesMut};

use super::primitives::{base_oid, oid};
use super::wire::{Reader, exact};
use super::{BoxError, ConvertError, DecodeError, FromSql, IsNull, ToSql, Type};
use calendar::{
    PG_EPOCH_DAYS, USECS_PER_DAY, USECS_PER_HOUR, USECS_PER_MINUTE, USECS_PER_SEC, civil_from_days,
    days_from_civil, days_in_month, write_date, write_offset, write_time,
};

/// First valid date, 4714-11-24 BC (Julian day 0), in days since 2000-01-01.
const DATE_MIN: i32 = -2_451_545;
/// Last valid date, 5874897-12-31.
const DATE_MAX: i32 = 2_145_031_948;
/// First valid timestamp, 4714-11-24 BC 00:00:00.
const TIMESTAMP_MIN: i64 = -211_813_488_000_000_000;
/// Last valid timestamp, 294276-12-31 23:59:59.999999.
const TIMESTAMP_MAX: i64 = 9_223_371_331_200_000_000 - 1;
/// A timetz offset must stay within ±15:59:59.
const TZ_LIMIT: i32 = 16 * 3600 - 1;

/// A `date`: a day from 4714-11-24 BC to 5874897-12-31, or ±infinity.
///
/// ```
/// use pgline::types::Date;
/// let d = Date::from_ymd(-43, 3, 15).unwrap(); // astronomical year -43 is 44 BC
/// assert_eq!(d.to_string(), "0044-03-15 BC");
/// assert_eq!(Date::from_ymd(2000, 1, 1).unwrap().pg_days(), 0);
/// assert_eq!(Date::INFINITY.to_string(), "infinity");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// `infinity`, later than every date.
    pub const INFINITY: Date = Date(i32::MAX);
    /// `-infinity`, earlier than every date.
    pub const NEG_INFINITY: Date = Date(i32::MIN);
    /// The earliest date PostgreSQL accepts, 4714-11-24 BC.
    pub const MIN: Date = Date(DATE_MIN);
    /// The latest date PostgreSQL accepts, 5874897-12-31.
    pub const MAX: Date = Date(DATE_MAX);

    /// The date with this many days since 2000-01-01 (`i32::MAX`/`MIN` are ±infinity), if
    /// PostgreSQL accepts it.
    pub fn from_pg_days(days: i32) -> Option<Date> {
        (days == i32::MAX || days == i32::MIN || (DATE_MIN..=DATE_MAX).contains(&days))
            .then_some(Date(days))
    }

    /// Days since 2000-01-01, as sent on the wire (`i32::MAX`/`MIN` for ±infinity).
    pub fn pg_days(self) -> i32 {
        self.0
    }

    /// The date of an astronomical `year` (0 is 1 BC, -1 is 2 BC), `month` and `day`, if it
    /// exists and PostgreSQL accepts it.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let y = i64::from(year);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(y, month) {
            return None;
        }
        let days = days_from_civil(y, month, day) - PG_EPOCH_DAYS;
        i32::try_from(days).ok().and_then(Date::from_pg_days)
    }

    /// (astronomical year, month, day), or `None` for ±infinity.
    pub fn ymd(self) -> Option<(i32, u32, u32)> {
        if !self.is_finite() {
            return None;
        }
        let (y, m, d) = civil_from_days(i64::from(self.0) + PG_EPOCH_DAYS);
        // Valid dates have years within -4713..=5874897.
        Some((y as i32, m, d))
    }

    /// Whether this is neither infinity.
    pub fn is_finite(self) -> bool {
        self.0 != i32::MAX && self.0 != i32::MIN
    }
}

impl fmt::Display for Date {
    /// ISO, as PostgreSQL prints with `DateStyle = ISO`: `2000-01-01`, `0044-03-15 BC`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            i32::MAX => f.write_str("infinity"),
            i32::MIN => f.write_str("-infinity"),
            days => {
                if write_date(f, i64::from(days) + PG_EPOCH_DAYS)? {
                    f.write_str(" BC")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

/// A `time` of day: microseconds from 00:00:00 to 24:00:00 inclusive.
///
/// ```
/// use pgline::types::Time;
/// let t = Time::from_hms_micro(12, 34, 56, 789_000).unwrap();
/// assert_eq!(t.to_string(), "12:34:56.789");
/// assert_eq!(Time::from_micros(86_400_000_000).unwrap().to_string(), "24:00:00");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(i64);

impl Time {
    /// 00:00:00.
    pub const MIDNIGHT: Time = Time(0);

    /// The time this many microseconds after midnight, up to 24:00:00.
    pub fn from_micros(micros: i64) -> Option<Time> {
        (0..=USECS_PER_DAY)
            .contains(&micros)
            .then_some(Time(micros))
    }

    /// The time `h:m:s.micro`; `24:00:00` is allowed, as in PostgreSQL.
    pub fn from_hms_micro(h: u32, m: u32, s: u32, micro: u32) -> Option<Time> {
        if m >= 60 || s >= 60 || micro >= 1_000_000 {
            return None;
        }
        let us = i64::from(h) * USECS_PER_HOUR
            + i64::from(m) * USECS_PER_MINUTE
            + i64::from(s) * USECS_PER_SEC
            + i64::from(micro);
        Time::from_micros(us)
    }

    /// Microseconds since midnight.
    pub fn micros(self) -> i64 {
        self.0
    }

    /// The hour, 0..=24.
    pub fn hour(self) -> u32 {
        (self.0 / USECS_PER_HOUR) as u32
    }

    /// The minute, 0..=59.
    pub fn minute(self) -> u32 {
        (self.0 / USECS_PER_MINUTE % 60) as u32
    }

    /// The second, 0..=59.
    pub fn second(self) -> u32 {
        (self.0 / USECS_PER_SEC % 60) as u32
    }

    /// The microseconds within the second.
    pub fn microsecond(self) -> u32 {
        (self.0 % USECS_PER_SEC) as u32
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time(f, self.0)
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Time({self})")
    }
}

/// A `timetz`: a time of day with a UTC offset (east of Greenwich positive, as ISO 8601
/// writes it; the wire format stores the opposite sign).
///
/// ```
/// use pgline::types::{Time, TimeTz};
/// let t = TimeTz::new(Time::from_hms_micro(12, 34, 56, 0).unwrap(), 5 * 3600 + 1800).unwrap();
/// assert_eq!(t.to_string(), "12:34:56+05:30");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeTz {
    time: Time,
    offset: i32,
}

impl TimeTz {
    /// The time with a UTC offset in seconds, east positive, within ±15:59:59.
    pub fn new(time: Time, utc_offset_seconds: i32) -> Option<TimeTz> {
        (-TZ_LIMIT..=TZ_LIMIT)
            .contains(&utc_offset_seconds)
            .then_some(TimeTz {
                time,
                offset: utc_offset_seconds,
            })
    }

    /// The local time of day.
    pub fn time(self) -> Time {
        self.time
    }

    /// The UTC offset in seconds, east positive.
    pub fn utc_offset_seconds(self) -> i32 {
        self.offset
    }
}

impl fmt::Display for TimeTz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time(f, self.time.0)?;
        write_offset(f, self.offset)
    }
}

impl fmt::Debug for TimeTz {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TimeTz({self})")
    }
}

macro_rules! timestamp_type {
    ($(#[$doc:meta])* $name:ident, $pg:literal, $zone_doc:literal, $with_zone:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(i64);

        impl $name {
            /// `infinity`, later than every timestamp.
            pub const INFINITY: $name = $name(i64::MAX);
            /// `-infinity`, earlier than every timestamp.
            pub const NEG_INFINITY: $name = $name(i64::MIN);
            /// The earliest value PostgreSQL accepts, 4714-11-24 00:00:00 BC.
            pub const MIN: $name = $name(TIMESTAMP_MIN);
            /// The latest value PostgreSQL accepts, 294276-12-31 23:59:59.999999.
            pub const MAX: $name = $name(TIMESTAMP_MAX);
            /// 2000-01-01 00:00:00, PostgreSQL's epoch.
            pub const PG_EPOCH: $name = $name(0);

            /// The value this many microseconds after 2000-01-01 00:00:00 (`i64::MAX`/`MIN`
            /// are ±infinity), if PostgreSQL accepts it.
            pub fn from_pg_micros(micros: i64) -> Option<$name> {
                (micros == i64::MAX
                    || micros == i64::MIN
                    || (TIMESTAMP_MIN..=TIMESTAMP_MAX).contains(&micros))
                .then_some($name(micros))
            }

            /// Microseconds since 2000-01-01 00:00:00, as sent on the wire.
            pub fn pg_micros(self) -> i64 {
                self.0
            }

            /// The value this many microseconds after 1970-01-01 00:00:00, if in range.
            pub fn from_unix_micros(micros: i64) -> Option<$name> {
                micros
                    .checked_sub(PG_EPOCH_DAYS * USECS_PER_DAY)
                    .and_then($name::from_pg_micros)
                    .filter(|t| t.is_finite())
            }

            /// Microseconds since 1970-01-01 00:00:00, or `None` for ±infinity and for values
            /// after 294247-01-10 04:00:54.775807, which overflow `i64` counted from 1970.
            pub fn unix_micros(self) -> Option<i64> {
                if !self.is_finite() {
                    return None;
                }
                self.0.checked_add(PG_EPOCH_DAYS * USECS_PER_DAY)
            }

            /// The timestamp of a finite `date` at `time`, if in range.
            pub fn new(date: Date, time: Time) -> Option<$name> {
                if !date.is_finite() {
                    return None;
                }
                // Dates reach further than timestamps: the product can overflow.
                i64::from(date.0)
                    .checked_mul(USECS_PER_DAY)
                    .and_then(|us| us.checked_add(time.0))
                    .and_then($name::from_pg_micros)
                    .filter(|t| t.is_finite())
            }

            /// The date part (±infinity for ±infinity).
            pub fn date(self) -> Date {
                match self.0 {
                    i64::MAX => Date::INFINITY,
                    i64::MIN => Date::NEG_INFINITY,
                    // |micros / USECS_PER_DAY| < 2^31 for every valid timestamp.
                    us => Date(us.div_euclid(USECS_PER_DAY) as i32),
                }
            }

            /// The time of day, or `None` for ±infinity.
            pub fn time(self) -> Option<Time> {
                self.is_finite().then(|| Time(self.0.rem_euclid(USECS_PER_DAY)))
            }

            /// Whether this is neither infinity.
            pub fn is_finite(self) -> bool {
                self.0 != i64::MAX && self.0 != i64::MIN
            }

            fn decode(raw: &[u8]) -> Result<$name, DecodeError> {
                let v = i64::from_be_bytes(exact(raw, $pg)?);
                $name::from_pg_micros(v).ok_or(DecodeError::Invalid {
                    type_name: $pg,
                    field: "microseconds",
                    value: v,
                })
            }
        }

        impl fmt::Display for $name {
            #[doc = concat!("ISO, as PostgreSQL prints with `DateStyle = ISO`", $zone_doc)]
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    i64::MAX => f.write_str("infinity"),
                    i64::MIN => f.write_str("-infinity"),
                    us => {
                        let days = us.div_euclid(USECS_PER_DAY);
                        let bc = write_date(f, days + PG_EPOCH_DAYS)?;
                        f.write_str(" ")?;
                        write_time(f, us.rem_euclid(USECS_PER_DAY))?;
                        if $with_zone {
                            f.write_str("+00")?;
                        }
                        if bc {
                            f.write_str(" BC")?;
                        }
                        Ok(())
                    }
                }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({self})", stringify!($name))
            }
        }
    };
}

timestamp_type!(
    /// A `timestamp` (without time zone): microseconds since 2000-01-01 00:00:00, from
    /// 4714-11-24 BC to 294276-12-31, or ±infinity.
    ///
    /// ```
    /// use pgline::types::{Date, Time, Timestamp};
    /// let t = Timestamp::new(Date::from_ymd(1900, 2, 28).unwrap(),
    ///                        Time::from_hms_micro(12, 0, 0, 500_000).unwrap()).unwrap();
    /// assert_eq!(t.to_string(), "1900-02-28 12:00:00.5");
    /// assert_eq!(Timestamp::NEG_INFINITY.to_string(), "-infinity");
    /// ```
    Timestamp,
    "timestamp",
    ".",
    false
);

timestamp_type!(
    /// A `timestamptz`: a UTC instant, microseconds since 2000-01-01 00:00:00 UTC, from
    /// 4714-11-24 BC to 294276-12-31, or ±infinity.
    ///
    /// `Display` prints it in UTC, as PostgreSQL does when `TimeZone` is `UTC`.
    ///
    /// ```
    /// use pgline::types::TimestampTz;
    /// let t = TimestampTz::from_unix_micros(0).unwrap();
    /// assert_eq!(t.to_string(), "1970-01-01 00:00:00+00");
    /// ```
    TimestampTz,
    "timestamptz",
    ", in UTC with `+00` (`TimeZone = UTC`).",
    true
);

impl TryFrom<TimestampTz> for SystemTime {
    type Error = ConvertError;
    fn try_from(t: TimestampTz) -> Result<SystemTime, ConvertError> {
        if !t.is_finite() {
            return Err(ConvertError::NotFinite {
                target: "SystemTime",
            });
        }
        let us = t.unix_micros().ok_or(ConvertError::OutOfRange {
            target: "SystemTime",
        })?;
        let d = Duration::from_micros(us.unsigned_abs());
        let out = if us >= 0 {
            UNIX_EPOCH.checked_add(d)
        } else {
            UNIX_EPOCH.checked_sub(d)
        };
        out.ok_or(ConvertError::OutOfRange {
            target: "SystemTime",
        })
    }
}

impl TryFrom<SystemTime> for TimestampTz {
    type Error = ConvertError;
    /// Truncates to whole microseconds, as the server stores them.
    fn try_from(t: SystemTime) -> Result<TimestampTz, ConvertError> {
        let range = ConvertError::OutOfRange {
            target: "TimestampTz",
        };
        let us = match t.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_micros()).map_err(|_| range)?,
            Err(e) => {
                // Before 1970: round toward negative infinity to whole microseconds.
                let d = e.duration();
                let whole = i64::try_from(d.as_micros()).map_err(|_| range)?;
                let partial = d.as_nanos() % 1000 != 0;
                -whole - i64::from(partial)
            }
        };
        TimestampTz::from_unix_micros(us).ok_or(range)
    }
}

fn date_oid(ty: &Type) -> bool {
    base_oid(ty) == oid::DATE
}

impl ToSql for Date {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i32(self.0);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        date_oid(ty)
    }
}

impl<'a> FromSql<'a> for Date {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Date, BoxError> {
        let v = i32::from_be_bytes(exact(raw, "date")?);
        Ok(Date::from_pg_days(v).ok_or(DecodeError::Invalid {
            type_name: "date",
            field: "days",
            value: i64::from(v),
        })?)
    }
    fn accepts(ty: &Type) -> bool {
        date_oid(ty)
    }
}

impl ToSql for Time {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(self.0);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIME
    }
}

impl<'a> FromSql<'a> for Time {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Time, BoxError> {
        let v = i64::from_be_bytes(exact(raw, "time")?);
        Ok(Time::from_micros(v).ok_or(DecodeError::Invalid {
            type_name: "time",
            field: "microseconds",
            value: v,
        })?)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIME
    }
}

impl ToSql for TimeTz {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(self.time.0);
        // The wire stores seconds west of UTC.
        out.put_i32(-self.offset);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIMETZ
    }
}

impl<'a> FromSql<'a> for TimeTz {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<TimeTz, BoxError> {
        let mut r = Reader::new(raw, "timetz");
        let us = r.i64("microseconds")?;
        let west = r.i32("zone")?;
        r.finish()?;
        let time = Time::from_micros(us).ok_or(DecodeError::Invalid {
            type_name: "timetz",
            field: "microseconds",
            value: us,
        })?;
        let invalid_zone = DecodeError::Invalid {
            type_name: "timetz",
            field: "zone",
            value: i64::from(west),
        };
        let east = west.checked_neg().ok_or(invalid_zone.clone())?;
        Ok(TimeTz::new(time, east).ok_or(invalid_zone)?)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIMETZ
    }
}

impl ToSql for Timestamp {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(self.0);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIMESTAMP
    }
}

impl<'a> FromSql<'a> for Timestamp {
    #[inline]
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Timestamp, BoxError> {
        Ok(Timestamp::decode(raw)?)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIMESTAMP
    }
}

impl ToSql for TimestampTz {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(self.0);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIMESTAMPTZ
    }
}

impl<'a> FromSql<'a> for TimestampTz {
    #[inline]
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<TimestampTz, BoxError> {
        Ok(TimestampTz::decode(raw)?)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIMESTAMPTZ
    }
}

fn is_timestamp(ty: &Type) -> bool {
    matches!(base_oid(ty), oid::TIMESTAMP | oid::TIMESTAMPTZ)
}

/// `SystemTime` travels as timestamptz (an instant) or timestamp (read as UTC).
impl ToSql for SystemTime {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(TimestampTz::try_from(*self)?.0);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        is_timestamp(ty)
    }
}

/// ±infinity is an error ([`ConvertError::NotFinite`]); use `MaybeInfinite<SystemTime>`.
impl<'a> FromSql<'a> for SystemTime {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<SystemTime, BoxError> {
        Ok(SystemTime::try_from(TimestampTz::decode(raw)?)?)
    }
    fn accepts(ty: &Type) -> bool {
        is_timestamp(ty)
    }
}

#[cfg(test)]
mod tests;
