//! The connection layer: transport and TLS, startup and authentication, and the task that owns
//! the socket and routes replies to requests in write order.

mod connect;
mod core;
mod reply;
pub(crate) mod responses;
mod startup;
pub(crate) mod stream;
mod task;
mod tls;
pub(crate) mod transport;

pub(crate) use connect::{ConnectPlan, Host, SessionAttrs, SslMode, Target, connect};
pub(crate) use startup::StartupSettings;
pub(crate) use task::Shared;
pub(crate) use tls::{Roots, TlsSettings, Verify};

/// Closes a named statement on the server without waiting: Close and Sync, replies discarded.
pub(crate) fn close_statement(shared: &Shared, name: &str) {
    let queued = shared.send(1, |buf| {
        crate::protocol::frontend::close(crate::protocol::frontend::Target::Statement, name, buf)
            .map_err(crate::Error::protocol)?;
        crate::protocol::frontend::sync(buf);
        Ok(())
    });
    // Dropping the receiver makes the task discard the CloseComplete; a closed connection has
    // nothing left to close.
    drop(queued);
}
