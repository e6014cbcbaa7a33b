//! The driver's observability: a `tracing` span per query with OpenTelemetry's attribute names
//! (parameter values only when turned on), the slow-query warning, and the hooks. A file (a
//! process) of its own: tracing caches per call site whether anyone listens, so a subscriber
//! must see these call sites before any other test's thread does (see notice_tracing.rs).

mod support;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pgline::{Database, DatabaseHooks, Error, QueryEvent};

/// A span's or event's name, level and fields.
#[derive(Clone, Debug)]
struct Seen {
    name: String,
    level: tracing::Level,
    target: String,
    fields: BTreeMap<String, String>,
}

#[derive(Clone, Default)]
struct Recorder {
    spans: Arc<Mutex<Vec<Seen>>>,
    events: Arc<Mutex<Vec<Seen>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target().starts_with("pgline::query") || metadata.target() == "pgline::slow_query"
    }
    fn new_span(&self, attrs: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push(Seen {
            name: attrs.metadata().name().to_owned(),
            level: *attrs.metadata().level(),
            target: attrs.metadata().target().to_owned(),
            fields,
        });
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let span = &mut spans[id.into_u64() as usize - 1];
        values.record(&mut Fields(&mut span.fields));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(Seen {
            name: event.metadata().name().to_owned(),
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields,
        });
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[derive(Default)]
struct Counting {
    pool_create: AtomicU64,
    pool_destroy: AtomicU64,
    connection_create: AtomicU64,
    connection_destroy: AtomicU64,
    session_start: AtomicU64,
    session_end: AtomicU64,
    query_start: AtomicU64,
    query_complete: AtomicU64,
    errors: AtomicU64,
    rows: AtomicU64,
    last: Mutex<Option<(String, String, Option<String>)>>,
}

fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::SeqCst);
}

impl DatabaseHooks for Counting {
    fn on_pool_create(&self) {
        bump(&self.pool_create);
    }
    fn on_pool_destroy(&self) {
        bump(&self.pool_destroy);
    }
    fn on_connection_create(&self) {
        bump(&self.connection_create);
    }
    fn on_connection_destroy(&self) {
        bump(&self.connection_destroy);
    }
    fn on_session_start(&self) {
        bump(&self.session_start);
    }
    fn on_session_end(&self) {
        bump(&self.session_end);
    }
    fn on_query_start(&self, _: &QueryEvent<'_>) {
        bump(&self.query_start);
    }
    fn on_query_complete(&self, event: &QueryEvent<'_>) {
        bump(&self.query_complete);
        self.rows.fetch_add(event.rows, Ordering::SeqCst);
        *self.last.lock().unwrap() = Some((
            event.operation.to_owned(),
            event.statement.to_owned(),
            event.parameters.map(str::to_owned),
        ));
    }
    fn on_error(&self, _: &QueryEvent<'_>, _: &Error) {
        bump(&self.errors);
    }
}

fn get(c: &AtomicU64) -> u64 {
    c.load(Ordering::SeqCst)
}

#[tokio::test]
async fn spans_hooks_and_slow_queries() {
    // A current-thread runtime: everything runs on this thread, under this default.
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    for server in [support::pg15(), support::pg18()] {
        recorder.spans.lock().unwrap().clear();
        recorder.events.lock().unwrap().clear();
        let hooks = Arc::new(Counting::default());
        let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
        let db = Database::builder(&url)
            .unwrap()
            .settings(|s| {
                s.pool_min_size = 0;
                s.pool_max_size = 1;
                s.slow_query_threshold = Some(Duration::from_millis(150));
            })
            .hooks(hooks.clone())
            .build()
            .await
            .unwrap();
        let s = db.session().await.unwrap();
        let secret = "hunter2-secret";
        let (n, _): (i32, String) = s
            .select_one("SELECT ?::int4 + 1, ?::text", &[&41i32, &secret])
            .await
            .unwrap();
        assert_eq!(n, 42);
        s.execute("SELECT pg_sleep(0.2)", &[]).await.unwrap();
        s.execute("SELECT 1/0", &[]).await.unwrap_err();
        drop(s);
        let closed = db.close(Duration::from_secs(5)).await;
        assert!(closed);

        let spans = recorder.spans.lock().unwrap().clone();
        assert_eq!(spans.len(), 3, "{spans:?}");
        let first = &spans[0];
        assert_eq!(first.name, "db.query");
        assert_eq!(first.level, tracing::Level::INFO);
        assert_eq!(first.fields["db.system"], "postgresql");
        assert_eq!(first.fields["db.operation"], "SELECT");
        assert_eq!(
            first.fields["db.statement"],
            "SELECT $1::int4 + 1, $2::text"
        );
        assert_eq!(first.fields["db.rows"], "1");
        assert!(!first.fields.contains_key("db.parameters"));
        for seen in spans.iter().chain(recorder.events.lock().unwrap().iter()) {
            assert!(
                !seen.fields.values().any(|v| v.contains(secret)),
                "a parameter value was logged: {seen:?}"
            );
        }
        let events = recorder.events.lock().unwrap().clone();
        let slow: Vec<&Seen> = events
            .iter()
            .filter(|e| e.target == "pgline::slow_query")
            .collect();
        assert_eq!(slow.len(), 1, "{events:?}");
        assert_eq!(slow[0].level, tracing::Level::WARN);
        assert_eq!(slow[0].fields["statement"], "SELECT pg_sleep(0.2)");

        assert_eq!(get(&hooks.pool_create), 1);
        assert_eq!(get(&hooks.pool_destroy), 1);
        assert_eq!(get(&hooks.connection_create), 1);
        // The pool runs its before-close hook on a task of its own.
        for _ in 0..200 {
            if get(&hooks.connection_destroy) > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(get(&hooks.connection_destroy), 1, "{}", server.name);
        assert_eq!(get(&hooks.session_start), 1);
        assert_eq!(get(&hooks.session_end), 1);
        assert_eq!(get(&hooks.query_start), 3);
        assert_eq!(get(&hooks.query_complete), 2);
        assert_eq!(get(&hooks.errors), 1);
        assert_eq!(get(&hooks.rows), 2);
        let last = hooks.last.lock().unwrap().clone().unwrap();
        assert_eq!(last.0, "SELECT");
        assert_eq!(last.2, None);
    }

    // With log_parameters on, values appear in the span and the hook event.
    recorder.spans.lock().unwrap().clear();
    let hooks = Arc::new(Counting::default());
    let db = Database::builder(&support::pg18().url(support::USER_TRUST, &[]))
        .unwrap()
        .settings(|s| {
            s.pool_min_size = 0;
            s.pool_max_size = 1;
            s.log_parameters = true;
        })
        .hooks(hooks.clone())
        .build()
        .await
        .unwrap();
    let s = db.session().await.unwrap();
    let _: i32 = s
        .select_value("SELECT $1::int4", &[&1234567i32])
        .await
        .unwrap();
    let spans = recorder.spans.lock().unwrap().clone();
    assert!(
        spans[0].fields["db.parameters"].contains("1234567"),
        "{spans:?}"
    );
    let last = hooks.last.lock().unwrap().clone().unwrap();
    assert!(last.2.unwrap().contains("1234567"));
}
