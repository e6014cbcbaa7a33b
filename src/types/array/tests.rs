use bytes::BytesMut;
use proptest::prelude::*;

use super::*;
use crate::types::captured_vectors;
use crate::types::{Json, Numeric, TimestampTz};

fn enc<T: ToSql>(v: &T, ty: &Type) -> Vec<u8> {
    let mut b = BytesMut::new();
    v.to_sql(ty, &mut b).unwrap();
    b.to_vec()
}

fn decode_err<T: for<'a> FromSql<'a> + fmt::Debug>(ty: &Type, raw: &[u8]) -> DecodeError {
    *T::from_sql(ty, raw)
        .unwrap_err()
        .downcast::<DecodeError>()
        .expect("a DecodeError")
}

/// An int4[] header with the given fields, followed by `rest`.
fn header(ndim: i32, flags: i32, elem: u32, dims: &[(i32, i32)], rest: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    v.extend_from_slice(&ndim.to_be_bytes());
    v.extend_from_slice(&flags.to_be_bytes());
    v.extend_from_slice(&elem.to_be_bytes());
    for (len, lb) in dims {
        v.extend_from_slice(&len.to_be_bytes());
        v.extend_from_slice(&lb.to_be_bytes());
    }
    v.extend_from_slice(rest);
    v
}

#[test]
fn int4_array_server_vectors() {
    let expected: [&[Option<i32>]; 6] = [
        &[],
        &[Some(1), Some(2), Some(3)],
        &[Some(1), None, Some(3)],
        &[Some(7), Some(8)],
        &[Some(1), Some(2), Some(3), Some(4)],
        &[
            Some(1),
            Some(2),
            Some(3),
            Some(4),
            Some(5),
            Some(6),
            Some(7),
            None,
        ],
    ];
    for (v, want) in captured_vectors::INT4_ARRAY.iter().zip(expected) {
        let a = Array::<Option<i32>>::from_sql(&Type::INT4_ARRAY, &v.bytes()).unwrap();
        assert_eq!(a.elements(), want, "{}", v.sql);
        assert_eq!(enc(&a, &Type::INT4_ARRAY), v.bytes(), "{}", v.sql);
    }
    // '[0:1][-1:0][5:6]={{{1,2},{3,4}},{{5,6},{7,NULL}}}'
    let a =
        Array::<Option<i32>>::from_sql(&Type::INT4_ARRAY, &captured_vectors::INT4_ARRAY[5].bytes())
            .unwrap();
    assert_eq!(
        a.dimensions(),
        &[
            Dimension {
                len: 2,
                lower_bound: 0
            },
            Dimension {
                len: 2,
                lower_bound: -1
            },
            Dimension {
                len: 2,
                lower_bound: 5
            }
        ]
    );
    assert_eq!(a.get(&[1, 0, 5]), Some(&Some(7)));
    assert_eq!(a.get(&[1, 0, 6]), Some(&None));
    assert_eq!(a.get(&[0, -1, 5]), Some(&Some(1)));
    assert_eq!(a.get(&[0, -2, 5]), None);
    // '[2:3]={7,8}' into a Vec drops the lower bound; encoding a Vec uses 1.
    let v =
        Vec::<i32>::from_sql(&Type::INT4_ARRAY, &captured_vectors::INT4_ARRAY[3].bytes()).unwrap();
    assert_eq!(v, [7, 8]);
    let v =
        Vec::<i32>::from_sql(&Type::INT4_ARRAY, &captured_vectors::INT4_ARRAY[1].bytes()).unwrap();
    assert_eq!(
        enc(&v, &Type::INT4_ARRAY),
        captured_vectors::INT4_ARRAY[1].bytes()
    );
    assert_eq!(
        enc(&&v[..], &Type::INT4_ARRAY),
        captured_vectors::INT4_ARRAY[1].bytes()
    );
    assert_eq!(
        enc(&[1, 2, 3], &Type::INT4_ARRAY),
        captured_vectors::INT4_ARRAY[1].bytes()
    );
    assert_eq!(
        enc(&Vec::<i32>::new(), &Type::INT4_ARRAY),
        captured_vectors::INT4_ARRAY[0].bytes()
    );
}

#[test]
fn arrays_of_other_types_match_server_bytes() {
    let raw = captured_vectors::INT8_ARRAY[0].bytes();
    let v = Vec::<i64>::from_sql(&Type::INT8_ARRAY, &raw).unwrap();
    assert_eq!(v, [i64::MIN, i64::MAX]);
    assert_eq!(enc(&v, &Type::INT8_ARRAY), raw);

    let raw = captured_vectors::TEXT_ARRAY[1].bytes();
    let v = Vec::<Option<&str>>::from_sql(&Type::TEXT_ARRAY, &raw).unwrap();
    assert_eq!(
        v,
        [Some("x y"), None, Some(""), Some("NULL"), Some("a\\\\b")]
    );
    assert_eq!(enc(&v, &Type::TEXT_ARRAY), raw);
    let a = Array::<String>::from_sql(&Type::TEXT_ARRAY, &captured_vectors::TEXT_ARRAY[2].bytes())
        .unwrap();
    assert_eq!(a.dimensions().len(), 2);
    assert_eq!(
        enc(&a, &Type::TEXT_ARRAY),
        captured_vectors::TEXT_ARRAY[2].bytes()
    );

    let raw = captured_vectors::FLOAT8_ARRAY[0].bytes();
    let v = Vec::<f64>::from_sql(&Type::FLOAT8_ARRAY, &raw).unwrap();
    assert!(v[0].is_nan() && v[1] == f64::NEG_INFINITY && v[2].is_sign_negative());
    assert_eq!(enc(&v, &Type::FLOAT8_ARRAY), raw);

    let raw = captured_vectors::NUMERIC_ARRAY[0].bytes();
    let v = Vec::<Option<Numeric>>::from_sql(&Type::NUMERIC_ARRAY, &raw).unwrap();
    let shown: Vec<String> = v
        .iter()
        .map(|n| n.as_ref().map_or("NULL".into(), |n| n.to_string()))
        .collect();
    assert_eq!(shown, ["1.5", "NaN", "-0.001", "NULL"]);
    assert_eq!(enc(&v, &Type::NUMERIC_ARRAY), raw);

    let raw = captured_vectors::BOOL_ARRAY[0].bytes();
    let v = Vec::<Option<bool>>::from_sql(&Type::BOOL_ARRAY, &raw).unwrap();
    assert_eq!(v, [Some(true), Some(false), None]);
    assert_eq!(enc(&v, &Type::BOOL_ARRAY), raw);

    let raw = captured_vectors::TIMESTAMPTZ_ARRAY[0].bytes();
    let v = Vec::<Option<TimestampTz>>::from_sql(&Type::TIMESTAMPTZ_ARRAY, &raw).unwrap();
    assert_eq!(
        v,
        [
            Some(TimestampTz::PG_EPOCH),
            Some(TimestampTz::INFINITY),
            None
        ]
    );
    assert_eq!(enc(&v, &Type::TIMESTAMPTZ_ARRAY), raw);

    let raw = captured_vectors::JSONB_ARRAY[0].bytes();
    let v = Vec::<Option<Json<serde_json::Value>>>::from_sql(&Type::JSONB_ARRAY, &raw).unwrap();
    assert_eq!(v[0].as_ref().unwrap().0, serde_json::json!({"a": 1}));
    assert_eq!(v[2], None);
}

#[test]
fn array_json_elements_honour_the_context() {
    let raw = captured_vectors::JSONB_ARRAY[0].bytes();
    let off = CodecContext::new().with_json_codecs(false);
    let err = Vec::<Option<serde_json::Value>>::from_sql_with(&off, &Type::JSONB_ARRAY, Some(&raw))
        .unwrap_err();
    assert_eq!(
        err.downcast_ref::<DecodeError>(),
        Some(&DecodeError::JsonCodecsDisabled)
    );
    let raw_text =
        Vec::<Option<&str>>::from_sql_with(&off, &Type::JSONB_ARRAY, Some(&raw)).unwrap();
    assert_eq!(raw_text, [Some("{\"a\": 1}"), Some("[]"), None]);
}

#[test]
fn domain_arrays_carry_the_domain_oid() {
    let posint = Type::new(
        "vec_posint".into(),
        captured_vectors::OID_VEC_POSINT,
        Kind::Domain(Type::INT4),
        "public".into(),
    );
    let arr = Type::new(
        "_vec_posint".into(),
        captured_vectors::OID_VEC_POSINT_ARRAY,
        Kind::Array(posint),
        "public".into(),
    );
    let raw = captured_vectors::POSINT_ARRAY[0].bytes();
    let v = Vec::<i32>::from_sql(&arr, &raw).unwrap();
    assert_eq!(v, [1, 2]);
    assert_eq!(enc(&v, &arr), raw);
    // An int4[] value also decodes into the domain array (element OID is the base's).
    let base = captured_vectors::INT4_ARRAY[1].bytes();
    assert_eq!(Vec::<i32>::from_sql(&arr, &base).unwrap(), [1, 2, 3]);
}

#[test]
fn null_elements_need_option() {
    let raw = captured_vectors::INT4_ARRAY[2].bytes();
    let err = Vec::<i32>::from_sql(&Type::INT4_ARRAY, &raw).unwrap_err();
    assert!(err.is::<crate::types::WasNull>(), "{err}");
}

#[test]
fn multi_dimensional_arrays_need_array_type() {
    let raw = captured_vectors::INT4_ARRAY[4].bytes();
    assert_eq!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &raw),
        DecodeError::Dimensions {
            expected: 1,
            got: 2
        }
    );
}

#[test]
fn array_malformed() {
    let one = [0, 0, 0, 4, 0, 0, 0, 9];
    // Wrong element OID.
    assert_eq!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &header(1, 0, 20, &[(1, 1)], &one)),
        DecodeError::ElementType {
            type_name: "array",
            expected: 23,
            got: 20
        }
    );
    // Negative and too many dimensions.
    assert!(matches!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &header(-1, 0, 23, &[], &[])),
        DecodeError::Invalid { field: "ndim", .. }
    ));
    assert!(matches!(
        decode_err::<Array<i32>>(&Type::INT4_ARRAY, &header(7, 0, 23, &[(1, 1); 7], &one)),
        DecodeError::Invalid {
            field: "ndim",
            value: 7,
            ..
        }
    ));
    // Bad flags.
    assert!(matches!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &header(1, 2, 23, &[(1, 1)], &one)),
        DecodeError::Invalid { field: "flags", .. }
    ));
    // A negative dimension length, and an upper bound past i32::MAX.
    assert!(matches!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &header(1, 0, 23, &[(-1, 1)], &[])),
        DecodeError::Invalid {
            field: "dimension length",
            ..
        }
    ));
    assert!(matches!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &header(1, 0, 23, &[(2, i32::MAX)], &[])),
        DecodeError::Invalid {
            field: "lower bound",
            ..
        }
    ));
    // Huge declared sizes are refused before allocating: 6 dimensions of 2^31-1.
    let huge = header(6, 0, 23, &[(i32::MAX, 1); 6], &one);
    assert!(matches!(
        decode_err::<Array<i32>>(&Type::INT4_ARRAY, &huge),
        DecodeError::TooLarge {
            field: "element count",
            limit: 2,
            ..
        }
    ));
    let many = header(1, 0, 23, &[(1_000_000, 1)], &one);
    assert!(matches!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &many),
        DecodeError::TooLarge {
            value: 1_000_000,
            ..
        }
    ));
    // A truncated element, a bad element length, and bytes left over.
    assert!(matches!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &header(1, 0, 23, &[(1, 1)], &one[..7])),
        DecodeError::Truncated { .. }
    ));
    assert!(matches!(
        decode_err::<Vec<i32>>(
            &Type::INT4_ARRAY,
            &header(1, 0, 23, &[(1, 1)], &[0xff, 0xff, 0xff, 0xfe])
        ),
        DecodeError::Invalid {
            field: "element",
            ..
        }
    ));
    let mut extra = header(1, 0, 23, &[(1, 1)], &one);
    extra.push(0);
    assert!(matches!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &extra),
        DecodeError::TrailingBytes { .. }
    ));
    assert!(matches!(
        decode_err::<Vec<i32>>(&Type::INT4_ARRAY, &[0, 0]),
        DecodeError::Truncated { .. }
    ));
    // A zero-length dimension is an empty array, as the server treats it.
    assert!(
        Array::<i32>::from_sql(&Type::INT4_ARRAY, &header(2, 0, 23, &[(0, 1), (3, 1)], &[]))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn array_constructor_checks_dimensions() {
    let d = |len, lower_bound| Dimension { len, lower_bound };
    assert_eq!(
        Array::new(vec![d(2, 1)], vec![1]),
        Err(ArrayError::ElementCount {
            expected: 2,
            got: 1
        })
    );
    assert_eq!(
        Array::new(vec![d(0, 1)], Vec::<i32>::new()),
        Err(ArrayError::BadDimension { index: 0 })
    );
    assert_eq!(
        Array::new(vec![d(2, i32::MAX)], vec![1, 2]),
        Err(ArrayError::BadDimension { index: 0 })
    );
    assert_eq!(
        Array::new(vec![d(1, 1); 7], vec![1]),
        Err(ArrayError::TooManyDimensions { got: 7 })
    );
    assert!(
        Array::new(Vec::new(), Vec::<i32>::new())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn array_types_check_their_element_type() {
    assert!(<Vec<i32> as FromSql>::accepts(&Type::INT4_ARRAY));
    assert!(!<Vec<i32> as FromSql>::accepts(&Type::INT8_ARRAY));
    assert!(!<Vec<i32> as FromSql>::accepts(&Type::INT4));
    assert!(<Vec<Option<String>> as ToSql>::accepts(
        &Type::VARCHAR_ARRAY
    ));
    assert!(<Vec<u8> as FromSql>::accepts(&Type::BYTEA));
    assert!(!<Vec<u8> as FromSql>::accepts(&Type::INT4_ARRAY));
    assert!(<Vec<i16> as FromSql>::accepts(&Type::INT2VECTOR));
}

#[test]
fn int2vector_is_sent_zero_based() {
    let raw = enc(&vec![1i16, 2], &Type::INT2VECTOR);
    assert_eq!(&raw[16..20], &0i32.to_be_bytes());
    assert_eq!(
        Vec::<i16>::from_sql(&Type::INT2VECTOR, &raw).unwrap(),
        [1, 2]
    );
}

fn arb_array() -> impl Strategy<Value = Array<Option<i32>>> {
    prop::collection::vec((1i32..4, -5i32..5), 0..4).prop_flat_map(|dims| {
        let total: usize = if dims.is_empty() {
            0
        } else {
            dims.iter().map(|d| d.0 as usize).product()
        };
        prop::collection::vec(any::<Option<i32>>(), total).prop_map(move |elements| {
            let dims = dims
                .iter()
                .map(|&(len, lower_bound)| Dimension { len, lower_bound })
                .collect();
            Array::new(dims, elements).unwrap()
        })
    })
}

proptest! {
    #[test]
    fn n_dimensional_arrays_round_trip(a in arb_array()) {
        let raw = enc(&a, &Type::INT4_ARRAY);
        prop_assert_eq!(Array::<Option<i32>>::from_sql(&Type::INT4_ARRAY, &raw).unwrap(), a);
    }

    #[test]
    fn vec_of_text_round_trips(v: Vec<Option<String>>) {
        let raw = enc(&v, &Type::TEXT_ARRAY);
        prop_assert_eq!(Vec::<Option<String>>::from_sql(&Type::TEXT_ARRAY, &raw).unwrap(), v);
    }

    #[test]
    fn array_decoder_never_panics(raw: Vec<u8>) {
        let _ = Array::<Option<i32>>::from_sql(&Type::INT4_ARRAY, &raw);
        let _ = Vec::<Option<String>>::from_sql(&Type::TEXT_ARRAY, &raw);
    }

    #[test]
    fn array_decoder_never_panics_after_a_valid_header(dims in prop::collection::vec((any::<i32>(), any::<i32>()), 0..7), rest: Vec<u8>) {
        let raw = header(dims.len() as i32, 0, 23, &dims, &rest);
        let _ = Array::<Option<i32>>::from_sql(&Type::INT4_ARRAY, &raw);
    }
}
