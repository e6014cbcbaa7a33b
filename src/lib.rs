//! pgline: an async PostgreSQL driver with its own sans-IO wire codec.
//!
//! Layers depend downward only: [`protocol`] (bytes in, messages out) ← [`auth`] (SCRAM, MD5)
//! ← the connection (config, TLS, startup, the task that owns the socket) ← pool ← driver.

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod protocol;
pub mod types;

#[doc(hidden)]
pub mod fuzzing;
