//! The server vectors of [`super::captured_vectors_check`], checked without a server.

use super::captured_vectors;
use super::captured_vectors_check::{ARRAYS, CUSTOM, GROUPS};
use super::{FromSql, Kind, Type};

#[test]
fn every_server_vector_decodes_prints_and_reencodes_exactly() {
    let mut checked = 0;
    for g in GROUPS.iter().chain(ARRAYS).chain(CUSTOM) {
        let ty = (g.ty)();
        for v in g.vectors {
            let raw = v.bytes();
            let c = (g.check)(&ty, &raw).unwrap_or_else(|e| panic!("{} {}: {e}", g.name, v.sql));
            if let Some(text) = c.text {
                assert_eq!(text, v.text, "{} {}", g.name, v.sql);
            }
            assert_eq!(c.bytes, raw, "{} {}", g.name, v.sql);
            assert!(c.accepted, "{} {}", g.name, v.sql);
            // The boxed parameter encodes the same bytes through the connection's path.
            let mut again = bytes::BytesMut::new();
            c.value
                .encode_param(super::CodecContext::default_ref(), &ty, &mut again)
                .unwrap_or_else(|e| panic!("{} {}: {e}", g.name, v.sql));
            assert_eq!(&again[..], &raw[..], "{} {}", g.name, v.sql);
            checked += 1;
        }
    }
    assert!(checked > 230, "{checked}");
}

/// `[0:1]={<raw>,NULL}` as an array of `element`, built by hand.
fn two_element_array(element: &Type, raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for word in [1, 1, element.oid() as i32, 2, 0, raw.len() as i32] {
        out.extend_from_slice(&word.to_be_bytes());
    }
    out.extend_from_slice(raw);
    out.extend_from_slice(&(-1i32).to_be_bytes());
    out
}

#[test]
fn every_server_vector_decodes_and_reencodes_as_an_array_element() {
    let mut checked = 0;
    for g in GROUPS.iter().chain(ARRAYS).chain(CUSTOM) {
        let element = (g.ty)();
        if matches!(element.kind(), Kind::Array(_)) {
            continue;
        }
        let ty = Type::new(
            format!("_{}", element.name()),
            1,
            Kind::Array(element.clone()),
            "public".into(),
        );
        for v in g.vectors {
            let raw = two_element_array(&element, &v.bytes());
            let c = (g.array)(&ty, &raw).unwrap_or_else(|e| panic!("{} {}: {e}", g.name, v.sql));
            assert_eq!(c.bytes, raw, "{} {}", g.name, v.sql);
            assert!(c.accepted, "{} {}", g.name, v.sql);
            checked += 1;
        }
    }
    assert!(checked > 200, "{checked}");
}

#[test]
fn jsonb_values_survive_a_round_trip_through_serde() {
    // serde_json reorders nothing the server has not already normalized, so the decoded value
    // re-encodes to JSON the server reads back as the same document.
    for v in captured_vectors::JSONB {
        let value = serde_json::Value::from_sql(&Type::JSONB, &v.bytes()).unwrap();
        let text: serde_json::Value = serde_json::from_str(v.text).unwrap();
        assert_eq!(value, text, "{}", v.sql);
    }
}
