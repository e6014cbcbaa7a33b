//! Transactions and savepoints.
//!
//! A [`Transaction`] owns its connection: while it is open, requests from other clones of the
//! same [`Client`] are parked in order and written once it ends, so they never run inside it.
//! Dropping a transaction that was neither committed nor rolled back queues its ROLLBACK at once
//! (the reply is discarded): it is never lost, and the connection is idle again afterwards.

use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Client;
use super::reply::Reply;
use super::reply_reader::steps;
use crate::connection::{Ownership, Request};
use crate::error::Error;
use crate::protocol::backend::TransactionStatus;
use crate::protocol::frontend;

/// Tokens that tell a transaction's clone apart from every other clone.
static NEXT_OWNER: AtomicU64 = AtomicU64::new(1);

/// The isolation level of a transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IsolationLevel {
    /// `READ UNCOMMITTED` (PostgreSQL runs it as read committed).
    ReadUncommitted,
    /// `READ COMMITTED`, PostgreSQL's default.
    ReadCommitted,
    /// `REPEATABLE READ`.
    RepeatableRead,
    /// `SERIALIZABLE`.
    Serializable,
}

impl IsolationLevel {
    fn sql(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

/// Settings for a transaction's BEGIN; see [`Client::build_transaction`].
#[derive(Debug)]
#[must_use = "call start() to begin the transaction"]
pub struct TransactionBuilder<'a> {
    client: &'a Client,
    isolation: Option<IsolationLevel>,
    read_only: Option<bool>,
    deferrable: Option<bool>,
}

impl<'a> TransactionBuilder<'a> {
    /// The isolation level.
    pub fn isolation_level(mut self, level: IsolationLevel) -> Self {
        self.isolation = Some(level);
        self
    }

    /// `READ ONLY` (true) or `READ WRITE` (false).
    pub fn read_only(mut self, read_only: bool) -> Self {
        self.read_only = Some(read_only);
        self
    }

    /// `DEFERRABLE` (only meaningful for serializable read-only transactions).
    pub fn deferrable(mut self, deferrable: bool) -> Self {
        self.deferrable = Some(deferrable);
        self
    }

    /// Sends BEGIN with these settings.
    pub async fn start(self) -> Result<Transaction<'a>, Error> {
        let mut sql = String::from("BEGIN");
        if let Some(level) = self.isolation {
            sql.push_str(" ISOLATION LEVEL ");
            sql.push_str(level.sql());
        }
        match self.read_only {
            Some(true) => sql.push_str(" READ ONLY"),
            Some(false) => sql.push_str(" READ WRITE"),
            None => {}
        }
        match self.deferrable {
            Some(true) => sql.push_str(" DEFERRABLE"),
            Some(false) => sql.push_str(" NOT DEFERRABLE"),
            None => {}
        }
        Transaction::begin(self.client, &sql).await
    }
}

/// An open transaction (or savepoint). It derefs to a [`Client`] whose requests run inside it.
///
/// ```no_run
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// let tx = client.transaction().await?;
/// tx.execute("INSERT INTO t VALUES (1)", &[]).await?;
/// tx.commit().await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Transaction<'a> {
    client: Client,
    /// `None` for the transaction itself, the savepoint's name for a nested one.
    savepoint: Option<String>,
    depth: u32,
    done: bool,
    _parent: std::marker::PhantomData<&'a mut ()>,
}

impl Client {
    /// Begins a transaction with the server's defaults.
    pub async fn transaction(&self) -> Result<Transaction<'_>, Error> {
        Transaction::begin(self, "BEGIN").await
    }

    /// Begins a transaction with an isolation level, read-only or deferrable mode.
    ///
    /// ```no_run
    /// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
    /// use pgline::IsolationLevel;
    /// let tx = client
    ///     .build_transaction()
    ///     .isolation_level(IsolationLevel::Serializable)
    ///     .read_only(true)
    ///     .deferrable(true)
    ///     .start()
    ///     .await?;
    /// # drop(tx); Ok(()) }
    /// ```
    pub fn build_transaction(&self) -> TransactionBuilder<'_> {
        TransactionBuilder {
            client: self,
            isolation: None,
            read_only: None,
            deferrable: None,
        }
    }
}

impl<'a> Transaction<'a> {
    async fn begin(client: &'a Client, sql: &str) -> Result<Transaction<'a>, Error> {
        let mut owned = client.clone();
        owned.owner = Some(NEXT_OWNER.fetch_add(1, Ordering::Relaxed));
        let rx = owned.send(
            Request::simple().owned(owned.owner, Ownership::Take),
            |buf| frontend::query(sql, buf).map_err(Error::protocol),
        )?;
        // From here on, dropping the transaction (even before BEGIN's reply) rolls back and
        // gives the connection back.
        let transaction = Transaction {
            client: owned,
            savepoint: None,
            depth: 0,
            done: false,
            _parent: std::marker::PhantomData,
        };
        let mut reply = Reply::new(transaction.client.shared(), rx, steps::QUERY);
        transaction.client.timed(reply.finish()).await?;
        Ok(transaction)
    }

    /// The transaction status the server last reported (in a transaction, or failed).
    pub fn status(&self) -> TransactionStatus {
        self.client.transaction_status()
    }

    /// Commits (or, for a savepoint, releases it).
    pub async fn commit(mut self) -> Result<(), Error> {
        let sql = match &self.savepoint {
            Some(name) => format!("RELEASE SAVEPOINT {name}"),
            None => "COMMIT".to_owned(),
        };
        self.finish(&sql).await
    }

    /// Rolls back (or, for a savepoint, rolls back to it and releases it).
    pub async fn rollback(mut self) -> Result<(), Error> {
        let sql = self.rollback_sql();
        self.finish(&sql).await
    }

    /// A savepoint inside this transaction, itself a `Transaction`: commit releases it,
    /// rollback or drop rolls back to it.
    pub async fn savepoint(&mut self) -> Result<Transaction<'_>, Error> {
        let depth = self.depth + 1;
        let name = format!("pgline_sp{depth}");
        self.client
            .batch_execute(&format!("SAVEPOINT {name}"))
            .await?;
        Ok(Transaction {
            client: self.client.clone(),
            savepoint: Some(name),
            depth,
            done: false,
            _parent: std::marker::PhantomData,
        })
    }

    fn rollback_sql(&self) -> String {
        match &self.savepoint {
            Some(name) => format!("ROLLBACK TO SAVEPOINT {name}; RELEASE SAVEPOINT {name}"),
            None => "ROLLBACK".to_owned(),
        }
    }

    /// The ownership change ending this level: only the outermost gives the connection back.
    fn ending(&self) -> Ownership {
        match self.savepoint {
            Some(_) => Ownership::Keep,
            None => Ownership::Release,
        }
    }

    /// Sends the statement that ends this level; marked done first, so a dropped future can
    /// never send a second ROLLBACK.
    async fn finish(&mut self, sql: &str) -> Result<(), Error> {
        self.done = true;
        let rx = self.client.send(
            Request::simple().owned(self.client.owner, self.ending()),
            |buf| frontend::query(sql, buf).map_err(Error::protocol),
        )?;
        let mut reply = Reply::new(self.client.shared(), rx, steps::QUERY);
        self.client.timed(reply.finish()).await
    }
}

impl Deref for Transaction<'_> {
    type Target = Client;

    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Drop for Transaction<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let sql = self.rollback_sql();
        // Queued now, ahead of anything sent later; the reply is drained by the connection.
        let queued = self.client.send(
            Request::simple().owned(self.client.owner, self.ending()),
            |buf| frontend::query(&sql, buf).map_err(Error::protocol),
        );
        drop(queued);
    }
}
