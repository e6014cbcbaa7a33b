//! `time` crate conversions and codecs (feature `time`).
//!
//! `time::Date` is date, `time::Time` time, `PrimitiveDateTime` timestamp, `OffsetDateTime`
//! timestamptz (decoded at UTC). ±infinity has no `time` value: decoding it is a
//! [`ConvertError::NotFinite`] (wrap the type in [`MaybeInfinite`](super::MaybeInfinite));
//! years beyond ±9999 (the crate's range without its `large-dates` feature) are
//! [`ConvertError::OutOfRange`], as is `24:00:00`.

use bytes::{BufMut, BytesMut};
use time::{OffsetDateTime, PrimitiveDateTime};

use super::super::primitives::{base_oid, oid};
use super::super::{BoxError, ConvertError, FromSql, IsNull, ToSql, Type};
use super::calendar::USECS_PER_SEC;
use super::{Date, Time, Timestamp, TimestampTz};

/// Julian day number of 2000-01-01.
const JULIAN_AT_PG_EPOCH: i32 = 2_451_545;

fn range(target: &'static str) -> ConvertError {
    ConvertError::OutOfRange { target }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<Date> for time::Date {
    type Error = ConvertError;
    fn try_from(d: Date) -> Result<time::Date, ConvertError> {
        if !d.is_finite() {
            return Err(ConvertError::NotFinite {
                target: "time::Date",
            });
        }
        d.pg_days()
            .checked_add(JULIAN_AT_PG_EPOCH)
            .and_then(|jd| time::Date::from_julian_day(jd).ok())
            .ok_or(range("time::Date"))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<time::Date> for Date {
    type Error = ConvertError;
    fn try_from(d: time::Date) -> Result<Date, ConvertError> {
        Date::from_pg_days(d.to_julian_day() - JULIAN_AT_PG_EPOCH)
            .filter(|d| d.is_finite())
            .ok_or(range("Date"))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<Time> for time::Time {
    type Error = ConvertError;
    fn try_from(t: Time) -> Result<time::Time, ConvertError> {
        time::Time::from_hms_micro(
            t.hour() as u8,
            t.minute() as u8,
            t.second() as u8,
            t.microsecond(),
        )
        .map_err(|_| range("time::Time"))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl From<time::Time> for Time {
    /// Truncates to whole microseconds.
    fn from(t: time::Time) -> Time {
        let (h, m, s, us) = t.as_hms_micro();
        // Hours 0..=23 etc.: always a valid time of day.
        Time::from_hms_micro(u32::from(h), u32::from(m), u32::from(s), us)
            .expect("time::Time is within a day")
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<Timestamp> for PrimitiveDateTime {
    type Error = ConvertError;
    fn try_from(t: Timestamp) -> Result<PrimitiveDateTime, ConvertError> {
        let Some(time) = t.time() else {
            return Err(ConvertError::NotFinite {
                target: "PrimitiveDateTime",
            });
        };
        let date = time::Date::try_from(t.date()).map_err(|_| range("PrimitiveDateTime"))?;
        Ok(PrimitiveDateTime::new(date, time::Time::try_from(time)?))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<PrimitiveDateTime> for Timestamp {
    type Error = ConvertError;
    fn try_from(t: PrimitiveDateTime) -> Result<Timestamp, ConvertError> {
        Timestamp::new(Date::try_from(t.date())?, Time::from(t.time())).ok_or(range("Timestamp"))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<TimestampTz> for OffsetDateTime {
    type Error = ConvertError;
    fn try_from(t: TimestampTz) -> Result<OffsetDateTime, ConvertError> {
        if !t.is_finite() {
            return Err(ConvertError::NotFinite {
                target: "OffsetDateTime",
            });
        }
        let nanos = i128::from(t.pg_micros()) * 1000
            + i128::from(super::calendar::PG_EPOCH_DAYS * super::calendar::USECS_PER_DAY) * 1000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| range("OffsetDateTime"))
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl TryFrom<OffsetDateTime> for TimestampTz {
    type Error = ConvertError;
    /// Truncates toward the past to whole microseconds.
    fn try_from(t: OffsetDateTime) -> Result<TimestampTz, ConvertError> {
        let us = t.unix_timestamp_nanos().div_euclid(1000);
        i64::try_from(us)
            .ok()
            .and_then(TimestampTz::from_unix_micros)
            .ok_or(range("TimestampTz"))
    }
}

macro_rules! codec {
    ($rust:ty, $pg:ty, $pg_oid:path) => {
        #[cfg_attr(docsrs, doc(cfg(feature = "time")))]
        impl ToSql for $rust {
            fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
                <$pg>::try_from(*self)?.to_sql(ty, out)
            }
            fn accepts(ty: &Type) -> bool {
                base_oid(ty) == $pg_oid
            }
        }

        #[cfg_attr(docsrs, doc(cfg(feature = "time")))]
        impl<'a> FromSql<'a> for $rust {
            fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<$rust, BoxError> {
                Ok(<$rust>::try_from(<$pg>::from_sql(ty, raw)?)?)
            }
            fn accepts(ty: &Type) -> bool {
                base_oid(ty) == $pg_oid
            }
        }
    };
}

codec!(time::Date, Date, oid::DATE);
codec!(PrimitiveDateTime, Timestamp, oid::TIMESTAMP);
codec!(OffsetDateTime, TimestampTz, oid::TIMESTAMPTZ);

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl ToSql for time::Time {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i64(Time::from(*self).micros());
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIME
    }
}

#[cfg_attr(docsrs, doc(cfg(feature = "time")))]
impl<'a> FromSql<'a> for time::Time {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<time::Time, BoxError> {
        Ok(time::Time::try_from(Time::from_sql(ty, raw)?)?)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::TIME
    }
}

const _: () = assert!(USECS_PER_SEC == 1_000_000);

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
    fn time_crate_decodes_server_vectors_within_its_range() {
        let mut decoded = 0;
        for v in captured_vectors::TIMESTAMP {
            let raw = v.bytes();
            if let Ok(t) = PrimitiveDateTime::from_sql(&Type::TIMESTAMP, &raw) {
                assert_eq!(enc(&t, &Type::TIMESTAMP), raw, "{}", v.sql);
                assert_eq!(Timestamp::try_from(t).unwrap().to_string(), v.text);
                decoded += 1;
            }
        }
        // Everything but ±infinity and 294276 AD fits ±9999 years (4713 BC too).
        assert_eq!(decoded, captured_vectors::TIMESTAMP.len() - 3);
        for v in captured_vectors::TIMESTAMPTZ {
            let raw = v.bytes();
            if let Ok(t) = OffsetDateTime::from_sql(&Type::TIMESTAMPTZ, &raw) {
                assert_eq!(enc(&t, &Type::TIMESTAMPTZ), raw, "{}", v.sql);
            }
        }
        for v in captured_vectors::TIME
            .iter()
            .filter(|v| v.text != "24:00:00")
        {
            let t = time::Time::from_sql(&Type::TIME, &v.bytes()).unwrap();
            assert_eq!(enc(&t, &Type::TIME), v.bytes());
        }
    }

    #[test]
    fn time_crate_refuses_infinity_and_24_00() {
        let err =
            OffsetDateTime::from_sql(&Type::TIMESTAMPTZ, &i64::MIN.to_be_bytes()).unwrap_err();
        assert_eq!(
            err.downcast_ref::<ConvertError>(),
            Some(&ConvertError::NotFinite {
                target: "OffsetDateTime"
            })
        );
        let v = MaybeInfinite::<time::Date>::from_sql(&Type::DATE, &i32::MAX.to_be_bytes());
        assert_eq!(v.unwrap(), MaybeInfinite::Infinity);
        assert!(time::Time::from_sql(&Type::TIME, &86_400_000_000i64.to_be_bytes()).is_err());
    }

    proptest! {
        #[test]
        fn time_crate_round_trips(us in -63_000_000_000_000_000i64..252_000_000_000_000_000) {
            let t = PrimitiveDateTime::try_from(Timestamp::from_pg_micros(us).unwrap()).unwrap();
            prop_assert_eq!(PrimitiveDateTime::from_sql(&Type::TIMESTAMP, &enc(&t, &Type::TIMESTAMP)).unwrap(), t);
            prop_assert_eq!(Timestamp::try_from(t).unwrap().pg_micros(), us);
            let o = OffsetDateTime::try_from(TimestampTz::from_pg_micros(us).unwrap()).unwrap();
            prop_assert_eq!(TimestampTz::try_from(o).unwrap().pg_micros(), us);
            let d = t.date();
            prop_assert_eq!(time::Date::from_sql(&Type::DATE, &enc(&d, &Type::DATE)).unwrap(), d);
        }
    }
}
