//! The one error type of the connection layer and above, and the server's error fields.
//!
//! [`Error::kind`] says what failed; a server error keeps every field of its ErrorResponse as a
//! [`DbError`] with a typed [`SqlState`]; [`Error::class`] sorts either into the cases an
//! application branches on ([`ErrorClass`]).

mod class;
mod db_error;
mod sqlstate;
mod sqlstate_codes;

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

pub use class::ErrorClass;
pub use db_error::{DbError, ErrorPosition, InvalidDbError, Severity};
pub use sqlstate::SqlState;

type Cause = Box<dyn StdError + Send + Sync>;

/// What sort of failure an [`Error`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing the socket failed, or connecting did.
    Io,
    /// The TLS handshake or a TLS setting failed.
    Tls,
    /// Authentication failed or was refused by the client's own rules.
    Auth,
    /// The configuration is invalid.
    Config,
    /// The server sent bytes that break the protocol; the connection is closed.
    Protocol,
    /// The server reported an error; see [`Error::as_db_error`].
    Db,
    /// The connection is closed.
    Closed,
    /// A deadline passed.
    Timeout,
    /// A value could not be converted between Rust and PostgreSQL.
    Conversion,
    /// A query expected one row and got none or several.
    RowCount,
    /// A driver call that wants exactly one row (`select_one`, `select_value`) got none, or
    /// the data dictionary was asked about a table that does not exist.
    NotFound,
    /// A driver call that wants at most one row (`select_one`, `select_one_or_none`, ...) got
    /// several.
    MultipleResultsFound,
    /// The call cannot run this request as asked (a COPY sent through `execute`, a statement
    /// used on a connection that did not prepare it); nothing on the connection is lost.
    Usage,
    /// Not run, or rolled back, because another operation of the same pipeline failed; see
    /// [`Error::operation`].
    Aborted,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Io => "I/O error",
            ErrorKind::Tls => "TLS error",
            ErrorKind::Auth => "authentication error",
            ErrorKind::Config => "configuration error",
            ErrorKind::Protocol => "protocol error",
            ErrorKind::Db => "database error",
            ErrorKind::Closed => "connection closed",
            ErrorKind::Timeout => "timed out",
            ErrorKind::Conversion => "conversion error",
            ErrorKind::RowCount => "unexpected number of rows",
            ErrorKind::NotFound => "not found",
            ErrorKind::MultipleResultsFound => "more than one row found",
            ErrorKind::Usage => "not supported by this call",
            ErrorKind::Aborted => "aborted by another operation's error",
        })
    }
}

/// An error from pgline.
///
/// ```no_run
/// # async fn f(client: &pgline::Client) {
/// match client.execute("INSERT INTO t VALUES (1)", &[]).await {
///     Err(e) if e.code() == Some(&pgline::SqlState::UNIQUE_VIOLATION) => { /* already there */ }
///     Err(e) => panic!("{e:#}"),
///     Ok(_) => {}
/// }
/// # }
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    context: Option<String>,
    cause: Option<Cause>,
    safe_to_retry: bool,
    /// The index of the pipeline operation the error belongs to.
    operation: Option<usize>,
    tls_session_refused: bool,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, context: Option<String>, cause: Option<Cause>) -> Error {
        Error(Box::new(Inner {
            kind,
            context,
            cause,
            safe_to_retry: false,
            operation: None,
            tls_session_refused: false,
        }))
    }

    /// The error marked as raised before any byte of the request was sent.
    pub(crate) fn before_send(mut self) -> Error {
        self.0.safe_to_retry = true;
        self
    }

    /// The error marked as the server refusing a TLS session before authentication completed
    /// (an ErrorResponse before AuthenticationOk): `sslmode=prefer` then tries without TLS.
    pub(crate) fn tls_session_refused(mut self) -> Error {
        self.0.tls_session_refused = true;
        self
    }

    /// Whether [`tls_session_refused`](Self::tls_session_refused) marked it.
    pub(crate) fn is_tls_session_refused(&self) -> bool {
        self.0.tls_session_refused
    }

    pub(crate) fn io(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, None, Some(Box::new(e)))
    }

    pub(crate) fn io_context(context: impl Into<String>, e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, Some(context.into()), Some(Box::new(e)))
    }

    pub(crate) fn tls(context: impl Into<String>, cause: Option<Cause>) -> Error {
        Error::new(ErrorKind::Tls, Some(context.into()), cause)
    }

    pub(crate) fn auth(context: impl Into<String>, cause: Option<Cause>) -> Error {
        Error::new(ErrorKind::Auth, Some(context.into()), cause)
    }

    pub(crate) fn config(cause: impl Into<Cause>) -> Error {
        Error::new(ErrorKind::Config, None, Some(cause.into()))
    }

    pub(crate) fn config_message(context: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config, Some(context.into()), None)
    }

    pub(crate) fn protocol(cause: impl Into<Cause>) -> Error {
        Error::new(ErrorKind::Protocol, None, Some(cause.into()))
    }

    pub(crate) fn unexpected(context: impl Into<String>) -> Error {
        Error::new(ErrorKind::Protocol, Some(context.into()), None)
    }

    pub(crate) fn db(e: DbError) -> Error {
        Error::new(ErrorKind::Db, None, Some(Box::new(e)))
    }

    pub(crate) fn closed() -> Error {
        Error::new(ErrorKind::Closed, None, None)
    }

    pub(crate) fn closed_by(cause: Cause) -> Error {
        Error::new(ErrorKind::Closed, None, Some(cause))
    }

    pub(crate) fn timeout(context: impl Into<String>) -> Error {
        Error::new(ErrorKind::Timeout, Some(context.into()), None)
    }

    pub(crate) fn conversion(context: impl Into<String>, cause: Cause) -> Error {
        Error::new(ErrorKind::Conversion, Some(context.into()), Some(cause))
    }

    /// Operation `operation` of a pipeline did not run or was rolled back because operation
    /// `failed` failed.
    pub(crate) fn aborted(operation: usize, failed: usize) -> Error {
        Error::new(
            ErrorKind::Aborted,
            Some(format!("aborted by the error in operation {failed}")),
            None,
        )
        .in_operation(operation)
    }

    /// Marks the error as operation `index`'s in a pipeline.
    pub(crate) fn in_operation(mut self, index: usize) -> Error {
        self.0.operation = Some(index);
        self
    }

    pub(crate) fn usage(context: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage, Some(context.into()), None)
    }

    pub(crate) fn row_count(context: impl Into<String>) -> Error {
        Error::new(ErrorKind::RowCount, Some(context.into()), None)
    }

    pub(crate) fn not_found(context: impl Into<String>) -> Error {
        Error::new(ErrorKind::NotFound, Some(context.into()), None)
    }

    pub(crate) fn multiple_results(context: impl Into<String>) -> Error {
        Error::new(ErrorKind::MultipleResultsFound, Some(context.into()), None)
    }

    /// What sort of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The server's error, when [`ErrorKind::Db`] (or [`ErrorKind::Auth`] for a login the
    /// server refused); also the [`source()`](StdError::source) of this error.
    pub fn as_db_error(&self) -> Option<&DbError> {
        self.0.cause.as_ref()?.downcast_ref()
    }

    /// The SQLSTATE of the server's error, when there is one.
    pub fn code(&self) -> Option<&SqlState> {
        self.as_db_error().map(DbError::code)
    }

    /// Whether the server cancelled the statement because `statement_timeout` expired
    /// (SQLSTATE 57014 with the server's "statement timeout" reason), as opposed to a
    /// CancelRequest or the client's own timeout, which is [`ErrorKind::Timeout`]. The reason is
    /// read from the message, so it is only recognised with English `lc_messages`.
    pub fn is_statement_timeout(&self) -> bool {
        self.as_db_error().is_some_and(|db| {
            *db.code() == SqlState::QUERY_CANCELED && db.message().contains("statement timeout")
        })
    }

    /// For an error from a pipeline, execute_many or a statement stack: the index of the
    /// operation it belongs to.
    pub fn operation(&self) -> Option<usize> {
        self.0.operation
    }

    /// Whether the connection this came from is closed.
    pub fn is_closed(&self) -> bool {
        self.0.kind == ErrorKind::Closed
    }

    /// Whether the request failed before any byte of it was sent, so sending it again cannot
    /// run it twice.
    pub fn is_safe_to_retry(&self) -> bool {
        self.0.safe_to_retry
    }

    /// The underlying error, to downcast (e.g. to [`DbError`], `std::io::Error`,
    /// [`ProtocolError`](crate::protocol::ProtocolError) or
    /// [`ConfigError`](crate::config::ConfigError)); the same as [`source()`](StdError::source)
    /// with `Send + Sync`.
    pub fn cause(&self) -> Option<&(dyn StdError + Send + Sync + 'static)> {
        let cause = self.0.cause.as_deref()?;
        // A caller of a closed connection gets the reason the connection closed as its cause;
        // when that reason is a bare "connection closed" too, the chain skips it rather than
        // saying the same words twice.
        if self.0.kind == ErrorKind::Closed {
            if let Some(reason) = as_error(cause) {
                if reason.0.kind == ErrorKind::Closed && reason.0.context.is_none() {
                    return reason.cause();
                }
            }
        }
        Some(cause)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.0.kind);
        if let Some(context) = &self.0.context {
            d.field("context", context);
        }
        if let Some(cause) = &self.0.cause {
            d.field("cause", cause);
        }
        d.finish()
    }
}

/// The kind and what pgline was doing, never the cause's text: that is [`source()`], so a
/// report that walks the chain (anyhow, eyre, `{:#}`) shows each cause once. The alternate form
/// `{:#}` appends the whole chain, `: `-separated, for a one-line report without such a crate:
///
/// ```
/// # use std::error::Error as _;
/// # fn show(e: &pgline::Error) {
/// eprintln!("{e}");   // "database error"
/// eprintln!("{e:#}"); // "database error: ERROR 23505: duplicate key value violates ..."
/// if let Some(db) = e.source().and_then(|c| c.downcast_ref::<pgline::DbError>()) {
///     eprintln!("{}", db.message());
/// }
/// # }
/// ```
///
/// [`source()`]: StdError::source
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.kind)?;
        if let Some(context) = &self.0.context {
            write!(f, ": {context}")?;
        }
        if f.alternate() {
            let mut next = self.source();
            while let Some(cause) = next {
                write!(f, ": {cause}")?;
                next = cause.source();
            }
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.cause().map(|e| e as &(dyn StdError + 'static))
    }
}

/// The pgline error inside a cause, whether boxed as itself or shared as the connection task
/// shares its closing reason (`Arc<Error>`).
fn as_error<'a>(cause: &'a (dyn StdError + Send + Sync + 'static)) -> Option<&'a Error> {
    cause
        .downcast_ref::<Error>()
        .or_else(|| cause.downcast_ref::<Arc<Error>>().map(|e| &**e))
}

impl From<crate::config::ConfigError> for Error {
    fn from(e: crate::config::ConfigError) -> Error {
        Error::config(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::ProtocolError;
    use crate::types::{Type, WrongType};

    fn serialization_failure() -> DbError {
        DbError::from_fields([
            (b'S', "ERROR"),
            (b'C', "40001"),
            (b'M', "could not serialize"),
        ])
        .unwrap()
    }

    /// Every link's Display, outermost first.
    fn chain(e: &Error) -> Vec<String> {
        let mut links = vec![e.to_string()];
        let mut next = e.source();
        while let Some(cause) = next {
            links.push(cause.to_string());
            next = cause.source();
        }
        links
    }

    fn assert_no_link_repeats_the_next(e: &Error) {
        let links = chain(e);
        for pair in links.windows(2) {
            assert!(
                !pair[0].contains(&pair[1]),
                "{:?} repeats its cause {:?} (chain {links:?})",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn error_db_kind_exposes_code_and_fields() {
        let e = Error::db(serialization_failure());
        assert_eq!(e.kind(), ErrorKind::Db);
        assert_eq!(e.code(), Some(&SqlState::T_R_SERIALIZATION_FAILURE));
        assert_eq!(e.to_string(), "database error");
        assert_eq!(
            format!("{e:#}"),
            "database error: ERROR 40001: could not serialize"
        );
        assert!(!e.is_safe_to_retry());
    }

    #[test]
    fn error_display_names_kind_and_context_and_source_the_cause() {
        let e = Error::io_context(
            "connecting to 127.0.0.1:1",
            std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused"),
        );
        assert_eq!(e.to_string(), "I/O error: connecting to 127.0.0.1:1");
        assert_eq!(
            format!("{e:#}"),
            "I/O error: connecting to 127.0.0.1:1: refused"
        );
        assert_eq!(e.source().unwrap().to_string(), "refused");
        assert!(Error::closed().before_send().is_safe_to_retry());
        assert!(Error::closed().is_closed());
    }

    #[test]
    fn error_chains_say_each_cause_once() {
        let reset = || std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer");
        let config_error = "port=nope".parse::<crate::Config>().unwrap_err();
        let errors = [
            // What a caller of a connection closed by the server's EOF gets.
            Error::closed_by(Box::new(Arc::new(Error::closed()))),
            Error::closed_by(Box::new(Arc::new(Error::io(reset())))),
            Error::closed_by(Box::new(Error::closed())),
            Error::closed_by("the server closed the connection after SSLRequest".into()),
            Error::db(serialization_failure()),
            Error::auth(
                "the server refused the login",
                Some(Box::new(serialization_failure())),
            ),
            Error::io_context("connecting to 127.0.0.1:1", reset()),
            Error::conversion(
                "column 0 (\"n\")",
                Box::new(WrongType::new::<i32>(Type::TEXT)),
            ),
            Error::protocol(ProtocolError::TooLong {
                tag: Some(b'D'),
                len: 1 << 30,
                max: 1 << 20,
            }),
            Error::from(config_error),
        ];
        for e in &errors {
            assert_no_link_repeats_the_next(e);
        }
        assert_eq!(chain(&errors[0]), ["connection closed"]);
        assert_eq!(
            chain(&errors[1]),
            ["connection closed", "I/O error", "reset by peer"]
        );
    }

    #[test]
    fn error_causes_downcast_through_source() {
        let db = Error::db(serialization_failure());
        let source = db.source().unwrap();
        assert_eq!(
            source.downcast_ref::<DbError>().unwrap().code(),
            &SqlState::T_R_SERIALIZATION_FAILURE
        );

        let io = Error::io(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "pipe"));
        let source = io.source().unwrap();
        assert_eq!(
            source.downcast_ref::<std::io::Error>().unwrap().kind(),
            std::io::ErrorKind::BrokenPipe
        );

        let protocol = Error::protocol(ProtocolError::TooLong {
            tag: None,
            len: 9,
            max: 8,
        });
        assert!(protocol.source().unwrap().is::<ProtocolError>());

        let config = Error::from("port=nope".parse::<crate::Config>().unwrap_err());
        assert!(config.source().unwrap().is::<crate::config::ConfigError>());

        let conversion = Error::conversion("column 0", Box::new(WrongType::new::<i32>(Type::TEXT)));
        let wrong = conversion
            .source()
            .unwrap()
            .downcast_ref::<WrongType>()
            .unwrap();
        assert_eq!(wrong.postgres_type(), &Type::TEXT);

        // The reason a connection closed reaches its callers as the cause.
        let io_reason = Arc::new(Error::io(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "reset",
        )));
        let closed = Error::closed_by(Box::new(io_reason));
        let reason = closed
            .source()
            .unwrap()
            .downcast_ref::<Arc<Error>>()
            .unwrap();
        assert_eq!(reason.kind(), ErrorKind::Io);
    }
}
