//! Caller code the pool runs at four points of a connection's life, as boxed async closures.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::client::Client;
use crate::error::Error;

/// What a hook returns: a boxed future borrowing the client.
pub type HookFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// A hook: an async closure over the connection's [`Client`].
pub(crate) type Hook = Arc<dyn for<'a> Fn(&'a Client) -> HookFuture<'a> + Send + Sync>;

/// The hooks of one pool; each is optional.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    /// After connecting, before first use; an error fails that connection attempt.
    pub after_connect: Option<Hook>,
    /// Before each hand-out; an error closes the connection and another is tried.
    pub before_acquire: Option<Hook>,
    /// On each return, after the reset; an error closes the connection.
    pub after_release: Option<Hook>,
    /// Before the pool closes a connection it still can talk to; errors are ignored.
    pub before_close: Option<Hook>,
}

impl std::fmt::Debug for Hooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hooks")
            .field("after_connect", &self.after_connect.is_some())
            .field("before_acquire", &self.before_acquire.is_some())
            .field("after_release", &self.after_release.is_some())
            .field("before_close", &self.before_close.is_some())
            .finish()
    }
}
