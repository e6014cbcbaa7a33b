use std::fmt;

use super::SqlState;

/// Where in the query an error points, 1-based in characters (not bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorPosition {
    /// A position in the query the client sent (field `P`).
    Original(u32),
    /// A position in an internally generated query (fields `p` and `q`).
    Internal {
        /// The position in `query`.
        position: u32,
        /// The internal query's text.
        query: String,
    },
}

/// An error or notice reported by the server, with every field of its ErrorResponse or
/// NoticeResponse (<https://www.postgresql.org/docs/current/protocol-error-fields.html>).
#[derive(Clone, PartialEq, Eq)]
pub struct DbError {
    severity: String,
    parsed_severity: Option<Severity>,
    code: SqlState,
    message: String,
    detail: Option<String>,
    hint: Option<String>,
    position: Option<ErrorPosition>,
    internal_query: Option<String>,
    where_: Option<String>,
    schema: Option<String>,
    table: Option<String>,
    column: Option<String>,
    datatype: Option<String>,
    constraint: Option<String>,
    file: Option<String>,
    line: Option<u32>,
    routine: Option<String>,
    other: Vec<(u8, String)>,
}

/// The severity of a [`DbError`], from the non-localized field `V`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Severity {
    /// `PANIC`
    Panic,
    /// `FATAL`: the session ends.
    Fatal,
    /// `ERROR`: the statement failed.
    Error,
    /// `WARNING`
    Warning,
    /// `NOTICE`
    Notice,
    /// `DEBUG`
    Debug,
    /// `INFO`
    Info,
    /// `LOG`
    Log,
}

impl Severity {
    fn parse(s: &str) -> Option<Severity> {
        Some(match s {
            "PANIC" => Severity::Panic,
            "FATAL" => Severity::Fatal,
            "ERROR" => Severity::Error,
            "WARNING" => Severity::Warning,
            "NOTICE" => Severity::Notice,
            "DEBUG" => Severity::Debug,
            "INFO" => Severity::Info,
            "LOG" => Severity::Log,
            _ => return None,
        })
    }
}

/// A required field was missing from an ErrorResponse or NoticeResponse, or a number in one was
/// not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDbError {
    /// The field code, e.g. `b'C'`.
    pub field: u8,
    /// What was wrong with it.
    pub problem: &'static str,
}

impl fmt::Display for InvalidDbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error field '{}' {}", self.field as char, self.problem)
    }
}

impl std::error::Error for InvalidDbError {}

impl DbError {
    /// Builds the error from the (code, value) fields of an ErrorResponse or NoticeResponse.
    ///
    /// `S`, `C` and `M` are required; unknown field codes are kept (see [`DbError::other_fields`]).
    pub fn from_fields<'a>(
        fields: impl IntoIterator<Item = (u8, &'a str)>,
    ) -> Result<DbError, InvalidDbError> {
        let mut severity = None;
        let mut parsed_severity = None;
        let mut code = None;
        let mut message = None;
        let mut e = DbError {
            severity: String::new(),
            parsed_severity: None,
            code: SqlState::INTERNAL_ERROR,
            message: String::new(),
            detail: None,
            hint: None,
            position: None,
            internal_query: None,
            where_: None,
            schema: None,
            table: None,
            column: None,
            datatype: None,
            constraint: None,
            file: None,
            line: None,
            routine: None,
            other: Vec::new(),
        };
        let mut internal_position = None;
        let number = |field: u8, value: &str| {
            value.parse::<u32>().map_err(|_| InvalidDbError {
                field,
                problem: "is not a number",
            })
        };
        for (field, value) in fields {
            let owned = || Some(value.to_owned());
            match field {
                b'S' => severity = owned(),
                b'V' => parsed_severity = Severity::parse(value),
                b'C' => {
                    code = Some(SqlState::from_code(value).ok_or(InvalidDbError {
                        field,
                        problem: "is not a SQLSTATE code",
                    })?)
                }
                b'M' => message = owned(),
                b'D' => e.detail = owned(),
                b'H' => e.hint = owned(),
                b'P' => e.position = Some(ErrorPosition::Original(number(field, value)?)),
                b'p' => internal_position = Some(number(field, value)?),
                b'q' => e.internal_query = owned(),
                b'W' => e.where_ = owned(),
                b's' => e.schema = owned(),
                b't' => e.table = owned(),
                b'c' => e.column = owned(),
                b'd' => e.datatype = owned(),
                b'n' => e.constraint = owned(),
                b'F' => e.file = owned(),
                b'L' => e.line = Some(number(field, value)?),
                b'R' => e.routine = owned(),
                _ => e.other.push((field, value.to_owned())),
            }
        }
        let missing = |field| InvalidDbError {
            field,
            problem: "is missing",
        };
        e.severity = severity.ok_or(missing(b'S'))?;
        e.parsed_severity = parsed_severity.or_else(|| Severity::parse(&e.severity));
        e.code = code.ok_or(missing(b'C'))?;
        e.message = message.ok_or(missing(b'M'))?;
        if let Some(position) = internal_position {
            e.position = Some(ErrorPosition::Internal {
                position,
                query: e.internal_query.clone().unwrap_or_default(),
            });
        }
        Ok(e)
    }

    /// The localized severity (`S`), e.g. `ERROR` or `FEHLER`.
    pub fn severity(&self) -> &str {
        &self.severity
    }

    /// The severity as an enum, from `V` (or `S` on servers before 9.6).
    pub fn parsed_severity(&self) -> Option<Severity> {
        self.parsed_severity
    }

    /// The SQLSTATE code (`C`).
    pub fn code(&self) -> &SqlState {
        &self.code
    }

    /// The primary message (`M`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The detail (`D`).
    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }

    /// The hint (`H`).
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// Where in the query the error points (`P`, or `p` and `q`).
    pub fn position(&self) -> Option<&ErrorPosition> {
        self.position.as_ref()
    }

    /// The text of the internally generated query that failed (`q`), e.g. a PL/pgSQL
    /// statement; kept even when the server sends no internal position (`p`) with it.
    pub fn internal_query(&self) -> Option<&str> {
        self.internal_query.as_deref()
    }

    /// The context, e.g. a PL/pgSQL call stack (`W`).
    pub fn where_(&self) -> Option<&str> {
        self.where_.as_deref()
    }

    /// The schema of the object involved (`s`).
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// The table involved (`t`).
    pub fn table(&self) -> Option<&str> {
        self.table.as_deref()
    }

    /// The column involved (`c`).
    pub fn column(&self) -> Option<&str> {
        self.column.as_deref()
    }

    /// The data type involved (`d`).
    pub fn datatype(&self) -> Option<&str> {
        self.datatype.as_deref()
    }

    /// The constraint involved (`n`).
    pub fn constraint(&self) -> Option<&str> {
        self.constraint.as_deref()
    }

    /// The server source file that reported it (`F`).
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }

    /// The line in that file (`L`).
    pub fn line(&self) -> Option<u32> {
        self.line
    }

    /// The server routine that reported it (`R`).
    pub fn routine(&self) -> Option<&str> {
        self.routine.as_deref()
    }

    /// Fields with codes this version of pgline does not know, as they came.
    pub fn other_fields(&self) -> &[(u8, String)] {
        &self.other
    }
}

impl fmt::Debug for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("DbError");
        d.field("severity", &self.severity)
            .field("code", &self.code)
            .field("message", &self.message);
        let optional = [
            ("detail", &self.detail),
            ("hint", &self.hint),
            ("internal_query", &self.internal_query),
            ("where_", &self.where_),
            ("schema", &self.schema),
            ("table", &self.table),
            ("column", &self.column),
            ("datatype", &self.datatype),
            ("constraint", &self.constraint),
            ("routine", &self.routine),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                d.field(name, value);
            }
        }
        if let Some(position) = &self.position {
            d.field("position", position);
        }
        if !self.other.is_empty() {
            d.field("other", &self.other);
        }
        d.finish()
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.severity, self.code, self.message)?;
        if let Some(detail) = &self.detail {
            write!(f, "\nDETAIL: {detail}")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\nHINT: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DbError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_error_keeps_every_field_and_unknown_codes() {
        let fields = [
            (b'S', "FEHLER"),
            (b'V', "ERROR"),
            (b'C', "23505"),
            (
                b'M',
                "duplicate key value violates unique constraint \"t_pkey\"",
            ),
            (b'D', "Key (id)=(1) already exists."),
            (b'H', "use another id"),
            (b'P', "17"),
            (b'W', "SQL function"),
            (b's', "public"),
            (b't', "t"),
            (b'c', "id"),
            (b'd', "int4"),
            (b'n', "t_pkey"),
            (b'F', "nbtinsert.c"),
            (b'L', "666"),
            (b'R', "_bt_check_unique"),
            (b'Z', "future field"),
        ];
        let e = DbError::from_fields(fields).unwrap();
        assert_eq!(e.severity(), "FEHLER");
        assert_eq!(e.parsed_severity(), Some(Severity::Error));
        assert_eq!(*e.code(), SqlState::UNIQUE_VIOLATION);
        assert_eq!(e.detail(), Some("Key (id)=(1) already exists."));
        assert_eq!(e.hint(), Some("use another id"));
        assert_eq!(e.position(), Some(&ErrorPosition::Original(17)));
        assert_eq!(e.where_(), Some("SQL function"));
        assert_eq!(
            (e.schema(), e.table(), e.column()),
            (Some("public"), Some("t"), Some("id"))
        );
        assert_eq!(
            (e.datatype(), e.constraint()),
            (Some("int4"), Some("t_pkey"))
        );
        assert_eq!((e.file(), e.line()), (Some("nbtinsert.c"), Some(666)));
        assert_eq!(e.routine(), Some("_bt_check_unique"));
        assert_eq!(e.other_fields(), &[(b'Z', "future field".to_string())]);
        assert!(e.to_string().contains("HINT: use another id"));
    }

    #[test]
    fn db_error_internal_position_carries_its_query() {
        let e = DbError::from_fields([
            (b'S', "ERROR"),
            (b'C', "42601"),
            (b'M', "syntax error"),
            (b'p', "3"),
            (b'q', "SELEC 1"),
        ])
        .unwrap();
        assert_eq!(
            e.position(),
            Some(&ErrorPosition::Internal {
                position: 3,
                query: "SELEC 1".into()
            })
        );
    }

    #[test]
    fn db_error_keeps_the_internal_query_without_a_position() {
        let e = DbError::from_fields([
            (b'S', "ERROR"),
            (b'C', "42601"),
            (b'M', "syntax error"),
            (b'q', "SELEC 1"),
        ])
        .unwrap();
        assert_eq!(e.internal_query(), Some("SELEC 1"));
        assert_eq!(e.position(), None);
        assert!(format!("{e:?}").contains("SELEC 1"));
        // With `P` (a position in the client's query) the two stay apart.
        let e = DbError::from_fields([
            (b'S', "ERROR"),
            (b'C', "42601"),
            (b'M', "syntax error"),
            (b'P', "8"),
            (b'q', "SELEC 1"),
        ])
        .unwrap();
        assert_eq!(e.position(), Some(&ErrorPosition::Original(8)));
        assert_eq!(e.internal_query(), Some("SELEC 1"));
    }

    #[test]
    fn db_error_missing_or_bad_required_fields_are_refused() {
        let err = DbError::from_fields([(b'S', "ERROR"), (b'M', "x")]).unwrap_err();
        assert_eq!(err.field, b'C');
        let err = DbError::from_fields([(b'S', "ERROR"), (b'C', "x"), (b'M', "x")]).unwrap_err();
        assert_eq!(err.field, b'C');
        let err = DbError::from_fields([(b'S', "E"), (b'C', "XX000"), (b'M', "m"), (b'P', "-1")])
            .unwrap_err();
        assert_eq!(err.field, b'P');
    }
}
