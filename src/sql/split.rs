//! Splitting a script into statements at its top-level semicolons.

use std::ops::Range;

use super::lexer::{Lexer, TokenKind};

/// The statements of `script`, in order, without their `;` and the whitespace around them.
/// See [`statement_spans`] for the rules.
pub fn split_statements(script: &str) -> Vec<&str> {
    statement_spans(script)
        .into_iter()
        .map(|span| &script[span])
        .collect()
}

/// Byte ranges of the statements of `script`. A `;` ends a statement unless it is inside a
/// string, comment, dollar quote or quoted identifier, inside parentheses (a `CREATE RULE`
/// with several actions), or inside a SQL-standard function body `BEGIN ATOMIC ... END`
/// (whose `CASE ... END` are counted so the right `END` closes it).
///
/// A statement runs from its first token that is not whitespace (a leading comment, such as a
/// planner hint, stays with it) to its last; one holding only whitespace and comments is
/// dropped. Text the script ends inside (an unterminated string) belongs to the last statement.
pub fn statement_spans(script: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut first: Option<usize> = None;
    let mut last_end = 0;
    let mut has_code = false;
    let mut parens = 0usize;
    // Open `BEGIN ATOMIC` blocks plus the `CASE`s open inside them: each `END` closes one.
    let mut blocks = 0usize;
    let mut after_begin = false;
    for token in Lexer::new(script) {
        match token.kind {
            TokenKind::Whitespace => continue,
            TokenKind::LineComment | TokenKind::BlockComment => {
                first.get_or_insert(token.start);
                last_end = token.end;
                continue;
            }
            _ => {}
        }
        let text = token.text(script);
        if token.kind == TokenKind::Punct && text == ";" && parens == 0 && blocks == 0 {
            if let (true, Some(start)) = (has_code, first) {
                spans.push(start..last_end);
            }
            first = None;
            has_code = false;
            after_begin = false;
            continue;
        }
        first.get_or_insert(token.start);
        last_end = token.end;
        has_code = true;
        let mut begin = false;
        match token.kind {
            TokenKind::Punct if text == "(" => parens += 1,
            TokenKind::Punct if text == ")" => parens = parens.saturating_sub(1),
            TokenKind::Ident => {
                let opens = (after_begin && text.eq_ignore_ascii_case("atomic"))
                    || (blocks > 0 && text.eq_ignore_ascii_case("case"));
                if opens {
                    blocks += 1;
                } else if blocks > 0 && text.eq_ignore_ascii_case("end") {
                    blocks -= 1;
                }
                begin = text.eq_ignore_ascii_case("begin");
            }
            _ => {}
        }
        after_begin = begin;
    }
    if let (true, Some(start)) = (has_code, first) {
        spans.push(start..last_end);
    }
    spans
}
