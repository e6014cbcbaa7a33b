//! `chrono` conversions and codecs (feature `chrono`).
//!
//! `NaiveDate` is date, `NaiveTime` time, `NaiveDateTime` timestamp, `DateTime<Utc>` and
//! `DateTime<FixedOffset>` timestamptz. ±infinity has no chrono value: decoding it is a
//! [`ConvertError::NotFinite`] (wrap the type in [`MaybeInfinite`](super::MaybeInfinite) to
//! receive it), and values beyond chrono's ±262143 years or PostgreSQL's range are
//! [`ConvertError::OutOfRange`]. `24:00:00` has no `NaiveTime`.

use bytes::{BufMut, BytesMut};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};

use super::super::primitives::{base_oid, oid};
use super::super::wire::exact;
use super::super::{BoxError, ConvertError, FromSql, IsNull, ToSql, Type};
use super::calendar::USECS_PER_SEC;
use super::{Date, Time, Timestamp, TimestampTz};

/// Days from 0001-01-01 (chrono's day 1 of the Common Era) to 2000-01-01.
const CE_DAYS_AT_PG_EPOCH: i32 = 730_120;

fn range(target: &'static str) -> ConvertError {
    ConvertError::OutOfRange { target }
}

#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl TryFrom<Date> for NaiveDate {
    type Error = ConvertError;
    fn try_from(d: Date) -> Result<NaiveDate, ConvertError> {
        if !d.is_finite() {
            return Err(ConvertError::NotFinite {
                target: "NaiveDate",
            });
        }
        d.pg_days()
            .checked_add(CE_DAYS_AT_PG_EPOCH)
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or(range("NaiveDate"))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl TryFrom<NaiveDate> for Date {
    type Error = ConvertError;
    fn try_from(d: NaiveDate) -> Result<Date, ConvertError> {
        Date::from_pg_days(d.num_days_from_ce() - CE_DAYS_AT_PG_EPOCH)
            .filter(|d| d.is_finite())
            .ok_or(range("Date"))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl TryFrom<Time> for NaiveTime {
    type Error = ConvertError;
    fn try_from(t: Time) -> Result<NaiveTime, ConvertError> {
        let secs = (t.micros() / USECS_PER_SEC) as u32;
        let nanos = (t.micros() % USECS_PER_SEC) as u32 * 1000;
        NaiveTime::from_num_seconds_from_midnight_opt(secs, nanos).ok_or(range("NaiveTime"))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
impl TryFrom<NaiveTime> for Time {
    type Error = ConvertError;
    /// Truncates to whole microseconds; a leap second past 23:59:59 is out of range.
    fn try_from(t: NaiveTime) -> Result<Time, ConvertError> {
        let us = i64::from(t.num_seconds_from_midnight()) * USECS_PER_SEC
            + i64::from(t.nanosecond() / 1000);
        Time::from_micros(us).ok_or(range("Time"))
    }
}

macro_rules! instant_conversions {
    ($pg:ident, $chrono:ty, $name:expr, $to_chrono:expr, $from_chrono:expr) => {
        #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
        impl TryFrom<$pg> for $chrono {
            type Error = ConvertError;
            fn try_from(t: $pg) -> Result<$chrono, ConvertError> {
                if !t.is_finite() {
                    return Err(ConvertError::NotFinite { target: $name });
                }
                let us = t.unix_micros().ok_or(range($name))?;
                DateTime::<Utc>::from_timestamp_micros(us)
                    .map($to_chrono)
                    .ok_or(range($name))
            }
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
        impl TryFrom<$chrono> for $pg {
            type Error = ConvertError;
            fn try_from(t: $chrono) -> Result<$pg, ConvertError> {
                let utc: DateTime<Utc> = $from_chrono(t);
                $pg::from_unix_micros(utc.timestamp_micros()).ok_or(range(stringify!($pg)))
            }
        }
    };
}

instant_conversions!(
    Timestamp,
    NaiveDateTime,
    "NaiveDateTime",
    |d| d.naive_utc(),
    |t: NaiveDateTime| t.and_utc()
);
instant_conversions!(TimestampTz, DateTime<Utc>, "DateTime<Utc>", |d| d, |t| t);
instant_conversions!(
    TimestampTz,
    DateTime<FixedOffset>,
    "DateTime<FixedOffset>",
    |d| d.fixed_offset(),
    |t: DateTime<FixedOffset>| t.to_utc()
);

macro_rules! codec {
    ($chrono:ty, $pg:ident, $width:ty, $pg_oid:path, $name:expr) => {
        #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
        impl ToSql for $chrono {
            fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
                out.put_slice(&$pg::try_from(*self)?.wire().to_be_bytes());
                Ok(IsNull::No)
            }
            fn accepts(ty: &Type) -> bool {
                base_oid(ty) == $pg_oid
            }
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "chrono")))]
        impl<'a> FromSql<'a> for $chrono {
            fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<$chrono, BoxError> {
                let v = <$width>::from_be_bytes(exact(raw, $name)?);
                let _ = ty;
                let pg = $pg::from_wire(v).ok_or(super::super::DecodeError::Invalid {
                    type_name: $name,
                    field: "value",
                    value: v as i64,
                })?;
                Ok(<$chrono>::try_from(pg)?)
            }
            fn accepts(ty: &Type) -> bool {
                base_oid(ty) == $pg_oid
            }
        }
    };
}

/// The wire value of each of our types, for the shared codec macro.
trait Wire: Sized {
    type Repr;
    fn wire(self) -> Self::Repr;
    fn from_wire(v: Self::Repr) -> Option<Self>;
}

impl Wire for Date {
    type Repr = i32;
    fn wire(self) -> i32 {
        self.pg_days()
    }
    fn from_wire(v: i32) -> Option<Date> {
        Date::from_pg_days(v)
    }
}

impl Wire for Time {
    type Repr = i64;
    fn wire(self) -> i64 {
        self.micros()
    }
    fn from_wire(v: i64) -> Option<Time> {
        Time::from_micros(v)
    }
}

impl Wire for Timestamp {
    type Repr = i64;
    fn wire(self) -> i64 {
        self.pg_micros()
    }
    fn from_wire(v: i64) -> Option<Timestamp> {
        Timestamp::from_pg_micros(v)
    }
}

impl Wire for TimestampTz {
    type Repr = i64;
    fn wire(self) -> i64 {
        self.pg_micros()
    }
    fn from_wire(v: i64) -> Option<TimestampTz> {
        TimestampTz::from_pg_micros(v)
    }
}

codec!(NaiveDate, Date, i32, oid::DATE, "date");
codec!(NaiveTime, Time, i64, oid::TIME, "time");
codec!(NaiveDateTime, Timestamp, i64, oid::TIMESTAMP, "timestamp");
codec!(
    DateTime<Utc>,
    TimestampTz,
    i64,
    oid::TIMESTAMPTZ,
    "timestamptz"
);
codec!(
    DateTime<FixedOffset>,
    TimestampTz,
    i64,
    oid::TIMESTAMPTZ,
    "timestamptz"
);

#[cfg(test)]
mod tests {
    use super::super::MaybeInfinite;
    use super::*;
    use crate::types::captured_vectors;
    use proptest::prelude::*;

    fn enc<T: ToSql>(v: &T, ty: &Type) -> Vec<u8> {
        let mut b = BytesMut::new();
        v.to_sql(ty, &mut b).unwrap();
        b.to_vec()
    }

    #[test]
    fn chrono_decodes_server_vectors_before_2000_before_1ad_and_after_2262() {
        for v in captured_vectors::TIMESTAMP {
            let raw = v.bytes();
            match NaiveDateTime::from_sql(&Type::TIMESTAMP, &raw) {
                Ok(t) => {
                    assert_eq!(enc(&t, &Type::TIMESTAMP), raw, "{}", v.sql);
                    // chrono prints BC years as negative astronomical years; compare the
                    // finite ones that are AD through our own Display.
                    let ours = Timestamp::try_from(t).unwrap();
                    assert_eq!(ours.to_string(), v.text);
                }
                Err(e) => {
                    let e = e.downcast_ref::<ConvertError>().expect("a ConvertError");
                    assert!(
                        matches!(e, ConvertError::NotFinite { .. }) || v.text.starts_with("294276"),
                        "{}: {e}",
                        v.sql
                    );
                }
            }
        }
        let bc = NaiveDateTime::from_sql(&Type::TIMESTAMP, &captured_vectors::TIMESTAMP[5].bytes())
            .unwrap();
        assert_eq!(
            captured_vectors::TIMESTAMP[5].text,
            "0001-12-31 23:59:59 BC"
        );
        assert_eq!(bc.to_string(), "0000-12-31 23:59:59");
        for v in captured_vectors::DATE {
            let raw = v.bytes();
            if let Ok(d) = NaiveDate::from_sql(&Type::DATE, &raw) {
                assert_eq!(enc(&d, &Type::DATE), raw, "{}", v.sql);
                assert_eq!(Date::try_from(d).unwrap().to_string(), v.text);
            }
        }
    }

    #[test]
    fn chrono_refuses_infinity_unless_wrapped() {
        let inf = i64::MAX.to_be_bytes();
        let err = DateTime::<Utc>::from_sql(&Type::TIMESTAMPTZ, &inf).unwrap_err();
        assert_eq!(
            err.downcast_ref::<ConvertError>(),
            Some(&ConvertError::NotFinite {
                target: "DateTime<Utc>"
            })
        );
        let v = MaybeInfinite::<DateTime<Utc>>::from_sql(&Type::TIMESTAMPTZ, &inf).unwrap();
        assert_eq!(v, MaybeInfinite::Infinity);
        assert!(NaiveTime::from_sql(&Type::TIME, &86_400_000_000i64.to_be_bytes()).is_err());
        assert!(NaiveDate::from_sql(&Type::DATE, &i32::MIN.to_be_bytes()).is_err());
        // Beyond chrono's range (5874897-12-31).
        assert!(NaiveDate::from_sql(&Type::DATE, &0x7fda970ci32.to_be_bytes()).is_err());
    }

    #[test]
    fn chrono_fixed_offset_is_sent_as_its_instant() {
        let t = DateTime::parse_from_rfc3339("2024-06-01T12:00:00+02:00").unwrap();
        let raw = enc(&t, &Type::TIMESTAMPTZ);
        assert_eq!(raw, captured_vectors::TIMESTAMPTZ[2].bytes());
        let back = DateTime::<FixedOffset>::from_sql(&Type::TIMESTAMPTZ, &raw).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.offset().local_minus_utc(), 0);
    }

    proptest! {
        #[test]
        fn chrono_timestamp_round_trips(us in -200_000_000_000_000_000i64..8_000_000_000_000_000_000) {
            let t = Timestamp::from_pg_micros(us).unwrap();
            let c = NaiveDateTime::try_from(t).unwrap();
            prop_assert_eq!(Timestamp::try_from(c).unwrap(), t);
            let raw = enc(&c, &Type::TIMESTAMP);
            prop_assert_eq!(NaiveDateTime::from_sql(&Type::TIMESTAMP, &raw).unwrap(), c);
            let utc = DateTime::<Utc>::try_from(TimestampTz::from_pg_micros(us).unwrap()).unwrap();
            prop_assert_eq!(DateTime::<Utc>::from_sql(&Type::TIMESTAMPTZ, &enc(&utc, &Type::TIMESTAMPTZ)).unwrap(), utc);
        }

        #[test]
        fn chrono_date_and_time_round_trip(days in -2_451_545i32..95_000_000, us in 0i64..86_400_000_000) {
            let d = NaiveDate::try_from(Date::from_pg_days(days).unwrap()).unwrap();
            prop_assert_eq!(NaiveDate::from_sql(&Type::DATE, &enc(&d, &Type::DATE)).unwrap(), d);
            prop_assert_eq!(Date::try_from(d).unwrap().pg_days(), days);
            let t = NaiveTime::try_from(Time::from_micros(us).unwrap()).unwrap();
            prop_assert_eq!(NaiveTime::from_sql(&Type::TIME, &enc(&t, &Type::TIME)).unwrap(), t);
        }
    }
}
