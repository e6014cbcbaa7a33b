//! Which failures a transaction may simply run again.

use crate::error::{Error, ErrorKind};

/// Serialization failures (40001), deadlocks (40P01) and lost connections (class 08, the
/// server shutting down: 57P01-57P03, or the socket gone): running the whole transaction again
/// may succeed, and nothing of the failed attempt was committed.
///
/// `Error::is_retryable` is being added to the error module; until it lands this is the
/// driver's own, with the same classes.
pub(crate) fn is_retryable(e: &Error) -> bool {
    match e.kind() {
        ErrorKind::Io | ErrorKind::Closed => true,
        ErrorKind::Db => e.code().is_some_and(|c| {
            let code = c.code();
            matches!(code, "40001" | "40P01" | "57P01" | "57P02" | "57P03")
                || code.starts_with("08")
        }),
        _ => false,
    }
}
