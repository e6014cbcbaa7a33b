//! The PostgreSQL frontend/backend wire codec, protocol 3.0 (and 3.2's longer cancel keys).
//!
//! Sans-IO: no sockets, no async, no clock. See
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html>.
