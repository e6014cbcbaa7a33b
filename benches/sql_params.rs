//! Placeholder conversion: one ~2 KB statement with strings, comments, casts and 50 `:name`
//! placeholders (25 names, each used twice) rewritten to `$n`. Goal: under 5 µs.
//!
//! There is no tokio-postgres twin: tokio-postgres takes `$n` only and has no converter.
//!
//!     cargo bench --bench sql_params -- --warm-up-time 1 --measurement-time 3
//!
//! For instruction counts (the machine is noisy), `SQL_PARAMS_BENCH_ONLY=convert` (or `lex`)
//! runs 1,000 conversions without criterion inside an `#[inline(never)]` fn named
//! `run_<workload>` for callgrind's `--toggle-collect`; see BENCHMARKS.md.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use pgline::sql::{ParamStyle, convert};

/// The statement: 25 blocks, each a comment, a string, casts and two placeholders, then a
/// dollar-quoted tail.
fn statement() -> String {
    let mut sql = String::from(
        "SELECT t.id, t.payload::jsonb ->> 'name' AS name\nFROM items t\nWHERE true\n",
    );
    for i in 0..25 {
        let _ = writeln!(
            sql,
            "/* f{i}; */ AND (t.c{i}::int8 = :p_{i}::int8 OR t.l{i} = 'it''s :x;' || :p_{i}) -- {i}"
        );
    }
    sql.push_str("  AND t.body <> $$ :also_not ; $$\nORDER BY t.id::text");
    sql
}

fn bench(c: &mut Criterion) {
    let sql = statement();
    let converted = convert(&sql, ParamStyle::Named).expect("the statement converts");
    assert_eq!(converted.count, 25);
    assert_eq!(converted.sql.matches("$25").count(), 2);
    let mut group = c.benchmark_group("sql_params");
    group.throughput(Throughput::Bytes(sql.len() as u64));
    group.bench_function(format!("named_to_dollar_{}b_50_params", sql.len()), |b| {
        b.iter(|| convert(black_box(&sql), ParamStyle::Named))
    });
    group.bench_function("lex_only", |b| {
        b.iter(|| pgline::sql::Lexer::new(black_box(&sql)).count())
    });
    group.finish();
}

#[inline(never)]
fn run_convert(sql: &str) -> usize {
    (0..1000)
        .map(|_| convert(black_box(sql), ParamStyle::Named).map_or(0, |c| c.count))
        .sum()
}

#[inline(never)]
fn run_lex(sql: &str) -> usize {
    (0..1000)
        .map(|_| pgline::sql::Lexer::new(black_box(sql)).count())
        .sum()
}

criterion_group!(benches, bench);

fn main() {
    let sql = statement();
    match std::env::var("SQL_PARAMS_BENCH_ONLY").as_deref() {
        Ok("convert") => drop(black_box(run_convert(&sql))),
        Ok("lex") => drop(black_box(run_lex(&sql))),
        Ok(other) => panic!("unknown workload {other:?}: convert or lex"),
        Err(_) => {
            benches();
            Criterion::default().configure_from_args().final_summary();
        }
    }
}
