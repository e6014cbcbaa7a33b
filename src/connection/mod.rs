//! The connection layer: transport and TLS, startup and authentication, and the task that owns
//! the socket and routes replies to requests in write order.

mod connect;
mod core;
mod plan;
mod reply;
pub(crate) mod responses;
pub(crate) mod startup;
pub(crate) mod stream;
mod task;
mod tls;
pub(crate) mod transport;

pub(crate) use connect::connect;
pub use plan::{ConnectOptions, DEFAULT_STARTUP_TIMEOUT};
pub(crate) use task::Shared;

/// Closes a named statement on the server without waiting: Close and Sync, replies discarded.
pub(crate) fn close_statement(shared: &Shared, name: &str) {
    let queued = shared.send(1, |buf| {
        crate::protocol::frontend::close(crate::protocol::ObjectKind::Statement, name, buf)
            .map_err(crate::Error::protocol)?;
        crate::protocol::frontend::sync(buf);
        Ok(())
    });
    // Dropping the receiver makes the task discard the CloseComplete; a closed connection has
    // nothing left to close.
    drop(queued);
}

impl crate::Config {
    /// Connects, with the `PG*` environment variables and libpq's defaults filling what the
    /// config leaves unset; see [`ConnectOptions`] for settings beyond libpq's keywords.
    pub async fn connect(&self) -> Result<crate::Client, crate::Error> {
        ConnectOptions::default().connect(self).await
    }
}
