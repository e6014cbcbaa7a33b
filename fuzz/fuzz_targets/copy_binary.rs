//! Arbitrary binary COPY streams through the framing reader and the Arrow decoder; see
//! `pgline::fuzzing::copy_binary`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| pgline::fuzzing::copy_binary(data));
