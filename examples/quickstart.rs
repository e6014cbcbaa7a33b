//! Connects to `DATABASE_URL` (or, when it is unset, to a throwaway local server that it starts
//! with `scripts/pgserver` and removes afterwards), creates a table, inserts, queries, prints.
//!
//! ```sh
//! cargo run --example quickstart
//! DATABASE_URL=postgres://me@localhost/mydb cargo run --example quickstart
//! ```

use std::path::PathBuf;
use std::process::Command;

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

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), pgline::Error> {
    let (_server, url) = match std::env::var("DATABASE_URL") {
        Ok(url) => (None, url),
        Err(_) => {
            let (server, url) = Throwaway::start();
            (Some(server), url)
        }
    };

    let client = pgline::connect(&url).await?;
    println!(
        "connected to PostgreSQL {}",
        client.parameter("server_version").unwrap_or_default()
    );

    client
        .batch_execute(
            "CREATE TEMP TABLE quickstart_books (
                 id int4 GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                 title text NOT NULL,
                 pages int4,
                 in_print bool NOT NULL
             )",
        )
        .await?;

    let insert = client
        .prepare("INSERT INTO quickstart_books (title, pages, in_print) VALUES ($1, $2, $3)")
        .await?;
    let books: [(&str, Option<i32>, bool); 3] = [
        ("The Art of PostgreSQL", Some(456), true),
        ("A Relational Model of Data", Some(11), false),
        ("Untitled draft", None, false),
    ];
    for (title, pages, in_print) in &books {
        client.execute(&insert, &[title, pages, in_print]).await?;
    }

    let rows = client
        .query(
            "SELECT id, title, pages, in_print FROM quickstart_books WHERE pages IS NULL OR pages > $1 ORDER BY id",
            &[&10i32],
        )
        .await?;
    for row in &rows {
        let id: i32 = row.get("id");
        let title: &str = row.get("title");
        let pages: Option<i32> = row.get("pages");
        let in_print: bool = row.get("in_print");
        let pages = pages.map_or("unknown".to_owned(), |p| p.to_string());
        println!("{id}: {title} ({pages} pages, in print: {in_print})");
    }
    assert_eq!(rows.len(), 3);
    Ok(())
}
