//! Protocol tests for `pgline::protocol`: byte-exact vectors for every message in both directions,
//! written by hand from the PostgreSQL documentation (one commented field per line), never
//! produced by our own encoder; hostile inputs; chunked feeding; property round trips.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html>

#[macro_use]
mod support;

mod backend;
mod chunking;
mod frame;
mod frontend;
mod roundtrip;
mod seed_corpus;
