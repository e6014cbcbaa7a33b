//! Arbitrary connection strings: parse, Display round trip, resolution; see
//! `pgline::fuzzing::config`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::config(data));
