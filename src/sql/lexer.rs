//! A span lexer for PostgreSQL's lexical rules
//! (<https://www.postgresql.org/docs/current/sql-syntax-lexical.html>), extended with the
//! placeholder syntax of one [`ParamStyle`].
//!
//! The lexer works on bytes but every token boundary falls on an ASCII byte or the end of the
//! input: bytes of 0x80 and above are identifier characters (as in PostgreSQL's scanner), so a
//! multi-byte character always lies inside one identifier, string, comment or quoted token.
//! Slicing the input at token boundaries therefore never splits a UTF-8 character.
//!
//! `standard_conforming_strings` is assumed on (PostgreSQL's default since 9.1): a backslash is
//! ordinary inside `'...'` and only escapes inside `E'...'`.

use super::ParamStyle;

/// The kind of string constant a [`TokenKind::String`] is, from its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StringKind {
    /// `'...'`, a quote doubled as `''`.
    Standard,
    /// `E'...'` or `e'...'`: backslash escapes, so `E'\''` is one string.
    Escape,
    /// `U&'...'`: Unicode escapes; quotes doubled as in a standard string.
    Unicode,
    /// `B'...'`: a bit string.
    Bit,
    /// `X'...'`: a bit string in hexadecimal.
    Hex,
    /// `N'...'`: a national character string.
    National,
}

/// What a token is. Placeholders are recognised in the syntax of the lexer's [`ParamStyle`]
/// (and `$n`, which PostgreSQL itself knows, always).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Spaces, tabs, newlines, carriage returns, form and vertical feeds.
    Whitespace,
    /// `--` up to (not including) the end of the line.
    LineComment,
    /// `/* ... */`, nested comments counted.
    BlockComment,
    /// A quoted string constant.
    String(StringKind),
    /// `$$...$$` or `$tag$...$tag$`.
    DollarQuoted,
    /// `"..."` (a quote doubled as `""`) or `U&"..."`.
    QuotedIdent,
    /// An unquoted identifier or keyword (letters, digits, `_`, `$`, any non-ASCII character).
    Ident,
    /// A numeric constant: decimal, hexadecimal (`0x`), octal (`0o`), binary (`0b`), with a
    /// fraction and exponent where decimal.
    Number,
    /// A parameter placeholder; the style is the syntax it is written in, which may differ from
    /// the lexer's style (`$1` in a `?` statement is [`ParamStyle::Dollar`]).
    Param(ParamStyle),
    /// The escape for a literal character in a placeholder style: `??` (a `?`) or `%%` (a `%`).
    Escape,
    /// `::`, a type cast.
    Cast,
    /// An operator: a run of `+ - * / < > = ~ ! @ # % ^ & | ` ?`, or `:=`.
    Operator,
    /// One of `( ) [ ] , ; : .` or `..`.
    Punct,
    /// A character no token starts with (a lone `$`, a backslash, `{`...).
    Other,
}

/// One token: its kind and where it lies in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset just past its last byte.
    pub end: usize,
    /// False for a string, quoted identifier, dollar quote or block comment that the input ends
    /// inside; such a token runs to the end of the input.
    pub terminated: bool,
}

impl Token {
    /// The token's text in the input it was lexed from.
    pub fn text<'a>(&self, sql: &'a str) -> &'a str {
        &sql[self.start..self.end]
    }

    /// Whitespace or a comment: nothing the server executes.
    pub fn is_trivia(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Whitespace | TokenKind::LineComment | TokenKind::BlockComment
        )
    }
}

/// An iterator over the tokens of a SQL text. Tokens cover the input exactly, in order, each
/// at least one byte long; no input makes it panic.
#[derive(Clone, Debug)]
pub struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
    style: ParamStyle,
}

impl<'a> Lexer<'a> {
    /// Lexes PostgreSQL's own syntax, where `$1` is the only placeholder.
    pub fn new(sql: &'a str) -> Lexer<'a> {
        Lexer::with_style(sql, ParamStyle::Dollar)
    }

    /// Lexes with the placeholders (and escapes) of `style` recognised.
    pub fn with_style(sql: &'a str, style: ParamStyle) -> Lexer<'a> {
        Lexer {
            bytes: sql.as_bytes(),
            pos: 0,
            style,
        }
    }

    fn at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn lex(&self, start: usize) -> (TokenKind, usize, bool) {
        use TokenKind::*;
        let b = self.bytes[start];
        let next = self.at(start + 1);
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                (Whitespace, self.run(start + 1, WHITESPACE), true)
            }
            b'-' if next == b'-' => {
                let end = memchr::memchr2(b'\n', b'\r', &self.bytes[start..])
                    .map_or(self.bytes.len(), |i| start + i);
                (LineComment, end, true)
            }
            b'/' if next == b'*' => {
                let (end, terminated) = self.block_comment(start);
                (BlockComment, end, terminated)
            }
            b'\'' => self.quoted(start + 1, b'\'', String(StringKind::Standard)),
            b'"' => self.quoted(start + 1, b'"', QuotedIdent),
            b'e' | b'E' if next == b'\'' => {
                let (end, terminated) = self.escape_string(start + 2);
                (String(StringKind::Escape), end, terminated)
            }
            b'b' | b'B' if next == b'\'' => self.quoted(start + 2, b'\'', String(StringKind::Bit)),
            b'x' | b'X' if next == b'\'' => self.quoted(start + 2, b'\'', String(StringKind::Hex)),
            b'n' | b'N' if next == b'\'' => {
                self.quoted(start + 2, b'\'', String(StringKind::National))
            }
            b'u' | b'U' if next == b'&' && self.at(start + 2) == b'\'' => {
                self.quoted(start + 3, b'\'', String(StringKind::Unicode))
            }
            b'u' | b'U' if next == b'&' && self.at(start + 2) == b'"' => {
                self.quoted(start + 3, b'"', QuotedIdent)
            }
            b'$' => self.dollar(start),
            b':' => self.colon(start),
            b'?' if self.style == ParamStyle::QMark => match next {
                b'?' => (Escape, start + 2, true),
                b'|' | b'&' => (Operator, self.operator(start), true),
                _ => (Param(ParamStyle::QMark), start + 1, true),
            },
            b'%' if matches!(self.style, ParamStyle::Format | ParamStyle::PyFormat) => match next {
                b'%' => (Escape, start + 2, true),
                b's' => (Param(ParamStyle::Format), start + 2, true),
                b'(' => match self.pyformat_end(start + 2) {
                    Some(end) => (Param(ParamStyle::PyFormat), end, true),
                    None => (Operator, self.operator(start), true),
                },
                _ => (Operator, self.operator(start), true),
            },
            b'@' if self.style == ParamStyle::AtName && is_ident_start(next) => (
                Param(ParamStyle::AtName),
                self.run(start + 1, NAME_CHAR),
                true,
            ),
            b'0'..=b'9' => (Number, self.number(start), true),
            b'.' if next.is_ascii_digit() => (Number, self.number(start), true),
            b'.' if next == b'.' => (Punct, start + 2, true),
            b'(' | b')' | b'[' | b']' | b',' | b';' | b'.' => (Punct, start + 1, true),
            _ if is_ident_start(b) => (Ident, self.run(start + 1, IDENT_CHAR), true),
            _ if is_operator_char(b) => (Operator, self.operator(start), true),
            _ => (Other, start + 1, true),
        }
    }

    /// The first index at or after `from` whose byte is in none of `classes`.
    fn run(&self, from: usize, classes: u8) -> usize {
        let mut i = from;
        while i < self.bytes.len() && is(self.bytes[i], classes) {
            i += 1;
        }
        i
    }

    /// A quoted token whose body starts at `from`; `close` doubled stands for itself.
    fn quoted(&self, from: usize, close: u8, kind: TokenKind) -> (TokenKind, usize, bool) {
        let mut i = from;
        while let Some(off) = memchr::memchr(close, &self.bytes[i.min(self.bytes.len())..]) {
            let at = i + off;
            if self.at(at + 1) == close {
                i = at + 2;
            } else {
                return (kind, at + 1, true);
            }
        }
        (kind, self.bytes.len(), false)
    }

    /// The body of an `E'...'` string: a backslash escapes the next byte, `''` is a quote.
    fn escape_string(&self, from: usize) -> (usize, bool) {
        let mut i = from;
        while let Some(off) = memchr::memchr2(b'\'', b'\\', &self.bytes[i.min(self.bytes.len())..])
        {
            let at = i + off;
            if self.bytes[at] == b'\\' {
                // The escaped byte may start a multi-byte character; its continuation bytes
                // are never a quote or a backslash, so skipping only one byte is safe.
                i = at + 2;
            } else if self.at(at + 1) == b'\'' {
                i = at + 2;
            } else {
                return (at + 1, true);
            }
        }
        (self.bytes.len(), false)
    }

    fn block_comment(&self, start: usize) -> (usize, bool) {
        let mut depth = 1usize;
        let mut i = start + 2;
        while i < self.bytes.len() {
            match (self.bytes[i], self.at(i + 1)) {
                (b'/', b'*') => {
                    depth += 1;
                    i += 2;
                }
                (b'*', b'/') => {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        return (i, true);
                    }
                }
                _ => i += 1,
            }
        }
        (self.bytes.len(), false)
    }

    /// `$1`, a dollar quote `$tag$...$tag$`, `$name` in [`ParamStyle::DollarName`], or a lone `$`.
    fn dollar(&self, start: usize) -> (TokenKind, usize, bool) {
        let next = self.at(start + 1);
        if next.is_ascii_digit() {
            let end = self.run(start + 1, DIGIT);
            return (TokenKind::Param(ParamStyle::Dollar), end, true);
        }
        let tag_end = if is_ident_start(next) {
            self.run(start + 1, NAME_CHAR)
        } else {
            start + 1
        };
        if self.at(tag_end) == b'$' {
            let delimiter = &self.bytes[start..=tag_end];
            let body = tag_end + 1;
            return match memchr::memmem::find(&self.bytes[body..], delimiter) {
                Some(off) => (TokenKind::DollarQuoted, body + off + delimiter.len(), true),
                None => (TokenKind::DollarQuoted, self.bytes.len(), false),
            };
        }
        if self.style == ParamStyle::DollarName && is_ident_start(next) {
            return (
                TokenKind::Param(ParamStyle::DollarName),
                self.run(start + 1, NAME_CHAR),
                true,
            );
        }
        (TokenKind::Other, start + 1, true)
    }

    /// `::`, `:=`, `:name` / `:1` in the colon styles, or a lone `:`.
    fn colon(&self, start: usize) -> (TokenKind, usize, bool) {
        let next = self.at(start + 1);
        match next {
            b':' => (TokenKind::Cast, start + 2, true),
            b'=' => (TokenKind::Operator, start + 2, true),
            _ if matches!(self.style, ParamStyle::Named | ParamStyle::Numeric) => {
                if is_ident_start(next) {
                    let end = self.run(start + 1, NAME_CHAR);
                    (TokenKind::Param(ParamStyle::Named), end, true)
                } else if next.is_ascii_digit() {
                    let end = self.run(start + 1, DIGIT);
                    (TokenKind::Param(ParamStyle::Numeric), end, true)
                } else {
                    (TokenKind::Punct, start + 1, true)
                }
            }
            _ => (TokenKind::Punct, start + 1, true),
        }
    }

    /// The end of `%(name)s` whose name starts at `from`, if it is one. The name is bounded so
    /// that a run of `%(` cannot make lexing quadratic.
    fn pyformat_end(&self, from: usize) -> Option<usize> {
        const MAX_NAME: usize = 256;
        let window = &self.bytes[from.min(self.bytes.len())..];
        let window = &window[..window.len().min(MAX_NAME + 1)];
        let close = memchr::memchr(b')', window)?;
        let name = &window[..close];
        let well_formed = close > 0 && !name.iter().any(|&b| matches!(b, b'(' | b'\n' | b'\r'));
        (well_formed && self.at(from + close + 1) == b's').then_some(from + close + 2)
    }

    /// An operator starting at `start`, following PostgreSQL: it stops before `--` or `/*`,
    /// and a multi-character operator loses trailing `+`/`-` unless it holds one of
    /// `~ ! @ # % ^ & | ` ?`. It also stops before a placeholder of the lexer's style, so
    /// `=?` or `=@id` split into an operator and a placeholder.
    fn operator(&self, start: usize) -> usize {
        let mut end = start + 1;
        while end < self.bytes.len() {
            let b = self.bytes[end];
            let next = self.at(end + 1);
            let comment = (b == b'-' && next == b'-') || (b == b'/' && next == b'*');
            let placeholder = match self.style {
                ParamStyle::QMark => b == b'?',
                ParamStyle::Format | ParamStyle::PyFormat => b == b'%',
                ParamStyle::AtName => b == b'@' && is_ident_start(next),
                _ => false,
            };
            if !is_operator_char(b) || comment || placeholder {
                break;
            }
            end += 1;
        }
        let op = &self.bytes[start..end];
        if op.len() > 1
            && matches!(op[op.len() - 1], b'+' | b'-')
            && !op.iter().any(|&b| is(b, OPERATOR_SPECIAL))
        {
            while end - start > 1 && matches!(self.bytes[end - 1], b'+' | b'-') {
                end -= 1;
            }
        }
        end
    }

    fn number(&self, start: usize) -> usize {
        let digits = |from: usize, ok: fn(u8) -> bool| {
            // An underscore separates digits (PostgreSQL 16); it must sit between two.
            let mut i = from;
            while i < self.bytes.len() {
                let b = self.bytes[i];
                if ok(b) || (b == b'_' && i > from && ok(self.at(i + 1))) {
                    i += 1;
                } else {
                    break;
                }
            }
            i
        };
        if self.bytes[start] == b'0' {
            let radix: Option<fn(u8) -> bool> = match self.at(start + 1) {
                b'x' | b'X' => Some(|b: u8| b.is_ascii_hexdigit()),
                b'o' | b'O' => Some(|b: u8| (b'0'..=b'7').contains(&b)),
                b'b' | b'B' => Some(|b: u8| b == b'0' || b == b'1'),
                _ => None,
            };
            if let Some(ok) = radix {
                let after_prefix = start + 2;
                let first = self.at(after_prefix);
                if ok(first) || (first == b'_' && ok(self.at(after_prefix + 1))) {
                    let from = if first == b'_' {
                        after_prefix + 1
                    } else {
                        after_prefix
                    };
                    return digits(from, ok);
                }
            }
        }
        let is_digit = |b: u8| b.is_ascii_digit();
        let mut i = digits(start, is_digit);
        // `1..10` (a PL/pgSQL range) is an integer followed by `..`, not `1.` and `.10`.
        if self.at(i) == b'.' && self.at(i + 1) != b'.' {
            i = digits(i + 1, is_digit);
        }
        if matches!(self.at(i), b'e' | b'E') {
            let sign = usize::from(matches!(self.at(i + 1), b'+' | b'-'));
            if self.at(i + 1 + sign).is_ascii_digit() {
                i = digits(i + 1 + sign, is_digit);
            }
        }
        i
    }
}

impl Lexer<'_> {
    /// The next token that is a placeholder, an escape or unterminated, skipping all others
    /// without building them: the tokens [`convert`](super::convert) acts on, the same as
    /// filtering [`Iterator::next`]'s (the fuzz target and the property tests compare them).
    ///
    /// It looks only at the bytes that can start such a token (a quote, `$`, `-`, `/` and the
    /// style's placeholder character; one table look-up per byte in between). None of them is
    /// ever inside an identifier or a number except `$`, and none inside an operator (operators
    /// stop before comments and placeholders), so each is a token start, with two exceptions
    /// settled by lexing the identifier characters just before it: a `$` that continues an
    /// identifier (`a$1`), and a quote opened by a prefix (`E'`, `U&"`).
    pub(crate) fn next_significant(&mut self) -> Option<Token> {
        let candidates = &CANDIDATES[style_index(self.style)];
        let bytes = self.bytes;
        // `base` is a token boundary of the full token stream; between it and `i` lie only
        // bytes that start nothing of interest and lone `-` and `/`.
        let mut base = self.pos;
        let mut i = base;
        loop {
            let Some(skip) = bytes.get(i..).and_then(|rest| find(rest, candidates)) else {
                self.pos = bytes.len();
                return None;
            };
            let j = i + skip;
            let next = self.at(j + 1);
            let (start, (kind, end, terminated)) = match bytes[j] {
                b'-' if next != b'-' => {
                    i = j + 1;
                    continue;
                }
                b'/' if next != b'*' => {
                    i = j + 1;
                    continue;
                }
                b'$' => {
                    if self.last_word(base, j).is_some_and(|(_, ident)| ident) {
                        // `a$1` is one identifier; it goes on past the `$`.
                        i = self.run(j + 1, IDENT_CHAR);
                        base = i;
                        continue;
                    }
                    (j, self.dollar(j))
                }
                b'\'' | b'"' => match self.quote_start(base, j) {
                    start if start == j && bytes[j] == b'\'' => (
                        j,
                        self.quoted(j + 1, b'\'', TokenKind::String(StringKind::Standard)),
                    ),
                    start => (start, self.lex(start)),
                },
                b':' => (j, self.colon(j)),
                b'-' => {
                    let end =
                        memchr::memchr2(b'\n', b'\r', &bytes[j..]).map_or(bytes.len(), |k| j + k);
                    (j, (TokenKind::LineComment, end, true))
                }
                b'/' => {
                    let (end, terminated) = self.block_comment(j);
                    (j, (TokenKind::BlockComment, end, terminated))
                }
                _ => (j, self.lex(j)),
            };
            if matches!(kind, TokenKind::Param(_) | TokenKind::Escape) || !terminated {
                self.pos = end;
                return Some(Token {
                    kind,
                    start,
                    end,
                    terminated,
                });
            }
            i = end;
            base = end;
        }
    }

    /// The last token of the identifier characters just before `to` (not before `from`, a
    /// token boundary): its start, and whether it is an identifier (else a number); `None`
    /// when there are none.
    fn last_word(&self, from: usize, to: usize) -> Option<(usize, bool)> {
        let run = self.bytes[from..to]
            .iter()
            .rev()
            .position(|&b| !is(b, IDENT_CHAR))
            .unwrap_or(to - from);
        let mut k = to - run;
        if k < to && k > from && matches!(self.bytes[k - 1], b'.' | b'+' | b'-') {
            // The run may continue a number (`1.5`, `1e-5`, `1.e5`) whose start lies before
            // it: lex exactly from the boundary. Rare, and `from` then moves past `to`.
            let exact = Lexer {
                bytes: &self.bytes[..to],
                pos: from,
                style: ParamStyle::Dollar,
            };
            return exact
                .last()
                .filter(|t| t.end == to && matches!(t.kind, TokenKind::Ident | TokenKind::Number))
                .map(|t| (t.start, t.kind == TokenKind::Ident));
        }
        let mut last = None;
        while k < to {
            let ident = !self.bytes[k].is_ascii_digit();
            last = Some((k, ident));
            // An identifier runs to `to`; a number may end inside the run.
            k = if ident { to } else { self.number(k).min(to) };
        }
        last
    }

    /// Where the quoted token whose quote is at `j` starts: at a prefix letter (`E'`, `B'`,
    /// `X'`, `N'`) or `U&` standing as a token of its own just before it, else at `j`.
    fn quote_start(&self, from: usize, j: usize) -> usize {
        let fresh = |at: usize| {
            at >= from
                && is(self.bytes[at], STRING_PREFIX)
                && self.last_word(from, at + 1) == Some((at, true))
        };
        // The cheap test first: most quotes follow a space, a comma or `(`.
        if j >= 1
            && self.bytes[j] == b'\''
            && matches!(
                self.bytes[j - 1].to_ascii_lowercase(),
                b'e' | b'b' | b'x' | b'n'
            )
            && fresh(j - 1)
        {
            return j - 1;
        }
        if j >= 2
            && self.bytes[j - 1] == b'&'
            && matches!(self.bytes[j - 2], b'u' | b'U')
            && fresh(j - 2)
        {
            return j - 2;
        }
        j
    }
}

/// The offset of the first byte of `bytes` in `table`. Eight bytes are tested at a time
/// without a branch per byte: most of a statement is identifiers and spaces.
fn find(bytes: &[u8], table: &[bool; 256]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let hits = chunk.iter().enumerate().fold(0u32, |hits, (k, &b)| {
            hits | (u32::from(table[b as usize]) << k)
        });
        if hits != 0 {
            return Some(at + hits.trailing_zeros() as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| table[b as usize])
        .map(|k| at + k)
}

/// The bytes `next_significant` stops at, per style (numbered by [`style_index`]).
static CANDIDATES: [[bool; 256]; 8] = [
    candidates(0),
    candidates(1),
    candidates(2),
    candidates(3),
    candidates(4),
    candidates(5),
    candidates(6),
    candidates(7),
];

fn style_index(style: ParamStyle) -> usize {
    match style {
        ParamStyle::Dollar => 0,
        ParamStyle::QMark => 1,
        ParamStyle::Named => 2,
        ParamStyle::Numeric => 3,
        ParamStyle::Format => 4,
        ParamStyle::PyFormat => 5,
        ParamStyle::DollarName => 6,
        ParamStyle::AtName => 7,
    }
}

const fn candidates(style: usize) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0usize;
    while b < 256 {
        table[b] = match b as u8 {
            b'\'' | b'"' | b'$' | b'-' | b'/' => true,
            b'?' => style == 1,
            b':' => style == 2 || style == 3,
            b'%' => style == 4 || style == 5,
            b'@' => style == 7,
            _ => false,
        };
        b += 1;
    }
    table
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        let &b = self.bytes.get(start)?;
        let class = CLASSES[b as usize];
        // Whitespace and identifiers are most tokens; they skip the full dispatch. A letter
        // that may prefix a string (`E'`, `U&'`) takes it.
        let (kind, end, terminated) = if class & WHITESPACE != 0 {
            (TokenKind::Whitespace, self.run(start + 1, WHITESPACE), true)
        } else if class & IDENT_START != 0
            && (class & STRING_PREFIX == 0 || !matches!(self.at(start + 1), b'\'' | b'&'))
        {
            (TokenKind::Ident, self.run(start + 1, IDENT_CHAR), true)
        } else if class & SINGLE_PUNCT != 0 {
            (TokenKind::Punct, start + 1, true)
        } else {
            self.lex(start)
        };
        debug_assert!(end > start && end <= self.bytes.len());
        self.pos = end;
        Some(Token {
            kind,
            start,
            end,
            terminated,
        })
    }
}

// Byte classes, looked up in one table: the lexer tests a class per byte of every token.
const WHITESPACE: u8 = 1;
const IDENT_START: u8 = 2;
const DIGIT: u8 = 4;
const DOLLAR: u8 = 8;
const OPERATOR: u8 = 16;
/// An operator character that lets a multi-character operator end in `+` or `-`.
const OPERATOR_SPECIAL: u8 = 32;
/// A letter that may start a prefixed string or identifier (`E'`, `B'`, `X'`, `N'`, `U&`).
const STRING_PREFIX: u8 = 64;
/// Punctuation that is always a token of its own: `( ) [ ] , ;`.
const SINGLE_PUNCT: u8 = 128;

static CLASSES: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        let mut class = 0;
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            class |= WHITESPACE;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            class |= IDENT_START;
        }
        if matches!(c.to_ascii_lowercase(), b'e' | b'b' | b'x' | b'n' | b'u') {
            class |= STRING_PREFIX;
        }
        if matches!(c, b'(' | b')' | b'[' | b']' | b',' | b';') {
            class |= SINGLE_PUNCT;
        }
        if c.is_ascii_digit() {
            class |= DIGIT;
        }
        if c == b'$' {
            class |= DOLLAR;
        }
        if matches!(
            c,
            b'+' | b'-'
                | b'*'
                | b'/'
                | b'<'
                | b'>'
                | b'='
                | b'~'
                | b'!'
                | b'@'
                | b'#'
                | b'%'
                | b'^'
                | b'&'
                | b'|'
                | b'`'
                | b'?'
        ) {
            class |= OPERATOR;
        }
        if matches!(
            c,
            b'~' | b'!' | b'@' | b'#' | b'%' | b'^' | b'&' | b'|' | b'`' | b'?'
        ) {
            class |= OPERATOR_SPECIAL;
        }
        table[b] = class;
        b += 1;
    }
    table
}

fn is(b: u8, classes: u8) -> bool {
    CLASSES[b as usize] & classes != 0
}

/// PostgreSQL's `ident_start`: a letter, `_`, or any byte of a non-ASCII character.
pub(crate) fn is_ident_start(b: u8) -> bool {
    is(b, IDENT_START)
}

/// PostgreSQL's `ident_cont`: `ident_start`, a digit or `$`.
pub(crate) fn is_ident_char(b: u8) -> bool {
    is(b, IDENT_CHAR)
}

const IDENT_CHAR: u8 = IDENT_START | DIGIT | DOLLAR;
/// A dollar-quote tag character, and a placeholder name's (`:name`, `$name`, `@name`): as an
/// identifier's, without `$`.
const NAME_CHAR: u8 = IDENT_START | DIGIT;

fn is_operator_char(b: u8) -> bool {
    is(b, OPERATOR)
}
