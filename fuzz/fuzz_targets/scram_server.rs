//! Arbitrary bytes as the SCRAM server-first and server-final messages; see
//! `pgline::fuzzing::scram_server`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::scram_server(data));
