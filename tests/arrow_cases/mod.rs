//! The Arrow ↔ PostgreSQL mapping cases shared by the codec's tests against the servers' send
//! functions (`copy_codec_server.rs`) and the table round trips (`arrow_load.rs`): an Arrow
//! value, its target type, the SQL literal of the same value, and what decoding gives back.

#![allow(dead_code)]

use std::sync::Arc;

use arrow_array::builder::{Int32Builder, ListBuilder, StringBuilder};
use arrow_array::types::*;
use arrow_array::*;
use arrow_buffer::{IntervalDayTime, IntervalMonthDayNano, i256};
use pgline::types::Type;

pub struct Case {
    pub input: ArrayRef,
    pub ty: Type,
    pub literal: &'static str,
    /// What the decoder makes of the server's bytes (with `typmod`); `None`: the input.
    pub decoded: Option<ArrayRef>,
    pub typmod: i32,
}

fn case(input: ArrayRef, ty: Type, literal: &'static str) -> Case {
    Case {
        input,
        ty,
        literal,
        decoded: None,
        typmod: -1,
    }
}

fn case_to(input: ArrayRef, ty: Type, literal: &'static str, decoded: ArrayRef) -> Case {
    Case {
        decoded: Some(decoded),
        ..case(input, ty, literal)
    }
}

pub fn cases() -> Vec<Case> {
    let mdn = |m, d, ns| IntervalMonthDayNano::new(m, d, ns);
    let mut int_list = ListBuilder::new(Int32Builder::new());
    int_list.append_value([Some(1), None, Some(-3)]);
    let mut empty_list = ListBuilder::new(Int32Builder::new());
    empty_list.append_value::<[Option<i32>; 0], _>([]);
    let mut text_list = ListBuilder::new(StringBuilder::new());
    text_list.append_value([Some("a"), Some(""), None]);
    let uuid_bytes = *uuid::Uuid::parse_str("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        .unwrap()
        .as_bytes();
    let uuid_fixed: ArrayRef = Arc::new(
        FixedSizeBinaryArray::try_from_sparse_iter_with_size(
            vec![Some(uuid_bytes)].into_iter(),
            16,
        )
        .unwrap(),
    );
    let dec = |v: i128, p: u8, s: i8| -> ArrayRef {
        Arc::new(
            Decimal128Array::from(vec![v])
                .with_precision_and_scale(p, s)
                .unwrap(),
        )
    };
    let text = |s: &str| -> ArrayRef { Arc::new(StringArray::from(vec![s])) };
    let micros = |v: i64| -> ArrayRef { Arc::new(TimestampMicrosecondArray::from(vec![v])) };
    vec![
        case(
            Arc::new(Int16Array::from(vec![-5])),
            Type::INT2,
            "'-5'::int2",
        ),
        case(
            Arc::new(Int32Array::from(vec![i32::MIN])),
            Type::INT4,
            "'-2147483648'::int4",
        ),
        case(
            Arc::new(Int64Array::from(vec![i64::MAX])),
            Type::INT8,
            "'9223372036854775807'::int8",
        ),
        case_to(
            Arc::new(Int8Array::from(vec![-128])),
            Type::INT2,
            "'-128'::int2",
            Arc::new(Int16Array::from(vec![-128])),
        ),
        case_to(
            Arc::new(UInt32Array::from(vec![u32::MAX])),
            Type::INT8,
            "'4294967295'::int8",
            Arc::new(Int64Array::from(vec![4_294_967_295])),
        ),
        case_to(
            Arc::new(UInt64Array::from(vec![u64::MAX])),
            Type::NUMERIC,
            "'18446744073709551615'::numeric",
            text("18446744073709551615"),
        ),
        case_to(
            Arc::new(Int32Array::from(vec![7])),
            Type::INT8,
            "'7'::int8",
            Arc::new(Int64Array::from(vec![7])),
        ),
        case(
            Arc::new(Float32Array::from(vec![1.5])),
            Type::FLOAT4,
            "'1.5'::float4",
        ),
        case(
            Arc::new(Float64Array::from(vec![-0.1])),
            Type::FLOAT8,
            "'-0.1'::float8",
        ),
        case(
            Arc::new(Float64Array::from(vec![f64::NAN])),
            Type::FLOAT8,
            "'NaN'::float8",
        ),
        case(
            Arc::new(Float64Array::from(vec![f64::NEG_INFINITY])),
            Type::FLOAT8,
            "'-Infinity'::float8",
        ),
        Case {
            typmod: ((10 << 16) | 3) + 4,
            ..case(dec(12_345, 10, 3), Type::NUMERIC, "'12.345'::numeric(10,3)")
        },
        Case {
            typmod: ((8 << 16) | 4) + 4,
            ..case(dec(-1, 8, 4), Type::NUMERIC, "'-0.0001'::numeric(8,4)")
        },
        Case {
            typmod: ((5 << 16) | 2) + 4,
            ..case(dec(0, 5, 2), Type::NUMERIC, "'0.00'::numeric(5,2)")
        },
        Case {
            typmod: ((38 << 16) | 10) + 4,
            ..case(
                dec(10i128.pow(38) - 1, 38, 10),
                Type::NUMERIC,
                "'9999999999999999999999999999.9999999999'::numeric(38,10)",
            )
        },
        case_to(
            Arc::new(
                Decimal256Array::from(vec![
                    i256::from_string("-123456789012345678901234567890123456789012345678").unwrap(),
                ])
                .with_precision_and_scale(60, 5)
                .unwrap(),
            ),
            Type::NUMERIC,
            "'-1234567890123456789012345678901234567890123.45678'::numeric",
            text("-1234567890123456789012345678901234567890123.45678"),
        ),
        case_to(
            Arc::new(Float64Array::from(vec![0.1])),
            Type::NUMERIC,
            "'0.1'::numeric",
            text("0.1"),
        ),
        case_to(
            Arc::new(Float64Array::from(vec![f64::NAN])),
            Type::NUMERIC,
            "'NaN'::numeric",
            text("NaN"),
        ),
        case_to(
            Arc::new(Float64Array::from(vec![f64::INFINITY])),
            Type::NUMERIC,
            "'Infinity'::numeric",
            text("Infinity"),
        ),
        case(text("héllo"), Type::TEXT, "'héllo'::text"),
        case(text(""), Type::VARCHAR, "''::varchar"),
        case(text("ab "), Type::BPCHAR, "'ab '::bpchar"),
        case(text("relname"), Type::NAME, "'relname'::name"),
        case_to(
            Arc::new(LargeStringArray::from(vec!["x"])),
            Type::TEXT,
            "'x'::text",
            text("x"),
        ),
        case_to(
            Arc::new(StringViewArray::from(vec!["view"])),
            Type::TEXT,
            "'view'::text",
            text("view"),
        ),
        case(
            text(r#"{"a": [1, 2]}"#),
            Type::JSONB,
            r#"'{"a": [1, 2]}'::jsonb"#,
        ),
        case(text(r#"{"b" : 1}"#), Type::JSON, r#"'{"b" : 1}'::json"#),
        case_to(
            text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            Type::UUID,
            "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
            uuid_fixed.clone(),
        ),
        case(
            uuid_fixed,
            Type::UUID,
            "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
        ),
        case(
            Arc::new(BinaryArray::from(vec![&b"\x00\xff"[..]])),
            Type::BYTEA,
            "'\\x00ff'::bytea",
        ),
        case(Arc::new(BooleanArray::from(vec![true])), Type::BOOL, "true"),
        case(
            Arc::new(Date32Array::from(vec![0])),
            Type::DATE,
            "'1970-01-01'::date",
        ),
        case(
            Arc::new(Date32Array::from(vec![-719_162])),
            Type::DATE,
            "'0001-01-01'::date",
        ),
        case(
            Arc::new(Date32Array::from(vec![i32::MAX])),
            Type::DATE,
            "'infinity'::date",
        ),
        case_to(
            Arc::new(Date64Array::from(vec![86_400_000])),
            Type::DATE,
            "'1970-01-02'::date",
            Arc::new(Date32Array::from(vec![1])),
        ),
        case(
            Arc::new(Time64MicrosecondArray::from(vec![45_296_789_000])),
            Type::TIME,
            "'12:34:56.789'::time",
        ),
        case_to(
            Arc::new(Time32SecondArray::from(vec![86_400])),
            Type::TIME,
            "'24:00:00'::time",
            Arc::new(Time64MicrosecondArray::from(vec![86_400_000_000])),
        ),
        case_to(
            Arc::new(TimestampNanosecondArray::from(vec![
                1_700_000_000_123_456_789,
            ])),
            Type::TIMESTAMP,
            "'2023-11-14 22:13:20.123456'::timestamp",
            micros(1_700_000_000_123_456),
        ),
        case_to(
            Arc::new(TimestampNanosecondArray::from(vec![-1])),
            Type::TIMESTAMP,
            "'1969-12-31 23:59:59.999999'::timestamp",
            micros(-1),
        ),
        case_to(
            Arc::new(TimestampMillisecondArray::from(vec![-1]).with_timezone("+05:00")),
            Type::TIMESTAMPTZ,
            "'1969-12-31 23:59:59.999+00'::timestamptz",
            Arc::new(TimestampMicrosecondArray::from(vec![-1000]).with_timezone("UTC")),
        ),
        case(
            Arc::new(TimestampMicrosecondArray::from(vec![i64::MAX]).with_timezone("UTC")),
            Type::TIMESTAMPTZ,
            "'infinity'::timestamptz",
        ),
        case(
            Arc::new(TimestampMicrosecondArray::from(vec![i64::MIN])),
            Type::TIMESTAMP,
            "'-infinity'::timestamp",
        ),
        case(
            Arc::new(TimestampMicrosecondArray::from(vec![
                -210_866_803_200_000_000,
            ])),
            Type::TIMESTAMP,
            "'4714-11-24 00:00:00 BC'::timestamp",
        ),
        case_to(
            Arc::new(DurationSecondArray::from(vec![90])),
            Type::INTERVAL,
            "'90 seconds'::interval",
            Arc::new(IntervalMonthDayNanoArray::from(vec![mdn(
                0,
                0,
                90_000_000_000,
            )])),
        ),
        case(
            Arc::new(IntervalMonthDayNanoArray::from(vec![mdn(
                14,
                3,
                4_000_000_000,
            )])),
            Type::INTERVAL,
            "'1 year 2 mons 3 days 4 seconds'::interval",
        ),
        case_to(
            Arc::new(IntervalYearMonthArray::from(vec![-14])),
            Type::INTERVAL,
            "'-1 year -2 mons'::interval",
            Arc::new(IntervalMonthDayNanoArray::from(vec![mdn(-14, 0, 0)])),
        ),
        case_to(
            Arc::new(IntervalDayTimeArray::from(vec![IntervalDayTime::new(
                2, 1500,
            )])),
            Type::INTERVAL,
            "'2 days 1.5 seconds'::interval",
            Arc::new(IntervalMonthDayNanoArray::from(vec![mdn(
                0,
                2,
                1_500_000_000,
            )])),
        ),
        case(
            Arc::new(int_list.finish()),
            Type::INT4_ARRAY,
            "ARRAY[1, NULL, -3]::int4[]",
        ),
        case(
            Arc::new(empty_list.finish()),
            Type::INT4_ARRAY,
            "'{}'::int4[]",
        ),
        case(
            Arc::new(text_list.finish()),
            Type::TEXT_ARRAY,
            "ARRAY['a', '', NULL]::text[]",
        ),
        case_to(
            Arc::new(
                FixedSizeListArray::from_iter_primitive::<Float64Type, _, _>(
                    vec![Some(vec![Some(1.5), Some(-2.0)])],
                    2,
                ),
            ),
            Type::FLOAT8_ARRAY,
            "ARRAY[1.5, -2]::float8[]",
            Arc::new(ListArray::from_iter_primitive::<Float64Type, _, _>(vec![
                Some(vec![Some(1.5), Some(-2.0)]),
            ])),
        ),
        case_to(
            Arc::new(
                vec![Some("b")]
                    .into_iter()
                    .collect::<DictionaryArray<Int32Type>>(),
            ),
            Type::TEXT,
            "'b'::text",
            text("b"),
        ),
        case_to(
            Arc::new(NullArray::new(1)),
            Type::INT4,
            "NULL::int4",
            Arc::new(Int32Array::from(vec![None])),
        ),
    ]
}
