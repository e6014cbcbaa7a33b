//! Arbitrary bytes through the frame splitters and every backend parser; see
//! `pgline::fuzzing::backend_message`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::backend_message(data));
