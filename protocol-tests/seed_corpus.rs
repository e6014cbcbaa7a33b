//! The fuzz seed corpus is the vectors of this suite: every vector is a file under
//! `fuzz/corpus/<target>/vector-<name>`. Regenerate with
//! `PGLINE_BLESS_CORPUS=1 cargo test --test protocol seed_corpus`.

use std::path::PathBuf;

use crate::support::Vector;
use crate::{backend, frontend};

fn check(target: &str, vectors: &[Vector]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let bless = std::env::var_os("PGLINE_BLESS_CORPUS").is_some();
    if bless {
        std::fs::create_dir_all(&dir).expect("create corpus dir");
    }
    for (name, bytes) in vectors {
        let path = dir.join(format!("vector-{name}"));
        if bless {
            std::fs::write(&path, bytes).expect("write seed");
        }
        let stored = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(&stored, bytes, "{} is stale", path.display());
    }
}

#[test]
fn seed_corpus_holds_every_backend_vector() {
    let mut vectors = backend::all();
    let conversation = vectors
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    vectors.push(("all_backend_messages", conversation));
    check("backend_message", &vectors);
}

#[test]
fn seed_corpus_holds_every_frontend_vector() {
    let mut vectors = [frontend::startup_packets(), frontend::tagged()].concat();
    let conversation = frontend::tagged()
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .collect();
    vectors.push(("all_tagged_frontend_messages", conversation));
    check("frontend_roundtrip", &vectors);
}

#[test]
fn seed_corpus_holds_every_startup_conversation() {
    check("startup", &pgline::fuzzing::startup_seeds());
}
