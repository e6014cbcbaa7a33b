//! Errors of parameter conversion and binding, found before anything is sent.

use std::fmt;

use super::{ParamStyle, TokenKind};

/// Why a statement's parameters could not be converted to `$n` or bound.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SqlError {
    /// A placeholder of another style than the one asked for (`$1` in a `?` statement, `:1`
    /// among `:name`s).
    MixedStyles {
        /// Byte offset of the placeholder.
        offset: usize,
        /// The style the statement was converted with.
        expected: ParamStyle,
        /// The style the placeholder is written in.
        found: ParamStyle,
    },
    /// A string, quoted identifier, dollar quote or block comment the statement ends inside.
    Unterminated {
        /// Byte offset where it starts.
        offset: usize,
        /// What it is.
        kind: TokenKind,
    },
    /// A numbered placeholder that is 0 or has more digits than any parameter number can
    /// (`$0`, `:0`, `$99999999999`).
    InvalidIndex {
        /// Byte offset of the placeholder.
        offset: usize,
    },
    /// More parameters than the protocol's limit of 65,535 (Bind counts them in 16 bits).
    TooManyParameters {
        /// Byte offset of the first placeholder over the limit.
        offset: usize,
    },
    /// A name the statement uses that no supplied parameter has.
    MissingParameter {
        /// The placeholder's name.
        name: String,
    },
    /// A supplied name the statement does not use.
    ExtraParameter {
        /// The supplied name.
        name: String,
    },
    /// A name supplied twice.
    DuplicateParameter {
        /// The supplied name.
        name: String,
    },
    /// A positional statement given the wrong number of parameters.
    ParameterCount {
        /// How many the statement uses.
        expected: usize,
        /// How many were supplied.
        supplied: usize,
    },
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlError::MixedStyles {
                offset,
                expected,
                found,
            } => write!(
                f,
                "placeholder at byte {offset} is in {found:?} style, the statement is in \
                 {expected:?} style"
            ),
            SqlError::Unterminated { offset, kind } => {
                write!(f, "unterminated {kind:?} starting at byte {offset}")
            }
            SqlError::InvalidIndex { offset } => {
                write!(f, "invalid parameter number at byte {offset}")
            }
            SqlError::TooManyParameters { offset } => write!(
                f,
                "more than 65535 parameters (the one at byte {offset} is over the limit)"
            ),
            SqlError::MissingParameter { name } => write!(f, "no value for parameter \"{name}\""),
            SqlError::ExtraParameter { name } => {
                write!(f, "parameter \"{name}\" is not used by the statement")
            }
            SqlError::DuplicateParameter { name } => {
                write!(f, "parameter \"{name}\" is given twice")
            }
            SqlError::ParameterCount { expected, supplied } => write!(
                f,
                "the statement has {expected} parameters but {supplied} were supplied"
            ),
        }
    }
}

impl std::error::Error for SqlError {}
