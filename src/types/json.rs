//! `json` and `jsonb`: `serde_json::Value`, [`Json<T>`] for any serde type, and the
//! pluggable [`JsonCodec`].
//!
//! Binary jsonb is a version byte (1) and the JSON text; json is the text alone. Raw access
//! (`&str`, `String`, `&[u8]`) lives with the text codecs and never needs the JSON codecs. See
//! <https://www.postgresql.org/docs/current/datatype-json.html>.

use std::fmt;

use bytes::{BufMut, BytesMut};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::primitives::{base_oid, json_prefix, json_text, oid};
use super::{BoxError, CodecContext, DecodeError, FromSql, IsNull, ToSql, Type};

/// A custom JSON (de)serializer, plugged into a connection through
/// [`CodecContext::json_codec`].
///
/// The `serde_json::Value` codecs call it instead of `serde_json` (for example to use a SIMD
/// parser, to cap nesting depth, or to reject duplicate keys); [`Json<T>`] calls `decode` and
/// then deserializes `T` from the value it returns. It never sees jsonb's version byte: `decode`
/// gets the JSON text, `encode` appends JSON text.
///
/// ```
/// use std::sync::Arc;
/// use bytes::{BufMut, BytesMut};
/// use pgline::types::{BoxError, CodecContext, FromSql, JsonCodec, Type};
///
/// /// Decodes every document as the string it was sent as.
/// #[derive(Debug)]
/// struct Verbatim;
///
/// impl JsonCodec for Verbatim {
///     fn decode(&self, _: &Type, text: &[u8]) -> Result<serde_json::Value, BoxError> {
///         Ok(serde_json::Value::String(std::str::from_utf8(text)?.to_owned()))
///     }
///     fn encode(&self, _: &Type, v: &serde_json::Value, out: &mut BytesMut) -> Result<(), BoxError> {
///         serde_json::to_writer(out.writer(), v)?;
///         Ok(())
///     }
/// }
///
/// let ctx = CodecContext::new().with_json_codec(Arc::new(Verbatim));
/// let v = serde_json::Value::from_sql_with(&ctx, &Type::JSONB, Some(b"\x01{\"a\": 1}")).unwrap();
/// assert_eq!(v, serde_json::Value::String("{\"a\": 1}".into()));
/// ```
pub trait JsonCodec: fmt::Debug + Send + Sync {
    /// Parses JSON text received as a value of `ty` (json or jsonb).
    fn decode(&self, ty: &Type, text: &[u8]) -> Result<Value, BoxError>;

    /// Appends `value` as JSON text, to be sent as `ty` (json or jsonb).
    fn encode(&self, ty: &Type, value: &Value, out: &mut BytesMut) -> Result<(), BoxError>;
}

/// A value of any serde type sent and received as json or jsonb.
///
/// ```
/// use pgline::types::{FromSql, Json, Type};
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Point { x: i32, y: i32 }
/// let Json(p) = Json::<Point>::from_sql(&Type::JSONB, b"\x01{\"x\": 1, \"y\": 2}").unwrap();
/// assert_eq!(p, Point { x: 1, y: 2 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Json<T>(pub T);

fn is_json(ty: &Type) -> bool {
    matches!(base_oid(ty), oid::JSON | oid::JSONB)
}

/// JSON text as a `Value`: exactly what `serde_json::from_slice` gives, through the fast path
/// of [`json_parse`](super::json_parse) when it can.
fn parse_value(text: &[u8]) -> Result<Value, BoxError> {
    match super::json_parse::parse(text) {
        Some(value) => Ok(value),
        None => Ok(serde_json::from_slice(text)?),
    }
}

fn serde_decode<'a, T: Deserialize<'a>>(ty: &Type, raw: &'a [u8]) -> Result<T, BoxError> {
    let text = json_text(ty, raw)?;
    Ok(serde_json::from_slice(text)?)
}

/// The value's JSON text, or why it may not be decoded as a JSON value here.
fn checked_text<'a>(ctx: &CodecContext, ty: &Type, raw: &'a [u8]) -> Result<&'a [u8], BoxError> {
    if !ctx.json_codecs {
        return Err(Box::new(DecodeError::JsonCodecsDisabled));
    }
    Ok(json_text(ty, raw)?)
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Value, BoxError> {
        parse_value(json_text(ty, raw)?)
    }

    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Value, BoxError> {
        let Some(raw) = raw else {
            return Value::from_sql_null(ty);
        };
        let text = checked_text(ctx, ty, raw)?;
        match &ctx.json_codec {
            Some(codec) => codec.decode(ty, text),
            None => parse_value(text),
        }
    }

    fn accepts(ty: &Type) -> bool {
        is_json(ty)
    }
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        json_prefix(ty, out);
        serde_json::to_writer(out.writer(), self)?;
        Ok(IsNull::No)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        match &ctx.json_codec {
            Some(codec) => {
                json_prefix(ty, out);
                codec.encode(ty, self, out)?;
                Ok(IsNull::No)
            }
            None => self.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        is_json(ty)
    }
}

impl<'a, T: Deserialize<'a>> FromSql<'a> for Json<T> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Json<T>, BoxError> {
        serde_decode(ty, raw).map(Json)
    }

    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Json<T>, BoxError> {
        let Some(raw) = raw else {
            return Json::from_sql_null(ty);
        };
        let text = checked_text(ctx, ty, raw)?;
        match &ctx.json_codec {
            Some(codec) => {
                let value = codec.decode(ty, text)?;
                Ok(Json(T::deserialize(value)?))
            }
            None => Ok(Json(serde_json::from_slice(text)?)),
        }
    }

    fn accepts(ty: &Type) -> bool {
        is_json(ty)
    }
}

impl<T: Serialize + fmt::Debug + Sync + Send> ToSql for Json<T> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        json_prefix(ty, out);
        serde_json::to_writer(out.writer(), &self.0)?;
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        is_json(ty)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn jsonb_decodes_with_version_byte_and_json_without() {
        let v = Value::from_sql(&Type::JSONB, b"\x01{\"a\": [1, null]}").unwrap();
        assert_eq!(v, json!({"a": [1, null]}));
        let v = Value::from_sql(&Type::JSON, b"{\"a\": 2}").unwrap();
        assert_eq!(v, json!({"a": 2}));
    }

    #[test]
    fn jsonb_malformed_version_and_text_are_errors() {
        let err = Value::from_sql(&Type::JSONB, b"\x02{}").unwrap_err();
        assert_eq!(
            err.downcast_ref::<DecodeError>(),
            Some(&DecodeError::Invalid {
                type_name: "jsonb",
                field: "version",
                value: 2
            })
        );
        assert!(Value::from_sql(&Type::JSONB, b"").is_err());
        assert!(Value::from_sql(&Type::JSONB, b"\x01{").is_err());
        assert!(Value::from_sql(&Type::JSON, b"\xff").is_err());
    }

    #[test]
    fn json_encodes_version_byte_only_for_jsonb() {
        let mut b = BytesMut::new();
        json!([1, "x"]).to_sql(&Type::JSONB, &mut b).unwrap();
        assert_eq!(&b[..], b"\x01[1,\"x\"]");
        let mut b = BytesMut::new();
        Json(vec![1, 2]).to_sql(&Type::JSON, &mut b).unwrap();
        assert_eq!(&b[..], b"[1,2]");
    }

    #[test]
    fn json_codecs_off_refuses_values_but_not_raw_text() {
        let ctx = CodecContext::new().with_json_codecs(false);
        let err = Value::from_sql_with(&ctx, &Type::JSONB, Some(b"\x01{}")).unwrap_err();
        assert_eq!(
            err.downcast_ref::<DecodeError>(),
            Some(&DecodeError::JsonCodecsDisabled)
        );
        assert!(Json::<Value>::from_sql_with(&ctx, &Type::JSON, Some(b"{}")).is_err());
        let raw = <&str>::from_sql_with(&ctx, &Type::JSONB, Some(b"\x01{}")).unwrap();
        assert_eq!(raw, "{}");
        // NULL still decodes into an Option while the codecs are off.
        assert_eq!(
            Option::<Value>::from_sql_with(&ctx, &Type::JSONB, None).unwrap(),
            None
        );
    }

    #[derive(Debug)]
    struct Counting(std::sync::atomic::AtomicUsize);

    impl JsonCodec for Counting {
        fn decode(&self, _: &Type, text: &[u8]) -> Result<Value, BoxError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(serde_json::from_slice(text)?)
        }
        fn encode(&self, _: &Type, v: &Value, out: &mut BytesMut) -> Result<(), BoxError> {
            self.0.fetch_add(100, std::sync::atomic::Ordering::Relaxed);
            out.put_slice(v.to_string().as_bytes());
            Ok(())
        }
    }

    #[test]
    fn custom_json_codec_is_used_both_ways() {
        let codec = Arc::new(Counting(Default::default()));
        let ctx = CodecContext::new().with_json_codec(codec.clone());
        let v = Value::from_sql_with(&ctx, &Type::JSONB, Some(b"\x01[1]")).unwrap();
        assert_eq!(v, json!([1]));
        let Json(n) = Json::<Vec<i32>>::from_sql_with(&ctx, &Type::JSON, Some(b"[2]")).unwrap();
        assert_eq!(n, vec![2]);
        let mut b = BytesMut::new();
        v.to_sql_with(&ctx, &Type::JSONB, &mut b).unwrap();
        assert_eq!(&b[..], b"\x01[1]");
        assert_eq!(codec.0.load(std::sync::atomic::Ordering::Relaxed), 102);
    }

    #[test]
    fn json_borrows_strings_from_the_row() {
        let raw = b"\x01{\"name\": \"ada\"}";
        #[derive(Deserialize)]
        struct Person<'a> {
            name: &'a str,
        }
        let Json(p) = Json::<Person<'_>>::from_sql(&Type::JSONB, raw).unwrap();
        assert_eq!(p.name, "ada");
        assert!(raw.as_ptr_range().contains(&p.name.as_ptr()));
    }

    #[test]
    fn json_nesting_beyond_serde_json_limit_is_an_error_not_a_crash() {
        let deep = format!("\x01{}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(Value::from_sql(&Type::JSONB, deep.as_bytes()).is_err());
        // The raw text stays readable.
        assert_eq!(
            <&str>::from_sql(&Type::JSONB, deep.as_bytes())
                .unwrap()
                .len(),
            10_000
        );
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            // Quarters print and parse exactly; serde_json's default float parser is not
            // correctly rounded for every f64.
            any::<i32>().prop_map(|i| Value::from(f64::from(i) / 4.0)),
            ".*".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map(".*", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn json_values_round_trip(v in arb_json()) {
            for ty in [Type::JSON, Type::JSONB] {
                let mut b = BytesMut::new();
                v.to_sql(&ty, &mut b).unwrap();
                prop_assert_eq!(Value::from_sql(&ty, &b).unwrap(), v.clone());
            }
        }

        #[test]
        fn json_decoder_never_panics(raw: Vec<u8>) {
            let _ = Value::from_sql(&Type::JSONB, &raw);
            let _ = Value::from_sql(&Type::JSON, &raw);
        }
    }
}
