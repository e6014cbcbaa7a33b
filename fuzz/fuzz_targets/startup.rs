//! Arbitrary bytes as everything the server says during startup, under several client
//! settings; see `pgline::fuzzing::startup`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::startup(data));
