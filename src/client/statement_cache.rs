//! The per-connection prepared-statement cache behind `query(text, ...)` and friends: SQL text to
//! [`Statement`], least recently used out first. An evicted statement is closed on the server
//! when its last holder drops it. Size 0 turns it off: text then runs on the unnamed statement
//! only, which is what PgBouncer in transaction mode needs. As asyncpg's: an entry older than the
//! lifetime is prepared afresh, and text longer than the size limit is never cached (it runs on
//! the unnamed statement, so a one-off giant statement does not push out the hot ones).

use std::collections::HashMap;
use std::time::{Duration, Instant};

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
    /// Statements dropped because they outlived the cache's statement lifetime.
    pub expired: u64,
}

/// How a connection's statement cache is bounded; see
/// [`ConnectOptions`](crate::ConnectOptions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CachePolicy {
    /// The most statements kept; 0 turns the cache off.
    pub capacity: usize,
    /// A statement prepared longer ago than this is prepared again; `None`: kept for ever.
    pub lifetime: Option<Duration>,
    /// SQL text longer than this many bytes is not cached; `None`: no limit.
    pub max_len: Option<usize>,
}

/// Statements keyed by their SQL text.
pub(crate) struct StatementCache {
    capacity: usize,
    lifetime: Option<Duration>,
    max_len: Option<usize>,
    entries: HashMap<String, Entry>,
    clock: u64,
    stats: StatementCacheStats,
}

struct Entry {
    statement: Statement,
    last_used: u64,
    prepared_at: Instant,
}

impl StatementCache {
    pub(crate) fn new(policy: CachePolicy) -> StatementCache {
        StatementCache {
            capacity: policy.capacity,
            lifetime: policy.lifetime,
            max_len: policy.max_len,
            entries: HashMap::new(),
            clock: 0,
            stats: StatementCacheStats::default(),
        }
    }

    pub(crate) fn is_enabled(&self) -> bool {
        self.capacity > 0
    }

    /// Whether `sql` may be cached: the cache is on and the text is not over the size limit.
    pub(crate) fn accepts(&self, sql: &str) -> bool {
        self.capacity > 0 && self.max_len.is_none_or(|max| sql.len() <= max)
    }

    /// The statement for `sql`, counting a hit or a miss.
    pub(crate) fn get(&mut self, sql: &str) -> Option<Statement> {
        // The clock is read only when entries can expire: a hit stays a hash lookup.
        let now = self.lifetime.map(|_| Instant::now());
        self.get_at(sql, now)
    }

    /// [`get`](Self::get) at `now` (`None` when entries never expire).
    pub(crate) fn get_at(&mut self, sql: &str, now: Option<Instant>) -> Option<Statement> {
        self.clock += 1;
        if let (Some(lifetime), Some(now)) = (self.lifetime, now)
            && self
                .entries
                .get(sql)
                .is_some_and(|e| now.saturating_duration_since(e.prepared_at) > lifetime)
        {
            self.entries.remove(sql);
            self.stats.expired += 1;
        }
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
        self.insert_at(sql, statement, Instant::now());
    }

    /// [`insert`](Self::insert), prepared at `now`.
    pub(crate) fn insert_at(&mut self, sql: &str, statement: Statement, now: Instant) {
        if !self.accepts(sql) {
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
                prepared_at: now,
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

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Weak};

    use super::*;
    use crate::client::statement::StatementInner;
    use crate::types::CodecContext;

    fn statement(name: &str) -> Statement {
        Statement::new(StatementInner {
            name: name.to_owned(),
            params: Vec::new(),
            columns: Vec::new(),
            codecs: Arc::new(CodecContext::default()),
            connection: Weak::new(),
            may_copy: false,
        })
    }

    fn cache(lifetime: Option<Duration>, max_len: Option<usize>) -> StatementCache {
        StatementCache::new(CachePolicy {
            capacity: 4,
            lifetime,
            max_len,
        })
    }

    #[test]
    fn a_statement_older_than_the_lifetime_is_a_miss_and_is_dropped() {
        let mut c = cache(Some(Duration::from_secs(300)), None);
        let t0 = Instant::now();
        c.insert_at("SELECT 1", statement("s1"), t0);
        assert!(
            c.get_at("SELECT 1", Some(t0 + Duration::from_secs(300)))
                .is_some()
        );
        assert!(
            c.get_at("SELECT 1", Some(t0 + Duration::from_secs(301)))
                .is_none()
        );
        let stats = c.stats();
        assert_eq!(
            (stats.hits, stats.misses, stats.expired, stats.len),
            (1, 1, 1, 0)
        );
    }

    #[test]
    fn without_a_lifetime_statements_never_expire() {
        let mut c = cache(None, None);
        let t0 = Instant::now();
        c.insert_at("SELECT 1", statement("s1"), t0);
        assert!(
            c.get_at("SELECT 1", Some(t0 + Duration::from_secs(86_400)))
                .is_some()
        );
        assert_eq!(c.stats().expired, 0);
    }

    #[test]
    fn text_longer_than_the_size_limit_is_not_cached() {
        let mut c = cache(None, Some(10));
        let short = "SELECT 10";
        let long = "SELECT 100";
        let longer = "SELECT 1000";
        assert!(c.accepts(short) && c.accepts(long) && !c.accepts(longer));
        c.insert(long, statement("s1"));
        c.insert(longer, statement("s2"));
        assert!(c.get(long).is_some());
        assert!(c.get(longer).is_none());
        assert_eq!(c.stats().len, 1);
    }

    #[test]
    fn a_cache_of_size_zero_accepts_nothing() {
        let c = StatementCache::new(CachePolicy {
            capacity: 0,
            lifetime: None,
            max_len: None,
        });
        assert!(!c.accepts("SELECT 1"));
        assert!(!c.is_enabled());
    }
}
