//! Fuzz body for the SQL lexer, the placeholder conversion and the script splitter.

use crate::sql::{Lexer, ParamStyle, TokenKind, convert, statement_spans};

/// Runs `data` (when UTF-8) through the lexer in every style, every conversion and the
/// splitter, asserting: tokens cover the input exactly, in order, on character boundaries,
/// and only the last may be unterminated; the conversion's fast path finds the same
/// placeholders as the token stream; a conversion's output converts again with
/// [`ParamStyle::Dollar`] to itself with the same count, and `Dollar` keeps its input as it
/// is; statements are in order, each starts and ends with a token, and what lies between them
/// is only whitespace, comments and `;`.
pub fn sql_lexer(data: &[u8]) {
    let Ok(sql) = std::str::from_utf8(data) else {
        return;
    };
    for style in ParamStyle::ALL {
        check_tokens(sql, style);
        let Ok(once) = convert(sql, style) else {
            continue;
        };
        if style == ParamStyle::Dollar {
            assert_eq!(once.sql, sql, "Dollar changed the text");
        }
        if style.is_named() {
            assert_eq!(
                once.names.len(),
                once.count,
                "{style:?}: names and count differ"
            );
        }
        let twice = match convert(&once.sql, ParamStyle::Dollar) {
            Ok(twice) => twice,
            Err(err) => panic!(
                "{style:?} output {:?} does not convert again: {err}",
                once.sql
            ),
        };
        assert_eq!(
            twice.sql, once.sql,
            "{style:?}: converting again changed the text"
        );
        assert_eq!(
            twice.count, once.count,
            "{style:?}: converting again changed the count"
        );
    }
    check_split(sql);
}

fn check_tokens(sql: &str, style: ParamStyle) {
    let mut at = 0;
    let mut unterminated = false;
    for token in Lexer::with_style(sql, style) {
        assert!(!unterminated, "a token after an unterminated one");
        assert_eq!(token.start, at, "gap or overlap at byte {at}");
        assert!(token.end > token.start, "empty token at byte {at}");
        assert!(
            sql.is_char_boundary(token.end),
            "token ends inside a character"
        );
        unterminated = !token.terminated;
        at = token.end;
    }
    assert_eq!(at, sql.len(), "tokens stop before the end");

    // The conversion's fast path lands on the same placeholders, escapes and unterminated
    // tokens as the full token stream.
    let full: Vec<_> = Lexer::with_style(sql, style)
        .filter(|t| matches!(t.kind, TokenKind::Param(_) | TokenKind::Escape) || !t.terminated)
        .collect();
    let mut lexer = Lexer::with_style(sql, style);
    let fast: Vec<_> = std::iter::from_fn(|| lexer.next_significant()).collect();
    assert_eq!(
        fast, full,
        "{style:?}: the fast path differs from the token stream"
    );
}

fn check_split(sql: &str) {
    let mut gap_start = 0;
    for span in statement_spans(sql) {
        assert!(span.start >= gap_start && span.end > span.start && span.end <= sql.len());
        assert_separators_only(&sql[gap_start..span.start]);
        let statement = &sql[span.clone()];
        let tokens: Vec<_> = Lexer::new(statement).collect();
        let edges = [tokens.first(), tokens.last()];
        assert!(
            edges
                .iter()
                .all(|t| t.is_some_and(|t| t.kind != TokenKind::Whitespace)),
            "statement {statement:?} starts or ends with whitespace"
        );
        assert!(
            tokens.iter().any(|t| !t.is_trivia()),
            "statement {statement:?} holds only comments"
        );
        gap_start = span.end;
    }
    assert_separators_only(&sql[gap_start..]);
}

fn assert_separators_only(gap: &str) {
    for token in Lexer::new(gap) {
        let text = token.text(gap);
        assert!(
            token.is_trivia() || (token.kind == TokenKind::Punct && text == ";"),
            "{text:?} dropped between statements"
        );
    }
}
