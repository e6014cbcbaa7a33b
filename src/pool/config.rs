//! The pool's settings: sizes, timeouts, limits and the reset query, from code or from the
//! `pool_*` keys of a connection string.

use std::time::Duration;

use crate::error::Error;

/// How a [`Pool`](super::Pool) sizes, ages and checks its connections.
///
/// Every field has a `pool_*` key of the same name (without `pool_` in the field) for connection
/// strings; see the [module docs](super). Durations in keys are seconds (`30`, `0.5`) or carry a
/// unit (`250ms`, `30s`, `10min`, `1h`); `0` turns a timeout or limit off.
///
/// ```
/// use std::time::Duration;
/// use pgline::pool::PoolConfig;
/// let settings = PoolConfig {
///     max_size: 16,
///     reset_query: Some("DISCARD ALL".into()),
///     ..PoolConfig::default()
/// };
/// assert_eq!(settings.acquire_timeout, Some(Duration::from_secs(30)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct PoolConfig {
    /// The most connections open at once, in use or idle (`pool_max_size`, default 10).
    pub max_size: usize,
    /// Connections kept open even when idle; upkeep refills to it (`pool_min_size`, default 0).
    pub min_size: usize,
    /// How long [`Pool::get`](super::Pool::get) waits, for a free connection or for connecting
    /// (retried until then), before an [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) error
    /// (`pool_acquire_timeout`, default 30 s; `None` waits for ever).
    pub acquire_timeout: Option<Duration>,
    /// An idle connection is closed after this long, unless that would leave fewer than
    /// `min_size` (`pool_idle_timeout`, default 10 min).
    pub idle_timeout: Option<Duration>,
    /// A connection is closed once this old, when idle or when it comes back
    /// (`pool_max_lifetime`, default 30 min).
    pub max_lifetime: Option<Duration>,
    /// Each connection's lifetime is shortened by a random amount up to this, so connections
    /// opened together do not all expire together (`pool_max_lifetime_jitter`, default 1/10 of
    /// `max_lifetime`, as `None` says).
    pub max_lifetime_jitter: Option<Duration>,
    /// A connection is closed when it comes back after sending this many requests
    /// (`pool_max_queries`, default none). Every request counts: queries, prepares, the
    /// pool's own reset and health check.
    pub max_queries: Option<u64>,
    /// A connection idle longer than this gets an empty query before it is handed out, and is
    /// replaced when that fails (`pool_health_check_after`, default 5 s; `Some(0)` checks every
    /// time, `None` never).
    pub health_check_after: Option<Duration>,
    /// Run on every connection that comes back, after any open transaction is rolled back,
    /// e.g. `DISCARD ALL` (`pool_reset_query`, default none).
    pub reset_query: Option<String>,
    /// How often the upkeep task closes expired connections and refills to `min_size`
    /// (`pool_upkeep_interval`, default 1 s).
    pub upkeep_interval: Duration,
    /// How long a connection handed back with a request still running may take to finish it
    /// before it is closed instead (`pool_drain_timeout`, default 1 s).
    pub drain_timeout: Duration,
    /// How many prepared statements each connection caches for SQL text; `Some(0)` runs SQL
    /// text on the unnamed statement only, which PgBouncer in transaction mode needs
    /// (`pool_statement_cache_size`, default `None`: what
    /// [`ConnectOptions::statement_cache_size`](crate::ConnectOptions::statement_cache_size)
    /// says, 100 unless set). When set, it overrides the connect options'.
    pub statement_cache_size: Option<usize>,
    /// The most shared requests ([`Pool::query`](super::Pool::query) and friends) pipelined on
    /// one connection at once (`pool_pipeline_depth`, default 16). `1` sends a connection's
    /// next shared request only once the last one is answered: transaction-mode poolers
    /// (PgBouncer 1.18 mixing simple and extended queries, Supavisor) can lose track of
    /// pipelined requests and wedge the connection.
    pub pipeline_depth: usize,
}

impl Default for PoolConfig {
    fn default() -> PoolConfig {
        PoolConfig {
            max_size: 10,
            min_size: 0,
            acquire_timeout: Some(Duration::from_secs(30)),
            idle_timeout: Some(Duration::from_secs(600)),
            max_lifetime: Some(Duration::from_secs(1800)),
            max_lifetime_jitter: None,
            max_queries: None,
            health_check_after: Some(Duration::from_secs(5)),
            reset_query: None,
            upkeep_interval: Duration::from_secs(1),
            drain_timeout: Duration::from_secs(1),
            statement_cache_size: None,
            pipeline_depth: 16,
        }
    }
}

impl PoolConfig {
    /// Sets one `pool_*` key from a connection string.
    pub(crate) fn set(&mut self, key: &str, value: &str) -> Result<(), Error> {
        let name = key
            .strip_prefix(super::conninfo::POOL_PREFIX)
            .unwrap_or(key);
        match name {
            "max_size" => self.max_size = count(key, value)?,
            "min_size" => self.min_size = count(key, value)?,
            "acquire_timeout" => self.acquire_timeout = optional(duration(key, value)?),
            "idle_timeout" => self.idle_timeout = optional(duration(key, value)?),
            "max_lifetime" => self.max_lifetime = optional(duration(key, value)?),
            "max_lifetime_jitter" => self.max_lifetime_jitter = Some(duration(key, value)?),
            "max_queries" => {
                let n = count(key, value)? as u64;
                self.max_queries = (n > 0).then_some(n);
            }
            "health_check_after" => {
                self.health_check_after = match value.trim() {
                    "never" | "off" => None,
                    _ => Some(duration(key, value)?),
                }
            }
            "reset_query" => {
                self.reset_query = (!value.trim().is_empty()).then(|| value.to_owned());
            }
            "upkeep_interval" => self.upkeep_interval = duration(key, value)?,
            "drain_timeout" => self.drain_timeout = duration(key, value)?,
            "statement_cache_size" => self.statement_cache_size = Some(count(key, value)?),
            "pipeline_depth" => self.pipeline_depth = count(key, value)?,
            _ => {
                return Err(Error::config_message(format!(
                    "unknown pool setting {key:?} (the pool keys are pool_max_size, \
                     pool_min_size, pool_acquire_timeout, pool_idle_timeout, pool_max_lifetime, \
                     pool_max_lifetime_jitter, pool_max_queries, pool_health_check_after, \
                     pool_reset_query, pool_upkeep_interval, pool_drain_timeout, \
                     pool_statement_cache_size, pool_pipeline_depth)"
                )));
            }
        }
        Ok(())
    }

    /// Refuses settings no pool can work with.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.max_size == 0 {
            return Err(Error::config_message("pool_max_size must be at least 1"));
        }
        if self.min_size > self.max_size {
            return Err(Error::config_message(format!(
                "pool_min_size ({}) is larger than pool_max_size ({})",
                self.min_size, self.max_size
            )));
        }
        if self.pipeline_depth == 0 {
            return Err(Error::config_message(
                "pool_pipeline_depth must be at least 1",
            ));
        }
        if self.upkeep_interval.is_zero() {
            return Err(Error::config_message("pool_upkeep_interval must not be 0"));
        }
        Ok(())
    }

    /// The jitter to take off `max_lifetime`.
    pub(crate) fn jitter(&self) -> Duration {
        match (self.max_lifetime_jitter, self.max_lifetime) {
            (Some(jitter), _) => jitter,
            (None, Some(lifetime)) => lifetime / 10,
            (None, None) => Duration::ZERO,
        }
    }
}

fn optional(d: Duration) -> Option<Duration> {
    (!d.is_zero()).then_some(d)
}

fn count(key: &str, value: &str) -> Result<usize, Error> {
    value.trim().parse().map_err(|_| {
        Error::config_message(format!(
            "invalid value for {key}: {value:?} (a whole number)"
        ))
    })
}

/// Seconds, possibly fractional, or a number with `ms`, `s`, `min` or `h`.
fn duration(key: &str, value: &str) -> Result<Duration, Error> {
    let text = value.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit.trim() {
        "" | "s" => 1.0,
        "ms" => 0.001,
        "min" => 60.0,
        "h" => 3600.0,
        _ => f64::NAN,
    };
    match number.parse::<f64>() {
        Ok(n) if scale.is_finite() && n.is_finite() && n >= 0.0 => {
            Duration::try_from_secs_f64(n * scale).map_err(|_| bad_duration(key, value))
        }
        _ => Err(bad_duration(key, value)),
    }
}

fn bad_duration(key: &str, value: &str) -> Error {
    Error::config_message(format!(
        "invalid value for {key}: {value:?} (seconds, or a number with ms, s, min or h)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_keys_set_their_fields_and_zero_turns_limits_off() {
        let mut c = PoolConfig::default();
        for (k, v) in [
            ("pool_max_size", "16"),
            ("pool_min_size", "2"),
            ("pool_acquire_timeout", "250ms"),
            ("pool_idle_timeout", "0"),
            ("pool_max_lifetime", "1.5min"),
            ("pool_max_queries", "1000"),
            ("pool_health_check_after", "never"),
            ("pool_reset_query", "DISCARD ALL"),
            ("pool_upkeep_interval", "2s"),
            ("pool_statement_cache_size", "0"),
            ("pool_pipeline_depth", "1"),
        ] {
            c.set(k, v).unwrap();
        }
        assert_eq!(c.max_size, 16);
        assert_eq!(c.min_size, 2);
        assert_eq!(c.acquire_timeout, Some(Duration::from_millis(250)));
        assert_eq!(c.idle_timeout, None);
        assert_eq!(c.max_lifetime, Some(Duration::from_secs(90)));
        assert_eq!(c.jitter(), Duration::from_secs(9));
        assert_eq!(c.max_queries, Some(1000));
        assert_eq!(c.health_check_after, None);
        assert_eq!(c.reset_query.as_deref(), Some("DISCARD ALL"));
        assert_eq!(c.upkeep_interval, Duration::from_secs(2));
        assert_eq!(c.statement_cache_size, Some(0));
        assert_eq!(c.pipeline_depth, 1);
        c.check().unwrap();
    }

    #[test]
    fn pool_keys_with_bad_values_or_names_are_refused_by_name() {
        let mut c = PoolConfig::default();
        for (k, v) in [
            ("pool_max_size", "-1"),
            ("pool_idle_timeout", "5 days"),
            ("pool_max_lifetime", "-3"),
            ("pool_maxsize", "3"),
            ("pool_statement_cache_size", "off"),
        ] {
            let e = c.set(k, v).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Config);
            assert!(e.to_string().contains(k), "{e}");
        }
    }

    #[test]
    fn pool_sizes_that_cannot_work_are_refused() {
        let zero = PoolConfig {
            max_size: 0,
            ..PoolConfig::default()
        };
        assert!(zero.check().is_err());
        let inverted = PoolConfig {
            min_size: 5,
            max_size: 4,
            ..PoolConfig::default()
        };
        assert!(inverted.check().is_err());
        let no_depth = PoolConfig {
            pipeline_depth: 0,
            ..PoolConfig::default()
        };
        assert!(no_depth.check().is_err());
    }
}
