use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

fn kinds(sql: &str) -> Vec<(TokenKind, &str)> {
    Lexer::new(sql)
        .filter(|t| t.kind != TokenKind::Whitespace)
        .map(|t| (t.kind, t.text(sql)))
        .collect()
}

fn sql_of(sql: &str, style: ParamStyle) -> String {
    convert(sql, style).unwrap().sql
}

// ---- lexer ----

#[test]
fn standard_string_keeps_doubled_quotes_inside() {
    assert_eq!(
        kinds("'it''s' x"),
        [
            (TokenKind::String(StringKind::Standard), "'it''s'"),
            (TokenKind::Ident, "x")
        ]
    );
}

#[test]
fn backslash_is_ordinary_in_a_standard_string() {
    assert_eq!(
        kinds(r"'a\' x"),
        [
            (TokenKind::String(StringKind::Standard), r"'a\'"),
            (TokenKind::Ident, "x")
        ]
    );
}

#[test]
fn escape_string_with_backslash_quote_is_one_token() {
    for sql in [r"E'\'' x", r"e'\'' x"] {
        assert_eq!(
            kinds(sql),
            [
                (TokenKind::String(StringKind::Escape), &sql[..5]),
                (TokenKind::Ident, "x")
            ]
        );
    }
    assert_eq!(
        kinds(r"E'a''b\\' x")[0],
        (TokenKind::String(StringKind::Escape), r"E'a''b\\'")
    );
}

#[test]
fn prefixed_strings_are_recognised() {
    assert_eq!(
        kinds("U&'d\\0061t' B'101' X'1F' N'n' u&\"x\"\"y\""),
        [
            (TokenKind::String(StringKind::Unicode), "U&'d\\0061t'"),
            (TokenKind::String(StringKind::Bit), "B'101'"),
            (TokenKind::String(StringKind::Hex), "X'1F'"),
            (TokenKind::String(StringKind::National), "N'n'"),
            (TokenKind::QuotedIdent, "u&\"x\"\"y\""),
        ]
    );
}

#[test]
fn a_prefix_letter_inside_an_identifier_starts_no_string() {
    assert_eq!(
        kinds("type'x'"),
        [
            (TokenKind::Ident, "type"),
            (TokenKind::String(StringKind::Standard), "'x'")
        ]
    );
}

#[test]
fn comments_line_and_nested_block() {
    assert_eq!(
        kinds("a -- c ; d\nb /* x /* y */ ; */ c"),
        [
            (TokenKind::Ident, "a"),
            (TokenKind::LineComment, "-- c ; d"),
            (TokenKind::Ident, "b"),
            (TokenKind::BlockComment, "/* x /* y */ ; */"),
            (TokenKind::Ident, "c"),
        ]
    );
}

#[test]
fn dollar_quotes_with_and_without_tag() {
    assert_eq!(
        kinds("$$a$b$$ $fn$ $$ ; $fn$ $_x1$y$_x1$"),
        [
            (TokenKind::DollarQuoted, "$$a$b$$"),
            (TokenKind::DollarQuoted, "$fn$ $$ ; $fn$"),
            (TokenKind::DollarQuoted, "$_x1$y$_x1$"),
        ]
    );
}

#[test]
fn dollar_digit_is_a_parameter_not_a_quote() {
    assert_eq!(
        kinds("$1 $12$"),
        [
            (TokenKind::Param(ParamStyle::Dollar), "$1"),
            (TokenKind::Param(ParamStyle::Dollar), "$12"),
            (TokenKind::Other, "$"),
        ]
    );
}

#[test]
fn dollar_quote_tags_are_case_sensitive() {
    let sql = "$a$ $A$ x $a$";
    assert_eq!(kinds(sql), [(TokenKind::DollarQuoted, sql)]);
}

#[test]
fn dollar_inside_an_identifier_opens_no_quote() {
    assert_eq!(
        kinds("a$b$ c"),
        [(TokenKind::Ident, "a$b$"), (TokenKind::Ident, "c")]
    );
}

#[test]
fn quoted_identifier_with_doubled_quote() {
    assert_eq!(
        kinds(r#""a""b;" x"#),
        [
            (TokenKind::QuotedIdent, r#""a""b;""#),
            (TokenKind::Ident, "x")
        ]
    );
}

#[test]
fn casts_operators_and_numbers() {
    assert_eq!(
        kinds("a::int>=-1.5e3 ->> x[1:2] 0x_FF 1..3 f(a := .5)"),
        [
            (TokenKind::Ident, "a"),
            (TokenKind::Cast, "::"),
            (TokenKind::Ident, "int"),
            // `>=-` loses its trailing `-`: the SQL-standard reading of `>= -1.5e3`.
            (TokenKind::Operator, ">="),
            (TokenKind::Operator, "-"),
            (TokenKind::Number, "1.5e3"),
            (TokenKind::Operator, "->>"),
            (TokenKind::Ident, "x"),
            (TokenKind::Punct, "["),
            (TokenKind::Number, "1"),
            (TokenKind::Punct, ":"),
            (TokenKind::Number, "2"),
            (TokenKind::Punct, "]"),
            (TokenKind::Number, "0x_FF"),
            (TokenKind::Number, "1"),
            (TokenKind::Punct, ".."),
            (TokenKind::Number, "3"),
            (TokenKind::Ident, "f"),
            (TokenKind::Punct, "("),
            (TokenKind::Ident, "a"),
            (TokenKind::Operator, ":="),
            (TokenKind::Number, ".5"),
            (TokenKind::Punct, ")"),
        ]
    );
}

#[test]
fn operator_keeps_trailing_minus_when_it_holds_a_special_character() {
    assert_eq!(kinds("@-")[0], (TokenKind::Operator, "@-"));
    assert_eq!(
        kinds("*-")[..2],
        [(TokenKind::Operator, "*"), (TokenKind::Operator, "-")]
    );
}

#[test]
fn operator_stops_before_a_comment() {
    assert_eq!(
        kinds("a +-- c\n/*/ x */"),
        [
            (TokenKind::Ident, "a"),
            (TokenKind::Operator, "+"),
            (TokenKind::LineComment, "-- c"),
            (TokenKind::BlockComment, "/*/ x */"),
        ]
    );
}

#[test]
fn unterminated_tokens_run_to_the_end_and_say_so() {
    for (sql, kind) in [
        ("x 'abc", TokenKind::String(StringKind::Standard)),
        (r"x E'ab\'", TokenKind::String(StringKind::Escape)),
        ("x \"ab", TokenKind::QuotedIdent),
        ("x $t$ab$t", TokenKind::DollarQuoted),
        ("x /* /* */", TokenKind::BlockComment),
        (r"x E'\", TokenKind::String(StringKind::Escape)),
    ] {
        let last = Lexer::new(sql).last().unwrap();
        assert_eq!(
            (last.kind, last.start, last.end),
            (kind, 2, sql.len()),
            "{sql}"
        );
        assert!(!last.terminated, "{sql}");
    }
    assert!(Lexer::new("'a' -- c").all(|t| t.terminated));
}

#[test]
fn non_ascii_characters_stay_inside_identifiers_and_strings() {
    let sql = "SELECT größe, 'ü''é' FROM \"tä\" WHERE é=$1 -- ø";
    let tokens: Vec<Token> = Lexer::new(sql).collect();
    assert!(tokens.iter().all(|t| sql.is_char_boundary(t.start)));
    assert!(kinds(sql).contains(&(TokenKind::Ident, "größe")));
}

// ---- conversion ----

#[test]
fn dollar_style_keeps_the_text_and_counts_the_highest_number() {
    let c = convert("SELECT $2, $1, $2", ParamStyle::Dollar).unwrap();
    assert_eq!(c.sql, "SELECT $2, $1, $2");
    assert_eq!(c.count, 2);
    assert!(c.names.is_empty());
}

#[test]
fn qmark_numbers_left_to_right() {
    let c = convert("INSERT INTO t VALUES (?, ?,?)", ParamStyle::QMark).unwrap();
    assert_eq!(c.sql, "INSERT INTO t VALUES ($1, $2,$3)");
    assert_eq!(c.count, 3);
}

#[test]
fn qmark_splits_a_comparison_from_its_placeholder() {
    assert_eq!(sql_of("a=? AND b<>?", ParamStyle::QMark), "a=$1 AND b<>$2");
}

#[test]
fn qmark_jsonb_operators_and_the_double_mark_escape() {
    let c = convert(
        "SELECT d ?? 'k', d ?| array['a'], d ?& ?, d @?? '$.a' FROM t WHERE id = ?",
        ParamStyle::QMark,
    )
    .unwrap();
    assert_eq!(
        c.sql,
        "SELECT d ? 'k', d ?| array['a'], d ?& $1, d @? '$.a' FROM t WHERE id = $2"
    );
    assert_eq!(c.count, 2);
}

#[test]
fn named_with_casts_and_repeated_names() {
    let c = convert(
        "SELECT :a::int, :b, x::text, :a FROM t WHERE y = :_c2",
        ParamStyle::Named,
    )
    .unwrap();
    assert_eq!(c.sql, "SELECT $1::int, $2, x::text, $1 FROM t WHERE y = $3");
    assert_eq!(c.names, ["a", "b", "_c2"]);
    assert_eq!(c.count, 3);
}

#[test]
fn numeric_maps_each_number_to_itself() {
    let c = convert("SELECT :2, :1, :2", ParamStyle::Numeric).unwrap();
    assert_eq!(c.sql, "SELECT $2, $1, $2");
    assert_eq!(c.count, 2);
}

#[test]
fn format_and_the_percent_escape() {
    let c = convert(
        "SELECT %s, a %% 2, 'x%s' FROM t WHERE b LIKE %s AND c=%s",
        ParamStyle::Format,
    )
    .unwrap();
    assert_eq!(
        c.sql,
        "SELECT $1, a % 2, 'x%s' FROM t WHERE b LIKE $2 AND c=$3"
    );
}

#[test]
fn pyformat_names_and_the_percent_escape() {
    let c = convert("SELECT %(a)s, %(b)s %% 3, %(a)s::int", ParamStyle::PyFormat).unwrap();
    assert_eq!(c.sql, "SELECT $1, $2 % 3, $1::int");
    assert_eq!(c.names, ["a", "b"]);
}

#[test]
fn dollar_name_and_at_name() {
    let c = convert("SELECT $a, $b$x$b$, $a", ParamStyle::DollarName).unwrap();
    assert_eq!(c.sql, "SELECT $1, $b$x$b$, $1");
    assert_eq!(c.names, ["a"]);
    let c = convert("SELECT @x, a=@y, b @> c, @ d", ParamStyle::AtName).unwrap();
    assert_eq!(c.sql, "SELECT $1, a=$2, b @> c, @ d");
    assert_eq!(c.names, ["x", "y"]);
}

#[test]
fn nothing_quoted_or_commented_is_a_placeholder() {
    let protected = r#"'?' E'\'?' "?" -- ?
/* :a ? %s */ $$ ? :a $$ $q$ @x $q$"#;
    for style in ParamStyle::ALL {
        let c = convert(protected, style).unwrap();
        assert_eq!(c.sql, protected, "{style:?}");
        assert_eq!(c.count, 0, "{style:?}");
    }
}

#[test]
fn placeholders_of_another_style_are_an_error_with_their_offset() {
    for (sql, style, offset, found) in [
        ("SELECT ?, $1", ParamStyle::QMark, 10, ParamStyle::Dollar),
        ("SELECT :a, :1", ParamStyle::Named, 11, ParamStyle::Numeric),
        ("SELECT :1, :a", ParamStyle::Numeric, 11, ParamStyle::Named),
        (
            "SELECT %s, %(a)s",
            ParamStyle::Format,
            11,
            ParamStyle::PyFormat,
        ),
        (
            "SELECT %(a)s, %s",
            ParamStyle::PyFormat,
            14,
            ParamStyle::Format,
        ),
        (
            "SELECT $a, $2",
            ParamStyle::DollarName,
            11,
            ParamStyle::Dollar,
        ),
        ("SELECT @a, $2", ParamStyle::AtName, 11, ParamStyle::Dollar),
    ] {
        assert_eq!(
            convert(sql, style),
            Err(SqlError::MixedStyles {
                offset,
                expected: style,
                found
            }),
            "{sql}"
        );
    }
}

#[test]
fn invalid_numbers_and_unterminated_text_are_errors() {
    assert_eq!(
        convert("SELECT $0", ParamStyle::Dollar),
        Err(SqlError::InvalidIndex { offset: 7 })
    );
    assert_eq!(
        convert("SELECT :65536", ParamStyle::Numeric),
        Err(SqlError::TooManyParameters { offset: 7 })
    );
    assert_eq!(
        convert("SELECT $99999999999999999999999", ParamStyle::Dollar),
        Err(SqlError::InvalidIndex { offset: 7 })
    );
    assert_eq!(
        convert("SELECT ?, 'abc", ParamStyle::QMark),
        Err(SqlError::Unterminated {
            offset: 10,
            kind: TokenKind::String(StringKind::Standard)
        })
    );
}

#[test]
fn a_placeholder_next_to_a_word_is_kept_apart_by_a_space() {
    assert_eq!(
        sql_of("SELECT ?1, x?", ParamStyle::QMark),
        "SELECT $1 1, x $2"
    );
    assert_eq!(sql_of("SELECT $?", ParamStyle::QMark), "SELECT $ $1");
    assert_eq!(sql_of("SELECT :a.b", ParamStyle::Named), "SELECT $1.b");
}

#[test]
fn detect_picks_the_style_in_use() {
    assert_eq!(detect("SELECT $1 WHERE d ? 'k'"), Some(ParamStyle::Dollar));
    assert_eq!(detect("SELECT ? WHERE x::int = ?"), Some(ParamStyle::QMark));
    assert_eq!(detect("SELECT :a::int"), Some(ParamStyle::Named));
    assert_eq!(detect("SELECT %(a)s"), Some(ParamStyle::PyFormat));
    assert_eq!(detect("SELECT %s"), Some(ParamStyle::Format));
    assert_eq!(detect("SELECT 1::int"), None);
}

// ---- binding ----

#[test]
fn named_values_are_put_in_placeholder_order() {
    let c = convert("SELECT :b, :a, :b", ParamStyle::Named).unwrap();
    let map: HashMap<&str, i32> = [("a", 1), ("b", 2)].into();
    assert_eq!(c.order_named(&map).unwrap(), [&2, &1]);
    assert_eq!(c.order_named([("a", 1), ("b", 2)]).unwrap(), [2, 1]);
}

#[test]
fn a_missing_extra_or_repeated_name_is_an_error() {
    let c = convert("SELECT :b, :a", ParamStyle::Named).unwrap();
    assert_eq!(
        c.order_named([("b", 1)]),
        Err(SqlError::MissingParameter { name: "a".into() })
    );
    assert_eq!(
        c.order_named([("b", 1), ("a", 2), ("c", 3)]),
        Err(SqlError::ExtraParameter { name: "c".into() })
    );
    assert_eq!(
        c.order_named([("b", 1), ("b", 2)]),
        Err(SqlError::DuplicateParameter { name: "b".into() })
    );
}

#[test]
fn positional_count_is_checked() {
    let c = convert("SELECT ?, ?", ParamStyle::QMark).unwrap();
    assert_eq!(c.check_count(2), Ok(()));
    assert_eq!(
        c.check_count(1),
        Err(SqlError::ParameterCount {
            expected: 2,
            supplied: 1
        })
    );
}

// ---- splitting ----

#[test]
fn split_at_top_level_semicolons_dropping_empty_statements() {
    assert_eq!(
        split_statements("SELECT 1; ;\n -- only a comment\n; SELECT ';' ;SELECT \"a;\"  "),
        ["SELECT 1", "SELECT ';'", "SELECT \"a;\""]
    );
    assert!(split_statements(" ; /* x */ ;\n").is_empty());
}

#[test]
fn split_keeps_a_leading_comment_with_its_statement() {
    assert_eq!(
        split_statements("/*+ SeqScan(t) */ SELECT * FROM t; SELECT 2"),
        ["/*+ SeqScan(t) */ SELECT * FROM t", "SELECT 2"]
    );
}

// The seed's splitter failures, as regression tests.

#[test]
fn split_keeps_a_do_block_whole() {
    let script = "DO $$\nBEGIN\n  PERFORM 1;\n  RAISE NOTICE 'a;b';\nEND\n$$;\nSELECT 2;";
    assert_eq!(
        split_statements(script),
        [
            "DO $$\nBEGIN\n  PERFORM 1;\n  RAISE NOTICE 'a;b';\nEND\n$$",
            "SELECT 2"
        ]
    );
}

#[test]
fn split_keeps_a_begin_atomic_body_whole() {
    let body = "CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  \
                INSERT INTO t VALUES (x);\n  SELECT CASE WHEN x > 0 THEN 1 ELSE 2 END;\n  \
                SELECT case x when 1 then 1 end;\nEND";
    let script = format!("{body};\nSELECT f(1); begin; begin /* c */ atomic; end;");
    assert_eq!(
        split_statements(&script),
        [body, "SELECT f(1)", "begin", "begin /* c */ atomic; end"]
    );
}

#[test]
fn split_keeps_an_escape_string_with_a_backslash_quote_whole() {
    assert_eq!(
        split_statements(r"SELECT E'\'; x'; SELECT 'a\'; SELECT 2"),
        [r"SELECT E'\'; x'", r"SELECT 'a\'", "SELECT 2"]
    );
}

#[test]
fn split_keeps_a_tagged_do_block_holding_another_dollar_quote_whole() {
    let block = "DO $body$ BEGIN EXECUTE $$SELECT 1; SELECT 2$$; END $body$";
    assert_eq!(
        split_statements(&format!("{block}; SELECT E'\\\\'; SELECT 3")),
        [block, "SELECT E'\\\\'", "SELECT 3"]
    );
}

#[test]
fn split_counts_nested_case_inside_begin_atomic() {
    let body = "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN \
                CASE WHEN false THEN 1 END END; INSERT INTO t VALUES (1); END";
    assert_eq!(
        split_statements(&format!("{body}; END; SELECT 1")),
        [body, "END", "SELECT 1"]
    );
}

#[test]
fn split_does_not_split_inside_parentheses() {
    let rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); \
                INSERT INTO b VALUES (2))";
    assert_eq!(
        split_statements(&format!("{rule}; SELECT 1")),
        [rule, "SELECT 1"]
    );
}

#[test]
fn split_keeps_an_unterminated_tail_in_the_last_statement() {
    assert_eq!(
        split_statements("SELECT 1; SELECT 'a;b"),
        ["SELECT 1", "SELECT 'a;b"]
    );
}

#[test]
fn the_conversion_fast_path_agrees_on_numbers_and_prefixes_before_quotes_and_dollars() {
    // Each is a case where the identifier characters before a `$` or a quote continue a
    // number that started earlier, or a prefix letter may or may not open a string.
    for sql in [
        ".0xafx'a'",
        "..0xaf'x'",
        "1.e5$1",
        "1.e$1",
        "1e-5e5$1",
        "1e-5e'x'",
        "1.5e'x'",
        "0x'ff'",
        "1e'x' $2",
        "a$1 $1",
        "xU&'x' U&'y' u&\"z\"",
        "b'01' e'\\'' n'x'",
        "$1e'x'",
        "$$a$$e'x'",
    ] {
        crate::fuzzing::sql_lexer(sql.as_bytes());
    }
    assert_eq!(
        convert("SELECT 1e-5e5$1", ParamStyle::Dollar)
            .unwrap()
            .count,
        0
    );
    assert_eq!(
        convert("SELECT 1.e5$1", ParamStyle::Dollar).unwrap().count,
        1
    );
}

#[test]
fn placeholders_of_one_two_and_three_digits_are_written_in_full() {
    let sql = vec!["?"; 120].join(",");
    let c = convert(&sql, ParamStyle::QMark).unwrap();
    let want: Vec<String> = (1..=120).map(|n| format!("${n}")).collect();
    assert_eq!(c.sql, want.join(","));
}

// ---- properties ----

/// Characters that reach every branch of the lexer.
fn sqlish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("'"),
        Just("\""),
        Just("$"),
        Just("$$"),
        Just("$a$"),
        Just("$1"),
        Just("E'"),
        Just("U&'"),
        Just("\\"),
        Just("-"),
        Just("--"),
        Just("/*"),
        Just("*/"),
        Just("/"),
        Just("*"),
        Just("?"),
        Just("??"),
        Just(":"),
        Just("::"),
        Just(":a"),
        Just(":1"),
        Just("%"),
        Just("%s"),
        Just("%(a)s"),
        Just("@"),
        Just("@a"),
        Just(";"),
        Just("("),
        Just(")"),
        Just("\n"),
        Just(" "),
        Just("a"),
        Just("1"),
        Just("."),
        Just("e"),
        Just("é"),
        Just("BEGIN"),
        Just("ATOMIC"),
        Just("CASE"),
        Just("END"),
        Just("0x"),
        Just("_"),
        // Numbers and prefixes the fast path must skip as the token stream does.
        Just("1e5"),
        Just("0xaf"),
        Just(".5"),
        Just("1_0"),
        Just("B'"),
        Just("x'"),
        Just("U&\""),
        Just("e&"),
        Just("%("),
        Just(")s"),
        Just("?|"),
        Just("=-"),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn any_sql() -> impl Strategy<Value = String> {
    prop_oneof![sqlish(), ".*"]
}

fn check_lexer_covers(sql: &str, style: ParamStyle) {
    let mut at = 0;
    let tokens: Vec<Token> = Lexer::with_style(sql, style).collect();
    for (i, t) in tokens.iter().enumerate() {
        assert_eq!(t.start, at);
        assert!(t.end > t.start);
        assert!(sql.is_char_boundary(t.end));
        assert!(t.terminated || i + 1 == tokens.len());
        at = t.end;
    }
    assert_eq!(at, sql.len());
}

/// One fragment of generated SQL and the placeholder it adds, if any.
#[derive(Clone, Debug)]
enum Fragment {
    Text(&'static str),
    Placeholder(usize),
}

fn fragments() -> impl Strategy<Value = Vec<Fragment>> {
    let text = prop_oneof![
        Just("SELECT"),
        Just("'it''s ? :a %s'"),
        Just(r"E'\' ? :b'"),
        Just("-- ? :c %s\n"),
        Just("/* $1 /* ? */ :d */"),
        Just("$$ ? :e $$"),
        Just("$q$ %(f)s @g $q$"),
        Just("\"col ?\""),
        Just("x::int"),
        Just("a ?| b"),
        Just("c ?& d"),
        Just("??"),
        Just("%%"),
        Just("::"),
        Just("="),
        Just("("),
        Just(")"),
        Just(","),
        Just("42"),
    ];
    prop::collection::vec(
        prop_oneof![
            3 => text.prop_map(Fragment::Text),
            1 => (1usize..6).prop_map(Fragment::Placeholder),
        ],
        0..30,
    )
}

/// Writes the fragments in `style`, returning the SQL and the parameter count it must have.
fn render(fragments: &[Fragment], style: ParamStyle) -> (String, usize) {
    let mut sql = String::new();
    let mut positional = 0;
    let mut distinct = std::collections::BTreeSet::new();
    for fragment in fragments {
        let piece = match *fragment {
            // `??` and `%%` are escapes only in their own styles; elsewhere they are operators.
            Fragment::Text(text) => text.to_owned(),
            Fragment::Placeholder(n) => {
                positional += 1;
                distinct.insert(n);
                match style {
                    ParamStyle::Dollar => format!("${n}"),
                    ParamStyle::QMark => "?".into(),
                    ParamStyle::Named => format!(":p{n}"),
                    ParamStyle::Numeric => format!(":{n}"),
                    ParamStyle::Format => "%s".into(),
                    ParamStyle::PyFormat => format!("%(p{n})s"),
                    ParamStyle::DollarName => format!("$p{n}"),
                    ParamStyle::AtName => format!("@p{n}"),
                }
            }
        };
        sql.push_str(&piece);
        sql.push(' ');
    }
    let count = match style {
        ParamStyle::QMark | ParamStyle::Format => positional,
        ParamStyle::Dollar | ParamStyle::Numeric => distinct.last().copied().unwrap_or(0),
        _ => distinct.len(),
    };
    (sql, count)
}

fn style() -> impl Strategy<Value = ParamStyle> {
    prop::sample::select(ParamStyle::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn nothing_panics_and_tokens_cover_the_input(sql in any_sql(), style in style()) {
        check_lexer_covers(&sql, style);
        let _ = convert(&sql, style);
        let _ = detect(&sql);
        for span in statement_spans(&sql) {
            prop_assert!(!sql[span].trim().is_empty());
        }
    }

    #[test]
    fn converting_the_output_again_changes_nothing(sql in any_sql(), style in style()) {
        if let Ok(once) = convert(&sql, style) {
            let twice = convert(&once.sql, ParamStyle::Dollar).unwrap();
            prop_assert_eq!(&twice.sql, &once.sql);
            prop_assert_eq!(twice.count, once.count);
        }
    }

    #[test]
    fn the_count_is_the_number_of_placeholders_written(
        fragments in fragments(),
        style in style(),
    ) {
        let (sql, count) = render(&fragments, style);
        let converted = convert(&sql, style).unwrap();
        prop_assert_eq!(converted.count, count, "{}", sql);
        if style.is_named() {
            prop_assert_eq!(converted.names.len(), count);
        }
        let again = convert(&converted.sql, ParamStyle::Dollar).unwrap();
        prop_assert_eq!(again.sql, converted.sql);
        prop_assert_eq!(again.count, count);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// The fuzz body holds the invariants (coverage, idempotence, the conversion's fast path
    /// against the full token stream, splitting); run it on SQL-like text here too.
    #[test]
    fn the_fuzz_invariants_hold(sql in any_sql()) {
        crate::fuzzing::sql_lexer(sql.as_bytes());
    }
}
