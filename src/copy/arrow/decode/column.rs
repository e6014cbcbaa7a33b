//! One result column being collected into an Arrow array: an accumulator per type.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{
    BinaryBuilder, BooleanBuilder, Date32Builder, Decimal128Builder, FixedSizeBinaryBuilder,
    Float32Builder, Float64Builder, Int16Builder, Int32Builder, Int64Builder,
    IntervalMonthDayNanoBuilder, StringBuilder, Time64MicrosecondBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::types::IntervalMonthDayNano;
use arrow_array::{ArrayRef, FixedSizeListArray, Float32Array, ListArray};
use arrow_buffer::{NullBufferBuilder, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, FieldRef};

use crate::copy::arrow::{EPOCH_DAYS, EPOCH_MICROS, EXTENSION_NAME};
use crate::types::{
    BoxError, DecodeError, FromSql, Kind, Numeric, Time, Type, Vector, base_oid, is_text_like, oid,
};

/// The Arrow `Decimal128` precision and scale of a `numeric(p, s)` typmod, when `p <= 38`
/// and Arrow accepts the scale.
pub(crate) fn decimal_typmod(typmod: i32) -> Option<(u8, i8)> {
    // atttypmod = ((precision << 16) | (scale & 0x7ff)) + VARHDRSZ; the scale is an 11-bit
    // signed field since PostgreSQL 15.
    let t = typmod.checked_sub(4).filter(|t| *t >= 0)?;
    let precision = u8::try_from((t >> 16) & 0xffff).ok()?;
    let scale = i8::try_from(((t & 0x7ff) ^ 0x400) - 0x400).ok()?;
    let fits = (1..=38).contains(&precision) && (scale <= 0 || scale as u8 <= precision);
    fits.then_some((precision, scale))
}

fn invalid(type_name: &'static str, field: &'static str, value: i64) -> BoxError {
    Box::new(DecodeError::Invalid {
        type_name,
        field,
        value,
    })
}

fn fixed<const N: usize>(raw: &[u8], type_name: &'static str) -> Result<[u8; N], BoxError> {
    raw.try_into().map_err(|_| {
        Box::new(DecodeError::Length {
            type_name,
            expected: N,
            got: raw.len(),
        }) as BoxError
    })
}

/// Collects one column's values.
pub(crate) enum Column {
    Bool(BooleanBuilder),
    Int2(Int16Builder),
    Int4(Int32Builder),
    Int8(Int64Builder),
    Float4(Float32Builder),
    Float8(Float64Builder),
    Decimal {
        builder: Decimal128Builder,
        precision: u8,
        scale: i8,
    },
    /// numeric without a typmod that fits Decimal128: its text.
    NumericText(StringBuilder),
    Text(StringBuilder),
    Json {
        builder: StringBuilder,
        jsonb: bool,
    },
    Bytea(BinaryBuilder),
    Uuid(FixedSizeBinaryBuilder),
    Date(Date32Builder),
    Time(Time64MicrosecondBuilder),
    Timestamp(TimestampMicrosecondBuilder),
    Interval(IntervalMonthDayNanoBuilder),
    List {
        elem_type: Type,
        elem: Box<Column>,
        offsets: Vec<i32>,
        nulls: NullBufferBuilder,
    },
    Vector {
        values: Vec<f32>,
        offsets: Vec<usize>,
        nulls: NullBufferBuilder,
    },
    /// Any other type: its binary form as it came.
    Raw(BinaryBuilder),
}

impl Column {
    /// The accumulator for values of `ty` (with `typmod`, -1 when none).
    pub(crate) fn new(ty: &Type, typmod: i32) -> Column {
        let base = ty.base();
        if let Kind::Array(elem) = base.kind() {
            return Column::List {
                elem_type: elem.clone(),
                elem: Box::new(Column::new(elem, typmod)),
                offsets: vec![0],
                nulls: NullBufferBuilder::new(0),
            };
        }
        if <Vector as FromSql>::accepts(ty) {
            return Column::Vector {
                values: Vec::new(),
                offsets: vec![0],
                nulls: NullBufferBuilder::new(0),
            };
        }
        match base_oid(ty) {
            oid::BOOL => Column::Bool(BooleanBuilder::new()),
            oid::INT2 => Column::Int2(Int16Builder::new()),
            oid::INT4 => Column::Int4(Int32Builder::new()),
            oid::INT8 => Column::Int8(Int64Builder::new()),
            oid::FLOAT4 => Column::Float4(Float32Builder::new()),
            oid::FLOAT8 => Column::Float8(Float64Builder::new()),
            oid::NUMERIC => {
                let decimal = decimal_typmod(typmod).and_then(|(precision, scale)| {
                    let builder = Decimal128Builder::new()
                        .with_precision_and_scale(precision, scale)
                        .ok()?;
                    Some(Column::Decimal {
                        builder,
                        precision,
                        scale,
                    })
                });
                decimal.unwrap_or_else(|| Column::NumericText(StringBuilder::new()))
            }
            oid::JSON | oid::JSONB => Column::Json {
                builder: StringBuilder::new(),
                jsonb: base_oid(ty) == oid::JSONB,
            },
            oid::BYTEA => Column::Bytea(BinaryBuilder::new()),
            oid::UUID => Column::Uuid(FixedSizeBinaryBuilder::new(16)),
            oid::DATE => Column::Date(Date32Builder::new()),
            oid::TIME => Column::Time(Time64MicrosecondBuilder::new()),
            oid::TIMESTAMP => Column::Timestamp(TimestampMicrosecondBuilder::new()),
            oid::TIMESTAMPTZ => {
                Column::Timestamp(TimestampMicrosecondBuilder::new().with_timezone("UTC"))
            }
            oid::INTERVAL => Column::Interval(IntervalMonthDayNanoBuilder::new()),
            _ if is_text_like(ty) => Column::Text(StringBuilder::new()),
            _ => Column::Raw(BinaryBuilder::new()),
        }
    }

    /// Appends one value (`None` is NULL) of type `ty`.
    pub(crate) fn append(&mut self, raw: Option<&[u8]>, ty: &Type) -> Result<(), BoxError> {
        let Some(raw) = raw else {
            self.append_null();
            return Ok(());
        };
        match self {
            Column::Bool(b) => b.append_value(bool::from_sql(ty, raw)?),
            Column::Int2(b) => b.append_value(i16::from_be_bytes(fixed(raw, "int2")?)),
            Column::Int4(b) => b.append_value(i32::from_be_bytes(fixed(raw, "int4")?)),
            Column::Int8(b) => b.append_value(i64::from_be_bytes(fixed(raw, "int8")?)),
            Column::Float4(b) => b.append_value(f32::from_be_bytes(fixed(raw, "float4")?)),
            Column::Float8(b) => b.append_value(f64::from_be_bytes(fixed(raw, "float8")?)),
            Column::Decimal {
                builder,
                precision,
                scale,
            } => {
                let n = Numeric::from_sql(ty, raw)?;
                builder.append_value(to_decimal128(&n, *precision, *scale)?);
            }
            Column::NumericText(b) => b.append_value(Numeric::from_sql(ty, raw)?.to_string()),
            Column::Text(b) => b.append_value(utf8(raw, "text")?),
            Column::Json { builder, jsonb } => {
                let text = if *jsonb {
                    match raw.split_first() {
                        Some((1, text)) => text,
                        Some((&v, _)) => return Err(invalid("jsonb", "version", i64::from(v))),
                        None => {
                            return Err(Box::new(DecodeError::Truncated {
                                type_name: "jsonb",
                                field: "version",
                            }));
                        }
                    }
                } else {
                    raw
                };
                builder.append_value(utf8(text, "json")?);
            }
            Column::Bytea(b) | Column::Raw(b) => b.append_value(raw),
            Column::Uuid(b) => b.append_value(fixed::<16>(raw, "uuid")?)?,
            Column::Date(b) => {
                let days = i32::from_be_bytes(fixed(raw, "date")?);
                b.append_value(match days {
                    i32::MAX | i32::MIN => days,
                    // PostgreSQL's dates end at 5874897-12-31: adding the epoch stays in i32.
                    _ => days
                        .checked_add(EPOCH_DAYS as i32)
                        .ok_or_else(|| invalid("date", "days", i64::from(days)))?,
                });
            }
            Column::Time(b) => b.append_value(Time::from_sql(ty, raw)?.micros()),
            Column::Timestamp(builder) => {
                let us = i64::from_be_bytes(fixed(raw, "timestamp")?);
                builder.append_value(match us {
                    i64::MAX | i64::MIN => us,
                    _ => us
                        .checked_add(EPOCH_MICROS)
                        .ok_or_else(|| invalid("timestamp", "microseconds", us))?,
                });
            }
            Column::Interval(b) => {
                let v: [u8; 16] = fixed(raw, "interval")?;
                let micros = i64::from_be_bytes([v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]]);
                let days = i32::from_be_bytes([v[8], v[9], v[10], v[11]]);
                let months = i32::from_be_bytes([v[12], v[13], v[14], v[15]]);
                let value = match (months, days, micros) {
                    // PostgreSQL 17's ±infinity: every field at its extreme, as the encoder
                    // reads them back.
                    (i32::MAX, i32::MAX, i64::MAX) | (i32::MIN, i32::MIN, i64::MIN) => {
                        IntervalMonthDayNano::new(months, days, micros)
                    }
                    _ => IntervalMonthDayNano::new(
                        months,
                        days,
                        micros
                            .checked_mul(1000)
                            .ok_or_else(|| invalid("interval", "microseconds", micros))?,
                    ),
                };
                b.append_value(value);
            }
            Column::List {
                elem_type,
                elem,
                offsets,
                nulls,
            } => {
                let n = append_array(raw, elem_type, elem)?;
                let last = *offsets.last().unwrap_or(&0);
                let next = i32::try_from(n)
                    .ok()
                    .and_then(|n| last.checked_add(n))
                    .ok_or_else(|| invalid("array", "elements", n as i64))?;
                offsets.push(next);
                nulls.append_non_null();
            }
            Column::Vector {
                values,
                offsets,
                nulls,
            } => {
                let dim = vector_into(raw, values)?;
                offsets.push(offsets.last().copied().unwrap_or(0) + dim);
                nulls.append_non_null();
            }
        }
        Ok(())
    }

    fn append_null(&mut self) {
        match self {
            Column::Bool(b) => b.append_null(),
            Column::Int2(b) => b.append_null(),
            Column::Int4(b) => b.append_null(),
            Column::Int8(b) => b.append_null(),
            Column::Float4(b) => b.append_null(),
            Column::Float8(b) => b.append_null(),
            Column::Decimal { builder, .. } => builder.append_null(),
            Column::NumericText(b) | Column::Text(b) => b.append_null(),
            Column::Json { builder, .. } => builder.append_null(),
            Column::Bytea(b) | Column::Raw(b) => b.append_null(),
            Column::Uuid(b) => b.append_null(),
            Column::Date(b) => b.append_null(),
            Column::Time(b) => b.append_null(),
            Column::Timestamp(builder) => builder.append_null(),
            Column::Interval(b) => b.append_null(),
            Column::List { offsets, nulls, .. } => {
                offsets.push(offsets.last().copied().unwrap_or(0));
                nulls.append_null();
            }
            Column::Vector { offsets, nulls, .. } => {
                offsets.push(offsets.last().copied().unwrap_or(0));
                nulls.append_null();
            }
        }
    }

    /// The collected values as an array and its field, leaving the column empty.
    pub(crate) fn finish(&mut self, name: &str) -> Result<(ArrayRef, FieldRef), ArrowError> {
        let mut extension = None;
        let array: ArrayRef = match self {
            Column::Bool(b) => Arc::new(b.finish()),
            Column::Int2(b) => Arc::new(b.finish()),
            Column::Int4(b) => Arc::new(b.finish()),
            Column::Int8(b) => Arc::new(b.finish()),
            Column::Float4(b) => Arc::new(b.finish()),
            Column::Float8(b) => Arc::new(b.finish()),
            Column::Decimal { builder, .. } => Arc::new(builder.finish()),
            Column::NumericText(b) | Column::Text(b) => Arc::new(b.finish()),
            Column::Json { builder, .. } => {
                extension = Some("arrow.json");
                Arc::new(builder.finish())
            }
            Column::Bytea(b) | Column::Raw(b) => Arc::new(b.finish()),
            Column::Uuid(b) => {
                extension = Some("arrow.uuid");
                Arc::new(b.finish())
            }
            Column::Date(b) => Arc::new(b.finish()),
            Column::Time(b) => Arc::new(b.finish()),
            Column::Timestamp(builder) => Arc::new(builder.finish()),
            Column::Interval(b) => Arc::new(b.finish()),
            Column::List {
                elem,
                offsets,
                nulls,
                ..
            } => {
                let (values, item) = elem.finish("item")?;
                let offsets = std::mem::replace(offsets, vec![0]);
                Arc::new(ListArray::try_new(
                    item,
                    OffsetBuffer::new(ScalarBuffer::from(offsets)),
                    values,
                    nulls.finish(),
                )?)
            }
            Column::Vector {
                values,
                offsets,
                nulls,
            } => finish_vector(
                std::mem::take(values),
                std::mem::replace(offsets, vec![0]),
                nulls.finish(),
            )?,
        };
        let mut field = Field::new(name, array.data_type().clone(), true);
        if let Some(ext) = extension {
            field =
                field.with_metadata(HashMap::from([(EXTENSION_NAME.to_owned(), ext.to_owned())]));
        }
        Ok((array, Arc::new(field)))
    }
}

fn utf8<'a>(raw: &'a [u8], type_name: &'static str) -> Result<&'a str, BoxError> {
    std::str::from_utf8(raw).map_err(|e| {
        Box::new(DecodeError::Utf8 {
            type_name,
            valid_up_to: e.valid_up_to(),
        }) as BoxError
    })
}

/// `n × 10^scale` as an integer of at most `precision` digits.
fn to_decimal128(n: &Numeric, precision: u8, scale: i8) -> Result<i128, BoxError> {
    let out_of_range = || -> BoxError {
        format!("numeric {n} does not fit Decimal128({precision}, {scale})").into()
    };
    if !n.is_finite() {
        return Err(out_of_range());
    }
    let digits = n.digits();
    // Horner over the base-10000 digits; the last one may straddle the scale (its exponent
    // below 10^0 by one to three decimal places), and must then divide exactly.
    let mut acc: i128 = 0;
    for (k, &d) in digits.iter().enumerate() {
        let exp = 4 * (i64::from(n.weight()) - k as i64) + i64::from(scale);
        let last = k + 1 == digits.len();
        let (mul, add) = if exp >= 0 || !last {
            (10_000, i128::from(d))
        } else if exp > -4 {
            let p = 10u16.pow((-exp) as u32);
            if d % p != 0 {
                return Err(out_of_range());
            }
            (10i128.pow((4 + exp) as u32), i128::from(d / p))
        } else {
            return Err(out_of_range());
        };
        acc = acc
            .checked_mul(mul)
            .and_then(|a| a.checked_add(add))
            .ok_or_else(out_of_range)?;
        if last && exp > 0 {
            acc = u32::try_from(exp)
                .ok()
                .and_then(|e| 10i128.checked_pow(e))
                .and_then(|p| acc.checked_mul(p))
                .ok_or_else(out_of_range)?;
        }
    }
    let scaled = acc;
    let limit = 10i128.pow(u32::from(precision));
    if scaled >= limit {
        return Err(out_of_range());
    }
    Ok(if n.is_sign_negative() {
        -scaled
    } else {
        scaled
    })
}

/// Appends a one-dimensional array's elements to `elem`; returns how many.
fn append_array(raw: &[u8], elem_type: &Type, elem: &mut Column) -> Result<usize, BoxError> {
    let word = |at: usize, field: &'static str| -> Result<i32, BoxError> {
        raw.get(at..at + 4)
            .map(|b| i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| {
                Box::new(DecodeError::Truncated {
                    type_name: "array",
                    field,
                }) as BoxError
            })
    };
    let ndim = word(0, "ndim")?;
    let flags = word(4, "flags")?;
    let elem_oid = word(8, "element type")? as u32;
    if flags & !1 != 0 {
        return Err(invalid("array", "flags", i64::from(flags)));
    }
    if elem_oid != elem_type.oid() {
        return Err(Box::new(DecodeError::ElementType {
            type_name: "array",
            expected: elem_type.oid(),
            got: elem_oid,
        }));
    }
    if ndim == 0 {
        return if raw.len() == 12 {
            Ok(0)
        } else {
            Err(Box::new(DecodeError::TrailingBytes {
                type_name: "array",
                extra: raw.len() - 12,
            }))
        };
    }
    if ndim != 1 {
        return Err(Box::new(DecodeError::Dimensions {
            expected: 1,
            got: usize::try_from(ndim).unwrap_or(0),
        }));
    }
    let len = word(12, "dimension length")?;
    word(16, "lower bound")?;
    // Each element takes at least its 4-byte length: a count the bytes cannot hold is a lie.
    let len = usize::try_from(len)
        .ok()
        .filter(|&n| n <= (raw.len() - 20) / 4)
        .ok_or_else(|| invalid("array", "dimension length", i64::from(len)))?;
    let mut at = 20;
    for _ in 0..len {
        let n = word(at, "element length")?;
        at += 4;
        if n == -1 {
            elem.append(None, elem_type)?;
            continue;
        }
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n <= raw.len() - at)
            .ok_or_else(|| invalid("array", "element length", i64::from(n)))?;
        elem.append(Some(&raw[at..at + n]), elem_type)?;
        at += n;
    }
    if at != raw.len() {
        return Err(Box::new(DecodeError::TrailingBytes {
            type_name: "array",
            extra: raw.len() - at,
        }));
    }
    Ok(len)
}

/// Appends a pgvector `vector`'s elements (`int16 dim, int16 unused, float4[dim]`).
fn vector_into(raw: &[u8], values: &mut Vec<f32>) -> Result<usize, BoxError> {
    let head: [u8; 4] = raw
        .get(..4)
        .and_then(|h| h.try_into().ok())
        .ok_or_else(|| {
            Box::new(DecodeError::Truncated {
                type_name: "vector",
                field: "dim",
            }) as BoxError
        })?;
    let dim = i16::from_be_bytes([head[0], head[1]]);
    let body = &raw[4..];
    let dim = usize::try_from(dim)
        .ok()
        .filter(|&d| d * 4 == body.len())
        .ok_or_else(|| invalid("vector", "dim", i64::from(dim)))?;
    values.extend(
        body.chunks_exact(4)
            .map(|c| f32::from_be_bytes([c[0], c[1], c[2], c[3]])),
    );
    Ok(dim)
}

/// FixedSizeList(Float32, d) when every non-NULL vector has dimension `d`, else List.
fn finish_vector(
    values: Vec<f32>,
    offsets: Vec<usize>,
    nulls: Option<arrow_buffer::NullBuffer>,
) -> Result<ArrayRef, ArrowError> {
    let item = Arc::new(Field::new("item", DataType::Float32, true));
    let valid = |i: usize| nulls.as_ref().is_none_or(|n| n.is_valid(i));
    let rows = offsets.len() - 1;
    let mut dims = (0..rows)
        .filter(|&i| valid(i))
        .map(|i| offsets[i + 1] - offsets[i]);
    let uniform = match dims.next() {
        Some(d) if d > 0 && dims.all(|x| x == d) => Some(d),
        _ => None,
    };
    if let Some(d) = uniform.filter(|&d| i32::try_from(d).is_ok()) {
        // NULL rows still take `d` slots in a FixedSizeList.
        let mut full = Vec::with_capacity(rows * d);
        for i in 0..rows {
            if valid(i) {
                full.extend_from_slice(&values[offsets[i]..offsets[i + 1]]);
            } else {
                full.resize(full.len() + d, 0.0);
            }
        }
        return Ok(Arc::new(FixedSizeListArray::try_new(
            item,
            d as i32,
            Arc::new(Float32Array::from(full)),
            nulls,
        )?));
    }
    let offsets: Vec<i32> = offsets
        .iter()
        .map(|&o| i32::try_from(o))
        .collect::<Result<_, _>>()
        .map_err(|_| ArrowError::InvalidArgumentError("vector offsets overflow i32".into()))?;
    Ok(Arc::new(ListArray::try_new(
        item,
        OffsetBuffer::new(ScalarBuffer::from(offsets)),
        Arc::new(Float32Array::from(values)),
        nulls,
    )?))
}
