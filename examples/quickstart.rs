//! Connects to `DATABASE_URL` (or, when it is unset, to a throwaway local server that it starts
//! with `scripts/pgserver` and removes afterwards) through the driver's `Database`, creates a
//! table, inserts a batch in one round trip, selects rows into a struct, runs a transaction and
//! a statement stack, prints.
//!
//! ```sh
//! cargo run --example quickstart
//! DATABASE_URL=postgres://me@localhost/mydb cargo run --example quickstart
//! ```

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use pgline::dictionary::Feature;
use pgline::types::SqlParam;
use pgline::{FromRow, StatementStack};

/// A server this example started, stopped and removed on drop (also after a panic).
struct Throwaway {
    dir: PathBuf,
}

impl Throwaway {
    fn start() -> (Throwaway, String) {
        let dir = std::env::temp_dir().join(format!("pgline-quickstart-{}", std::process::id()));
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/pgserver");
        eprintln!(
            "DATABASE_URL is not set: starting a throwaway PostgreSQL in {}",
            dir.display()
        );
        let output = Command::new(script)
            .args(["start", "--flavor", "pg15", "--dir"])
            .arg(&dir)
            .output()
            .expect("run scripts/pgserver");
        let server = Throwaway { dir };
        if !output.status.success() {
            panic!(
                "scripts/pgserver start failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let url = stdout
            .lines()
            .find_map(|line| line.strip_prefix("DATABASE_URL="))
            .expect("scripts/pgserver prints DATABASE_URL")
            .to_owned();
        (server, url)
    }
}

impl Drop for Throwaway {
    fn drop(&mut self) {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/pgserver");
        let _ = Command::new(script)
            .args(["stop", "--dir"])
            .arg(&self.dir)
            .status();
    }
}

/// One row of the example's table, read by column name (`Option` for the nullable column).
#[derive(Debug, FromRow)]
struct Book {
    id: i32,
    title: String,
    pages: Option<i32>,
    in_print: bool,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), pgline::Error> {
    let (_server, url) = match std::env::var("DATABASE_URL") {
        Ok(url) => (None, url),
        Err(_) => {
            let (server, url) = Throwaway::start();
            (Some(server), url)
        }
    };

    // A pool with the driver's defaults (10 connections, statement cache, JSON codecs, ...).
    let db = pgline::Database::connect(&url).await?;
    // A temporary table lives in one connection: everything below uses this session.
    let session = db.session().await?;
    // The data dictionary: version, features, tables in foreign-key order, columns, indexes.
    let features = session.dictionary().features().await?;
    println!(
        "connected to PostgreSQL {} (MERGE: {}, pgvector: {})",
        features.version,
        features.supports(Feature::Merge),
        features.supports(Feature::PgVector)
    );

    session
        .execute_script(
            "CREATE TEMP TABLE quickstart_books (
                 id int4 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                 title text NOT NULL,
                 pages int4,
                 in_print bool NOT NULL
             );
             COMMENT ON TABLE quickstart_books IS 'the quickstart''s; books'",
        )
        .await?;

    // One Parse, three Bind/Execute, one round trip; `?` placeholders become `$n`.
    let books: [(&str, Option<i32>, bool); 3] = [
        ("The Art of PostgreSQL", Some(456), true),
        ("A Relational Model of Data", Some(11), false),
        ("Untitled draft", None, false),
    ];
    let sets: Vec<[&(dyn SqlParam + Sync); 3]> = books
        .iter()
        .map(|(title, pages, in_print)| [title as _, pages as _, in_print as _])
        .collect();
    let inserted = session
        .execute_many(
            "INSERT INTO quickstart_books (title, pages, in_print) VALUES (?, ?, ?)",
            &sets,
        )
        .await?;
    assert_eq!(inserted, 3);

    let rows: Vec<Book> = session
        .select(
            "SELECT id, title, pages, in_print FROM quickstart_books \
             WHERE pages IS NULL OR pages > :min ORDER BY id",
            &[&10i32],
        )
        .await?;
    for book in &rows {
        let pages = book.pages.map_or("unknown".to_owned(), |p| p.to_string());
        println!(
            "{}: {} ({pages} pages, in print: {})",
            book.id, book.title, book.in_print
        );
    }
    assert_eq!(rows.len(), 3);

    // Committed on Ok, rolled back on an error, run again after a serialization failure.
    let reprinted = session
        .transaction(|tx| async move {
            tx.execute(
                "UPDATE quickstart_books SET in_print = true WHERE pages < $1",
                &[&100i32],
            )
            .await
        })
        .await?;
    println!("reprinted {reprinted} book(s)");

    // Several statements in one flight, each with its own result.
    let stack = StatementStack::new()
        .execute("DELETE FROM quickstart_books WHERE pages IS NULL", &[])
        .select("SELECT count(*) FROM quickstart_books WHERE in_print", &[]);
    let results = session.execute_stack(&stack, false).await?;
    let in_print: i64 = results[1].rows[0].get(0);
    println!(
        "deleted {} draft(s); {in_print} book(s) in print",
        results[0].rows_affected
    );
    assert_eq!(in_print, 2);

    drop(session);
    db.close(Duration::from_secs(5)).await;
    Ok(())
}
