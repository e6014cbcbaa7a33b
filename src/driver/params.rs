//! Placeholder styles to `$n`, once per SQL text: the converted text, its parameter names and
//! its operation keyword are cached per [`Database`](super::Database).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::error::{Error, ErrorKind};
use crate::sql::{Converted, Lexer, ParamStyle, SqlError, ToParams, TokenKind, convert, detect};
use crate::types::SqlParam;

/// How many converted texts are kept; past it the cache starts afresh (an application's
/// distinct statements number far fewer; a flood of one-off texts must not grow it for ever).
const MAX_ENTRIES: usize = 4096;

/// One SQL text as sent: placeholders as `$n`.
#[derive(Debug)]
pub(crate) struct SqlEntry {
    pub(crate) converted: Converted,
    pub(crate) style: ParamStyle,
    pub(crate) operation: Box<str>,
}

/// The per-database conversion cache.
pub(crate) struct SqlCache {
    style: Option<ParamStyle>,
    entries: Mutex<HashMap<Box<str>, Arc<SqlEntry>>>,
}

impl SqlCache {
    pub(crate) fn new(style: Option<ParamStyle>) -> SqlCache {
        SqlCache {
            style,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The conversion of `sql`, made on first use.
    pub(crate) fn entry(&self, sql: &str) -> Result<Arc<SqlEntry>, Error> {
        if let Some(entry) = self.lock().get(sql) {
            return Ok(entry.clone());
        }
        let style = match self.style {
            Some(style) => style,
            None => detect(sql).unwrap_or(ParamStyle::Dollar),
        };
        let converted = convert(sql, style).map_err(sql_error)?;
        let entry = Arc::new(SqlEntry {
            operation: operation(sql).into(),
            converted,
            style,
        });
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(sql.into(), entry.clone());
        Ok(entry)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Box<str>, Arc<SqlEntry>>> {
        // Plain data: a panic while holding it cannot leave it inconsistent.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The text to send for `sql` with `supplied` positional parameters, and its operation.
///
/// Text without parameters is sent as written: it has no placeholders to convert, and a `?`
/// in it is jsonb's operator, never a parameter.
pub(crate) enum Prepared<'s> {
    Plain(&'s str),
    Converted(Arc<SqlEntry>),
}

impl Prepared<'_> {
    pub(crate) fn sql(&self) -> &str {
        match self {
            Prepared::Plain(sql) => sql,
            Prepared::Converted(entry) => &entry.converted.sql,
        }
    }

    pub(crate) fn operation(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Prepared::Plain(sql) => operation(sql).into(),
            Prepared::Converted(entry) => (&*entry.operation).into(),
        }
    }
}

impl SqlCache {
    pub(crate) fn prepare<'s>(&self, sql: &'s str, supplied: usize) -> Result<Prepared<'s>, Error> {
        if supplied == 0 {
            return Ok(Prepared::Plain(sql));
        }
        let entry = self.entry(sql)?;
        if entry.style.is_named() {
            // Values in order of first appearance: `:a, :b, :a` takes [a, b].
            if entry.converted.names.len() != supplied {
                return Err(count_error(entry.converted.names.len(), supplied));
            }
        } else if entry.converted.count != supplied {
            return Err(count_error(entry.converted.count, supplied));
        }
        Ok(Prepared::Converted(entry))
    }
}

fn count_error(wanted: usize, supplied: usize) -> Error {
    Error::new(
        ErrorKind::Usage,
        Some(format!(
            "the statement takes {wanted} parameters, {supplied} were given"
        )),
        None,
    )
    .before_send()
}

fn sql_error(e: SqlError) -> Error {
    Error::new(
        ErrorKind::Usage,
        Some("the statement's placeholders could not be converted".into()),
        Some(Box::new(e)),
    )
    .before_send()
}

/// The statement's first keyword, upper-cased (`SELECT`, `WITH`, `CALL`), for spans and hooks.
pub(crate) fn operation(sql: &str) -> String {
    Lexer::new(sql)
        .find(|t| !t.is_trivia())
        .filter(|t| matches!(t.kind, TokenKind::Ident))
        .map(|t| t.text(sql).to_ascii_uppercase())
        .unwrap_or_default()
}

/// A statement with named placeholders and its values in `$n` order; see
/// [`Session::named`](super::Session::named).
///
/// ```no_run
/// # async fn f(session: &pgline::Session) -> Result<(), pgline::Error> {
/// let q = session.named(
///     "SELECT name FROM users WHERE id = :id AND org = :org",
///     [("org", &3i32 as &(dyn pgline::types::SqlParam + Sync)), ("id", &7i32)],
/// )?;
/// let name: String = session.select_value(q.sql(), q.params()).await?;
/// # Ok(()) }
/// ```
pub struct NamedQuery<'a> {
    entry: Arc<SqlEntry>,
    params: Vec<&'a (dyn SqlParam + Sync)>,
}

impl<'a> NamedQuery<'a> {
    pub(crate) fn new<N, I>(cache: &SqlCache, sql: &str, params: I) -> Result<NamedQuery<'a>, Error>
    where
        N: AsRef<str>,
        I: IntoIterator<Item = (N, &'a (dyn SqlParam + Sync))>,
    {
        let entry = cache.entry(sql)?;
        if !entry.style.is_named() && entry.converted.count > 0 {
            return Err(Error::new(
                ErrorKind::Usage,
                Some(format!(
                    "named parameters given to a statement with {:?} placeholders",
                    entry.style
                )),
                None,
            )
            .before_send());
        }
        let params = entry.converted.order_named(params).map_err(sql_error)?;
        Ok(NamedQuery { entry, params })
    }

    pub(crate) fn from_params<P: ToParams + ?Sized>(
        cache: &SqlCache,
        sql: &str,
        params: &'a P,
    ) -> Result<NamedQuery<'a>, Error> {
        let entry = cache.entry(sql)?;
        let params = entry.converted.bind(params).map_err(sql_error)?;
        Ok(NamedQuery { entry, params })
    }

    /// The statement with `$n` placeholders.
    pub fn sql(&self) -> &str {
        &self.entry.converted.sql
    }

    /// The values, in `$n` order.
    pub fn params(&self) -> &[&'a (dyn SqlParam + Sync)] {
        &self.params
    }
}

impl std::fmt::Debug for NamedQuery<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The values may be secrets.
        f.debug_struct("NamedQuery")
            .field("sql", &self.sql())
            .field("params", &self.params.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_style_is_detected_and_converted_once() {
        let cache = SqlCache::new(None);
        for (sql, want) in [
            ("SELECT ?, ?", "SELECT $1, $2"),
            ("SELECT %s, %s", "SELECT $1, $2"),
            ("SELECT :1, :2", "SELECT $1, $2"),
            ("SELECT $1, $2", "SELECT $1, $2"),
        ] {
            let p = cache.prepare(sql, 2).unwrap();
            assert_eq!(p.sql(), want, "{sql}");
            let again = cache.entry(sql).unwrap();
            let Prepared::Converted(first) = p else {
                panic!("{sql} was not converted")
            };
            assert!(Arc::ptr_eq(&first, &again), "{sql} converted twice");
        }
        let named = cache.prepare("SELECT :a, :b, :a", 2).unwrap();
        assert_eq!(named.sql(), "SELECT $1, $2, $1");
    }

    #[test]
    fn a_wrong_parameter_count_is_refused_before_sending() {
        let cache = SqlCache::new(None);
        let e = cache.prepare("SELECT ?, ?", 1).err().unwrap();
        assert_eq!(e.kind(), ErrorKind::Usage);
        assert!(e.is_safe_to_retry());
    }

    #[test]
    fn text_without_parameters_is_sent_as_written() {
        let cache = SqlCache::new(None);
        let sql = "SELECT '{\"a\":1}'::jsonb ? 'a'";
        assert_eq!(cache.prepare(sql, 0).unwrap().sql(), sql);
    }

    #[test]
    fn the_operation_is_the_first_keyword_after_comments() {
        assert_eq!(operation("  /* hint */ -- x\n select 1"), "SELECT");
        assert_eq!(operation("WITH d AS (DELETE FROM t) SELECT 1"), "WITH");
        assert_eq!(operation(""), "");
    }

    #[test]
    fn named_values_are_put_in_placeholder_order() {
        let cache = SqlCache::new(None);
        let (a, b) = (1i32, 2i32);
        let q = NamedQuery::new(
            &cache,
            "SELECT :b, :a, :b",
            [
                ("a", &a as &(dyn SqlParam + Sync)),
                ("b", &b as &(dyn SqlParam + Sync)),
            ],
        )
        .unwrap();
        assert_eq!(q.sql(), "SELECT $1, $2, $1");
        assert_eq!(format!("{:?}", q.params()), "[2, 1]");
        let missing = NamedQuery::new(
            &cache,
            "SELECT :a, :c",
            [("a", &a as &(dyn SqlParam + Sync))],
        );
        assert!(missing.is_err());
    }
}
