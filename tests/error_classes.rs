//! Every [`ErrorClass`] provoked for real on pg15 and pg18, each checked for its class, its
//! SQLSTATE, the server error kept whole and `is_retryable()`.

mod support;

use std::time::Duration;

use pgline::{Client, Error, ErrorClass, ErrorKind, SqlState};

async fn connect(server: &support::Server) -> Client {
    pgline::connect(&server.url(support::USER_TRUST, &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e:#}", server.name))
}

/// Asserts the class, the SQLSTATE of the server error behind `e` and whether it is retryable.
#[track_caller]
fn assert_class(server: &support::Server, e: &Error, class: ErrorClass, code: &SqlState) {
    assert_eq!(e.class(), class, "{}: {e:#}", server.name);
    let db = e
        .server_error()
        .unwrap_or_else(|| panic!("{}: no server error behind {e:#}", server.name));
    assert_eq!(db.code(), code, "{}: {e:#}", server.name);
    assert_eq!(
        e.is_retryable(),
        matches!(
            class,
            ErrorClass::SerializationFailure | ErrorClass::Deadlock | ErrorClass::Connection
        ),
        "{}: {e:#}",
        server.name
    );
}

#[tokio::test]
async fn error_classes_of_integrity_violations_keep_the_constraint() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        client
            .batch_execute(
                "CREATE TEMP TABLE parent (id int PRIMARY KEY);
                 CREATE TEMP TABLE child (
                     id int PRIMARY KEY,
                     parent int CONSTRAINT child_parent_fk REFERENCES parent,
                     name text NOT NULL,
                     n int CONSTRAINT child_n_positive CHECK (n > 0));
                 CREATE TEMP TABLE booking (
                     during int4range,
                     CONSTRAINT booking_no_overlap EXCLUDE USING gist (during WITH &&));
                 INSERT INTO parent VALUES (1);
                 INSERT INTO child VALUES (1, 1, 'a', 1);
                 INSERT INTO booking VALUES ('[1,5)');",
            )
            .await
            .unwrap();
        let cases = [
            (
                "INSERT INTO child VALUES (1, 1, 'b', 1)",
                ErrorClass::UniqueViolation,
                SqlState::UNIQUE_VIOLATION,
                "child_pkey",
            ),
            (
                "INSERT INTO child VALUES (2, 9, 'b', 1)",
                ErrorClass::ForeignKeyViolation,
                SqlState::FOREIGN_KEY_VIOLATION,
                "child_parent_fk",
            ),
            (
                "INSERT INTO child VALUES (3, 1, 'b', -1)",
                ErrorClass::CheckViolation,
                SqlState::CHECK_VIOLATION,
                "child_n_positive",
            ),
            (
                "INSERT INTO booking VALUES ('[3,8)')",
                ErrorClass::IntegrityError,
                SqlState::EXCLUSION_VIOLATION,
                "booking_no_overlap",
            ),
        ];
        for (sql, class, code, constraint) in cases {
            let e = client.execute(sql, &[]).await.unwrap_err();
            assert_class(&server, &e, class, &code);
            assert_eq!(e.kind(), ErrorKind::Db);
            let db = e.as_db_error().unwrap();
            assert_eq!(db.constraint(), Some(constraint), "{}: {sql}", server.name);
        }
        let e = client
            .execute("INSERT INTO child VALUES (4, 1, NULL, 1)", &[])
            .await
            .unwrap_err();
        assert_class(
            &server,
            &e,
            ErrorClass::NotNullViolation,
            &SqlState::NOT_NULL_VIOLATION,
        );
        assert_eq!(e.as_db_error().unwrap().column(), Some("name"));
    }
}

#[tokio::test]
async fn error_classes_of_syntax_data_and_permission_errors() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let e = client.execute("SELEC 1", &[]).await.unwrap_err();
        assert_class(&server, &e, ErrorClass::Syntax, &SqlState::SYNTAX_ERROR);
        assert!(e.as_db_error().unwrap().position().is_some());

        let e = client.query("SELECT 1/0", &[]).await.unwrap_err();
        assert_class(&server, &e, ErrorClass::Data, &SqlState::DIVISION_BY_ZERO);
        let e = client.query("SELECT 'abc'::int", &[]).await.unwrap_err();
        assert_class(
            &server,
            &e,
            ErrorClass::Data,
            &SqlState::INVALID_TEXT_REPRESENTATION,
        );

        // A role without grants, entered with SET ROLE on the superuser's session.
        client
            .batch_execute(
                "DO $$ BEGIN
                     IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'errclass_nobody') THEN
                         CREATE ROLE errclass_nobody NOLOGIN;
                     END IF;
                 END $$;
                 DROP TABLE IF EXISTS errclass_secret;
                 CREATE TABLE errclass_secret (x int);
                 SET ROLE errclass_nobody;",
            )
            .await
            .unwrap();
        let e = client
            .query("SELECT * FROM errclass_secret", &[])
            .await
            .unwrap_err();
        assert_class(
            &server,
            &e,
            ErrorClass::Permission,
            &SqlState::INSUFFICIENT_PRIVILEGE,
        );
        client
            .batch_execute("RESET ROLE; DROP TABLE errclass_secret")
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn error_classes_of_refused_logins() {
    for server in support::tls_servers() {
        let wrong = server.url(
            support::USER_SCRAM,
            &[("password", "not-the-password"), ("sslmode", "disable")],
        );
        let e = pgline::connect(&wrong).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Auth, "{}: {e:#}", server.name);
        assert_class(
            &server,
            &e,
            ErrorClass::Permission,
            &SqlState::INVALID_PASSWORD,
        );

        // pg_hba.conf rejects the TLS-only role on a plain connection.
        let plain = server.url(
            support::USER_SSL,
            &[("password", &support::password()), ("sslmode", "disable")],
        );
        let e = pgline::connect(&plain).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Auth, "{}: {e:#}", server.name);
        assert_class(
            &server,
            &e,
            ErrorClass::Permission,
            &SqlState::INVALID_AUTHORIZATION_SPECIFICATION,
        );
    }
}

#[tokio::test]
async fn error_classes_of_deadlock_between_two_sessions() {
    for server in support::tls_servers() {
        let a = connect(&server).await;
        let b = connect(&server).await;
        a.batch_execute(
            "DROP TABLE IF EXISTS errclass_deadlock;
             CREATE TABLE errclass_deadlock (id int PRIMARY KEY, n int);
             INSERT INTO errclass_deadlock VALUES (1, 0), (2, 0);",
        )
        .await
        .unwrap();
        for c in [&a, &b] {
            c.batch_execute(
                "SET deadlock_timeout = '50ms'; BEGIN;
                 SET LOCAL lock_timeout = '20s';",
            )
            .await
            .unwrap();
        }
        a.execute("UPDATE errclass_deadlock SET n = 1 WHERE id = 1", &[])
            .await
            .unwrap();
        b.execute("UPDATE errclass_deadlock SET n = 1 WHERE id = 2", &[])
            .await
            .unwrap();
        // Each now waits for the row the other holds: the server breaks the cycle by failing
        // one of them, and the other goes through.
        let (ra, rb) = tokio::join!(
            a.execute("UPDATE errclass_deadlock SET n = 2 WHERE id = 2", &[]),
            async {
                tokio::time::sleep(Duration::from_millis(20)).await;
                b.execute("UPDATE errclass_deadlock SET n = 2 WHERE id = 1", &[])
                    .await
            }
        );
        let e = match (ra, rb) {
            (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
            other => panic!("{}: expected one deadlock, got {other:?}", server.name),
        };
        assert_class(
            &server,
            &e,
            ErrorClass::Deadlock,
            &SqlState::T_R_DEADLOCK_DETECTED,
        );
        for c in [&a, &b] {
            c.batch_execute("ROLLBACK").await.unwrap();
        }
        a.batch_execute("DROP TABLE errclass_deadlock")
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn error_classes_of_serialization_failure_between_two_sessions() {
    for server in support::tls_servers() {
        let a = connect(&server).await;
        let b = connect(&server).await;
        a.batch_execute(
            "DROP TABLE IF EXISTS errclass_doctors;
             CREATE TABLE errclass_doctors (name text PRIMARY KEY, on_call bool);
             INSERT INTO errclass_doctors VALUES ('alice', true), ('bob', true);",
        )
        .await
        .unwrap();
        for c in [&a, &b] {
            c.batch_execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
                .await
                .unwrap();
        }
        // Write skew: each reads what the other writes, so no serial order explains both.
        let on_call = "SELECT count(*) FROM errclass_doctors WHERE on_call";
        for c in [&a, &b] {
            let n: i64 = c.query_one(on_call, &[]).await.unwrap().get(0);
            assert_eq!(n, 2);
        }
        a.execute(
            "UPDATE errclass_doctors SET on_call = false WHERE name = 'alice'",
            &[],
        )
        .await
        .unwrap();
        b.execute(
            "UPDATE errclass_doctors SET on_call = false WHERE name = 'bob'",
            &[],
        )
        .await
        .unwrap();
        a.batch_execute("COMMIT").await.unwrap();
        let e = b.batch_execute("COMMIT").await.unwrap_err();
        assert_class(
            &server,
            &e,
            ErrorClass::SerializationFailure,
            &SqlState::T_R_SERIALIZATION_FAILURE,
        );
        let n: i64 = a.query_one(on_call, &[]).await.unwrap().get(0);
        assert_eq!(
            n, 1,
            "{}: only the first transaction committed",
            server.name
        );
        a.batch_execute("DROP TABLE errclass_doctors")
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn error_classes_tell_statement_timeout_from_cancel_and_client_timeout() {
    for server in support::tls_servers() {
        let client = connect(&server).await;

        client
            .batch_execute("SET statement_timeout = '100ms'")
            .await
            .unwrap();
        let e = client
            .batch_execute("SELECT pg_sleep(5)")
            .await
            .unwrap_err();
        assert_class(
            &server,
            &e,
            ErrorClass::StatementTimeout,
            &SqlState::QUERY_CANCELED,
        );
        assert!(e.is_statement_timeout());
        client
            .batch_execute("SET statement_timeout = 0")
            .await
            .unwrap();

        let token = client.cancel_token();
        let (result, cancelled) = tokio::join!(client.batch_execute("SELECT pg_sleep(5)"), async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            token.cancel_query().await
        });
        cancelled.unwrap();
        let e = result.unwrap_err();
        assert_class(
            &server,
            &e,
            ErrorClass::QueryCanceled,
            &SqlState::QUERY_CANCELED,
        );
        assert!(!e.is_statement_timeout());

        let impatient = client.with_timeout(Some(Duration::from_millis(200)));
        let e = impatient
            .batch_execute("SELECT pg_sleep(5)")
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Timeout, "{}: {e:#}", server.name);
        assert_eq!(e.class(), ErrorClass::ClientTimeout);
        assert!(!e.is_retryable());
        assert_eq!(e.server_error(), None);
        // The client's timeout cancelled the statement on the server: the session is usable.
        let n: i32 = client.query_one("SELECT 7", &[]).await.unwrap().get(0);
        assert_eq!(n, 7);
    }
}

#[tokio::test]
async fn error_classes_of_a_terminated_session() {
    for server in support::tls_servers() {
        let admin = connect(&server).await;
        let terminate = "SELECT pg_terminate_backend($1)";

        // Terminated while idle: the next request finds the connection closed, and the
        // server's reason behind it.
        let idle = connect(&server).await;
        let pid = idle.cancel_token().process_id();
        let done: bool = admin.query_one(terminate, &[&pid]).await.unwrap().get(0);
        assert!(done);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut e = idle.query("SELECT 1", &[]).await.unwrap_err();
        for _ in 0..50 {
            if e.server_error().is_some() {
                break;
            }
            // The close may be seen before the server's FATAL message is read.
            tokio::time::sleep(Duration::from_millis(20)).await;
            e = idle.query("SELECT 1", &[]).await.unwrap_err();
        }
        assert_eq!(e.kind(), ErrorKind::Closed, "{}: {e:#}", server.name);
        assert_class(
            &server,
            &e,
            ErrorClass::Connection,
            &SqlState::ADMIN_SHUTDOWN,
        );

        // Terminated in the middle of a statement: the statement gets the FATAL error itself.
        let busy = connect(&server).await;
        let pid = busy.cancel_token().process_id();
        let (result, terminated) = tokio::join!(busy.batch_execute("SELECT pg_sleep(5)"), async {
            tokio::time::sleep(Duration::from_millis(200)).await;
            admin.query_one(terminate, &[&pid]).await
        });
        assert!(terminated.unwrap().get::<_, bool>(0));
        let e = result.unwrap_err();
        assert_class(
            &server,
            &e,
            ErrorClass::Connection,
            &SqlState::ADMIN_SHUTDOWN,
        );
        assert!(busy.is_closed() || busy.query("SELECT 1", &[]).await.is_err());
    }
}
