//! Frontend message vectors, one file per message (or per family sharing a layout).

pub mod bind;
pub mod cancel_request;
pub mod copy;
pub mod describe_close;
pub mod empty_body;
pub mod execute;
pub mod parse;
pub mod password_message;
pub mod query;
pub mod ssl_request;
pub mod startup_message;

use crate::support::Vector;

/// The untagged startup-phase vectors.
pub fn startup_packets() -> Vec<Vector> {
    [
        startup_message::vectors(),
        ssl_request::vectors(),
        cancel_request::vectors(),
    ]
    .concat()
}

/// The tagged frontend vectors.
pub fn tagged() -> Vec<Vector> {
    [
        bind::vectors(),
        copy::vectors(),
        describe_close::vectors(),
        empty_body::vectors(),
        execute::vectors(),
        parse::vectors(),
        password_message::vectors(),
        query::vectors(),
    ]
    .concat()
}
