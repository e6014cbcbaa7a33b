//! A fast path from JSON text to `serde_json::Value` for the shapes databases hold: objects,
//! arrays, strings without `\u` escapes, small integers, literals.
//!
//! It never disagrees with `serde_json`: for anything else (floats and big integers are handed
//! to `serde_json` token by token; `\u` escapes, deep nesting and invalid text make the whole
//! document go to `serde_json`) it gives up and the caller parses with `serde_json::from_slice`,
//! so results and errors are exactly serde_json's. It only skips the generic `Deserialize`
//! machinery, which costs more than the parsing on small documents. See
//! <https://www.rfc-editor.org/rfc/rfc8259>.

use serde_json::{Map, Number, Value};

/// Nesting handed to `serde_json` beyond this depth (it stops at 128 with an error).
const MAX_DEPTH: u32 = 64;

/// Integers of at most this many digits fit `u64` without checking.
const MAX_FAST_DIGITS: usize = 18;

/// Parses `text` as `serde_json::from_slice::<Value>` would, or `None` to leave it to serde_json.
pub(crate) fn parse(text: &[u8]) -> Option<Value> {
    // serde_json checks UTF-8 inside strings; outside them any non-ASCII byte is a syntax error
    // in both parsers, so checking the whole text once is the same test, and lets strings be
    // sliced from it without another check.
    let text = std::str::from_utf8(text).ok()?;
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = p.value(0)?;
    p.skip_ws();
    (p.at == p.bytes.len()).then_some(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// Consumes `word` (the rest of `true`, `false` or `null`).
    fn literal(&mut self, word: &[u8], value: Value) -> Option<Value> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self, depth: u32) -> Option<Value> {
        self.skip_ws();
        match self.peek()? {
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => self.string().map(Value::String),
            b't' => self.literal(b"true", Value::Bool(true)),
            b'f' => self.literal(b"false", Value::Bool(false)),
            b'n' => self.literal(b"null", Value::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn object(&mut self, depth: u32) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.at += 1;
        let mut map = Map::new();
        self.skip_ws();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(Value::Object(map));
        }
        loop {
            self.skip_ws();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            // serde_json gives keys of this prefix a meaning under some of its features.
            if key.starts_with('$') {
                return None;
            }
            self.skip_ws();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            let value = self.value(depth)?;
            // As serde_json does: a repeated key keeps the last value.
            map.insert(key, value);
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(Value::Object(map));
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: u32) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.at += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(Value::Array(items));
                }
                _ => return None,
            }
        }
    }

    /// A string at `"`: its text, with the one-letter escapes undone; `None` at a `\u` escape,
    /// a control character or the end of the text.
    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let start = self.at;
        let len = self
            .bytes
            .get(start..)?
            .iter()
            .position(|&b| matches!(b, b'"' | b'\\' | 0..=0x1f))?;
        self.at = start + len;
        // In bounds: `position` found a byte there.
        match self.bytes[self.at] {
            b'"' => {
                // Both ends are ASCII, so they are character boundaries.
                let s = self.text.get(start..self.at)?.to_owned();
                self.at += 1;
                Some(s)
            }
            b'\\' => self.escaped_string(start),
            _ => None,
        }
    }

    /// The rest of a string from its first backslash, copying as it goes.
    fn escaped_string(&mut self, start: usize) -> Option<String> {
        let mut out = String::with_capacity(self.at - start + 16);
        out.push_str(self.text.get(start..self.at)?);
        let mut run = self.at;
        loop {
            match *self.bytes.get(self.at)? {
                b'"' => {
                    out.push_str(self.text.get(run..self.at)?);
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(self.text.get(run..self.at)?);
                    out.push(match *self.bytes.get(self.at + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        // `\u` (surrogate pairs and their errors) stays serde_json's.
                        _ => return None,
                    });
                    self.at += 2;
                    run = self.at;
                }
                0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
    }

    /// A number: small integers here, everything else parsed by serde_json as a lone token
    /// (its number parsing does not depend on what surrounds the token).
    fn number(&mut self) -> Option<Value> {
        let start = self.at;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let digits_start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        let digits = &self.bytes[digits_start..self.at];
        let simple = matches!(
            self.peek(),
            None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\t' | b'\r')
        );
        let leading_zero = digits.len() > 1 && digits[0] == b'0';
        if simple && !digits.is_empty() && !leading_zero && digits.len() <= MAX_FAST_DIGITS {
            let n = digits
                .iter()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            return match (negative, n) {
                (false, n) => Some(Value::Number(Number::from(n))),
                // serde_json reads `-0` as the float -0.0.
                (true, 0) => self.token(start),
                // n < 10^18 fits i64.
                (true, n) => Some(Value::Number(Number::from(-(n as i64)))),
            };
        }
        // Fraction, exponent or a long integer: find the token's end, let serde_json read it.
        while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') = self.peek() {
            self.at += 1;
        }
        self.token(start)
    }

    fn token(&self, start: usize) -> Option<Value> {
        let token = self.bytes.get(start..self.at)?;
        match serde_json::from_slice::<Value>(token).ok()? {
            number @ Value::Number(_) => Some(number),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The fast path agrees with serde_json whenever it answers.
    fn agrees(text: &[u8]) -> bool {
        let ours = parse(text);
        let theirs = serde_json::from_slice::<Value>(text).ok();
        match ours {
            Some(v) => theirs.as_ref() == Some(&v) && same_numbers(&v, theirs.as_ref().unwrap()),
            None => true,
        }
    }

    /// `Value`'s equality treats 1 and 1.0 as different already; also compare float bits, so
    /// -0.0 and 0.0 differ.
    fn same_numbers(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
                (Some(p), Some(q)) => p.to_bits() == q.to_bits() && x == y,
                _ => x == y,
            },
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_numbers(p, q))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|((k, p), (l, q))| k == l && same_numbers(p, q))
            }
            _ => a == b,
        }
    }

    #[test]
    fn json_fast_path_parses_typical_documents() {
        let cases: &[&str] = &[
            "{\"id\": 7, \"kind\": \"order\", \"tags\": [\"a\", \"b\"], \"active\": true}",
            " [1, -2, 0, 123456789012345678, -123456789012345678, null, false] ",
            "{}",
            "[]",
            "\"\"",
            "\"tab\\t quote\\\" slash\\/ back\\\\ nl\\n\\r\\b\\f\"",
            "{\"a\": {\"b\": {\"c\": []}}, \"a\": 2}",
            "\"é ☃ 😀\"",
        ];
        for case in cases {
            let v = parse(case.as_bytes()).unwrap_or_else(|| panic!("{case}"));
            assert_eq!(v, serde_json::from_str::<Value>(case).unwrap(), "{case}");
        }
    }

    #[test]
    fn json_fast_path_hands_floats_and_big_numbers_to_serde_json_per_token() {
        for case in [
            "1.5",
            "-0",
            "-0.0",
            "1e300",
            "12345678901234567890",
            "-9223372036854775809",
            "[0.1, 2E-3]",
        ] {
            let v = parse(case.as_bytes()).unwrap_or_else(|| panic!("{case}"));
            let theirs = serde_json::from_str::<Value>(case).unwrap();
            assert!(same_numbers(&v, &theirs), "{case}: {v} vs {theirs}");
        }
        assert!(parse(b"-0").unwrap().as_f64().unwrap().is_sign_negative());
    }

    #[test]
    fn json_fast_path_leaves_the_rest_to_serde_json() {
        let cases: &[&[u8]] = &[
            b"",
            b"   ",
            b"\"\\u00e9\"",
            b"[1,]",
            b"{\"a\" 1}",
            b"{\"a\": 1,}",
            b"01",
            b"1.",
            b"-",
            b"tru",
            b"nulls",
            b"[1] x",
            b"\"ctl \x01\"",
            b"\"open",
            b"\xff",
            b"1e400",
            b"{\"$serde_json::private::Number\": \"1\"}",
            b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        ];
        for case in cases {
            assert!(parse(case).is_none(), "{}", String::from_utf8_lossy(case));
        }
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            ".*".prop_map(Value::String),
        ];
        leaf.prop_recursive(6, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::vec((".*", inner), 0..8)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn json_fast_path_agrees_with_serde_json_on_serialized_values(v in json_value()) {
            for text in [serde_json::to_vec(&v).unwrap(), serde_json::to_vec_pretty(&v).unwrap()] {
                prop_assert!(agrees(&text));
                // Escapes other than \u are all handled; what serde_json writes mostly parses here.
                if let Some(ours) = parse(&text) {
                    prop_assert!(same_numbers(&ours, &serde_json::from_slice(&text).unwrap()));
                }
            }
        }

        #[test]
        fn json_fast_path_agrees_with_serde_json_on_any_bytes(text in prop::collection::vec(any::<u8>(), 0..64)) {
            prop_assert!(agrees(&text));
        }

        #[test]
        fn json_fast_path_agrees_with_serde_json_on_json_like_text(
            text in "[\\[\\]{}\",:0-9.eE+\\- \\\\ntrufalsu\\n\"a]{0,40}"
        ) {
            prop_assert!(agrees(text.as_bytes()));
        }
    }
}
