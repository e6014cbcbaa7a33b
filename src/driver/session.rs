//! [`Session`]: one pooled connection and the seed adapter's operations on it.

use std::sync::Arc;

use super::database::{Database, Shared};
use super::observe::{Query, observed};
use super::params::{NamedQuery, Prepared};
use crate::client::{Client, FromRow, Row, StackResult, StatementStack};
use crate::error::Error;
use crate::pool::PooledClient;
use crate::sql::ToParams;
use crate::types::{FromSql, SqlParam};

/// Positional parameters, as [`Client::query`] takes them: `&[&1i32, &"x"]`.
pub(crate) type Params<'a> = &'a [&'a (dyn SqlParam + Sync)];

/// A connection lent by a [`Database`], with the driver's operations.
///
/// SQL text may use any placeholder style [`crate::sql`] knows (`$1`, `?`, `:1`, `%s`, and the
/// named `:name`, `%(name)s`, `$name`, `@name` with values in order of first appearance, or
/// by name through [`Session::named`]); each text is converted once per database. A statement
/// without parameters is sent as written. Whether a statement returns rows is what the server
/// says in its reply (`INSERT ... RETURNING`, `CALL` with OUT parameters and `SHOW` all work
/// with `select`).
///
/// Cheap to clone: clones share the connection, which goes back to the pool when the last one
/// is dropped (an open transaction is rolled back then).
///
/// ```no_run
/// # async fn f(db: &pgline::Database) -> Result<(), pgline::Error> {
/// let session = db.session().await?;
/// session.execute("UPDATE users SET seen = now() WHERE id = ?", &[&7i32]).await?;
/// let users: Vec<(i32, String)> = session.select("SELECT id, name FROM users", &[]).await?;
/// let name: Option<String> = session
///     .select_value_or_none("SELECT name FROM users WHERE id = $1", &[&8i32])
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    client: PooledClient,
    db: Arc<Shared>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(hooks) = &self.db.hooks {
            hooks.on_session_end();
        }
    }
}

impl Session {
    pub(crate) fn new(client: PooledClient, db: Arc<Shared>) -> Session {
        if let Some(hooks) = &db.hooks {
            hooks.on_session_start();
        }
        Session {
            inner: Arc::new(Inner { client, db }),
        }
    }

    /// The connection's [`Client`], for what the driver does not wrap (COPY, pipelines,
    /// notifications, the data dictionary).
    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The data dictionary over this session's connection: server version, features, tables
    /// in foreign-key order, columns, indexes, foreign keys.
    pub fn dictionary(&self) -> crate::dictionary::Dictionary<'_> {
        crate::dictionary::Dictionary::new(self.client())
    }

    /// The database this session came from.
    pub fn database(&self) -> Database {
        Database {
            shared: self.inner.db.clone(),
        }
    }

    pub(crate) fn db(&self) -> &Shared {
        &self.inner.db
    }

    /// A statement with named placeholders and its values by name; see [`NamedQuery`].
    pub fn named<'a, N, I>(&self, sql: &str, params: I) -> Result<NamedQuery<'a>, Error>
    where
        N: AsRef<str>,
        I: IntoIterator<Item = (N, &'a (dyn SqlParam + Sync))>,
    {
        NamedQuery::new(&self.db().sql, sql, params)
    }

    /// A statement with named placeholders and its values from a map or a
    /// `#[derive(ToParams)]` struct; a name without a value, or a value the statement does not
    /// use, is an error before anything is sent.
    ///
    /// ```no_run
    /// # async fn f(session: &pgline::Session) -> Result<(), pgline::Error> {
    /// #[derive(pgline::ToParams)]
    /// struct Lookup {
    ///     id: i32,
    ///     org: i32,
    /// }
    /// let lookup = Lookup { id: 7, org: 3 };
    /// let q = session.named_from("SELECT name FROM users WHERE id = :id AND org = :org", &lookup)?;
    /// let name: String = session.select_value(q.sql(), q.params()).await?;
    /// # Ok(()) }
    /// ```
    pub fn named_from<'a, P: ToParams + ?Sized>(
        &self,
        sql: &str,
        params: &'a P,
    ) -> Result<NamedQuery<'a>, Error> {
        NamedQuery::from_params(&self.db().sql, sql, params)
    }

    /// Runs a statement and returns the rows it affected (0 for statements that report none,
    /// such as `SHOW` or `CREATE TABLE`). Rows it returns are read and dropped.
    pub async fn execute(&self, sql: &str, params: Params<'_>) -> Result<u64, Error> {
        observed!(
            self,
            sql,
            params,
            |client, text| client.execute(text, params),
            |n| *n
        )
    }

    /// Runs one statement once per parameter set: one Parse (when not cached), a Bind and
    /// Execute per set, one Sync, in one round trip. Atomic: a failing set rolls every set
    /// back (outside a transaction) and is named by [`Error::operation`]. Returns the rows
    /// affected in total.
    ///
    /// ```no_run
    /// # async fn f(session: &pgline::Session) -> Result<(), pgline::Error> {
    /// use pgline::types::SqlParam;
    /// let sets: Vec<[&(dyn SqlParam + Sync); 2]> = vec![[&1i32, &"a"], [&2i32, &"b"]];
    /// let n = session.execute_many("INSERT INTO t (id, name) VALUES (?, ?)", &sets).await?;
    /// assert_eq!(n, 2);
    /// # Ok(()) }
    /// ```
    pub async fn execute_many<'p, S>(&self, sql: &str, sets: &'p [S]) -> Result<u64, Error>
    where
        S: AsRef<[&'p (dyn SqlParam + Sync)]>,
    {
        self.execute_many_sets(sql, sets.iter().map(AsRef::as_ref))
            .await
    }

    async fn execute_many_sets<'p, I>(&self, sql: &str, sets: I) -> Result<u64, Error>
    where
        I: ExactSizeIterator<Item = &'p [&'p (dyn SqlParam + Sync)]> + Clone,
    {
        let Some(first) = sets.clone().next() else {
            return Ok(0);
        };
        let db = self.db();
        let prepared = db.sql.prepare(sql, first.len())?;
        let operation = prepared.operation();
        let query = Query {
            operation: &operation,
            statement: prepared.sql(),
            params: first,
        };
        let work = Box::pin(
            self.client()
                .execute_many(prepared.sql(), sets.map(|set| set.iter().copied())),
        );
        db.observe(query, work, |n| *n).await
    }

    /// Runs `stack` as one pipeline; see [`Client::execute_stack`] for how errors spread. The
    /// stack never commits or rolls back a transaction it did not open: inside the session's
    /// transaction with `continue_on_error`, each operation runs in its own savepoint.
    ///
    /// SQL text with parameters may use any placeholder style, as in [`Session::execute`]; a
    /// wrong parameter count fails the stack before anything is sent, naming the operation.
    pub async fn execute_stack(
        &self,
        stack: &StatementStack<'_>,
        continue_on_error: bool,
    ) -> Result<Vec<StackResult>, Error> {
        let db = self.db();
        // Every conversion first (the rewritten stack borrows them); a wrong count names its
        // operation.
        let mut entries = Vec::with_capacity(stack.len());
        for (index, sql, sets) in stack.texts() {
            let supplied = sets.first().map_or(0, |set| set.len());
            entries.push(
                match db
                    .sql
                    .prepare(sql, supplied)
                    .map_err(|e| e.in_operation(index))?
                {
                    Prepared::Plain(_) => None,
                    Prepared::Converted(entry) => Some(entry),
                },
            );
        }
        let mut converted = entries.iter();
        let stack = stack.rewrite_texts(|sql| match converted.next() {
            Some(Some(entry)) => entry.converted.sql.as_str(),
            _ => sql,
        });
        let query = Query {
            operation: "STACK",
            statement: "",
            params: &[],
        };
        let work = Box::pin(self.client().execute_stack(&stack, continue_on_error));
        db.observe(query, work, |results| {
            results
                .iter()
                .map(|r| r.rows_affected.max(r.rows.len() as u64))
                .sum()
        })
        .await
    }

    /// Runs a statement and returns all its rows.
    pub async fn rows(&self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, Error> {
        observed!(
            self,
            sql,
            params,
            |client, text| client.query(text, params),
            |r| r.len() as u64
        )
    }

    /// Runs a statement and returns every row as a `T` (a tuple, a [`Row`], a struct deriving
    /// [`FromRow`]); an empty vector when it returns none or is a command without RETURNING.
    pub async fn select<T: FromRow>(&self, sql: &str, params: Params<'_>) -> Result<Vec<T>, Error> {
        self.rows(sql, params)
            .await?
            .iter()
            .map(T::from_row)
            .collect()
    }

    /// The one row a statement returns: [`ErrorKind::NotFound`](crate::ErrorKind::NotFound)
    /// when it returns none,
    /// [`ErrorKind::MultipleResultsFound`](crate::ErrorKind::MultipleResultsFound) when more.
    pub async fn select_one<T: FromRow>(&self, sql: &str, params: Params<'_>) -> Result<T, Error> {
        match self.select_one_or_none(sql, params).await? {
            Some(row) => Ok(row),
            None => Err(Error::not_found(
                "select_one: the statement returned no rows",
            )),
        }
    }

    /// The row a statement returns, `None` when it returns none;
    /// [`ErrorKind::MultipleResultsFound`](crate::ErrorKind::MultipleResultsFound) when more.
    pub async fn select_one_or_none<T: FromRow>(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<T>, Error> {
        let rows = self.rows(sql, params).await?;
        match rows.as_slice() {
            [] => Ok(None),
            [row] => T::from_row(row).map(Some),
            more => Err(Error::multiple_results(format!(
                "expected at most one row, the statement returned {}",
                more.len()
            ))),
        }
    }

    /// The first column of the one row a statement returns; errors as
    /// [`select_one`](Self::select_one). Read a nullable value as an `Option`.
    pub async fn select_value<V>(&self, sql: &str, params: Params<'_>) -> Result<V, Error>
    where
        V: for<'a> FromSql<'a>,
    {
        let row: Row = self.select_one(sql, params).await?;
        row.try_get(0)
    }

    /// The first column of the row a statement returns, `None` when it returns no row (a
    /// NULL value is decoded as `V`: ask for `Option<V>` when it may be NULL).
    pub async fn select_value_or_none<V>(
        &self,
        sql: &str,
        params: Params<'_>,
    ) -> Result<Option<V>, Error>
    where
        V: for<'a> FromSql<'a>,
    {
        match self.select_one_or_none::<Row>(sql, params).await? {
            Some(row) => row.try_get(0).map(Some),
            None => Ok(None),
        }
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Session").field(self.client()).finish()
    }
}
