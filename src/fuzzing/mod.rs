//! Entry points for the cargo-fuzz targets in `fuzz/`, kept in the library so the stable corpus
//! replay test (`protocol-tests/fuzz_corpus.rs`) runs exactly the same code. Not a public API.
//!
//! Each function takes the raw fuzzer input and panics only when it finds a bug (a failed
//! round trip, an inconsistency between two parsers); bad input itself must never panic.

mod backend;
mod client_replies;
mod config;
mod copy;
mod decode;
mod frontend;
mod scram;
#[cfg(test)]
mod seeds;
mod sql;
mod startup;

pub use backend::backend_message;
pub use client_replies::client_replies;
pub use config::config;
pub use copy::copy_binary;
pub use decode::decode;
pub use frontend::frontend_roundtrip;
pub use scram::{CLIENT_NONCE, scram_server};
pub use sql::sql_lexer;
#[cfg(test)]
pub(crate) use startup::{PASSWORD, Profile, ScramScript, scram_script};
pub use startup::{startup, startup_seeds};

/// Reads structured values off the front of a fuzzer input; past the end every read returns
/// zeros, so any input is a valid program.
pub(crate) struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Input<'a> {
        Input { data }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub(crate) fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    pub(crate) fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    pub(crate) fn i32(&mut self) -> i32 {
        i32::from_be_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    /// Everything not yet read.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }

    /// Up to `max` bytes, the length taken from the input.
    pub(crate) fn bytes(&mut self, max: usize) -> &'a [u8] {
        let len = (self.u8() as usize).min(max).min(self.data.len());
        let (head, rest) = self.data.split_at(len);
        self.data = rest;
        head
    }

    /// A string of up to `max` bytes: the input's bytes, lossily made UTF-8 (so it may well
    /// contain a NUL, which the encoders must reject).
    pub(crate) fn string(&mut self, max: usize) -> String {
        String::from_utf8_lossy(self.bytes(max)).into_owned()
    }
}
