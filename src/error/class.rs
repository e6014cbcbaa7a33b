//! What an [`Error`] means to an application: a SQLSTATE (or a client-side failure) sorted into
//! the handful of cases code branches on. The error itself, with every server field, stays whole.

use std::sync::Arc;

use super::{DbError, Error, ErrorKind, SqlState};

/// The sort of failure an [`Error`] is, for code that reacts to it: from the server's SQLSTATE
/// (<https://www.postgresql.org/docs/current/errcodes-appendix.html>) or from what failed on the
/// client. From [`Error::class`]; the server's fields stay on the error
/// ([`Error::as_db_error`]).
///
/// ```no_run
/// use pgline::ErrorClass;
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// match client.execute("INSERT INTO users (email) VALUES ('a@b.c')", &[]).await {
///     Ok(_) => {}
///     Err(e) => match e.class() {
///         ErrorClass::UniqueViolation => {
///             let constraint = e.as_db_error().and_then(|db| db.constraint());
///             println!("already registered ({constraint:?})");
///         }
///         _ if e.is_retryable() => { /* run the transaction again */ }
///         _ => return Err(e),
///     },
/// }
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorClass {
    /// `23505` unique_violation.
    UniqueViolation,
    /// `23503` foreign_key_violation.
    ForeignKeyViolation,
    /// `23502` not_null_violation.
    NotNullViolation,
    /// `23514` check_violation.
    CheckViolation,
    /// Any other integrity constraint violation (class `23`, e.g. `23P01` exclusion_violation).
    IntegrityError,
    /// `40P01` deadlock_detected: the server rolled this transaction back; retryable.
    Deadlock,
    /// `40001` serialization_failure: retryable.
    SerializationFailure,
    /// `57014` query_canceled because the server's `statement_timeout` expired (see
    /// [`Error::is_statement_timeout`]).
    StatementTimeout,
    /// `57014` query_canceled for any other reason: a CancelRequest, e.g. from a
    /// [`CancelToken`](crate::CancelToken).
    QueryCanceled,
    /// Not allowed: `42501` insufficient_privilege, a refused login (class `28`: `28P01`
    /// invalid_password, `28000` invalid_authorization_specification) or an authentication the
    /// client itself refused ([`ErrorKind::Auth`]).
    Permission,
    /// The connection failed or is gone: class `08`, `57P01` admin_shutdown, `57P02`
    /// crash_shutdown, `57P03` cannot_connect_now, a socket error ([`ErrorKind::Io`]) or a
    /// closed connection ([`ErrorKind::Closed`]); retryable on a new connection.
    Connection,
    /// `42601` syntax_error.
    Syntax,
    /// Bad data (class `22`, e.g. `22012` division_by_zero, `22P02` invalid_text_representation).
    Data,
    /// The client's own deadline passed ([`ErrorKind::Timeout`]: a
    /// [`Client::with_timeout`](crate::Client::with_timeout), connect or pool timeout).
    ClientTimeout,
    /// Anything else; [`Error::kind`] and [`Error::code`] say more.
    Other,
}

impl ErrorClass {
    /// The class of a server error's SQLSTATE alone; `57014` is [`QueryCanceled`]
    /// (only the message tells a statement timeout apart, see [`Error::class`]).
    ///
    /// [`QueryCanceled`]: ErrorClass::QueryCanceled
    ///
    /// ```
    /// use pgline::{ErrorClass, SqlState};
    /// assert_eq!(ErrorClass::from_sqlstate(&SqlState::UNIQUE_VIOLATION), ErrorClass::UniqueViolation);
    /// assert_eq!(ErrorClass::from_sqlstate(&SqlState::EXCLUSION_VIOLATION), ErrorClass::IntegrityError);
    /// ```
    pub fn from_sqlstate(code: &SqlState) -> ErrorClass {
        match *code {
            SqlState::UNIQUE_VIOLATION => ErrorClass::UniqueViolation,
            SqlState::FOREIGN_KEY_VIOLATION => ErrorClass::ForeignKeyViolation,
            SqlState::NOT_NULL_VIOLATION => ErrorClass::NotNullViolation,
            SqlState::CHECK_VIOLATION => ErrorClass::CheckViolation,
            SqlState::T_R_DEADLOCK_DETECTED => ErrorClass::Deadlock,
            SqlState::T_R_SERIALIZATION_FAILURE => ErrorClass::SerializationFailure,
            SqlState::QUERY_CANCELED => ErrorClass::QueryCanceled,
            SqlState::INSUFFICIENT_PRIVILEGE => ErrorClass::Permission,
            SqlState::ADMIN_SHUTDOWN | SqlState::CRASH_SHUTDOWN | SqlState::CANNOT_CONNECT_NOW => {
                ErrorClass::Connection
            }
            SqlState::SYNTAX_ERROR => ErrorClass::Syntax,
            _ => match code.class() {
                "23" => ErrorClass::IntegrityError,
                "28" => ErrorClass::Permission,
                "08" => ErrorClass::Connection,
                "22" => ErrorClass::Data,
                _ => ErrorClass::Other,
            },
        }
    }

    /// Whether running the transaction again may succeed: a serialization failure, a deadlock
    /// or a lost connection.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorClass::SerializationFailure | ErrorClass::Deadlock | ErrorClass::Connection
        )
    }
}

impl Error {
    /// What this error means to an application; see [`ErrorClass`].
    pub fn class(&self) -> ErrorClass {
        // Every kind is named, so a new ErrorKind (NotFound, MultipleResultsFound, ...) does
        // not compile until someone decides its class.
        match self.kind() {
            ErrorKind::Db => match self.as_db_error() {
                Some(_) if self.is_statement_timeout() => ErrorClass::StatementTimeout,
                Some(db) => ErrorClass::from_sqlstate(db.code()),
                None => ErrorClass::Other,
            },
            ErrorKind::Auth => match self.as_db_error() {
                // A refused login is class 28; a server that is starting or shutting down
                // answers 57P03 and is a connection matter.
                Some(db) => match ErrorClass::from_sqlstate(db.code()) {
                    ErrorClass::Other => ErrorClass::Permission,
                    class => class,
                },
                None => ErrorClass::Permission,
            },
            ErrorKind::Io | ErrorKind::Closed => ErrorClass::Connection,
            ErrorKind::Timeout => ErrorClass::ClientTimeout,
            ErrorKind::Tls
            | ErrorKind::Config
            | ErrorKind::Protocol
            | ErrorKind::Conversion
            | ErrorKind::RowCount
            | ErrorKind::NotFound
            | ErrorKind::MultipleResultsFound
            | ErrorKind::Usage
            | ErrorKind::Aborted => ErrorClass::Other,
        }
    }

    /// Whether running the transaction again may succeed: a serialization failure, a deadlock
    /// or a lost connection ([`ErrorClass::is_retryable`]). Unlike
    /// [`is_safe_to_retry`](Self::is_safe_to_retry), this says nothing about whether the
    /// failed request ran: retry the whole transaction, not the one statement.
    pub fn is_retryable(&self) -> bool {
        self.class().is_retryable()
    }

    /// The server error behind this one: [`as_db_error`](Self::as_db_error), or for a closed
    /// connection the server's reason for closing it (e.g. `57P01` after
    /// `pg_terminate_backend`), when it sent one.
    pub fn server_error(&self) -> Option<&DbError> {
        if let Some(db) = self.as_db_error() {
            return Some(db);
        }
        if self.kind() != ErrorKind::Closed {
            return None;
        }
        let cause = self.0.cause.as_deref()?;
        let reason = cause
            .downcast_ref::<Error>()
            .or_else(|| cause.downcast_ref::<Arc<Error>>().map(|e| &**e))?;
        reason.server_error()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(code: &str, message: &str) -> DbError {
        DbError::from_fields([(b'S', "ERROR"), (b'C', code), (b'M', message)]).unwrap()
    }

    fn server(code: &str) -> Error {
        Error::db(db(code, "failed"))
    }

    #[test]
    fn class_maps_each_listed_sqlstate() {
        let cases = [
            ("23505", ErrorClass::UniqueViolation),
            ("23503", ErrorClass::ForeignKeyViolation),
            ("23502", ErrorClass::NotNullViolation),
            ("23514", ErrorClass::CheckViolation),
            ("23P01", ErrorClass::IntegrityError),
            ("23001", ErrorClass::IntegrityError),
            ("23000", ErrorClass::IntegrityError),
            ("40P01", ErrorClass::Deadlock),
            ("40001", ErrorClass::SerializationFailure),
            ("57014", ErrorClass::QueryCanceled),
            ("42501", ErrorClass::Permission),
            ("28P01", ErrorClass::Permission),
            ("28000", ErrorClass::Permission),
            ("08000", ErrorClass::Connection),
            ("08006", ErrorClass::Connection),
            ("08P01", ErrorClass::Connection),
            ("57P01", ErrorClass::Connection),
            ("57P02", ErrorClass::Connection),
            ("57P03", ErrorClass::Connection),
            ("42601", ErrorClass::Syntax),
            ("22012", ErrorClass::Data),
            ("22P02", ErrorClass::Data),
            ("22001", ErrorClass::Data),
            // Neighbours that must not be swept in.
            ("42P01", ErrorClass::Other),
            ("40002", ErrorClass::Other),
            ("40003", ErrorClass::Other),
            ("57000", ErrorClass::Other),
            ("57P04", ErrorClass::Other),
            ("53300", ErrorClass::Other),
            ("ZZ999", ErrorClass::Other),
        ];
        for (code, class) in cases {
            assert_eq!(server(code).class(), class, "{code}");
            let sqlstate = SqlState::from_code(code).unwrap();
            assert_eq!(ErrorClass::from_sqlstate(&sqlstate), class, "{code}");
        }
    }

    #[test]
    fn class_tells_statement_timeout_from_user_cancel() {
        let timeout = Error::db(db("57014", "canceling statement due to statement timeout"));
        let cancel = Error::db(db("57014", "canceling statement due to user request"));
        assert_eq!(timeout.class(), ErrorClass::StatementTimeout);
        assert_eq!(cancel.class(), ErrorClass::QueryCanceled);
        assert_eq!(
            Error::timeout("query took over 1s").class(),
            ErrorClass::ClientTimeout
        );
        assert!(!timeout.is_retryable() && !cancel.is_retryable());
    }

    #[test]
    fn class_of_client_side_errors() {
        let io = Error::io(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "pipe"));
        assert_eq!(io.class(), ErrorClass::Connection);
        assert_eq!(Error::closed().class(), ErrorClass::Connection);
        assert_eq!(
            Error::auth("SCRAM proof did not verify", None).class(),
            ErrorClass::Permission
        );
        let refused = Error::auth("refused", Some(Box::new(db("28P01", "bad password"))));
        assert_eq!(refused.class(), ErrorClass::Permission);
        let starting = Error::auth("refused", Some(Box::new(db("57P03", "starting up"))));
        assert_eq!(starting.class(), ErrorClass::Connection);
        assert_eq!(Error::tls("handshake", None).class(), ErrorClass::Other);
        assert_eq!(Error::usage("COPY").class(), ErrorClass::Other);
        assert_eq!(Error::row_count("none").class(), ErrorClass::Other);
        assert_eq!(Error::aborted(1, 0).class(), ErrorClass::Other);
    }

    #[test]
    fn retryable_is_serialization_deadlock_and_connection_only() {
        let retryable = ["40001", "40P01", "08006", "57P01"];
        for code in retryable {
            assert!(server(code).is_retryable(), "{code}");
        }
        for code in ["23505", "42501", "42601", "22012", "57014", "40002"] {
            assert!(!server(code).is_retryable(), "{code}");
        }
        assert!(Error::closed().is_retryable());
        assert!(!Error::timeout("deadline").is_retryable());
        assert!(!Error::config_message("bad").is_retryable());
    }

    #[test]
    fn closed_connection_keeps_the_server_reason_reachable() {
        let terminated = Arc::new(Error::db(db(
            "57P01",
            "terminating connection due to administrator command",
        )));
        let e = Error::closed_by(Box::new(terminated));
        assert_eq!(e.class(), ErrorClass::Connection);
        assert!(e.is_retryable());
        assert_eq!(e.as_db_error(), None);
        assert_eq!(e.server_error().unwrap().code(), &SqlState::ADMIN_SHUTDOWN);

        let direct = server("23505");
        assert_eq!(
            direct.server_error().unwrap().code(),
            &SqlState::UNIQUE_VIOLATION
        );
        assert_eq!(Error::closed().server_error(), None);
    }
}
