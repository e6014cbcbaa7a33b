//! json and jsonb against pg15 and pg18: `serde_json::Value` and `Json<T>` round trips, the
//! connection setting that turns the JSON codecs off (raw text and bytes still work), and a
//! custom `JsonCodec` plugged in through `CodecContext`.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::{BufMut, BytesMut};
use pgline::types::{BoxError, CodecContext, DecodeError, Json, JsonCodec, Type};
use pgline::{Client, ConnectOptions, ErrorKind};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

fn url(server: &support::Server) -> String {
    server.url(support::USER_TRUST, &[("sslmode", "disable")])
}

async fn connect_with(server: &support::Server, codecs: CodecContext) -> Client {
    let config: pgline::Config = url(server).parse().unwrap();
    ConnectOptions::new()
        .codecs(codecs)
        .connect(&config)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

/// `levels` arrays and objects nested alternately around `1`.
fn nested(levels: usize) -> Value {
    let mut deep = json!(1);
    for i in 0..levels {
        deep = if i % 2 == 0 {
            json!([deep])
        } else {
            json!({ "k": deep })
        };
    }
    deep
}

/// Values with unicode, every escape, deep nesting, big and small numbers.
fn documents() -> Vec<Value> {
    vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1.5e-7),
        json!(12345678901234567_i64),
        json!(""),
        json!("unicode é ☃ 😀 \u{10FFFF}"),
        json!("quote \" back \\ nl \n tab \t ctl \u{1} del \u{7f}"),
        json!([]),
        json!({}),
        json!({"a": [true, false, null], "b": {"c": "d"}, "é": 1}),
        // serde_json's parser stops at 128 levels.
        nested(120),
    ]
}

#[tokio::test]
async fn json_values_round_trip_through_json_and_jsonb() {
    for server in support::tls_servers() {
        let client = pgline::connect(&url(&server)).await.unwrap();
        let stmt = client
            .prepare("SELECT $1::json, $2::jsonb, $2::jsonb = $3::jsonb, ARRAY[$2::jsonb, NULL]")
            .await
            .unwrap();
        for doc in documents() {
            let text = serde_json::to_string(&doc).unwrap();
            let row = client
                .query_one(&stmt, &[&doc, &doc, &text])
                .await
                .unwrap_or_else(|e| panic!("{}: {text}: {e}", server.name));
            assert_eq!(row.get::<_, Value>(0), doc, "json");
            assert_eq!(row.get::<_, Value>(1), doc, "jsonb");
            assert!(
                row.get::<_, bool>(2),
                "the server reads our jsonb as {text}"
            );
            assert_eq!(
                row.get::<_, Vec<Option<Value>>>(3),
                [Some(doc.clone()), None]
            );
            // json keeps our text exactly; jsonb normalizes it.
            assert_eq!(row.get::<_, &str>(0), text);
        }
        // Deeper than serde_json parses: a conversion error, never a crash; the text still reads.
        let row = client
            .query_one(&stmt, &[&nested(300), &nested(300), &"1"])
            .await
            .unwrap();
        let err = row.try_get::<_, Value>(1).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conversion);
        assert!(row.get::<_, &str>(1).starts_with("{\"k\": [{\"k\": ["));
        // A literal the server parsed and normalized.
        let row = client
            .query_one(
                "SELECT '{\"b\": 1, \"a\": [1.0, 2e3], \"b\": \"\\u00e9\"}'::jsonb",
                &[],
            )
            .await
            .unwrap();
        assert_eq!(row.get::<_, &str>(0), "{\"a\": [1.0, 2000], \"b\": \"é\"}");
        assert_eq!(row.get::<_, Value>(0), json!({"a": [1.0, 2000], "b": "é"}));
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Event {
    id: u64,
    name: String,
    tags: Vec<String>,
    payload: Option<Box<Event>>,
}

#[tokio::test]
async fn json_wrapper_round_trips_any_serde_type() {
    for server in support::tls_servers() {
        let client = pgline::connect(&url(&server)).await.unwrap();
        let event = Event {
            id: u64::MAX,
            name: "naïve \"quoted\"".into(),
            tags: vec!["a".into(), String::new()],
            payload: Some(Box::new(Event {
                id: 0,
                name: "inner".into(),
                tags: vec![],
                payload: None,
            })),
        };
        let row = client
            .query_one(
                "SELECT $1::jsonb, $1::jsonb -> 'payload' ->> 'name', $2::json",
                &[&Json(&event), &Json(vec![1, 2])],
            )
            .await
            .unwrap();
        let Json(back) = row.get::<_, Json<Event>>(0);
        assert_eq!(back, event);
        assert_eq!(row.get::<_, &str>(1), "inner");
        assert_eq!(row.get::<_, Json<Vec<i32>>>(2), Json(vec![1, 2]));
        // A document of the wrong shape is a conversion error naming the column.
        let err = row.try_get::<_, Json<Vec<i32>>>(0).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conversion);
        assert!(format!("{err:#}").contains("column 0"), "{err}");
        // Json<T> borrowing from the row.
        #[derive(Deserialize)]
        struct Borrowed<'a> {
            #[serde(borrow)]
            tags: Vec<&'a str>,
        }
        let Json(b) = row.get::<_, Json<Borrowed<'_>>>(0);
        assert_eq!(b.tags, ["a", ""]);
        let raw = row.raw_value(0).unwrap().unwrap().as_ptr_range();
        assert!(raw.contains(&b.tags[0].as_ptr()), "borrowed from the row");
    }
}

#[tokio::test]
async fn json_codecs_off_refuse_values_and_keep_raw_text_and_bytes() {
    for server in support::tls_servers() {
        let client = connect_with(&server, CodecContext::new().with_json_codecs(false)).await;
        let row = client
            .query_one(
                "SELECT '{\"a\": 1}'::jsonb AS b, '[1, 2]'::json AS j, \
                 ARRAY['{}'::jsonb] AS bs",
                &[],
            )
            .await
            .unwrap();
        for column in ["b", "j"] {
            let err = row.try_get::<_, Value>(column).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Conversion);
            let cause = std::error::Error::source(&err)
                .and_then(|c| c.downcast_ref::<DecodeError>())
                .unwrap_or_else(|| panic!("{err:?}"));
            assert_eq!(cause, &DecodeError::JsonCodecsDisabled);
            assert!(row.try_get::<_, Json<Value>>(column).is_err());
        }
        assert!(row.try_get::<_, Vec<Value>>("bs").is_err());
        assert_eq!(row.get::<_, &str>("b"), "{\"a\": 1}");
        assert_eq!(row.get::<_, String>("j"), "[1, 2]");
        assert_eq!(row.get::<_, Vec<&str>>("bs"), ["{}"]);
        // Raw bytes are the JSON text (past jsonb's version byte, which only the wire has).
        assert_eq!(row.get::<_, &[u8]>("b"), b"{\"a\": 1}");
        assert_eq!(row.raw_value("b").unwrap().unwrap(), b"\x01{\"a\": 1}");
        assert_eq!(row.get::<_, &[u8]>("j"), b"[1, 2]");
        // Text parameters still go to json and jsonb; encoding is not affected.
        let row = client
            .query_one(
                "SELECT $1::jsonb ->> 'k', $2::json",
                &[&"{\"k\": \"v\"}", &json!({"x": 1})],
            )
            .await
            .unwrap();
        assert_eq!(row.get::<_, &str>(0), "v");
        assert_eq!(row.get::<_, &str>(1), "{\"x\":1}");
        // The default connection decodes the same values.
        let on = pgline::connect(&url(&server)).await.unwrap();
        let row = on
            .query_one("SELECT '{\"a\": 1}'::jsonb", &[])
            .await
            .unwrap();
        assert_eq!(row.get::<_, Value>(0), json!({"a": 1}));
    }
}

/// Counts its calls and marks what it decodes, so the test can see it was used.
#[derive(Debug, Default)]
struct CountingCodec {
    decoded: AtomicUsize,
    encoded: AtomicUsize,
}

impl JsonCodec for CountingCodec {
    fn decode(&self, ty: &Type, text: &[u8]) -> Result<Value, BoxError> {
        self.decoded.fetch_add(1, Ordering::SeqCst);
        let value: Value = serde_json::from_slice(text)?;
        Ok(json!({ "type": ty.name(), "value": value }))
    }

    fn encode(&self, _: &Type, value: &Value, out: &mut BytesMut) -> Result<(), BoxError> {
        self.encoded.fetch_add(1, Ordering::SeqCst);
        serde_json::to_writer(out.writer(), &json!({ "wrapped": value }))?;
        Ok(())
    }
}

#[tokio::test]
async fn json_custom_codec_is_called_for_values_and_json_wrappers() {
    for server in support::tls_servers() {
        let codec = Arc::new(CountingCodec::default());
        let client =
            connect_with(&server, CodecContext::new().with_json_codec(codec.clone())).await;
        let row = client
            .query_one(
                "SELECT $1::jsonb, $2::json, ARRAY[$1::jsonb, $1::jsonb]",
                &[&json!([1]), &json!("s")],
            )
            .await
            .unwrap();
        assert_eq!(codec.encoded.load(Ordering::SeqCst), 2);
        assert_eq!(codec.decoded.load(Ordering::SeqCst), 0, "decoding is lazy");
        assert_eq!(
            row.get::<_, Value>(0),
            json!({"type": "jsonb", "value": {"wrapped": [1]}})
        );
        assert_eq!(
            row.get::<_, Value>(1),
            json!({"type": "json", "value": {"wrapped": "s"}})
        );
        assert_eq!(codec.decoded.load(Ordering::SeqCst), 2);
        let elements: Vec<Value> = row.get(2);
        assert_eq!(elements.len(), 2);
        assert_eq!(codec.decoded.load(Ordering::SeqCst), 4);
        // Json<T> decodes through the codec's value too.
        #[derive(Deserialize)]
        struct Marked {
            r#type: String,
        }
        let Json(marked) = row.get::<_, Json<Marked>>(0);
        assert_eq!(marked.r#type, "jsonb");
        assert_eq!(codec.decoded.load(Ordering::SeqCst), 5);
        // Raw text bypasses the codec.
        assert_eq!(row.get::<_, &str>(0), "{\"wrapped\": [1]}");
        assert_eq!(codec.decoded.load(Ordering::SeqCst), 5);
    }
}
