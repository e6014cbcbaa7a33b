//! Arbitrary bytes decoded as a chosen type into every Rust type that accepts it; see
//! `pgline::fuzzing::decode`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::decode(data));
