//! Arrow values as JSON text, for Struct and Map columns sent to json/jsonb.
//!
//! Objects for structs (field names as keys) and maps (keys as strings), arrays for lists,
//! numbers for integers, finite floats and decimals (NaN and infinities become `null`),
//! strings for text, for binary (`"\\x0102"`, as PostgreSQL prints bytea) and for dates and
//! timestamps (PostgreSQL's text form).

use std::fmt::Write as _;

use arrow_array::cast::AsArray;
use arrow_array::types::*;
use arrow_array::{Array, ArrowPrimitiveType};
use arrow_schema::{DataType, TimeUnit};

use super::encode::numeric::decimal_text;
use crate::types::{Date, Timestamp};

/// Whether every value of `dt` can be written as JSON.
pub(crate) fn supported(dt: &DataType) -> bool {
    use DataType as D;
    match dt {
        D::Null
        | D::Boolean
        | D::Int8
        | D::Int16
        | D::Int32
        | D::Int64
        | D::UInt8
        | D::UInt16
        | D::UInt32
        | D::UInt64
        | D::Float16
        | D::Float32
        | D::Float64
        | D::Decimal128(..)
        | D::Decimal256(..)
        | D::Utf8
        | D::LargeUtf8
        | D::Utf8View
        | D::Binary
        | D::LargeBinary
        | D::BinaryView
        | D::FixedSizeBinary(_)
        | D::Date32
        | D::Date64
        | D::Timestamp(..) => true,
        D::List(f) | D::LargeList(f) | D::FixedSizeList(f, _) => supported(f.data_type()),
        D::Struct(fields) => fields.iter().all(|f| supported(f.data_type())),
        D::Map(entries, _) => supported(entries.data_type()),
        D::Dictionary(_, values) => supported(values),
        _ => false,
    }
}

fn string(out: &mut Vec<u8>, s: &str) {
    // Writing JSON into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn number<T: ArrowPrimitiveType>(array: &dyn Array, i: usize, out: &mut Vec<u8>)
where
    T::Native: std::fmt::Display,
{
    let _ = write!(Text(out), "{}", array.as_primitive::<T>().value(i));
}

fn float(v: f64, out: &mut Vec<u8>) {
    if v.is_finite() {
        let _ = write!(Text(out), "{v}");
    } else {
        out.extend_from_slice(b"null");
    }
}

/// `fmt::Write` over a byte buffer.
struct Text<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    let mut s = String::with_capacity(2 + 2 * b.len());
    s.push_str("\\x");
    for byte in b {
        let _ = write!(s, "{byte:02x}");
    }
    string(out, &s);
}

/// Appends row `i` of `array` as JSON; [`supported`] must hold for its type.
pub(crate) fn write_value(array: &dyn Array, i: usize, out: &mut Vec<u8>) -> Result<(), String> {
    use DataType as D;
    if array.is_null(i) || array.logical_nulls().is_some_and(|n| n.is_null(i)) {
        out.extend_from_slice(b"null");
        return Ok(());
    }
    match array.data_type() {
        D::Null => out.extend_from_slice(b"null"),
        D::Boolean => {
            let v = array.as_boolean().value(i);
            out.extend_from_slice(if v { b"true" } else { b"false" });
        }
        D::Int8 => number::<Int8Type>(array, i, out),
        D::Int16 => number::<Int16Type>(array, i, out),
        D::Int32 => number::<Int32Type>(array, i, out),
        D::Int64 => number::<Int64Type>(array, i, out),
        D::UInt8 => number::<UInt8Type>(array, i, out),
        D::UInt16 => number::<UInt16Type>(array, i, out),
        D::UInt32 => number::<UInt32Type>(array, i, out),
        D::UInt64 => number::<UInt64Type>(array, i, out),
        D::Float16 => float(array.as_primitive::<Float16Type>().value(i).to_f64(), out),
        D::Float32 => float(f64::from(array.as_primitive::<Float32Type>().value(i)), out),
        D::Float64 => float(array.as_primitive::<Float64Type>().value(i), out),
        D::Decimal128(_, s) => {
            let v = array.as_primitive::<Decimal128Type>().value(i);
            out.extend_from_slice(decimal_text(&v.to_string(), i32::from(*s)).as_bytes());
        }
        D::Decimal256(_, s) => {
            let v = array.as_primitive::<Decimal256Type>().value(i);
            out.extend_from_slice(decimal_text(&v.to_string(), i32::from(*s)).as_bytes());
        }
        D::Utf8 => string(out, array.as_string::<i32>().value(i)),
        D::LargeUtf8 => string(out, array.as_string::<i64>().value(i)),
        D::Utf8View => string(out, array.as_string_view().value(i)),
        D::Binary => bytes(out, array.as_binary::<i32>().value(i)),
        D::LargeBinary => bytes(out, array.as_binary::<i64>().value(i)),
        D::BinaryView => bytes(out, array.as_binary_view().value(i)),
        D::FixedSizeBinary(_) => bytes(out, array.as_fixed_size_binary().value(i)),
        D::Date32 => {
            let days = i64::from(array.as_primitive::<Date32Type>().value(i));
            date(days, out)?;
        }
        D::Date64 => {
            let ms = array.as_primitive::<Date64Type>().value(i);
            date(ms.div_euclid(86_400_000), out)?;
        }
        D::Timestamp(unit, _) => {
            let v = match unit {
                TimeUnit::Second => array.as_primitive::<TimestampSecondType>().value(i),
                TimeUnit::Millisecond => array.as_primitive::<TimestampMillisecondType>().value(i),
                TimeUnit::Microsecond => array.as_primitive::<TimestampMicrosecondType>().value(i),
                TimeUnit::Nanosecond => array.as_primitive::<TimestampNanosecondType>().value(i),
            };
            let pg = super::encode::temporal::timestamp(v, *unit)?;
            let ts = Timestamp::from_pg_micros(pg).ok_or("timestamp out of range")?;
            string(out, &ts.to_string());
        }
        D::List(_) => {
            let list = array.as_list::<i32>();
            let (a, b) = (list.value_offsets()[i], list.value_offsets()[i + 1]);
            elements(list.values().as_ref(), a as usize, b as usize, out)?;
        }
        D::LargeList(_) => {
            let list = array.as_list::<i64>();
            let (a, b) = (list.value_offsets()[i], list.value_offsets()[i + 1]);
            elements(list.values().as_ref(), a as usize, b as usize, out)?;
        }
        D::FixedSizeList(..) => {
            let list = array.as_fixed_size_list();
            let a = list.value_offset_at(i);
            let b = a + list.value_length() as usize;
            elements(list.values().as_ref(), a, b, out)?;
        }
        D::Struct(fields) => {
            let s = array.as_struct();
            out.push(b'{');
            for (k, (field, column)) in fields.iter().zip(s.columns()).enumerate() {
                if k > 0 {
                    out.push(b',');
                }
                string(out, field.name());
                out.push(b':');
                write_value(column.as_ref(), i, out)?;
            }
            out.push(b'}');
        }
        D::Map(..) => {
            let map = array.as_map();
            let (a, b) = (
                map.value_offsets()[i] as usize,
                map.value_offsets()[i + 1] as usize,
            );
            out.push(b'{');
            for j in a..b {
                if j > a {
                    out.push(b',');
                }
                key(map.keys().as_ref(), j, out)?;
                out.push(b':');
                write_value(map.values().as_ref(), j, out)?;
            }
            out.push(b'}');
        }
        D::Dictionary(..) => {
            let dict = array.as_any_dictionary();
            let k = dict.normalized_keys()[i];
            write_value(dict.values().as_ref(), k, out)?;
        }
        other => return Err(format!("Arrow {other} has no JSON form")),
    }
    Ok(())
}

fn date(days: i64, out: &mut Vec<u8>) -> Result<(), String> {
    let pg = super::encode::temporal::date(days)?;
    let d = Date::from_pg_days(pg).ok_or("date out of range")?;
    string(out, &d.to_string());
    Ok(())
}

fn elements(values: &dyn Array, a: usize, b: usize, out: &mut Vec<u8>) -> Result<(), String> {
    out.push(b'[');
    for j in a..b {
        if j > a {
            out.push(b',');
        }
        write_value(values, j, out)?;
    }
    out.push(b']');
    Ok(())
}

/// A map key as a JSON string: text as itself, anything else as its JSON text.
fn key(keys: &dyn Array, j: usize, out: &mut Vec<u8>) -> Result<(), String> {
    let mut text = Vec::new();
    write_value(keys, j, &mut text)?;
    if text.first() == Some(&b'"') {
        out.extend_from_slice(&text);
    } else {
        string(out, &String::from_utf8_lossy(&text));
    }
    Ok(())
}
