//! Notices are logged with `tracing` at target `pgline::notice`. A file (a process) of its own:
//! next to tests that hit the same call sites on other threads with no subscriber, this test's
//! thread-local subscriber missed the info events (tracing caches per call site whether anyone
//! listens); alone it sees every event.

mod support;

use std::sync::{Arc, Mutex};

async fn client(server: &support::Server) -> pgline::Client {
    pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

/// Records the level and message of each event at target `pgline::notice`.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<(tracing::Level, String)>>>);

struct MessageField<'a>(&'a mut String);

impl tracing::field::Visit for MessageField<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            *self.0 = format!("{value:?}");
        }
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == "pgline::notice"
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut message = String::new();
        event.record(&mut MessageField(&mut message));
        let level = *event.metadata().level();
        self.0.lock().unwrap().push((level, message));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn notices_are_logged_at_target_pgline_notice() {
    // A current-thread runtime: the connection task logs on this thread, under this default.
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = support::pg18();
    let client = client(&server).await;
    client
        .batch_execute(
            "DO $$ BEGIN RAISE WARNING 'careful'; RAISE NOTICE 'fyi'; RAISE INFO 'info'; END $$",
        )
        .await
        .unwrap();
    let seen = recorder.0.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec![
            (tracing::Level::WARN, "careful".to_owned()),
            (tracing::Level::INFO, "fyi".to_owned()),
            (tracing::Level::INFO, "info".to_owned()),
        ]
    );
}
