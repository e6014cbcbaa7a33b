//! Arrow → binary COPY → Arrow round trips for every mapping (NULLs, extremes, empty values),
//! a few encodings checked byte for byte, mapping and value errors, and the decoder's
//! batching.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{Int32Builder, ListBuilder, MapBuilder, StringBuilder};
use arrow_array::types::*;
use arrow_array::*;
use arrow_buffer::{IntervalDayTime, IntervalMonthDayNano, i256};
use arrow_schema::{DataType, Field, Schema};
use bytes::BytesMut;
use proptest::prelude::*;

use super::*;
use crate::types::{Kind, Type};

/// `numeric(p, s)`'s typmod.
fn numeric_typmod(p: i32, s: i32) -> i32 {
    ((p << 16) | (s & 0x7ff)) + 4
}

fn batch_of(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
    // Nullable fields, as the decoder makes them.
    RecordBatch::try_from_iter_with_nullable(columns.into_iter().map(|(n, a)| (n, a, true)))
        .unwrap()
}

fn encode(batch: &RecordBatch, types: &[Type]) -> Result<BytesMut, ArrowCopyError> {
    let mut enc = RecordBatchEncoder::new(types.to_vec());
    let mut out = BytesMut::new();
    enc.encode(batch, &mut out)?;
    enc.finish(&mut out);
    Ok(out)
}

/// Decodes `data` fed in `chunk`-byte pieces into batches of `rows` rows.
fn decode(
    data: &[u8],
    columns: Vec<DecodeColumn>,
    rows: usize,
    chunk: usize,
) -> Result<Vec<RecordBatch>, ArrowCopyError> {
    let mut dec = RecordBatchDecoder::new(columns, rows);
    let mut out = Vec::new();
    for piece in data.chunks(chunk.max(1)) {
        dec.push(piece)?;
        while let Some(b) = dec.next_batch()? {
            out.push(b);
        }
    }
    while let Some(b) = dec.finish()? {
        out.push(b);
    }
    Ok(out)
}

/// Encodes `input` as a column of `ty`, decodes it in batches of 2 rows from 5-byte chunks,
/// and checks the decoded column equals `expected`.
fn check(input: ArrayRef, ty: Type, typmod: i32, expected: ArrayRef) {
    let batch = batch_of(vec![("c", input.clone())]);
    let bytes = encode(&batch, std::slice::from_ref(&ty))
        .unwrap_or_else(|e| panic!("{} → {ty}: {e}", input.data_type()));
    let column = DecodeColumn::new("c", ty.clone()).with_typmod(typmod);
    let batches = decode(&bytes, vec![column], 2, 5).unwrap_or_else(|e| panic!("{ty}: {e}"));
    let mut offset = 0;
    for b in &batches {
        let got = b.column(0);
        let want = expected.slice(offset, b.num_rows());
        assert_eq!(got.data_type(), want.data_type(), "{ty}");
        assert_eq!(got.as_ref(), want.as_ref(), "{} → {ty}", input.data_type());
        offset += b.num_rows();
    }
    assert_eq!(offset, expected.len(), "{ty}");
}

/// Same type out as in.
fn same(input: ArrayRef, ty: Type) {
    check(input.clone(), ty, -1, input);
}

#[test]
fn integers_round_trip_into_their_own_type() {
    same(
        Arc::new(Int16Array::from(vec![
            Some(i16::MIN),
            None,
            Some(0),
            Some(i16::MAX),
        ])),
        Type::INT2,
    );
    same(
        Arc::new(Int32Array::from(vec![
            Some(i32::MIN),
            None,
            Some(-1),
            Some(i32::MAX),
        ])),
        Type::INT4,
    );
    same(
        Arc::new(Int64Array::from(vec![
            Some(i64::MIN),
            None,
            Some(1),
            Some(i64::MAX),
        ])),
        Type::INT8,
    );
}

#[test]
fn small_and_unsigned_integers_widen() {
    check(
        Arc::new(Int8Array::from(vec![Some(i8::MIN), None, Some(i8::MAX)])),
        Type::INT2,
        -1,
        Arc::new(Int16Array::from(vec![Some(-128), None, Some(127)])),
    );
    check(
        Arc::new(UInt8Array::from(vec![Some(0), Some(u8::MAX), None])),
        Type::INT2,
        -1,
        Arc::new(Int16Array::from(vec![Some(0), Some(255), None])),
    );
    check(
        Arc::new(UInt16Array::from(vec![Some(u16::MAX), None])),
        Type::INT4,
        -1,
        Arc::new(Int32Array::from(vec![Some(65535), None])),
    );
    check(
        Arc::new(UInt32Array::from(vec![Some(u32::MAX), None])),
        Type::INT8,
        -1,
        Arc::new(Int64Array::from(vec![Some(i64::from(u32::MAX)), None])),
    );
    check(
        Arc::new(UInt64Array::from(vec![
            Some(i64::MAX as u64),
            None,
            Some(0),
        ])),
        Type::INT8,
        -1,
        Arc::new(Int64Array::from(vec![Some(i64::MAX), None, Some(0)])),
    );
    check(
        Arc::new(UInt64Array::from(vec![Some(u64::MAX), None, Some(0)])),
        Type::NUMERIC,
        -1,
        Arc::new(StringArray::from(vec![
            Some("18446744073709551615"),
            None,
            Some("0"),
        ])),
    );
    check(
        Arc::new(Int32Array::from(vec![Some(i32::MIN), None])),
        Type::INT8,
        -1,
        Arc::new(Int64Array::from(vec![Some(i64::from(i32::MIN)), None])),
    );
    check(
        Arc::new(Int32Array::from(vec![Some(i32::MIN), Some(7)])),
        Type::FLOAT8,
        -1,
        Arc::new(Float64Array::from(vec![f64::from(i32::MIN), 7.0])),
    );
    check(
        Arc::new(Int16Array::from(vec![Some(-3), None])),
        Type::FLOAT4,
        -1,
        Arc::new(Float32Array::from(vec![Some(-3.0), None])),
    );
    check(
        Arc::new(Int64Array::from(vec![Some(i64::MIN), Some(0)])),
        Type::NUMERIC,
        numeric_typmod(19, 0),
        Arc::new(
            Decimal128Array::from(vec![i128::from(i64::MIN), 0])
                .with_precision_and_scale(19, 0)
                .unwrap(),
        ),
    );
}

#[test]
fn uint64_above_int8_is_a_value_error_naming_the_row() {
    let batch = batch_of(vec![(
        "big",
        Arc::new(UInt64Array::from(vec![1, u64::MAX])) as _,
    )]);
    let err = encode(&batch, &[Type::INT8]).unwrap_err();
    assert!(
        matches!(&err, ArrowCopyError::Value { column, row: 1, .. } if column == "big"),
        "{err}"
    );
}

#[test]
fn floats_round_trip_with_nan_infinities_and_negative_zero() {
    let f32s = vec![
        Some(f32::NAN),
        Some(f32::INFINITY),
        Some(f32::NEG_INFINITY),
        Some(-0.0),
        Some(f32::MIN_POSITIVE),
        None,
    ];
    same(Arc::new(Float32Array::from(f32s.clone())), Type::FLOAT4);
    check(
        Arc::new(Float32Array::from(f32s.clone())),
        Type::FLOAT8,
        -1,
        Arc::new(Float64Array::from(
            f32s.iter().map(|v| v.map(f64::from)).collect::<Vec<_>>(),
        )),
    );
    same(
        Arc::new(Float64Array::from(vec![
            Some(f64::NAN),
            Some(f64::MAX),
            Some(f64::NEG_INFINITY),
            None,
        ])),
        Type::FLOAT8,
    );
    check(
        Arc::new(Float16Array::from(vec![
            Some(half::f16::from_f32(1.5)),
            None,
        ])),
        Type::FLOAT4,
        -1,
        Arc::new(Float32Array::from(vec![Some(1.5), None])),
    );
    check(
        Arc::new(Float64Array::from(vec![
            Some(0.1),
            Some(f64::NAN),
            Some(f64::INFINITY),
            None,
        ])),
        Type::NUMERIC,
        -1,
        Arc::new(StringArray::from(vec![
            Some("0.1"),
            Some("NaN"),
            Some("Infinity"),
            None,
        ])),
    );
    check(
        Arc::new(Float32Array::from(vec![Some(0.1f32)])),
        Type::NUMERIC,
        -1,
        Arc::new(StringArray::from(vec![Some("0.1")])),
    );
}

#[test]
fn decimals_round_trip_exactly() {
    let max38 = 10i128.pow(38) - 1;
    let d = Decimal128Array::from(vec![
        Some(max38),
        Some(-max38),
        Some(0),
        None,
        Some(1),
        Some(-5),
    ])
    .with_precision_and_scale(38, 10)
    .unwrap();
    check(
        Arc::new(d.clone()),
        Type::NUMERIC,
        numeric_typmod(38, 10),
        Arc::new(d),
    );
    let d = Decimal128Array::from(vec![Some(12345), Some(-1), None])
        .with_precision_and_scale(7, 3)
        .unwrap();
    check(
        Arc::new(d.clone()),
        Type::NUMERIC,
        -1,
        Arc::new(StringArray::from(vec![
            Some("12.345"),
            Some("-0.001"),
            None,
        ])),
    );
    check(
        Arc::new(d.clone()),
        Type::NUMERIC,
        numeric_typmod(7, 3),
        Arc::new(d),
    );
    // A negative Arrow scale: 123 × 10^2.
    let d = Decimal128Array::from(vec![Some(123), None])
        .with_precision_and_scale(5, -2)
        .unwrap();
    check(
        Arc::new(d.clone()),
        Type::NUMERIC,
        -1,
        Arc::new(StringArray::from(vec![Some("12300"), None])),
    );
    check(
        Arc::new(d.clone()),
        Type::NUMERIC,
        numeric_typmod(5, -2),
        Arc::new(d),
    );
    // Decimal256 beyond i128, and within it.
    let big = i256::from_string("-123456789012345678901234567890123456789012345678").unwrap();
    let d = Decimal256Array::from(vec![Some(big), Some(i256::from_i128(42)), None])
        .with_precision_and_scale(60, 5)
        .unwrap();
    check(
        Arc::new(d),
        Type::NUMERIC,
        -1,
        Arc::new(StringArray::from(vec![
            Some("-1234567890123456789012345678901234567890123.45678"),
            Some("0.00042"),
            None,
        ])),
    );
}

#[test]
fn strings_round_trip_into_every_text_type() {
    let values = vec![Some(""), Some("héllo"), None, Some("x y")];
    let want: ArrayRef = Arc::new(StringArray::from(values.clone()));
    for ty in [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME] {
        check(
            Arc::new(StringArray::from(values.clone())),
            ty.clone(),
            -1,
            want.clone(),
        );
        check(
            Arc::new(LargeStringArray::from(values.clone())),
            ty.clone(),
            -1,
            want.clone(),
        );
        check(
            Arc::new(StringViewArray::from(values.clone())),
            ty,
            -1,
            want.clone(),
        );
    }
    let mood = Type::new(
        "mood".into(),
        90001,
        Kind::Enum(vec!["ok".into()]),
        "public".into(),
    );
    check(
        Arc::new(StringArray::from(vec![Some("ok")])),
        mood,
        -1,
        Arc::new(StringArray::from(vec![Some("ok")])),
    );
}

fn with_extension(array: ArrayRef, name: &str) -> (ArrayRef, Field) {
    let field = Field::new("c", array.data_type().clone(), true).with_metadata(HashMap::from([(
        EXTENSION_NAME.to_owned(),
        name.to_owned(),
    )]));
    (array, field)
}

#[test]
fn json_and_jsonb_decode_as_utf8_with_the_json_extension() {
    let docs = vec![Some(r#"{"a": [1, 2]}"#), None, Some("null")];
    for ty in [Type::JSON, Type::JSONB] {
        let batch = batch_of(vec![("c", Arc::new(StringArray::from(docs.clone())) as _)]);
        let bytes = encode(&batch, std::slice::from_ref(&ty)).unwrap();
        if ty == Type::JSONB {
            // Each value carries jsonb's version byte.
            assert_eq!(&bytes[19 + 2..19 + 2 + 5], &[0, 0, 0, 14, 1]);
        }
        let got = decode(&bytes, vec![DecodeColumn::new("c", ty)], 10, 3).unwrap();
        let (want, field) = with_extension(Arc::new(StringArray::from(docs.clone())), "arrow.json");
        assert_eq!(got[0].schema().field(0), &field);
        assert_eq!(got[0].column(0).as_ref(), want.as_ref());
    }
}

#[test]
fn uuids_round_trip_from_text_and_fixed_size_binary() {
    let text = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
    let raw = uuid::Uuid::parse_str(text).unwrap().into_bytes();
    let want =
        FixedSizeBinaryArray::try_from_sparse_iter_with_size(vec![Some(raw), None].into_iter(), 16)
            .unwrap();
    check(
        Arc::new(StringArray::from(vec![Some(text), None])),
        Type::UUID,
        -1,
        Arc::new(want.clone()),
    );
    same(Arc::new(want.clone()), Type::UUID);
    let batch = batch_of(vec![("c", Arc::new(want) as _)]);
    let got = decode(
        &encode(&batch, &[Type::UUID]).unwrap(),
        vec![DecodeColumn::new("c", Type::UUID)],
        9,
        64,
    )
    .unwrap();
    assert_eq!(
        got[0]
            .schema()
            .field(0)
            .metadata()
            .get(EXTENSION_NAME)
            .map(String::as_str),
        Some("arrow.uuid")
    );
    let bad = batch_of(vec![("id", Arc::new(StringArray::from(vec!["nope"])) as _)]);
    assert!(matches!(
        encode(&bad, &[Type::UUID]),
        Err(ArrowCopyError::Value { row: 0, .. })
    ));
}

#[test]
fn binaries_round_trip_into_bytea() {
    let values: Vec<Option<&[u8]>> = vec![Some(b""), Some(b"\x00\xff"), None];
    let want: ArrayRef = Arc::new(BinaryArray::from(values.clone()));
    check(
        Arc::new(BinaryArray::from(values.clone())),
        Type::BYTEA,
        -1,
        want.clone(),
    );
    check(
        Arc::new(LargeBinaryArray::from(values.clone())),
        Type::BYTEA,
        -1,
        want.clone(),
    );
    check(
        Arc::new(BinaryViewArray::from(values.clone())),
        Type::BYTEA,
        -1,
        want,
    );
    let fixed = FixedSizeBinaryArray::try_from_sparse_iter_with_size(
        vec![Some(*b"abc"), None].into_iter(),
        3,
    )
    .unwrap();
    check(
        Arc::new(fixed),
        Type::BYTEA,
        -1,
        Arc::new(BinaryArray::from(vec![Some(&b"abc"[..]), None])),
    );
}

#[test]
fn booleans_and_nulls_round_trip() {
    same(
        Arc::new(BooleanArray::from(vec![Some(true), None, Some(false)])),
        Type::BOOL,
    );
    check(
        Arc::new(NullArray::new(3)),
        Type::INT4,
        -1,
        Arc::new(Int32Array::from(vec![None, None, None])),
    );
}

#[test]
fn dates_round_trip_with_infinities_and_extremes() {
    let first = crate::types::Date::MIN.pg_days() + EPOCH_DAYS as i32;
    let last = crate::types::Date::MAX.pg_days() + EPOCH_DAYS as i32;
    same(
        Arc::new(Date32Array::from(vec![
            Some(i32::MIN),
            Some(first),
            Some(-1),
            Some(0),
            None,
            Some(last),
            Some(i32::MAX),
        ])),
        Type::DATE,
    );
    check(
        Arc::new(Date64Array::from(vec![
            Some(-86_400_000),
            Some(0),
            None,
            Some(i64::MAX),
        ])),
        Type::DATE,
        -1,
        Arc::new(Date32Array::from(vec![
            Some(-1),
            Some(0),
            None,
            Some(i32::MAX),
        ])),
    );
}

#[test]
fn times_of_every_unit_round_trip_to_microseconds() {
    let want: ArrayRef = Arc::new(Time64MicrosecondArray::from(vec![
        Some(0),
        Some(86_400_000_000),
        None,
    ]));
    check(
        Arc::new(Time32SecondArray::from(vec![Some(0), Some(86_400), None])),
        Type::TIME,
        -1,
        want.clone(),
    );
    check(
        Arc::new(Time32MillisecondArray::from(vec![
            Some(0),
            Some(86_400_000),
            None,
        ])),
        Type::TIME,
        -1,
        want.clone(),
    );
    same(want.clone(), Type::TIME);
    check(
        Arc::new(Time64NanosecondArray::from(vec![
            Some(999),
            Some(86_400_000_000_000),
            None,
        ])),
        Type::TIME,
        -1,
        want,
    );
}

#[test]
fn timestamps_of_every_unit_and_zone_round_trip() {
    let tz_utc = Some(Arc::<str>::from("UTC"));
    for (ty, tz) in [(Type::TIMESTAMP, None), (Type::TIMESTAMPTZ, tz_utc.clone())] {
        let want = |v: Vec<Option<i64>>| -> ArrayRef {
            Arc::new(TimestampMicrosecondArray::from(v).with_timezone_opt(tz.clone()))
        };
        let first = crate::types::Timestamp::MIN.pg_micros() + EPOCH_MICROS;
        check(
            Arc::new(TimestampMicrosecondArray::from(vec![
                Some(i64::MIN),
                Some(first),
                Some(0),
                None,
                Some(i64::MAX - 1),
                Some(i64::MAX),
            ])),
            ty.clone(),
            -1,
            want(vec![
                Some(i64::MIN),
                Some(first),
                Some(0),
                None,
                Some(i64::MAX - 1),
                Some(i64::MAX),
            ]),
        );
        check(
            Arc::new(TimestampSecondArray::from(vec![Some(-1), None]).with_timezone("+02:00")),
            ty.clone(),
            -1,
            want(vec![Some(-1_000_000), None]),
        );
        check(
            Arc::new(TimestampMillisecondArray::from(vec![Some(
                1_700_000_000_123,
            )])),
            ty.clone(),
            -1,
            want(vec![Some(1_700_000_000_123_000)]),
        );
        // Nanoseconds truncate toward negative infinity.
        check(
            Arc::new(TimestampNanosecondArray::from(vec![
                Some(-1),
                Some(1_999),
                Some(i64::MAX),
            ])),
            ty.clone(),
            -1,
            want(vec![Some(-1), Some(1), Some(i64::MAX)]),
        );
    }
}

#[test]
fn timestamps_outside_postgres_range_are_errors_and_write_nothing() {
    let batch = batch_of(vec![(
        "at",
        Arc::new(TimestampSecondArray::from(vec![0, i64::MAX - 1])) as _,
    )]);
    let mut enc = RecordBatchEncoder::new(vec![Type::TIMESTAMPTZ]);
    let mut out = BytesMut::from(&b"keep"[..]);
    let err = enc.encode(&batch, &mut out).unwrap_err();
    assert!(
        matches!(&err, ArrowCopyError::Value { row: 1, .. }),
        "{err}"
    );
    assert_eq!(&out[..], b"keep");
}

#[test]
fn null_slots_are_not_checked() {
    // Out-of-range values under NULLs (an array's NULL slots hold anything) are never looked at.
    let days = Date32Array::new(
        vec![0, i32::MAX - 1, 1].into(),
        Some(vec![true, false, true].into()),
    );
    let ts = TimestampSecondArray::new(
        vec![0, i64::MAX - 1, 0].into(),
        Some(vec![true, false, true].into()),
    );
    let batch = batch_of(vec![("d", Arc::new(days) as _), ("ts", Arc::new(ts) as _)]);
    encode(&batch, &[Type::DATE, Type::TIMESTAMPTZ]).unwrap();
    // A valid one still is, and names its row.
    let days = Date32Array::new(
        vec![0, 0, i32::MAX - 1].into(),
        Some(vec![true, false, true].into()),
    );
    let batch = batch_of(vec![("d", Arc::new(days) as _)]);
    let err = encode(&batch, &[Type::DATE]).unwrap_err();
    assert!(
        matches!(&err, ArrowCopyError::Value { row: 2, .. }),
        "{err}"
    );
}

/// The tuples of `batch` encoded whole, and each of its rows encoded alone (as a slice of it)
/// and concatenated, must be the same bytes: block boundaries, slice offsets and NULLs
/// change nothing.
fn assert_rows_encode_alone_the_same(batch: &RecordBatch, types: &[Type]) {
    let whole = encode(batch, types).unwrap();
    let header = crate::copy::HEADER.len();
    let trailer = crate::copy::TRAILER.len();
    let mut rows = Vec::new();
    for i in 0..batch.num_rows() {
        let one = encode(&batch.slice(i, 1), types).unwrap();
        rows.extend_from_slice(&one[header..one.len() - trailer]);
    }
    assert_eq!(&whole[header..whole.len() - trailer], &rows[..]);
}

#[test]
fn batches_of_several_blocks_encode_as_their_rows_do() {
    let n = 5000;
    let nth = |k: usize| move |i: usize| i % k != 0;
    let ints: Int32Array = (0..n)
        .map(|i| nth(7)(i).then_some(i as i32 * 7919))
        .collect();
    let big: Int64Array = (0..n).map(|i| Some(i as i64 * -1_000_003)).collect();
    let texts: StringArray = (0..n)
        .map(|i| nth(5)(i).then(|| "x".repeat(i % 40)))
        .collect();
    let bools: BooleanArray = (0..n).map(|i| nth(3)(i).then_some(i % 2 == 0)).collect();
    let ts: TimestampMicrosecondArray = (0..n)
        .map(|i| nth(11)(i).then_some(i as i64 * 86_400_000_123))
        .collect();
    let decs = (0..n)
        .map(|i| nth(13)(i).then_some((i as i128 - 2500) * 10i128.pow((i % 30) as u32)))
        .collect::<Decimal128Array>()
        .with_precision_and_scale(38, 7)
        .unwrap();
    let days: Date32Array = (0..n).map(|i| Some(i as i32 - 20_000)).collect();
    let numeric_ints: Int64Array = (0..n)
        .map(|i| nth(4)(i).then_some((i as i64 - 2500) * 1_000_000_007))
        .collect();
    let batch = batch_of(vec![
        ("i", Arc::new(ints) as _),
        ("b", Arc::new(big) as _),
        ("t", Arc::new(texts) as _),
        ("bo", Arc::new(bools) as _),
        ("ts", Arc::new(ts) as _),
        ("d", Arc::new(decs) as _),
        ("day", Arc::new(days) as _),
        ("n", Arc::new(numeric_ints) as _),
    ]);
    let types = [
        Type::INT4,
        Type::INT8,
        Type::TEXT,
        Type::BOOL,
        Type::TIMESTAMPTZ,
        Type::NUMERIC,
        Type::DATE,
        Type::NUMERIC,
    ];
    assert_rows_encode_alone_the_same(&batch, &types);
    // And from an offset into the arrays.
    assert_rows_encode_alone_the_same(&batch.slice(1234, 3000), &types);
}

#[test]
fn durations_and_intervals_round_trip_as_month_day_nano() {
    let nanos = |m: i32, d: i32, us: i64| IntervalMonthDayNano::new(m, d, us * 1000);
    check(
        Arc::new(DurationSecondArray::from(vec![Some(-2), None])),
        Type::INTERVAL,
        -1,
        Arc::new(IntervalMonthDayNanoArray::from(vec![
            Some(nanos(0, 0, -2_000_000)),
            None,
        ])),
    );
    check(
        Arc::new(DurationMillisecondArray::from(vec![Some(3)])),
        Type::INTERVAL,
        -1,
        Arc::new(IntervalMonthDayNanoArray::from(vec![nanos(0, 0, 3_000)])),
    );
    check(
        Arc::new(DurationMicrosecondArray::from(vec![Some(i64::MAX / 1000)])),
        Type::INTERVAL,
        -1,
        Arc::new(IntervalMonthDayNanoArray::from(vec![nanos(
            0,
            0,
            i64::MAX / 1000,
        )])),
    );
    check(
        Arc::new(DurationNanosecondArray::from(vec![Some(-1)])),
        Type::INTERVAL,
        -1,
        Arc::new(IntervalMonthDayNanoArray::from(vec![nanos(0, 0, -1)])),
    );
    check(
        Arc::new(IntervalYearMonthArray::from(vec![Some(-14), None])),
        Type::INTERVAL,
        -1,
        Arc::new(IntervalMonthDayNanoArray::from(vec![
            Some(nanos(-14, 0, 0)),
            None,
        ])),
    );
    check(
        Arc::new(IntervalDayTimeArray::from(vec![IntervalDayTime::new(
            3, -4,
        )])),
        Type::INTERVAL,
        -1,
        Arc::new(IntervalMonthDayNanoArray::from(vec![nanos(0, 3, -4_000)])),
    );
    same(
        Arc::new(IntervalMonthDayNanoArray::from(vec![
            Some(nanos(1, -2, 3)),
            None,
            Some(IntervalMonthDayNano::new(i32::MAX, i32::MAX, i64::MAX)),
            Some(IntervalMonthDayNano::new(i32::MIN, i32::MIN, i64::MIN)),
        ])),
        Type::INTERVAL,
    );
}

#[test]
fn lists_round_trip_as_one_dimensional_arrays() {
    let mut b = ListBuilder::new(Int32Builder::new());
    b.append_value([Some(1), None, Some(3)]);
    b.append_value([]);
    b.append_null();
    b.append_value([Some(i32::MIN)]);
    let list = b.finish();
    same(Arc::new(list.clone()), Type::INT4_ARRAY);
    // A slice only encodes the elements it refers to.
    same(Arc::new(list.slice(1, 3)), Type::INT4_ARRAY);

    let large = LargeListArray::from_iter_primitive::<Int64Type, _, _>(vec![
        Some(vec![Some(1), Some(2)]),
        None,
    ]);
    check(
        Arc::new(large),
        Type::INT8_ARRAY,
        -1,
        Arc::new(ListArray::from_iter_primitive::<Int64Type, _, _>(vec![
            Some(vec![Some(1), Some(2)]),
            None,
        ])),
    );
    let fixed = FixedSizeListArray::from_iter_primitive::<Float64Type, _, _>(
        vec![
            Some(vec![Some(1.5), None]),
            None,
            Some(vec![Some(f64::NAN), Some(0.0)]),
        ],
        2,
    );
    check(
        Arc::new(fixed),
        Type::FLOAT8_ARRAY,
        -1,
        Arc::new(ListArray::from_iter_primitive::<Float64Type, _, _>(vec![
            Some(vec![Some(1.5), None]),
            None,
            Some(vec![Some(f64::NAN), Some(0.0)]),
        ])),
    );
    let mut b = ListBuilder::new(StringBuilder::new());
    b.append_value([Some("a"), None, Some("")]);
    b.append_value::<[Option<&str>; 0], _>([]);
    same(Arc::new(b.finish()), Type::TEXT_ARRAY);
}

#[test]
fn list_elements_are_written_as_postgres_arrays() {
    let list = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
        Some(vec![Some(7), None]),
        Some(vec![]),
    ]);
    let batch = batch_of(vec![("a", Arc::new(list) as _)]);
    let bytes = encode(&batch, &[Type::INT4_ARRAY]).unwrap();
    let want: Vec<u8> = [
        &[0, 1][..],    // field count
        &[0, 0, 0, 32], // length
        &[0, 0, 0, 1],  // ndim
        &[0, 0, 0, 1],  // has NULL
        &[0, 0, 0, 23], // element type int4
        &[0, 0, 0, 2],  // dimension length
        &[0, 0, 0, 1],  // lower bound
        &[0, 0, 0, 4],  // element length
        &[0, 0, 0, 7],  // 7
        &[0xff; 4],     // NULL element
        &[0, 1],        // field count
        &[0, 0, 0, 12], // length
        &[0, 0, 0, 0],  // ndim 0: the empty array
        &[0, 0, 0, 0],  // has NULL
        &[0, 0, 0, 23], // element type int4
        &[0xff, 0xff],  // trailer
    ]
    .concat();
    assert_eq!(&bytes[19..], &want[..]);
}

#[test]
fn structs_and_maps_become_json() {
    let s = StructArray::from(vec![
        (
            Arc::new(Field::new("a", DataType::Int32, true)),
            Arc::new(Int32Array::from(vec![Some(1), None])) as ArrayRef,
        ),
        (
            Arc::new(Field::new("b", DataType::Utf8, true)),
            Arc::new(StringArray::from(vec![Some("x\"y"), Some("z")])) as ArrayRef,
        ),
    ]);
    let (want, _) = with_extension(
        Arc::new(StringArray::from(vec![
            r#"{"a":1,"b":"x\"y"}"#,
            r#"{"a":null,"b":"z"}"#,
        ])),
        "arrow.json",
    );
    for ty in [Type::JSONB, Type::JSON] {
        check(Arc::new(s.clone()), ty, -1, want.clone());
    }
    let mut m = MapBuilder::new(None, StringBuilder::new(), Int32Builder::new());
    m.keys().append_value("k");
    m.values().append_value(5);
    m.append(true).unwrap();
    m.append(false).unwrap();
    check(
        Arc::new(m.finish()),
        Type::JSONB,
        -1,
        Arc::new(StringArray::from(vec![Some(r#"{"k":5}"#), None])),
    );
    let bad = batch_of(vec![("s", Arc::new(s) as _)]);
    assert!(matches!(
        encode(&bad, &[Type::TEXT]),
        Err(ArrowCopyError::Unsupported { .. })
    ));
}

#[test]
fn dictionaries_encode_as_their_values() {
    let d: DictionaryArray<Int32Type> = vec![Some("b"), None, Some("a"), Some("b")]
        .into_iter()
        .collect();
    check(
        Arc::new(d),
        Type::TEXT,
        -1,
        Arc::new(StringArray::from(vec![
            Some("b"),
            None,
            Some("a"),
            Some("b"),
        ])),
    );
    let keys = Int8Array::from(vec![Some(1), Some(0), None]);
    let values: ArrayRef = Arc::new(BinaryArray::from(vec![&b"zero"[..], b"one"]));
    let d = DictionaryArray::<Int8Type>::try_new(keys, values).unwrap();
    check(
        Arc::new(d),
        Type::BYTEA,
        -1,
        Arc::new(BinaryArray::from(vec![
            Some(&b"one"[..]),
            Some(b"zero"),
            None,
        ])),
    );
}

#[test]
fn dictionaries_of_only_nulls_encode_as_nulls() {
    // `new_null_array` gives a dictionary with no values at all (found through a table round
    // trip: arrow's `normalized_keys` panics on it).
    let d = arrow_array::new_null_array(
        &DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
        2,
    );
    check(
        d,
        Type::TEXT,
        -1,
        Arc::new(StringArray::from(vec![None::<&str>, None])),
    );
}

#[test]
fn unmappable_columns_fail_before_any_byte_naming_column_and_types() {
    let batch = batch_of(vec![
        ("ok", Arc::new(Int32Array::from(vec![1])) as _),
        ("wide", Arc::new(Int64Array::from(vec![1])) as _),
    ]);
    let mut enc = RecordBatchEncoder::new(vec![Type::INT4, Type::INT4]);
    let mut out = BytesMut::new();
    let err = enc.encode(&batch, &mut out).unwrap_err();
    match &err {
        ArrowCopyError::Unsupported { column, arrow, pg } => {
            assert_eq!(column, "wide");
            assert_eq!(arrow, &DataType::Int64);
            assert_eq!(pg, &Type::INT4);
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("wide") && err.to_string().contains("int4"));
    assert!(out.is_empty());
    assert!(matches!(
        enc.encode(&batch, &mut out),
        Err(ArrowCopyError::Unsupported { .. })
    ));
    let err = RecordBatchEncoder::new(vec![Type::INT4])
        .encode(&batch, &mut out)
        .unwrap_err();
    assert!(matches!(
        err,
        ArrowCopyError::ColumnCount { batch: 2, table: 1 }
    ));
}

#[test]
fn empty_batches_and_streams_round_trip() {
    let empty = batch_of(vec![
        ("a", Arc::new(Int32Array::from(Vec::<i32>::new())) as _),
        ("b", Arc::new(StringArray::from(Vec::<&str>::new())) as _),
    ]);
    let types = [Type::INT4, Type::TEXT];
    let bytes = encode(&empty, &types).unwrap();
    assert_eq!(bytes.len(), 19 + 2);
    let columns = vec![
        DecodeColumn::new("a", Type::INT4),
        DecodeColumn::new("b", Type::TEXT),
    ];
    let got = decode(&bytes, columns.clone(), 4, 1).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0], empty);
    // Several batches into one stream, decoded in batches of a different size.
    let full = batch_of(vec![
        ("a", Arc::new(Int32Array::from(vec![1, 2, 3])) as _),
        ("b", Arc::new(StringArray::from(vec!["x", "y", "z"])) as _),
    ]);
    let mut enc = RecordBatchEncoder::new(types.to_vec());
    let mut out = BytesMut::new();
    for b in [&full, &empty, &full] {
        enc.encode(b, &mut out).unwrap();
    }
    enc.finish(&mut out);
    let got = decode(&out, columns, 4, 7).unwrap();
    assert_eq!(
        got.iter().map(RecordBatch::num_rows).collect::<Vec<_>>(),
        vec![4, 2]
    );
    assert_eq!(got[0].slice(0, 3), full);
    assert_eq!(got[1], full.slice(1, 2));
    // A table without columns.
    let none = RecordBatch::try_new_with_options(
        Arc::new(Schema::empty()),
        vec![],
        &RecordBatchOptions::new().with_row_count(Some(2)),
    )
    .unwrap();
    let bytes = encode(&none, &[]).unwrap();
    assert_eq!(decode(&bytes, vec![], 10, 3).unwrap()[0].num_rows(), 2);
}

fn vector_type() -> Type {
    Type::new("vector".into(), 91234, Kind::Simple, "public".into())
}

fn vector_bytes(v: &[f32]) -> Vec<u8> {
    let mut out = (v.len() as i16).to_be_bytes().to_vec();
    out.extend_from_slice(&[0, 0]);
    for x in v {
        out.extend_from_slice(&x.to_be_bytes());
    }
    out
}

fn stream_of(rows: &[Option<Vec<u8>>]) -> Vec<u8> {
    let mut out = crate::copy::HEADER.to_vec();
    for r in rows {
        out.extend_from_slice(&[0, 1]);
        match r {
            Some(v) => {
                out.extend_from_slice(&(v.len() as i32).to_be_bytes());
                out.extend_from_slice(v);
            }
            None => out.extend_from_slice(&[0xff; 4]),
        }
    }
    out.extend_from_slice(&crate::copy::TRAILER);
    out
}

#[test]
fn vectors_decode_as_fixed_size_lists_when_dimensions_agree() {
    let data = stream_of(&[
        Some(vector_bytes(&[1.0, 2.0])),
        None,
        Some(vector_bytes(&[3.0, -0.5])),
    ]);
    let got = decode(&data, vec![DecodeColumn::new("v", vector_type())], 10, 4).unwrap();
    let want = FixedSizeListArray::from_iter_primitive::<Float32Type, _, _>(
        vec![
            Some(vec![Some(1.0), Some(2.0)]),
            None,
            Some(vec![Some(3.0), Some(-0.5)]),
        ],
        2,
    );
    assert_eq!(got[0].column(0).as_ref(), &want as &dyn Array);

    let data = stream_of(&[Some(vector_bytes(&[1.0])), Some(vector_bytes(&[1.0, 2.0]))]);
    let got = decode(&data, vec![DecodeColumn::new("v", vector_type())], 10, 4).unwrap();
    let want = ListArray::from_iter_primitive::<Float32Type, _, _>(vec![
        Some(vec![Some(1.0)]),
        Some(vec![Some(1.0), Some(2.0)]),
    ]);
    assert_eq!(got[0].column(0).as_ref(), &want as &dyn Array);
}

#[test]
fn unknown_types_decode_as_raw_binary() {
    let data = stream_of(&[Some(vec![1, 2, 3]), None]);
    let got = decode(&data, vec![DecodeColumn::new("i", Type::INET)], 10, 100).unwrap();
    let want = BinaryArray::from(vec![Some(&[1u8, 2, 3][..]), None]);
    assert_eq!(got[0].column(0).as_ref(), &want as &dyn Array);
}

#[test]
fn decoder_malformed_values_are_typed_errors() {
    // int4 of 3 bytes.
    let data = stream_of(&[Some(vec![0, 0, 1])]);
    let err = decode(&data, vec![DecodeColumn::new("n", Type::INT4)], 10, 100).unwrap_err();
    assert!(
        matches!(&err, ArrowCopyError::Decode { column, .. } if column == "n"),
        "{err}"
    );
    // An array claiming more elements than its bytes hold.
    let arr = [
        &[0, 0, 0, 1][..],
        &[0; 4],
        &[0, 0, 0, 23],
        &[0x7f, 0xff, 0xff, 0xff],
        &[0, 0, 0, 1],
    ]
    .concat();
    let data = stream_of(&[Some(arr)]);
    assert!(
        decode(
            &data,
            vec![DecodeColumn::new("a", Type::INT4_ARRAY)],
            10,
            100
        )
        .is_err()
    );
    // A two-dimensional array.
    let arr = [
        &[0, 0, 0, 2][..],
        &[0; 4],
        &[0, 0, 0, 23],
        &[0, 0, 0, 0],
        &[0, 0, 0, 1],
        &[0, 0, 0, 0],
        &[0, 0, 0, 1],
    ]
    .concat();
    let data = stream_of(&[Some(arr)]);
    assert!(
        decode(
            &data,
            vec![DecodeColumn::new("a", Type::INT4_ARRAY)],
            10,
            100
        )
        .is_err()
    );
    // numeric NaN into Decimal128.
    let nan = vec![0, 0, 0, 0, 0xc0, 0, 0, 0];
    let data = stream_of(&[Some(nan)]);
    let col = DecodeColumn::new("d", Type::NUMERIC).with_typmod(numeric_typmod(10, 2));
    assert!(decode(&data, vec![col], 10, 100).is_err());
    // A numeric wider than the typmod's precision.
    let wide = [
        &[0u8, 3][..],
        &[0, 2],
        &[0, 0],
        &[0, 0],
        &[0, 1],
        &[0, 0],
        &[0, 0],
    ]
    .concat();
    let data = stream_of(&[Some(wide)]);
    let col = DecodeColumn::new("d", Type::NUMERIC).with_typmod(numeric_typmod(5, 0));
    assert!(decode(&data, vec![col], 10, 100).is_err());
    // A truncated stream.
    let data = stream_of(&[Some(vec![0, 0, 0, 1])]);
    let err = decode(
        &data[..data.len() - 3],
        vec![DecodeColumn::new("n", Type::INT4)],
        10,
        100,
    );
    assert!(matches!(
        err,
        Err(ArrowCopyError::Copy(
            crate::copy::CopyError::Truncated { .. }
        ))
    ));
}

#[test]
fn decimal_typmod_reads_precision_and_signed_scale() {
    use super::decode::decimal_typmod_for_tests as typmod;
    assert_eq!(typmod(numeric_typmod(10, 2)), Some((10, 2)));
    assert_eq!(typmod(numeric_typmod(38, 0)), Some((38, 0)));
    assert_eq!(typmod(numeric_typmod(5, -3)), Some((5, -3)));
    assert_eq!(typmod(numeric_typmod(39, 0)), None);
    assert_eq!(typmod(numeric_typmod(2, 5)), None); // scale above precision: Arrow refuses
    assert_eq!(typmod(-1), None);
}

proptest! {
    #[test]
    fn mixed_batches_round_trip(
        rows in proptest::collection::vec(
            (
                any::<Option<i64>>(),
                proptest::option::of(".{0,12}"),
                proptest::option::of(-(10i128.pow(20)) + 1..10i128.pow(20)),
                proptest::option::of(-200_000_000_000_000_000i64..9_000_000_000_000_000_000),
                any::<Option<bool>>(),
                any::<Option<f64>>(),
            ),
            0..30,
        ),
        batch_rows in 1usize..8,
        chunk in 1usize..50,
    ) {
        let ints: Int64Array = rows.iter().map(|r| r.0).collect();
        let texts: StringArray = rows.iter().map(|r| r.1.clone()).collect();
        let decs = rows.iter().map(|r| r.2).collect::<Decimal128Array>()
            .with_precision_and_scale(20, 6).unwrap();
        let ts = rows.iter().map(|r| r.3).collect::<TimestampMicrosecondArray>().with_timezone("UTC");
        let bools: BooleanArray = rows.iter().map(|r| r.4).collect();
        let floats: Float64Array = rows.iter().map(|r| r.5).collect();
        let batch = batch_of(vec![
            ("i", Arc::new(ints) as _),
            ("t", Arc::new(texts) as _),
            ("d", Arc::new(decs) as _),
            ("ts", Arc::new(ts) as _),
            ("b", Arc::new(bools) as _),
            ("f", Arc::new(floats) as _),
        ]);
        let types = [Type::INT8, Type::TEXT, Type::NUMERIC, Type::TIMESTAMPTZ, Type::BOOL, Type::FLOAT8];
        let bytes = encode(&batch, &types).unwrap();
        let columns = vec![
            DecodeColumn::new("i", Type::INT8),
            DecodeColumn::new("t", Type::TEXT),
            DecodeColumn::new("d", Type::NUMERIC).with_typmod(numeric_typmod(20, 6)),
            DecodeColumn::new("ts", Type::TIMESTAMPTZ),
            DecodeColumn::new("b", Type::BOOL),
            DecodeColumn::new("f", Type::FLOAT8),
        ];
        let got = decode(&bytes, columns, batch_rows, chunk).unwrap();
        let mut offset = 0;
        for b in &got {
            prop_assert_eq!(b, &batch.slice(offset, b.num_rows()));
            offset += b.num_rows();
        }
        prop_assert_eq!(offset, rows.len());
    }
}
