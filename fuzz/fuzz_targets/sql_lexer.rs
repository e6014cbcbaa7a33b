//! Arbitrary SQL text: lexer coverage, placeholder conversion in every style, script
//! splitting; see `pgline::fuzzing::sql_lexer`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::sql_lexer(data));
