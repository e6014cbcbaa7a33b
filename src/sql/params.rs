//! Placeholder styles converted to PostgreSQL's `$n`, and named values put in `$n` order.

use super::SqlError;
use super::lexer::{Lexer, TokenKind, is_ident_char};
use super::names::ParamNames;

/// The most parameters a Bind message can carry (its count is 16 bits).
pub const MAX_PARAMETERS: usize = u16::MAX as usize;

/// How a statement writes its parameter placeholders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `$1`, `$2`: PostgreSQL's own; kept as written.
    Dollar,
    /// `?`, numbered left to right. `??` is a literal `?` (so jsonb's `?` is written `??`);
    /// `?|` and `?&` are operators. Any other operator holding `?` (`@?`, `?#`, `?-`) is
    /// written with `??`.
    QMark,
    /// `:name`; a repeated name is one parameter. `::` is a cast, `:=` an operator.
    Named,
    /// `:1`, `:2`: `:n` becomes `$n`.
    Numeric,
    /// `%s`, numbered left to right; `%%` is a literal `%`.
    Format,
    /// `%(name)s`; `%%` is a literal `%`.
    PyFormat,
    /// `$name` (a `$tag$` that opens a dollar quote stays one).
    DollarName,
    /// `@name`; an `@` operator followed by a name needs a space (`@ x`).
    AtName,
}

impl ParamStyle {
    /// Every style, in the order [`detect`] tries them.
    pub const ALL: [ParamStyle; 8] = [
        ParamStyle::Dollar,
        ParamStyle::Named,
        ParamStyle::PyFormat,
        ParamStyle::Format,
        ParamStyle::QMark,
        ParamStyle::Numeric,
        ParamStyle::DollarName,
        ParamStyle::AtName,
    ];

    /// Whether placeholders carry names ([`Converted::names`] is filled).
    pub fn is_named(self) -> bool {
        matches!(
            self,
            ParamStyle::Named | ParamStyle::PyFormat | ParamStyle::DollarName | ParamStyle::AtName
        )
    }
}

/// A statement rewritten with `$n` placeholders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted {
    /// The statement with every placeholder written `$n` and every escape (`??`, `%%`) undone.
    pub sql: String,
    /// For the named styles, the name of `$i` at index `i - 1`; empty otherwise.
    pub names: ParamNames,
    /// How many parameters the statement takes: the highest `$n` (for [`ParamStyle::Dollar`]
    /// and [`ParamStyle::Numeric`] as written, so `$2` alone counts 2).
    pub count: usize,
}

impl Converted {
    /// Puts named values into `$n` order. Every name the statement uses must be supplied once,
    /// and nothing else: otherwise [`SqlError::MissingParameter`],
    /// [`SqlError::ExtraParameter`] or [`SqlError::DuplicateParameter`].
    ///
    /// Takes any `(name, value)` pairs, for instance a `&HashMap<&str, V>`.
    pub fn order_named<N, V, I>(&self, params: I) -> Result<Vec<V>, SqlError>
    where
        N: AsRef<str>,
        I: IntoIterator<Item = (N, V)>,
    {
        let mut slots: Vec<Option<V>> = std::iter::repeat_with(|| None)
            .take(self.names.len())
            .collect();
        for (name, value) in params {
            let name = name.as_ref();
            let Some(index) = self.names.position(name) else {
                return Err(SqlError::ExtraParameter { name: name.into() });
            };
            if slots[index].replace(value).is_some() {
                return Err(SqlError::DuplicateParameter { name: name.into() });
            }
        }
        slots
            .into_iter()
            .zip(&self.names)
            .map(|(slot, name)| {
                slot.ok_or_else(|| SqlError::MissingParameter {
                    name: name.to_owned(),
                })
            })
            .collect()
    }

    /// Checks that `supplied` positional values fit the statement.
    pub fn check_count(&self, supplied: usize) -> Result<(), SqlError> {
        if supplied == self.count {
            Ok(())
        } else {
            Err(SqlError::ParameterCount {
                expected: self.count,
                supplied,
            })
        }
    }
}

/// Rewrites the placeholders of `style` in `sql` to `$n`. Nothing inside a string, comment,
/// dollar quote or quoted identifier is a placeholder. A placeholder of another style, or text
/// ending inside a quote or comment, is an error. With [`ParamStyle::Dollar`] the text is kept
/// as it is and only checked and counted.
///
/// Where a `$n` would run into a neighbouring identifier, number or `$` (`?1`, `x?`), a space
/// is put between them, so that the server reads the tokens the caller wrote.
pub fn convert(sql: &str, style: ParamStyle) -> Result<Converted, SqlError> {
    let mut out = String::new();
    let mut copied = 0;
    let mut names = Names::default();
    let mut count = 0usize;
    let mut lexer = Lexer::with_style(sql, style);
    while let Some(token) = lexer.next_significant() {
        let number = match token.kind {
            TokenKind::Param(found) if found != style => {
                return Err(SqlError::MixedStyles {
                    offset: token.start,
                    expected: style,
                    found,
                });
            }
            TokenKind::Param(_) => match style {
                ParamStyle::Dollar | ParamStyle::Numeric => {
                    let digits = &sql[token.start + 1..token.end];
                    match digits.parse::<usize>() {
                        Ok(n) if n > MAX_PARAMETERS => {
                            return Err(SqlError::TooManyParameters {
                                offset: token.start,
                            });
                        }
                        Ok(n) if n > 0 => n,
                        _ => {
                            return Err(SqlError::InvalidIndex {
                                offset: token.start,
                            });
                        }
                    }
                }
                ParamStyle::QMark | ParamStyle::Format => count + 1,
                ParamStyle::Named | ParamStyle::DollarName | ParamStyle::AtName => {
                    names.number(&sql[token.start + 1..token.end])
                }
                ParamStyle::PyFormat => names.number(&sql[token.start + 2..token.end - 2]),
            },
            TokenKind::Escape => {
                out.push_str(&sql[copied..token.start]);
                // Both escapes (`??`, `%%`) stand for their first character.
                out.push_str(&sql[token.start..token.start + 1]);
                copied = token.end;
                continue;
            }
            kind if !token.terminated => {
                return Err(SqlError::Unterminated {
                    offset: token.start,
                    kind,
                });
            }
            _ => continue,
        };
        if number > MAX_PARAMETERS {
            return Err(SqlError::TooManyParameters {
                offset: token.start,
            });
        }
        count = count.max(number);
        if style == ParamStyle::Dollar {
            continue;
        }
        if out.capacity() == 0 {
            out.reserve(sql.len() + 16);
        }
        out.push_str(&sql[copied..token.start]);
        if out.as_bytes().last().is_some_and(|&b| is_ident_char(b)) {
            out.push(' ');
        }
        push_placeholder(&mut out, number);
        if sql
            .as_bytes()
            .get(token.end)
            .is_some_and(|&b| is_ident_char(b))
        {
            out.push(' ');
        }
        copied = token.end;
    }
    out.push_str(&sql[copied..]);
    Ok(Converted {
        sql: out,
        names: ParamNames::from_strs(names.names.iter().copied()),
        count,
    })
}

/// Appends `$number` (at most 65535, so five digits).
fn push_placeholder(out: &mut String, number: usize) {
    out.push('$');
    // Most statements have fewer than 100 parameters.
    if number < 10 {
        out.push(char::from(b'0' + number as u8));
        return;
    }
    if number < 100 {
        out.push(char::from(b'0' + (number / 10) as u8));
        out.push(char::from(b'0' + (number % 10) as u8));
        return;
    }
    let mut digits = [0u8; 5];
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    for &digit in &digits[at..] {
        out.push(char::from(digit));
    }
}

/// The names seen so far, borrowed from the statement, in an open-addressing table of their
/// hashes so that a repeated name costs one probe, not a comparison with every earlier name.
#[derive(Default)]
struct Names<'a> {
    names: Vec<&'a str>,
    /// A power-of-two table of `(hash, index + 1)`; 0 is an empty slot. At most half full.
    slots: Vec<(u64, u32)>,
}

impl<'a> Names<'a> {
    /// The `$n` of `name`: its earlier number if it was seen, else the next one.
    fn number(&mut self, name: &'a str) -> usize {
        // FNV-1a: names are short.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        if (self.names.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            match self.slots[slot] {
                (_, 0) => break,
                (h, index) if h == hash && self.names[index as usize - 1] == name => {
                    return index as usize;
                }
                _ => slot = (slot + 1) & mask,
            }
        }
        self.names.push(name);
        // At most 65,535 parameters (checked by the caller), so the index fits.
        self.slots[slot] = (hash, self.names.len() as u32);
        self.names.len()
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let mut slots = vec![(0u64, 0u32); size];
        for &(hash, index) in self.slots.iter().filter(|s| s.1 != 0) {
            let mut slot = hash as usize & (size - 1);
            while slots[slot].1 != 0 {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = (hash, index);
        }
        self.slots = slots;
        self.names.reserve(size / 2 - self.names.len());
    }
}

/// Guesses a statement's style: the first of [`ParamStyle::ALL`] in which it converts with at
/// least one placeholder. A heuristic (`a[1:2]` reads as [`ParamStyle::Numeric`]); say the
/// style where it is known. `None` when no style finds a placeholder.
pub fn detect(sql: &str) -> Option<ParamStyle> {
    ParamStyle::ALL
        .into_iter()
        .find(|&style| convert(sql, style).is_ok_and(|c| c.count > 0))
}
