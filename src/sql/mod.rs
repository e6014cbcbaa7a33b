//! SQL text as PostgreSQL's lexer sees it: tokens, parameter placeholders and statements.
//!
//! Owns the [`Lexer`] (spans over `&str` for the rules of
//! <https://www.postgresql.org/docs/current/sql-syntax-lexical.html>), the conversion of the
//! common placeholder styles (`?`, `:name`, `%s`, `%(name)s`, ...) to `$n` with [`convert`],
//! and [`split_statements`] for scripts. Pure functions on strings: it never does I/O, never
//! parses beyond tokens (no grammar), and never panics on any input.

mod bind;
mod error;
mod lexer;
mod names;
mod params;
mod split;

#[cfg(test)]
mod tests;

#[doc(hidden)]
pub use bind::__as_param;
pub use bind::{ParamValue, ToParams};
pub use error::SqlError;
pub use lexer::{Lexer, StringKind, Token, TokenKind};
pub use names::{Iter as ParamNamesIter, ParamNames};
pub use params::{Converted, MAX_PARAMETERS, ParamStyle, convert, detect};
pub use split::{split_statements, statement_spans};
