//! The connection layer: transport and TLS, startup and authentication, the task that owns the
//! socket and routes replies to requests in write order, CancelRequest, and the messages that
//! belong to the connection (notifications, notices, parameter status).
//!
//! It moves requests and replies; it never reads a reply's meaning (that is the client layer's
//! reply reader) and imports nothing from the layers above.

mod cancel;
mod connect;
mod connector;
mod core;
mod notification;
mod options;
mod reply;
mod request;
pub(crate) mod startup;
pub(crate) mod stream;
mod task;
mod tls;
pub(crate) mod transport;

use std::sync::Arc;

pub use cancel::{CancelToken, DEFAULT_CANCEL_TIMEOUT};
pub(crate) use connect::connect;
pub use connector::{
    BoxFuture, Connector, ConnectorStream, HostTarget, PasswordProvider, ProviderError,
};
// The fuzzer (`crate::fuzzing::client_replies`) drives the sans-IO core and reply channels.
pub(crate) use core::{ConnectionMessage, Core, Slot};
pub use notification::{ASYNC_MESSAGE_BUFFER, AsyncMessage, AsyncMessages, Notification};
pub(crate) use notification::{Delivery, interpret};
pub use options::{
    ConnectOptions, DEFAULT_MAX_CACHEABLE_STATEMENT_LEN, DEFAULT_STARTUP_TIMEOUT,
    DEFAULT_STATEMENT_CACHE_SIZE, DEFAULT_STATEMENT_LIFETIME,
};
pub(crate) use reply::{Received, ReplyReceiver, channel as reply_channel};
pub(crate) use request::{Ownership, Request, may_copy};
pub(crate) use task::{Shared, WireState};

use crate::protocol::ProtocolVersion;

/// An established, authenticated session whose task is running: what the client layer wraps.
pub(crate) struct Connected {
    pub shared: Arc<Shared>,
    pub cancel: CancelToken,
    pub protocol: ProtocolVersion,
}
