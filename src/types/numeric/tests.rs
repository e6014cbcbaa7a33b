use bytes::BytesMut;
use proptest::prelude::*;

use super::*;
use crate::types::captured_vectors::NUMERIC;
use crate::types::{ConvertError, DecodeError, FromSql, ToSql, Type};

fn enc(n: &Numeric) -> Vec<u8> {
    let mut b = BytesMut::new();
    n.to_sql(&Type::NUMERIC, &mut b).unwrap();
    b.to_vec()
}

fn dec(raw: &[u8]) -> Result<Numeric, DecodeError> {
    Numeric::decode(raw)
}

fn num(s: &str) -> Numeric {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The literal inside `'...'::numeric`.
fn literal(sql: &str) -> &str {
    sql.trim_start_matches('(')
        .trim_start_matches('\'')
        .split('\'')
        .next()
        .unwrap()
}

#[test]
fn numeric_server_vectors_decode_display_and_encode_exactly() {
    for v in NUMERIC {
        let raw = v.bytes();
        let n = Numeric::from_sql(&Type::NUMERIC, &raw).unwrap();
        assert_eq!(n.to_string(), v.text, "{}", v.sql);
        assert_eq!(enc(&n), raw, "{}", v.sql);
        let parsed = num(literal(v.sql));
        assert_eq!(enc(&parsed), raw, "parse {}", v.sql);
        let reparsed = num(v.text);
        assert_eq!(enc(&reparsed), raw, "reparse {}", v.sql);
    }
}

#[test]
fn numeric_1000_digits_and_extreme_weights_are_exact() {
    let n = num(&"1234567890".repeat(100));
    assert_eq!(n.digits().len(), 250);
    assert_eq!(n.weight(), 249);
    assert_eq!(n.scale(), 0);
    let tiny = num("1e-16383");
    assert_eq!(tiny.weight(), -4096);
    assert_eq!(tiny.scale(), 16383);
    let max = num("1e131071");
    assert_eq!(max.weight(), i16::MAX);
    assert_eq!(dec(&enc(&max)).unwrap(), max);
}

#[test]
fn numeric_parses_what_postgres_15_accepts() {
    // (input, PostgreSQL 15's output), checked with psql.
    for (input, out) in [
        ("1e 5", "100000"),
        ("1e+5", "100000"),
        (" 1.5e-3 ", "0.0015"),
        ("5.", "5"),
        (".5", "0.5"),
        ("+.5e1", "5"),
        ("inf", "Infinity"),
        ("+inf", "Infinity"),
        ("  -Infinity  ", "-Infinity"),
        ("nAn", "NaN"),
        ("1.50e1", "15.0"),
        ("-0.0e-5", "0.000000"),
        ("00012.3400", "12.3400"),
        ("12e-0", "12"),
        ("-0", "0"),
    ] {
        assert_eq!(num(input).to_string(), out, "{input:?}");
    }
}

#[test]
fn numeric_rejects_what_postgres_15_rejects() {
    for input in [
        ".", "1_000", "0x1F", "1 2", "1e", "-", "", "1.2.3", "e5", "--1", "1e+-2", "NaNx",
    ] {
        assert!(
            matches!(
                input.parse::<Numeric>(),
                Err(ParseNumericError::Syntax { .. })
            ),
            "{input:?}"
        );
    }
    for input in [
        "1e-16384",
        "1e131072",
        "1e-2147483647",
        "1e1073741823",
        "1e99999999999999999999",
    ] {
        assert_eq!(
            input.parse::<Numeric>(),
            Err(ParseNumericError::Overflow),
            "{input:?}"
        );
    }
}

#[test]
fn numeric_malformed_inputs_are_typed_errors() {
    // ndigits=1 but no digit.
    assert!(matches!(
        dec(&[0, 1, 0, 0, 0, 0, 0, 0]),
        Err(DecodeError::Truncated {
            field: "digits",
            ..
        })
    ));
    // Header cut short.
    assert!(matches!(
        dec(&[0, 1, 0]),
        Err(DecodeError::Truncated { .. })
    ));
    assert!(matches!(dec(&[]), Err(DecodeError::Truncated { .. })));
    // A digit of 10000.
    assert_eq!(
        dec(&[0, 1, 0, 0, 0, 0, 0, 0, 0x27, 0x10]),
        Err(DecodeError::Invalid {
            type_name: "numeric",
            field: "digit",
            value: 10000
        })
    );
    // A negative digit.
    assert!(matches!(
        dec(&[0, 1, 0, 0, 0, 0, 0, 0, 0xff, 0xff]),
        Err(DecodeError::Invalid { field: "digit", .. })
    ));
    // An unknown sign.
    assert!(matches!(
        dec(&[0, 0, 0, 0, 0x80, 0, 0, 0]),
        Err(DecodeError::Invalid {
            field: "sign",
            value: 0x8000,
            ..
        })
    ));
    // A display scale beyond 0x3FFF.
    assert!(matches!(
        dec(&[0, 0, 0, 0, 0, 0, 0x40, 0]),
        Err(DecodeError::Invalid {
            field: "dscale",
            ..
        })
    ));
    // Bytes after the digits.
    assert!(matches!(
        dec(&[0, 0, 0, 0, 0, 0, 0, 0, 0]),
        Err(DecodeError::TrailingBytes { extra: 1, .. })
    ));
    // A huge digit count with few bytes never allocates or reads past the end.
    assert!(matches!(
        dec(&[0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 1]),
        Err(DecodeError::Truncated { .. })
    ));
}

#[test]
fn numeric_decode_drops_digits_hidden_by_the_scale_like_numeric_recv() {
    // 1.2345 sent with dscale 2: the server would keep 1.23.
    let n = dec(&[0, 2, 0, 0, 0, 0, 0, 2, 0, 1, 0x09, 0x29]).unwrap();
    assert_eq!(n.to_string(), "1.23");
    assert_eq!(n.digits(), &[1, 2300]);
    // Leading zero digits are stripped and the weight adjusted.
    let n = dec(&[0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7]).unwrap();
    assert_eq!((n.weight(), n.digits()), (0, &[7u16][..]));
}

#[test]
fn numeric_orders_and_hashes_by_value() {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    let h = |n: &Numeric| {
        let mut s = DefaultHasher::new();
        n.hash(&mut s);
        s.finish()
    };
    assert_eq!(num("1.0"), num("1.00"));
    assert_eq!(h(&num("1.0")), h(&num("1.000")));
    assert_ne!(num("1.0").scale(), num("1.00").scale());
    let mut v: Vec<Numeric> = [
        "NaN",
        "1",
        "-Infinity",
        "-1.5",
        "0",
        "Infinity",
        "0.001",
        "-0.0",
        "10000",
    ]
    .iter()
    .map(|s| num(s))
    .collect();
    v.sort();
    let shown: Vec<String> = v.iter().map(|n| n.to_string()).collect();
    assert_eq!(
        shown,
        [
            "-Infinity",
            "-1.5",
            "0",
            "0.0",
            "0.001",
            "1",
            "10000",
            "Infinity",
            "NaN"
        ]
    );
    assert_eq!(Numeric::NAN, Numeric::NAN);
}

#[test]
fn numeric_small_values_stay_inline() {
    let n = num("-12345678901234567890123456.78");
    assert!(matches!(n.digits, Digits::Inline { .. }));
    let decoded = dec(&enc(&n)).unwrap();
    assert!(matches!(decoded.digits, Digits::Inline { .. }));
    assert!(matches!(num(&"9".repeat(40)).digits, Digits::Heap(_)));
}

#[test]
fn numeric_integer_conversions_are_exact() {
    assert_eq!(i64::try_from(&Numeric::from(i64::MIN)).unwrap(), i64::MIN);
    assert_eq!(u64::try_from(&Numeric::from(u64::MAX)).unwrap(), u64::MAX);
    assert_eq!(Numeric::from(u128::MAX).to_string(), u128::MAX.to_string());
    assert_eq!(
        i128::try_from(&Numeric::from(i128::MIN)).unwrap(),
        i128::MIN
    );
    assert_eq!(i64::try_from(&num("12.000")).unwrap(), 12);
    assert_eq!(
        i64::try_from(&num("12.5")),
        Err(ConvertError::Fractional { target: "i64" })
    );
    assert_eq!(
        i32::try_from(&num("2147483648")),
        Err(ConvertError::OutOfRange { target: "i32" })
    );
    assert_eq!(
        u8::try_from(&num("-1")),
        Err(ConvertError::OutOfRange { target: "u8" })
    );
    assert_eq!(
        i64::try_from(&Numeric::NAN),
        Err(ConvertError::NotFinite { target: "i64" })
    );
    assert!(i64::try_from(&num("1e1000")).is_err());
    assert_eq!(i16::try_from(&num("-0.0")).unwrap(), 0);
}

#[test]
fn numeric_float_conversions() {
    assert_eq!(Numeric::from(0.1f64).to_string(), "0.1");
    assert_eq!(Numeric::from(-1.5e-7f64).to_string(), "-0.00000015");
    assert_eq!(Numeric::from(1e21f64).to_string(), "1000000000000000000000");
    assert_eq!(Numeric::from(0.1f32).to_string(), "0.1");
    assert!(Numeric::from(f64::NAN).is_nan());
    assert_eq!(Numeric::from(f64::NEG_INFINITY), Numeric::NEG_INFINITY);
    assert_eq!(Numeric::from(-0.0f64).to_string(), "0");
    assert_eq!(num("0.1").to_f64(), 0.1);
    assert_eq!(num("1e400").to_f64(), f64::INFINITY);
    assert!(Numeric::NAN.to_f64().is_nan());
}

#[test]
fn numeric_constructors_check_their_parts() {
    assert_eq!(Numeric::from_parts(false, 0, 0, &[10000]), None);
    assert_eq!(Numeric::from_parts(false, 0, 0x4000, &[1]), None);
    assert_eq!(Numeric::new(1, 0x4000), None);
    assert_eq!(Numeric::new(-5, 2).unwrap().to_string(), "-0.05");
    assert_eq!(Numeric::new(0, 3).unwrap().to_string(), "0.000");
    assert_eq!(num("2.5").with_scale(0).unwrap().to_string(), "2");
    assert_eq!(Numeric::INFINITY.with_scale(3).unwrap(), Numeric::INFINITY);
}

fn arb_numeric() -> impl Strategy<Value = Numeric> {
    let finite = (
        any::<bool>(),
        -300i16..300,
        0u16..1200,
        prop::collection::vec(0u16..10000, 0..40),
    )
        .prop_filter_map("valid parts", |(neg, w, s, d)| {
            Numeric::from_parts(neg, w, s, &d)
        });
    prop_oneof![
        8 => finite,
        1 => Just(Numeric::NAN),
        1 => Just(Numeric::INFINITY),
        1 => Just(Numeric::NEG_INFINITY),
    ]
}

proptest! {
    #[test]
    fn numeric_binary_round_trips(n in arb_numeric()) {
        let back = dec(&enc(&n)).unwrap();
        prop_assert_eq!(&back, &n);
        prop_assert_eq!(back.scale(), n.scale());
        prop_assert_eq!(back.digits(), n.digits());
    }

    #[test]
    fn numeric_text_round_trips(n in arb_numeric()) {
        let text = n.to_string();
        let back: Numeric = text.parse().unwrap();
        prop_assert_eq!(&back, &n);
        prop_assert_eq!(back.to_string(), text);
    }

    #[test]
    fn numeric_parses_decimal_strings_like_i128(m: i128, scale in 0u32..40) {
        let n = Numeric::new(m, scale as u16).unwrap();
        let digits = m.unsigned_abs().to_string();
        let padded = format!("{:0>width$}", digits, width = scale as usize + 1);
        let (int, frac) = padded.split_at(padded.len() - scale as usize);
        let sign = if m < 0 { "-" } else { "" };
        let expected = if scale == 0 { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") };
        let expected = if m == 0 { expected.trim_start_matches('-').to_string() } else { expected };
        prop_assert_eq!(n.to_string(), expected);
    }

    #[test]
    fn numeric_exponent_forms_agree(m in -99999i64..99999, e in -30i64..30) {
        let a: Numeric = format!("{m}e{e}").parse().unwrap();
        let b: Numeric = format!("{m}E{e:+}").parse().unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.scale() as i64, (-e).max(0));
    }

    #[test]
    fn numeric_fast_and_general_decode_paths_agree(
        neg: bool,
        weight in -10i16..10,
        scale in 0u16..50,
        digits in prop::collection::vec(0u16..10000, 0..12),
    ) {
        let mut raw = Vec::new();
        raw.extend_from_slice(&(digits.len() as u16).to_be_bytes());
        raw.extend_from_slice(&weight.to_be_bytes());
        raw.extend_from_slice(&(if neg { 0x4000u16 } else { 0 }).to_be_bytes());
        raw.extend_from_slice(&scale.to_be_bytes());
        for d in &digits {
            raw.extend_from_slice(&d.to_be_bytes());
        }
        let general = Numeric::from_parts(neg, weight, scale, &digits);
        match dec(&raw) {
            Ok(n) => {
                let general = general.unwrap();
                prop_assert_eq!(n.digits(), general.digits());
                prop_assert_eq!((n.weight(), n.scale(), n.to_string()), (general.weight(), general.scale(), general.to_string()));
            }
            Err(_) => prop_assert!(general.is_none()),
        }
    }

    #[test]
    fn numeric_decoder_never_panics(raw: Vec<u8>) {
        let _ = dec(&raw);
    }

    #[test]
    fn numeric_parser_never_panics(s in "[-+ .eE0-9naifNIty]{0,40}") {
        let _ = s.parse::<Numeric>();
    }
}
