//! Which encoder an Arrow column gets for its target PostgreSQL type (the table in
//! [`RecordBatchEncoder`](super::RecordBatchEncoder)'s docs). Looks only at types, never at
//! values: `None` means the pair cannot map.

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrowPrimitiveType};
use arrow_schema::{DataType, IntervalUnit, TimeUnit};

use super::nested::{Dict, List};
use super::numeric::{Decimal, Scale, put_decimal_text, put_i128, put_numeric};
use super::scalar::{AllNull, Bool, Bytes, Checked, Fixed, Scratch};
use super::{Encode, temporal};
use crate::copy::arrow::json;
use crate::types::{Kind, Numeric, Type, base_oid, is_text_like, oid};

/// A column of one of the temporal types whose `TimeUnit` is `$unit`: each unit has its own
/// array type, and its own conversion closure in which the unit is a constant, so `$conv`'s
/// match on the unit folds away instead of running per value.
macro_rules! per_unit {
    ($array:expr, $unit:expr, { $($u:ident => $t:ty),+ $(,)? }, $conv:expr) => {
        match $unit {
            $(TimeUnit::$u => checked::<$t, _, _>($array, move |v| ($conv)(i64::from(v), TimeUnit::$u)),)+
            #[allow(unreachable_patterns)]
            _ => return None,
        }
    };
}

/// The encoder for `array` as values of `ty`, or `None` when they do not map.
pub(crate) fn plan(array: &dyn Array, ty: &Type) -> Option<Box<dyn Encode>> {
    use DataType as D;
    let pg = base_oid(ty);
    Some(match array.data_type() {
        D::Null => Box::new(AllNull),
        D::Boolean if pg == oid::BOOL => Box::new(Bool(array.as_boolean().clone())),
        D::Int8 => int::<Int8Type>(array, pg, 16)?,
        D::Int16 => int::<Int16Type>(array, pg, 16)?,
        D::Int32 => int::<Int32Type>(array, pg, 32)?,
        D::Int64 => int::<Int64Type>(array, pg, 64)?,
        D::UInt8 => int::<UInt8Type>(array, pg, 16)?,
        D::UInt16 => int::<UInt16Type>(array, pg, 32)?,
        D::UInt32 => int::<UInt32Type>(array, pg, 64)?,
        D::UInt64 => uint64(array, pg)?,
        D::Float16 => {
            let a = array.as_primitive::<Float16Type>().clone();
            match pg {
                oid::FLOAT4 => fixed(a, |v| v.to_f32().to_be_bytes()),
                oid::FLOAT8 => fixed(a, |v| v.to_f64().to_be_bytes()),
                oid::NUMERIC => float_numeric(array, move |i| a.value(i).to_f64()),
                _ => return None,
            }
        }
        D::Float32 => {
            let a = array.as_primitive::<Float32Type>().clone();
            match pg {
                oid::FLOAT4 => fixed(a, f32::to_be_bytes),
                oid::FLOAT8 => fixed(a, |v| f64::from(v).to_be_bytes()),
                oid::NUMERIC => float_numeric(array, move |i| {
                    // Through the f32's own shortest decimal, not the f64 widening's.
                    let v = a.value(i);
                    v.to_string().parse().unwrap_or(f64::from(v))
                }),
                _ => return None,
            }
        }
        D::Float64 => {
            let a = array.as_primitive::<Float64Type>().clone();
            match pg {
                oid::FLOAT8 => fixed(a, f64::to_be_bytes),
                oid::NUMERIC => float_numeric(array, move |i| a.value(i)),
                _ => return None,
            }
        }
        D::Decimal128(_, scale) if pg == oid::NUMERIC => {
            let a = array.as_primitive::<Decimal128Type>().clone();
            let scale = i32::from(*scale);
            match u32::try_from(scale).ok().and_then(Scale::new) {
                Some(scale) => Box::new(Decimal {
                    array: a,
                    parts: |v: i128| (v < 0, v.unsigned_abs()),
                    scale,
                }),
                None => Box::new(Scratch::new(array, move |i, out| {
                    put_i128(out, a.value(i), scale)
                })),
            }
        }
        D::Decimal256(_, scale) if pg == oid::NUMERIC => {
            let a = array.as_primitive::<Decimal256Type>().clone();
            let scale = i32::from(*scale);
            Box::new(Scratch::new(array, move |i, out| {
                let v = a.value(i);
                match v.to_i128() {
                    Some(small) => put_i128(out, small, scale),
                    None => put_decimal_text(out, &v.to_string(), scale),
                }
            }))
        }
        D::Utf8 => text(array.as_string::<i32>().clone(), array, ty)?,
        D::LargeUtf8 => text(array.as_string::<i64>().clone(), array, ty)?,
        D::Utf8View => text(array.as_string_view().clone(), array, ty)?,
        D::Binary if pg == oid::BYTEA => bytes(array.as_binary::<i32>().clone()),
        D::LargeBinary if pg == oid::BYTEA => bytes(array.as_binary::<i64>().clone()),
        D::BinaryView if pg == oid::BYTEA => bytes(array.as_binary_view().clone()),
        D::FixedSizeBinary(n) if pg == oid::BYTEA || (pg == oid::UUID && *n == 16) => {
            bytes(array.as_fixed_size_binary().clone())
        }
        D::Date32 if pg == oid::DATE => checked::<Date32Type, 4, _>(array, |d| {
            temporal::date(i64::from(d)).map(i32::to_be_bytes)
        }),
        D::Date64 if pg == oid::DATE => {
            checked::<Date64Type, 4, _>(array, |ms| temporal::date64(ms).map(i32::to_be_bytes))
        }
        D::Time32(unit) if pg == oid::TIME => per_unit!(
            array,
            *unit,
            { Second => Time32SecondType, Millisecond => Time32MillisecondType },
            |v, unit| temporal::time(v, unit).map(i64::to_be_bytes)
        ),
        D::Time64(unit) if pg == oid::TIME => per_unit!(
            array,
            *unit,
            { Microsecond => Time64MicrosecondType, Nanosecond => Time64NanosecondType },
            |v, unit| temporal::time(v, unit).map(i64::to_be_bytes)
        ),
        D::Timestamp(unit, _) if pg == oid::TIMESTAMP || pg == oid::TIMESTAMPTZ => per_unit!(
            array,
            *unit,
            {
                Second => TimestampSecondType,
                Millisecond => TimestampMillisecondType,
                Microsecond => TimestampMicrosecondType,
                Nanosecond => TimestampNanosecondType,
            },
            |v, unit| temporal::timestamp(v, unit).map(i64::to_be_bytes)
        ),
        D::Duration(unit) if pg == oid::INTERVAL => per_unit!(
            array,
            *unit,
            {
                Second => DurationSecondType,
                Millisecond => DurationMillisecondType,
                Microsecond => DurationMicrosecondType,
                Nanosecond => DurationNanosecondType,
            },
            |v, unit| temporal::duration(v, unit).map(|us| temporal::interval(0, 0, us))
        ),
        D::Interval(IntervalUnit::YearMonth) if pg == oid::INTERVAL => {
            fixed(array.as_primitive::<IntervalYearMonthType>().clone(), |m| {
                temporal::interval(m, 0, 0)
            })
        }
        D::Interval(IntervalUnit::DayTime) if pg == oid::INTERVAL => {
            fixed(array.as_primitive::<IntervalDayTimeType>().clone(), |v| {
                temporal::interval(0, v.days, i64::from(v.milliseconds) * 1000)
            })
        }
        D::Interval(IntervalUnit::MonthDayNano) if pg == oid::INTERVAL => {
            fixed(
                array.as_primitive::<IntervalMonthDayNanoType>().clone(),
                |v| {
                    match (v.months, v.days, v.nanoseconds) {
                        // Every field at its extreme: PostgreSQL 17's ±infinity, as decoded.
                        (i32::MAX, i32::MAX, i64::MAX) | (i32::MIN, i32::MIN, i64::MIN) => {
                            temporal::interval(v.months, v.days, v.nanoseconds)
                        }
                        _ => temporal::interval(v.months, v.days, v.nanoseconds.div_euclid(1000)),
                    }
                },
            )
        }
        D::List(_) | D::LargeList(_) | D::FixedSizeList(..) => list(array, ty)?,
        D::Struct(_) | D::Map(..)
            if (pg == oid::JSON || pg == oid::JSONB) && json::supported(array.data_type()) =>
        {
            let jsonb = pg == oid::JSONB;
            let a = arrow_array::make_array(array.to_data());
            Box::new(Scratch::new(array, move |i, out| {
                if jsonb {
                    out.push(1);
                }
                json::write_value(a.as_ref(), i, out)
            }))
        }
        D::Dictionary(..) => Box::new(Dict::new(array, |values| plan(values, ty))?),
        _ => return None,
    })
}

/// A primitive column of `T` whose values convert with a check that may fail.
fn checked<T, const W: usize, E>(
    array: &dyn Array,
    conv: impl Fn(T::Native) -> Result<[u8; W], E> + 'static,
) -> Box<dyn Encode>
where
    T: ArrowPrimitiveType,
    E: std::fmt::Display + 'static,
{
    Box::new(Checked {
        array: array.as_primitive::<T>().clone(),
        conv,
    })
}

fn fixed<T, const W: usize>(
    array: arrow_array::PrimitiveArray<T>,
    conv: impl Fn(T::Native) -> [u8; W] + 'static,
) -> Box<dyn Encode>
where
    T: ArrowPrimitiveType,
{
    Box::new(Fixed { array, conv })
}

/// Integers of a type that needs `bits` bits as a signed integer (unsigned ones need one
/// more than their width): into int2/int4/int8 that hold them, float4/float8 that hold them
/// exactly, or numeric.
fn int<T>(array: &dyn Array, pg: u32, bits: u32) -> Option<Box<dyn Encode>>
where
    T: ArrowPrimitiveType,
    T::Native: Into<i64>,
{
    let a = array.as_primitive::<T>().clone();
    // Each `as` below narrows a value the width check proved fits.
    Some(match pg {
        oid::INT2 if bits <= 16 => fixed(a, |v| (v.into() as i16).to_be_bytes()),
        oid::INT4 if bits <= 32 => fixed(a, |v| (v.into() as i32).to_be_bytes()),
        oid::INT8 => fixed(a, |v| v.into().to_be_bytes()),
        oid::FLOAT4 if bits <= 16 => fixed(a, |v| (v.into() as f32).to_be_bytes()),
        oid::FLOAT8 if bits <= 32 => fixed(a, |v| (v.into() as f64).to_be_bytes()),
        oid::NUMERIC => Box::new(Decimal {
            array: a,
            parts: |v: T::Native| {
                let v: i64 = v.into();
                (v < 0, u128::from(v.unsigned_abs()))
            },
            scale: Scale::INTEGER,
        }),
        _ => return None,
    })
}

/// A UInt64 above `i64::MAX`.
struct NotInt8(u64);

impl std::fmt::Display for NotInt8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} does not fit int8; use a numeric column", self.0)
    }
}

/// UInt64: int8 when every value fits (checked), or numeric.
fn uint64(array: &dyn Array, pg: u32) -> Option<Box<dyn Encode>> {
    let a = array.as_primitive::<UInt64Type>().clone();
    Some(match pg {
        oid::INT8 => checked::<UInt64Type, 8, _>(array, |v| {
            i64::try_from(v)
                .map(i64::to_be_bytes)
                .map_err(|_| NotInt8(v))
        }),
        oid::NUMERIC => Box::new(Decimal {
            array: a,
            parts: |v: u64| (false, u128::from(v)),
            scale: Scale::INTEGER,
        }),
        _ => return None,
    })
}

/// A float as the numeric of its shortest round-tripping decimal; NaN and infinities too.
fn float_numeric(array: &dyn Array, value: impl Fn(usize) -> f64 + 'static) -> Box<dyn Encode> {
    Box::new(Scratch::new(array, move |i, out| {
        let v = value(i);
        let n = if v.is_nan() {
            Numeric::NAN
        } else if v.is_infinite() {
            if v > 0.0 {
                Numeric::INFINITY
            } else {
                Numeric::NEG_INFINITY
            }
        } else {
            // Display prints a plain decimal (no exponent), which numeric always parses.
            v.to_string()
                .parse()
                .map_err(|e| format!("{v} as numeric: {e}"))?
        };
        put_numeric(out, &n);
        Ok(())
    }))
}

/// Strings into text-like columns as they are, into json as they are, into jsonb after its
/// version byte, into uuid parsed.
fn text<A>(a: A, array: &dyn Array, ty: &Type) -> Option<Box<dyn Encode>>
where
    A: Array + super::scalar::ByteValues + 'static,
{
    Some(match base_oid(ty) {
        oid::JSON => Box::new(Bytes {
            array: a,
            prefix: b"",
        }),
        oid::JSONB => Box::new(Bytes {
            array: a,
            prefix: &[1],
        }),
        oid::UUID => Box::new(Scratch::new(array, move |i, out| {
            let s = std::str::from_utf8(a.value_bytes(i)).map_err(|e| e.to_string())?;
            let u = uuid::Uuid::parse_str(s).map_err(|e| format!("{s:?} is not a uuid: {e}"))?;
            out.extend_from_slice(u.as_bytes());
            Ok(())
        })),
        _ if is_text_like(ty) => Box::new(Bytes {
            array: a,
            prefix: b"",
        }),
        _ => return None,
    })
}

fn bytes<A: Array + super::scalar::ByteValues + 'static>(array: A) -> Box<dyn Encode> {
    Box::new(Bytes { array, prefix: b"" })
}

/// Lists into a one-dimensional array of the column's element type.
fn list(array: &dyn Array, ty: &Type) -> Option<Box<dyn Encode>> {
    let Kind::Array(elem) = ty.base().kind() else {
        return None;
    };
    let elem_oid = elem.oid();
    let plan_child = |child: &dyn Array| plan(child, elem);
    let list = match array.data_type() {
        DataType::List(_) => {
            let l = array.as_list::<i32>();
            let offsets = l.value_offsets().iter().map(|&o| o as usize).collect();
            List::new(array, offsets, l.values(), plan_child, elem_oid)
        }
        DataType::LargeList(_) => {
            let l = array.as_list::<i64>();
            let offsets = l.value_offsets().iter().map(|&o| o as usize).collect();
            List::new(array, offsets, l.values(), plan_child, elem_oid)
        }
        _ => {
            let l = array.as_fixed_size_list();
            let size = l.value_length() as usize;
            let base = if l.is_empty() {
                0
            } else {
                l.value_offset_at(0)
            };
            let offsets = (0..=l.len()).map(|i| base + i * size).collect();
            List::new(array, offsets, l.values(), plan_child, elem_oid)
        }
    };
    Some(Box::new(list?))
}
