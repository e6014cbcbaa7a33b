//! Scripts: SQL text with several statements, split by the [lexer](crate::sql) (so `DO $$ ...
//! $$`, `BEGIN ATOMIC ... END` bodies and `E'\''` strings stay whole) and run one by one.

use super::observe::Query;
use super::params::operation;
use super::session::Session;
use crate::client::SimpleQueryMessage;
use crate::error::Error;
use crate::sql::split_statements;

/// What one statement of a script did; see [`Session::execute_script`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptResult {
    /// The statement's position in the script.
    pub index: usize,
    /// The statement, as split from the script.
    pub statement: String,
    /// The rows it affected (for a query, returned), from its command tag; 0 when it reports
    /// none.
    pub rows_affected: u64,
}

impl Session {
    /// Runs a script statement by statement, in order, each with the simple query protocol,
    /// and returns one [`ScriptResult`] per statement. The first failing statement stops the
    /// script; its error names it with [`Error::operation`]. Statements before it stay done
    /// unless the script opened a transaction of its own.
    ///
    /// ```no_run
    /// # async fn f(session: &pgline::Session) -> Result<(), pgline::Error> {
    /// let results = session
    ///     .execute_script(
    ///         "CREATE TEMP TABLE t (s text);
    ///          INSERT INTO t VALUES (E'it\\'s; fine'), ('two');
    ///          DO $$ BEGIN PERFORM 1; END $$;",
    ///     )
    ///     .await?;
    /// assert_eq!(results[1].rows_affected, 2);
    /// # Ok(()) }
    /// ```
    pub async fn execute_script(&self, script: &str) -> Result<Vec<ScriptResult>, Error> {
        let mut results = Vec::new();
        for (index, statement) in split_statements(script).into_iter().enumerate() {
            let op = operation(statement);
            let query = Query {
                operation: &op,
                statement,
                params: &[],
            };
            let messages = self
                .db()
                .observe(query, self.client().simple_query(statement), |m| {
                    completed(m)
                })
                .await
                .map_err(|e| e.in_operation(index))?;
            results.push(ScriptResult {
                index,
                statement: statement.to_owned(),
                rows_affected: completed(&messages),
            });
        }
        Ok(results)
    }
}

fn completed(messages: &[SimpleQueryMessage]) -> u64 {
    messages
        .iter()
        .map(|m| match m {
            SimpleQueryMessage::CommandComplete(n) => *n,
            _ => 0,
        })
        .sum()
}
