//! Notifications and notices against the real servers: several receivers at once, the backlog
//! kept for the first receiver, what overflows counted, notices on the stream (their `tracing`
//! events are checked in tests/notice_tracing.rs).

mod support;

use std::time::Duration;

use pgline::{ASYNC_MESSAGE_BUFFER, AsyncMessage, AsyncMessages, Client};

async fn client(server: &support::Server) -> Client {
    pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

async fn next(messages: &mut AsyncMessages) -> AsyncMessage {
    tokio::time::timeout(Duration::from_secs(10), messages.recv())
        .await
        .expect("a message within 10 s")
        .expect("the connection is open")
}

fn payload(message: AsyncMessage) -> String {
    match message {
        AsyncMessage::Notification(n) => n.payload().to_owned(),
        other => panic!("expected a notification, got {other:?}"),
    }
}

#[tokio::test]
async fn notifications_reach_every_receiver() {
    for server in support::all_servers() {
        let listener = client(&server).await;
        let mut first = listener.async_messages();
        let mut second = listener.clone().async_messages();
        listener.batch_execute("LISTEN pgline_both").await.unwrap();
        let sender = client(&server).await;
        sender
            .execute("SELECT pg_notify('pgline_both', 'to-all')", &[])
            .await
            .unwrap();
        for messages in [&mut first, &mut second] {
            match next(messages).await {
                AsyncMessage::Notification(n) => {
                    assert_eq!(n.channel(), "pgline_both", "{}", server.name);
                    assert_eq!(n.payload(), "to-all", "{}", server.name);
                }
                other => panic!("{}: {other:?}", server.name),
            }
        }
        // Dropping one receiver leaves the other served.
        drop(first);
        sender
            .execute("SELECT pg_notify('pgline_both', 'after-drop')", &[])
            .await
            .unwrap();
        assert_eq!(payload(next(&mut second).await), "after-drop");
        assert_eq!(listener.dropped_async_messages(), 0);
    }
}

#[tokio::test]
async fn notifications_before_subscribing_go_to_the_first_receiver() {
    for server in support::all_servers() {
        let listener = client(&server).await;
        listener.batch_execute("LISTEN pgline_early").await.unwrap();
        // Notifying its own channel: the server delivers at commit, before ReadyForQuery, so
        // both are in the backlog when the statement returns.
        listener
            .batch_execute("NOTIFY pgline_early, 'one'; NOTIFY pgline_early, 'two'")
            .await
            .unwrap();
        let mut messages = listener.async_messages();
        assert_eq!(payload(next(&mut messages).await), "one", "{}", server.name);
        assert_eq!(payload(next(&mut messages).await), "two", "{}", server.name);
        // The backlog went to the first receiver only.
        let mut later = listener.async_messages();
        assert!(later.try_recv().is_none(), "{}", server.name);
        assert_eq!(listener.dropped_async_messages(), 0);
    }
}

#[tokio::test]
async fn overflow_beyond_the_buffer_is_dropped_and_counted() {
    let extra = 76;
    let total = ASYNC_MESSAGE_BUFFER + extra;
    for server in support::all_servers() {
        let listener = client(&server).await;
        listener.batch_execute("LISTEN pgline_flood").await.unwrap();
        let flood = format!(
            "SELECT count(pg_notify('pgline_flood', g::text)) FROM generate_series(1, {total}) g"
        );
        // Nobody subscribed: the backlog keeps the first ASYNC_MESSAGE_BUFFER.
        listener.batch_execute(&flood).await.unwrap();
        assert_eq!(listener.dropped_async_messages(), extra as u64);
        let mut messages = listener.async_messages();
        for i in 1..=ASYNC_MESSAGE_BUFFER {
            assert_eq!(payload(next(&mut messages).await), i.to_string());
        }
        assert!(messages.try_recv().is_none());
        assert_eq!(messages.dropped(), 0);

        // A receiver nobody reads holds ASYNC_MESSAGE_BUFFER; the rest are counted for it.
        let mut idle = listener.async_messages();
        listener.batch_execute(&flood).await.unwrap();
        assert_eq!(idle.dropped(), extra as u64, "{}", server.name);
        assert_eq!(messages.dropped(), extra as u64, "{}", server.name);
        assert_eq!(listener.dropped_async_messages(), 3 * extra as u64);
        assert_eq!(payload(next(&mut idle).await), "1");
        // The connection still works, and a read receiver gets new messages again.
        listener
            .batch_execute("NOTIFY pgline_flood, 'fresh'")
            .await
            .unwrap();
        for _ in 1..ASYNC_MESSAGE_BUFFER {
            next(&mut idle).await;
        }
        assert_eq!(payload(next(&mut idle).await), "fresh", "{}", server.name);
    }
}

#[tokio::test]
async fn notices_reach_the_stream() {
    for server in support::all_servers() {
        let client = client(&server).await;
        let mut messages = client.async_messages();
        client
            .batch_execute("DO $$ BEGIN RAISE NOTICE 'hi'; END $$")
            .await
            .unwrap();
        match next(&mut messages).await {
            AsyncMessage::Notice(notice) => {
                assert_eq!(notice.message(), "hi", "{}", server.name);
                assert_eq!(notice.code().code(), "00000");
            }
            other => panic!("{}: {other:?}", server.name),
        }
    }
}
