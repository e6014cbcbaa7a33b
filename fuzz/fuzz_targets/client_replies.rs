//! Scripted server bytes through the connection core, reply reader and rows; see
//! `pgline::fuzzing::client_replies`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::client_replies(data));
