//! The per-connection prepared-statement cache behind `query(text, ...)` and friends: SQL text to
//! [`Statement`], least recently used out first. An evicted statement is closed on the server
//! when its last holder drops it. Size 0 turns it off: text then runs on the unnamed statement
//! only, which is what PgBouncer in transaction mode needs.

use std::collections::HashMap;

use super::statement::Statement;

/// The cache's counters; see [`Client::statement_cache_stats`](super::Client::statement_cache_stats).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatementCacheStats {
    /// Lookups that found a prepared statement.
    pub hits: u64,
    /// Lookups that had to prepare.
    pub misses: u64,
    /// Statements dropped for an error that invalidated them (SQLSTATE 0A000 or 26000).
    pub invalidations: u64,
    /// Statements held now.
    pub len: usize,
    /// The most it holds.
    pub capacity: usize,
}

/// Statements keyed by their SQL text.
pub(crate) struct StatementCache {
    capacity: usize,
    entries: HashMap<String, Entry>,
    clock: u64,
    stats: StatementCacheStats,
}

struct Entry {
    statement: Statement,
    last_used: u64,
}

impl StatementCache {
    pub(crate) fn new(capacity: usize) -> StatementCache {
        StatementCache {
            capacity,
            entries: HashMap::new(),
            clock: 0,
            stats: StatementCacheStats::default(),
        }
    }

    pub(crate) fn is_enabled(&self) -> bool {
        self.capacity > 0
    }

    /// The statement for `sql`, counting a hit or a miss.
    pub(crate) fn get(&mut self, sql: &str) -> Option<Statement> {
        self.clock += 1;
        match self.entries.get_mut(sql) {
            Some(entry) => {
                entry.last_used = self.clock;
                self.stats.hits += 1;
                Some(entry.statement.clone())
            }
            None => {
                self.stats.misses += 1;
                None
            }
        }
    }

    /// Keeps `statement` for `sql`, evicting the least recently used one when full.
    pub(crate) fn insert(&mut self, sql: &str, statement: Statement) {
        if self.capacity == 0 {
            return;
        }
        if !self.entries.contains_key(sql) && self.entries.len() >= self.capacity {
            // A linear scan: evictions are rare next to hits, and the cache is small.
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        self.clock += 1;
        self.entries.insert(
            sql.to_owned(),
            Entry {
                statement,
                last_used: self.clock,
            },
        );
    }

    /// Forgets the statement for `sql` if it is still `statement` (another task may have
    /// prepared a fresh one meanwhile).
    pub(crate) fn invalidate(&mut self, sql: &str, statement: &Statement) {
        if self
            .entries
            .get(sql)
            .is_some_and(|e| e.statement.same_as(statement))
        {
            self.entries.remove(sql);
            self.stats.invalidations += 1;
        }
    }

    pub(crate) fn stats(&self) -> StatementCacheStats {
        StatementCacheStats {
            len: self.entries.len(),
            capacity: self.capacity,
            ..self.stats
        }
    }
}
