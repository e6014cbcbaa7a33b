use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use proptest::prelude::*;

use super::*;
use crate::types::captured_vectors::{self, Vector};

fn enc<T: ToSql>(v: &T, ty: &Type) -> Vec<u8> {
    let mut b = BytesMut::new();
    v.to_sql(ty, &mut b).unwrap();
    b.to_vec()
}

fn check<T>(ty: &Type, vectors: &[Vector])
where
    T: for<'a> FromSql<'a> + ToSql + fmt::Display,
{
    for v in vectors {
        let raw = v.bytes();
        let value = T::from_sql(ty, &raw).unwrap_or_else(|e| panic!("{}: {e}", v.sql));
        assert_eq!(value.to_string(), v.text, "{}", v.sql);
        assert_eq!(enc(&value, ty), raw, "{}", v.sql);
    }
}

fn decode_err<T: for<'a> FromSql<'a> + fmt::Debug>(ty: &Type, raw: &[u8]) -> DecodeError {
    *T::from_sql(ty, raw)
        .unwrap_err()
        .downcast::<DecodeError>()
        .expect("a DecodeError")
}

#[test]
fn date_server_vectors() {
    check::<Date>(&Type::DATE, captured_vectors::DATE);
}

#[test]
fn time_server_vectors() {
    check::<Time>(&Type::TIME, captured_vectors::TIME);
}

#[test]
fn timetz_server_vectors() {
    check::<TimeTz>(&Type::TIMETZ, captured_vectors::TIMETZ);
}

#[test]
fn timestamp_server_vectors() {
    check::<Timestamp>(&Type::TIMESTAMP, captured_vectors::TIMESTAMP);
}

#[test]
fn timestamptz_server_vectors() {
    check::<TimestampTz>(&Type::TIMESTAMPTZ, captured_vectors::TIMESTAMPTZ);
}

#[test]
fn interval_server_vectors() {
    check::<Interval>(&Type::INTERVAL, captured_vectors::INTERVAL);
}

#[test]
fn interval_postgres_17_infinities_display() {
    assert_eq!(Interval::INFINITY.to_string(), "infinity");
    assert_eq!(Interval::NEG_INFINITY.to_string(), "-infinity");
    assert!(!Interval::INFINITY.is_finite());
    assert!(Interval::new(1, 2, 3).is_finite());
}

#[test]
fn date_constructors_check_the_calendar_and_range() {
    assert_eq!(Date::from_ymd(2023, 2, 29), None);
    assert_eq!(Date::from_ymd(2024, 13, 1), None);
    assert_eq!(Date::from_ymd(2024, 1, 0), None);
    assert_eq!(Date::from_ymd(-4713, 11, 24), Some(Date::MIN));
    assert_eq!(Date::from_ymd(-4713, 11, 23), None);
    assert_eq!(Date::from_ymd(5_874_897, 12, 31), Some(Date::MAX));
    assert_eq!(Date::from_ymd(5_874_898, 1, 1), None);
    assert_eq!(Date::MIN.ymd(), Some((-4713, 11, 24)));
    assert_eq!(Date::INFINITY.ymd(), None);
    assert_eq!(Date::from_pg_days(DATE_MAX + 1), None);
}

#[test]
fn time_constructors_allow_24_00_only_exactly() {
    assert!(Time::from_hms_micro(24, 0, 0, 0).is_some());
    assert!(Time::from_hms_micro(24, 0, 0, 1).is_none());
    assert!(Time::from_hms_micro(1, 60, 0, 0).is_none());
    let t = Time::from_hms_micro(13, 14, 15, 16).unwrap();
    assert_eq!(
        (t.hour(), t.minute(), t.second(), t.microsecond()),
        (13, 14, 15, 16)
    );
    assert!(TimeTz::new(t, 16 * 3600).is_none());
}

#[test]
fn timestamp_parts_and_unix_conversions() {
    let t = Timestamp::from_unix_micros(-1).unwrap();
    assert_eq!(t.to_string(), "1969-12-31 23:59:59.999999");
    assert_eq!(t.date(), Date::from_ymd(1969, 12, 31).unwrap());
    assert_eq!(t.time().unwrap().micros(), USECS_PER_DAY - 1);
    assert_eq!(t.unix_micros(), Some(-1));
    assert_eq!(Timestamp::INFINITY.date(), Date::INFINITY);
    assert_eq!(Timestamp::INFINITY.unix_micros(), None);
    assert_eq!(Timestamp::from_unix_micros(i64::MIN), None);
    assert!(Timestamp::from_unix_micros(i64::MAX).is_some());
    assert_eq!(Timestamp::new(Date::INFINITY, Time::MIDNIGHT), None);
    assert_eq!(
        Timestamp::new(
            Timestamp::MAX.date(),
            Time::from_micros(USECS_PER_DAY - 1).unwrap()
        ),
        Some(Timestamp::MAX)
    );
    assert_eq!(
        Timestamp::new(
            Timestamp::MAX.date(),
            Time::from_micros(USECS_PER_DAY).unwrap()
        ),
        None
    );
    assert_eq!(
        TimestampTz::new(Date::from_ymd(5_000_000, 1, 1).unwrap(), Time::MIDNIGHT),
        None
    );
}

#[test]
fn system_time_converts_both_ways_and_refuses_infinity() {
    let t = UNIX_EPOCH + Duration::from_micros(1_700_000_000_123_456);
    let pg = TimestampTz::try_from(t).unwrap();
    assert_eq!(SystemTime::try_from(pg).unwrap(), t);
    let before = UNIX_EPOCH - Duration::from_nanos(1500);
    assert_eq!(
        TimestampTz::try_from(before).unwrap().unix_micros(),
        Some(-2)
    );
    let raw = enc(&t, &Type::TIMESTAMPTZ);
    assert_eq!(SystemTime::from_sql(&Type::TIMESTAMPTZ, &raw).unwrap(), t);
    let inf = i64::MAX.to_be_bytes();
    let err = SystemTime::from_sql(&Type::TIMESTAMPTZ, &inf).unwrap_err();
    assert!(err.downcast_ref::<ConvertError>().is_some(), "{err}");
    let v = MaybeInfinite::<SystemTime>::from_sql(&Type::TIMESTAMPTZ, &raw).unwrap();
    assert_eq!(v, MaybeInfinite::Finite(t));
}

#[test]
fn maybe_infinite_wraps_date_and_timestamps_only() {
    assert!(<MaybeInfinite<Date> as FromSql>::accepts(&Type::DATE));
    assert!(!<MaybeInfinite<Time> as FromSql>::accepts(&Type::TIME));
    assert_eq!(
        MaybeInfinite::<Date>::from_sql(&Type::DATE, &[0x80, 0, 0, 0]).unwrap(),
        MaybeInfinite::NegInfinity
    );
    assert_eq!(
        enc(&MaybeInfinite::<Date>::Infinity, &Type::DATE),
        [0x7f, 0xff, 0xff, 0xff]
    );
    assert_eq!(
        enc(&MaybeInfinite::<Timestamp>::NegInfinity, &Type::TIMESTAMP),
        i64::MIN.to_be_bytes()
    );
    let d = Date::from_ymd(2000, 1, 2).unwrap();
    assert_eq!(
        enc(&MaybeInfinite::Finite(d), &Type::DATE),
        1i32.to_be_bytes()
    );
}

#[test]
fn date_malformed() {
    assert!(matches!(
        decode_err::<Date>(&Type::DATE, &[0; 3]),
        DecodeError::Length { expected: 4, .. }
    ));
    assert_eq!(
        decode_err::<Date>(&Type::DATE, &(DATE_MIN - 1).to_be_bytes()),
        DecodeError::Invalid {
            type_name: "date",
            field: "days",
            value: i64::from(DATE_MIN - 1)
        }
    );
}

#[test]
fn time_malformed() {
    assert!(matches!(
        decode_err::<Time>(&Type::TIME, &[0; 4]),
        DecodeError::Length { .. }
    ));
    assert!(matches!(
        decode_err::<Time>(&Type::TIME, &(-1i64).to_be_bytes()),
        DecodeError::Invalid {
            field: "microseconds",
            ..
        }
    ));
    assert!(matches!(
        decode_err::<Time>(&Type::TIME, &(USECS_PER_DAY + 1).to_be_bytes()),
        DecodeError::Invalid { .. }
    ));
}

#[test]
fn timetz_malformed() {
    let mut raw = 0i64.to_be_bytes().to_vec();
    raw.extend_from_slice(&57600i32.to_be_bytes());
    assert!(matches!(
        decode_err::<TimeTz>(&Type::TIMETZ, &raw),
        DecodeError::Invalid { field: "zone", .. }
    ));
    let mut raw = 0i64.to_be_bytes().to_vec();
    raw.extend_from_slice(&i32::MIN.to_be_bytes());
    assert!(matches!(
        decode_err::<TimeTz>(&Type::TIMETZ, &raw),
        DecodeError::Invalid { .. }
    ));
    assert!(matches!(
        decode_err::<TimeTz>(&Type::TIMETZ, &[0; 11]),
        DecodeError::Truncated { .. }
    ));
    assert!(matches!(
        decode_err::<TimeTz>(&Type::TIMETZ, &[0; 13]),
        DecodeError::TrailingBytes { .. }
    ));
}

#[test]
fn timestamp_malformed() {
    assert!(matches!(
        decode_err::<Timestamp>(&Type::TIMESTAMP, &(TIMESTAMP_MAX + 1).to_be_bytes()),
        DecodeError::Invalid {
            type_name: "timestamp",
            ..
        }
    ));
    assert!(matches!(
        decode_err::<TimestampTz>(&Type::TIMESTAMPTZ, &(TIMESTAMP_MIN - 1).to_be_bytes()),
        DecodeError::Invalid {
            type_name: "timestamptz",
            ..
        }
    ));
    assert!(matches!(
        decode_err::<Timestamp>(&Type::TIMESTAMP, &[1]),
        DecodeError::Length { .. }
    ));
}

#[test]
fn interval_malformed() {
    assert!(matches!(
        decode_err::<Interval>(&Type::INTERVAL, &[0; 15]),
        DecodeError::Truncated { .. }
    ));
    assert!(matches!(
        decode_err::<Interval>(&Type::INTERVAL, &[0; 17]),
        DecodeError::TrailingBytes { .. }
    ));
}

#[test]
fn datetime_types_refuse_each_other() {
    assert!(!<Timestamp as FromSql>::accepts(&Type::TIMESTAMPTZ));
    assert!(!<TimestampTz as FromSql>::accepts(&Type::TIMESTAMP));
    assert!(!<Date as FromSql>::accepts(&Type::TIMESTAMP));
    assert!(<SystemTime as FromSql>::accepts(&Type::TIMESTAMP));
}

proptest! {
    #[test]
    fn date_round_trips(days in DATE_MIN..=DATE_MAX) {
        let d = Date::from_pg_days(days).unwrap();
        prop_assert_eq!(Date::from_sql(&Type::DATE, &enc(&d, &Type::DATE)).unwrap(), d);
        let (y, m, dd) = d.ymd().unwrap();
        prop_assert_eq!(Date::from_ymd(y, m, dd), Some(d));
    }

    #[test]
    fn timestamp_round_trips(us in TIMESTAMP_MIN..=TIMESTAMP_MAX) {
        let t = Timestamp::from_pg_micros(us).unwrap();
        prop_assert_eq!(Timestamp::from_sql(&Type::TIMESTAMP, &enc(&t, &Type::TIMESTAMP)).unwrap(), t);
        prop_assert_eq!(Timestamp::new(t.date(), t.time().unwrap()), Some(t));
        let tz = TimestampTz::from_pg_micros(us).unwrap();
        prop_assert_eq!(TimestampTz::from_sql(&Type::TIMESTAMPTZ, &enc(&tz, &Type::TIMESTAMPTZ)).unwrap(), tz);
        prop_assert!(tz.to_string().contains("+00"));
    }

    #[test]
    fn time_and_timetz_round_trip(us in 0..=USECS_PER_DAY, off in -TZ_LIMIT..=TZ_LIMIT) {
        let t = Time::from_micros(us).unwrap();
        prop_assert_eq!(Time::from_sql(&Type::TIME, &enc(&t, &Type::TIME)).unwrap(), t);
        let tz = TimeTz::new(t, off).unwrap();
        prop_assert_eq!(TimeTz::from_sql(&Type::TIMETZ, &enc(&tz, &Type::TIMETZ)).unwrap(), tz);
    }

    #[test]
    fn interval_round_trips(months: i32, days: i32, us: i64) {
        let i = Interval::new(months, days, us);
        prop_assert_eq!(Interval::from_sql(&Type::INTERVAL, &enc(&i, &Type::INTERVAL)).unwrap(), i);
        let _ = i.to_string();
    }

    #[test]
    fn maybe_infinite_round_trips(which in 0u8..3, days in DATE_MIN..=DATE_MAX, us in TIMESTAMP_MIN..=TIMESTAMP_MAX) {
        let d = match which {
            0 => MaybeInfinite::NegInfinity,
            1 => MaybeInfinite::Finite(Date::from_pg_days(days).unwrap()),
            _ => MaybeInfinite::Infinity,
        };
        prop_assert_eq!(MaybeInfinite::<Date>::from_sql(&Type::DATE, &enc(&d, &Type::DATE)).unwrap(), d);
        let t = match which {
            0 => MaybeInfinite::NegInfinity,
            1 => MaybeInfinite::Finite(TimestampTz::from_pg_micros(us).unwrap()),
            _ => MaybeInfinite::Infinity,
        };
        prop_assert_eq!(MaybeInfinite::<TimestampTz>::from_sql(&Type::TIMESTAMPTZ, &enc(&t, &Type::TIMESTAMPTZ)).unwrap(), t);
    }

    #[test]
    fn datetime_decoders_never_panic(raw: Vec<u8>) {
        let _ = Date::from_sql(&Type::DATE, &raw).map(|d| d.to_string());
        let _ = Time::from_sql(&Type::TIME, &raw).map(|d| d.to_string());
        let _ = TimeTz::from_sql(&Type::TIMETZ, &raw).map(|d| d.to_string());
        let _ = Timestamp::from_sql(&Type::TIMESTAMP, &raw).map(|d| d.to_string());
        let _ = Interval::from_sql(&Type::INTERVAL, &raw).map(|d| d.to_string());
    }
}
