//! Transactions on a session: `begin`/`commit`/`rollback`, and the closure form that runs a
//! transaction again after a retryable failure.

use std::future::Future;
use std::time::Duration;

use super::database::Database;
use super::observe::Query;
use super::session::Session;
use crate::client::IsolationLevel;
use crate::error::{Error, ErrorKind};
use crate::protocol::backend::TransactionStatus;

/// The first pause before running a transaction again; doubled for each retry.
const FIRST_BACKOFF: Duration = Duration::from_millis(5);

fn begin_sql(level: Option<IsolationLevel>) -> &'static str {
    match level {
        None => "BEGIN",
        Some(IsolationLevel::ReadUncommitted) => "BEGIN ISOLATION LEVEL READ UNCOMMITTED",
        Some(IsolationLevel::ReadCommitted) => "BEGIN ISOLATION LEVEL READ COMMITTED",
        Some(IsolationLevel::RepeatableRead) => "BEGIN ISOLATION LEVEL REPEATABLE READ",
        Some(IsolationLevel::Serializable) => "BEGIN ISOLATION LEVEL SERIALIZABLE",
    }
}

impl Session {
    async fn command(&self, operation: &str, sql: &str) -> Result<(), Error> {
        let query = Query {
            operation,
            statement: sql,
            params: &[],
        };
        self.db()
            .observe(query, self.client().batch_execute(sql), |_| 0)
            .await
    }

    /// Opens a transaction (`BEGIN`). Until [`commit`](Self::commit) or
    /// [`rollback`](Self::rollback), every operation of this session (and its clones) runs in
    /// it; a session dropped with it open is rolled back by the pool.
    pub async fn begin(&self) -> Result<(), Error> {
        self.command("BEGIN", "BEGIN").await
    }

    /// Opens a transaction at an isolation level.
    pub async fn begin_with(&self, level: IsolationLevel) -> Result<(), Error> {
        self.command("BEGIN", begin_sql(Some(level))).await
    }

    /// Commits the open transaction. A transaction that an error aborted cannot commit: it is
    /// rolled back and an error says so (a bare `COMMIT` would roll it back silently).
    pub async fn commit(&self) -> Result<(), Error> {
        if self.client().transaction_status() == TransactionStatus::Failed {
            self.rollback().await?;
            return Err(Error::new(
                ErrorKind::Usage,
                Some("commit of a transaction an earlier error aborted; it was rolled back".into()),
                None,
            ));
        }
        self.command("COMMIT", "COMMIT").await
    }

    /// Rolls the open transaction back.
    pub async fn rollback(&self) -> Result<(), Error> {
        self.command("ROLLBACK", "ROLLBACK").await
    }

    /// Runs `work` in a transaction on this session: commits when it returns `Ok`, rolls back
    /// when it returns an error. A serialization failure or deadlock (in `work` or at commit)
    /// runs it again, up to `transaction_retries` times; a lost connection cannot be retried
    /// on the same session (use [`Database::transaction`]).
    pub async fn transaction<T, F, Fut>(&self, work: F) -> Result<T, Error>
    where
        F: FnMut(Session) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.transaction_with(None, work).await
    }

    /// [`transaction`](Self::transaction) at an isolation level (`None`: the server's default).
    pub async fn transaction_with<T, F, Fut>(
        &self,
        level: Option<IsolationLevel>,
        mut work: F,
    ) -> Result<T, Error>
    where
        F: FnMut(Session) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        if self.client().transaction_status() != TransactionStatus::Idle {
            return Err(Error::new(
                ErrorKind::Usage,
                Some("a transaction is already open on this session".into()),
                None,
            ));
        }
        let retries = self.db().settings.transaction_retries;
        let mut attempt = 0;
        loop {
            match self.run_once(level, &mut work).await {
                Err(Failed { retry: true, .. })
                    if attempt < retries && !self.client().is_closed() =>
                {
                    backoff(attempt).await;
                    attempt += 1;
                }
                result => return result.map_err(|f| f.error),
            }
        }
    }

    /// One attempt: BEGIN, the work, COMMIT (or ROLLBACK on its error).
    async fn run_once<T, F, Fut>(
        &self,
        level: Option<IsolationLevel>,
        work: &mut F,
    ) -> Result<T, Failed>
    where
        F: FnMut(Session) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.command("BEGIN", begin_sql(level))
            .await
            .map_err(Failed::new)?;
        match work(self.clone()).await {
            Ok(value) => match self.commit().await {
                Ok(()) => Ok(value),
                Err(e) => {
                    if e.kind() != ErrorKind::Db {
                        // The connection went away with COMMIT sent: it may have committed,
                        // and running the work again could do it twice.
                        return Err(Failed {
                            error: e,
                            retry: false,
                        });
                    }
                    if self.client().transaction_status() != TransactionStatus::Idle {
                        let _ = self.rollback().await;
                    }
                    Err(Failed::new(e))
                }
            },
            Err(e) => {
                if !self.client().is_closed()
                    && self.client().transaction_status() != TransactionStatus::Idle
                {
                    // The work's error is what the caller needs; a failed rollback closes
                    // the connection when it goes back to the pool.
                    let _ = self.rollback().await;
                }
                Err(Failed::new(e))
            }
        }
    }
}

/// A failed attempt, and whether running it again is safe and may succeed.
struct Failed {
    error: Error,
    retry: bool,
}

impl Failed {
    fn new(error: Error) -> Failed {
        Failed {
            retry: error.is_retryable(),
            error,
        }
    }
}

impl Database {
    /// Runs `work` in a transaction on a session of its own: commits when it returns `Ok`,
    /// rolls back when it returns an error, and runs it again (on a fresh session) after a
    /// serialization failure, a deadlock or a lost connection, up to `transaction_retries`
    /// times. `work` must be safe to run more than once. A connection lost while COMMIT was on
    /// its way is not retried: the transaction may have committed.
    ///
    /// ```no_run
    /// # async fn f(db: &pgline::Database) -> Result<(), pgline::Error> {
    /// let moved: u64 = db
    ///     .transaction(|tx| async move {
    ///         tx.execute("UPDATE accounts SET balance = balance - 10 WHERE id = 1", &[]).await?;
    ///         tx.execute("UPDATE accounts SET balance = balance + 10 WHERE id = 2", &[]).await
    ///     })
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn transaction<T, F, Fut>(&self, work: F) -> Result<T, Error>
    where
        F: FnMut(Session) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        self.transaction_with(None, work).await
    }

    /// [`transaction`](Self::transaction) at an isolation level (`None`: the server's default).
    pub async fn transaction_with<T, F, Fut>(
        &self,
        level: Option<IsolationLevel>,
        mut work: F,
    ) -> Result<T, Error>
    where
        F: FnMut(Session) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
    {
        let retries = self.settings().transaction_retries;
        let mut attempt = 0;
        loop {
            let result = match self.session().await {
                Ok(session) => session.run_once(level, &mut work).await,
                Err(e) => Err(Failed::new(e)),
            };
            match result {
                Err(Failed { retry: true, .. }) if attempt < retries => {
                    backoff(attempt).await;
                    attempt += 1;
                }
                result => return result.map_err(|f| f.error),
            }
        }
    }
}

/// Waits before attempt `attempt + 1`: doubling from [`FIRST_BACKOFF`], with up to half of it
/// random, so that two transactions that collided do not collide again in step.
async fn backoff(attempt: u32) {
    let base = FIRST_BACKOFF * 2u32.saturating_pow(attempt.min(8));
    let jitter = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
        % (base.as_micros() as u32 / 2 + 1);
    tokio::time::sleep(base + Duration::from_micros(u64::from(jitter))).await;
}
