//! Replays every file under `fuzz/corpus/<target>/` through the same `pgline::fuzzing` function
//! the cargo-fuzz target calls, so plain `cargo test` on stable keeps every seed and every fixed
//! crasher passing. Adding a target is one `corpus!` line.

use std::path::PathBuf;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable corpus entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has no corpus", dir.display());
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // Name the input if it panics, so a failure points at the file to debug.
        let result = std::panic::catch_unwind(|| run(&data));
        assert!(result.is_ok(), "{target} panicked on {}", file.display());
    }
}

macro_rules! corpus {
    ($($target:ident),* $(,)?) => {$(
        #[test]
        fn $target() {
            replay(stringify!($target), pgline::fuzzing::$target);
        }
    )*};
}

corpus! {
    backend_message,
    frontend_roundtrip,
    scram_server,
    config,
    startup,
    sql_lexer,
    client_replies,
    decode,
    // Without the `arrow` feature only its framing half runs.
    copy_binary,
}
