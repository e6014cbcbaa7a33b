//! One query observed: a `tracing` span with OpenTelemetry's database attribute names, the
//! hooks' start/complete/error calls, and the slow-query warning.
//!
//! Parameter values appear only when `log_parameters` is on; the statement is the SQL text,
//! whose placeholders never carry values.

use std::future::Future;
use std::time::{Duration, Instant};

use tracing::Instrument;
use tracing::field::Empty;

use super::database::Shared;
use super::hooks::QueryEvent;
use crate::error::Error;
use crate::types::SqlParam;

/// What is being run, for the span and the hooks.
pub(crate) struct Query<'a> {
    pub(crate) operation: &'a str,
    pub(crate) statement: &'a str,
    pub(crate) params: &'a [&'a (dyn SqlParam + Sync)],
}

/// A session call on SQL text with placeholders: converts them to `$n` (a wrong count fails
/// before anything is sent), then runs `$work`, with `$client` and `$text` bound to the
/// session's client and the converted text, observed by [`Shared::observe`] with `$count`.
macro_rules! observed {
    ($session:expr, $sql:expr, $params:expr, |$client:ident, $text:ident| $work:expr, $count:expr) => {{
        let db = $session.db();
        let prepared = db.sql.prepare($sql, $params.len())?;
        let operation = prepared.operation();
        let query = $crate::driver::observe::Query {
            operation: &operation,
            statement: prepared.sql(),
            params: $params,
        };
        let $client = $session.client();
        let $text = prepared.sql();
        // Boxed: the client's future is large, and each layer above would copy it.
        let work = Box::pin($work);
        db.observe(query, work, $count).await
    }};
}
pub(crate) use observed;

impl Shared {
    /// Runs `work`, observed; `count` says how many rows a result returned or affected.
    pub(crate) async fn observe<R>(
        &self,
        query: Query<'_>,
        work: impl Future<Output = Result<R, Error>>,
        count: impl FnOnce(&R) -> u64,
    ) -> Result<R, Error> {
        let parameters = self
            .settings
            .log_parameters
            .then(|| format!("{:?}", query.params));
        let span = tracing::info_span!(
            target: "pgline::query",
            "db.query",
            db.system = "postgresql",
            db.operation = query.operation,
            db.statement = query.statement,
            db.parameters = Empty,
            db.rows = Empty,
            db.duration_us = Empty,
        );
        if let Some(p) = &parameters {
            span.record("db.parameters", p.as_str());
        }
        let mut event = QueryEvent {
            operation: query.operation,
            statement: query.statement,
            parameters: parameters.as_deref(),
            duration: Duration::ZERO,
            rows: 0,
        };
        if let Some(hooks) = &self.hooks {
            hooks.on_query_start(&event);
        }
        // The clock is read only when someone looks at the duration.
        let timed = self.hooks.is_some()
            || self.settings.slow_query_threshold.is_some()
            || !span.is_disabled();
        let started = timed.then(Instant::now);
        let result = work.instrument(span.clone()).await;
        if let Some(started) = started {
            event.duration = started.elapsed();
            span.record("db.duration_us", event.duration.as_micros() as u64);
        }
        match &result {
            Ok(r) => {
                event.rows = count(r);
                span.record("db.rows", event.rows);
                if let Some(hooks) = &self.hooks {
                    hooks.on_query_complete(&event);
                }
            }
            Err(e) => {
                if let Some(hooks) = &self.hooks {
                    hooks.on_error(&event, e);
                }
                let _entered = span.enter();
                tracing::debug!(target: "pgline::query", error = %e, "query failed");
            }
        }
        if self
            .settings
            .slow_query_threshold
            .is_some_and(|limit| event.duration >= limit)
        {
            let _entered = span.enter();
            tracing::warn!(
                target: "pgline::slow_query",
                operation = query.operation,
                statement = query.statement,
                duration_ms = event.duration.as_millis() as u64,
                "slow query"
            );
        }
        result
    }
}
