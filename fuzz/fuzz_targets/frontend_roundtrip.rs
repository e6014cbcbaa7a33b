//! Frontend messages encoded then parsed back, and raw bytes through the frontend parsers; see
//! `pgline::fuzzing::frontend_roundtrip`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::frontend_roundtrip(data));
