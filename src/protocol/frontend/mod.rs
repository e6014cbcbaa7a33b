//! Messages the client sends: one free function per message that appends it to a `BytesMut`
//! (never leaving half a message on error), and parsers for them that mock servers and the fuzz
//! round trip use. No I/O. <https://www.postgresql.org/docs/current/protocol-message-formats.html>

mod bind;
mod cancel_request;
mod close;
mod copy_data;
mod copy_fail;
mod describe;
mod empty_body;
mod execute;
mod gssenc_request;
mod parse;
mod password_message;
mod query;
mod sasl_initial_response;
mod sasl_response;
mod ssl_request;
mod startup_message;
mod startup_packet;

use bytes::{Bytes, BytesMut};

pub use bind::{Bind, BindError, bind};
pub use cancel_request::{
    CANCEL_REQUEST_CODE, CancelRequest, MAX_CANCEL_KEY_LEN, MIN_CANCEL_KEY_LEN, cancel_request,
};
pub use close::{Close, close};
pub use copy_data::{copy_data, copy_data_with};
pub use copy_fail::{CopyFail, copy_fail};
pub use describe::{Describe, describe};
pub use empty_body::{copy_done, flush, sync, terminate};
pub use execute::{Execute, execute};
pub use gssenc_request::{GSSENC_REQUEST_CODE, gssenc_request};
pub use parse::{Parse, parse};
pub use password_message::{PasswordMessage, password_message};
pub use query::{Query, query};
pub use sasl_initial_response::{SaslInitialResponse, sasl_initial_response};
pub use sasl_response::{SaslResponse, sasl_response};
pub use ssl_request::{SSL_REQUEST_CODE, ssl_request};
pub use startup_message::{StartupMessage, startup_message};
pub use startup_packet::{MAX_STARTUP_PACKET_LEN, StartupPacket, split_startup_packet};

use crate::protocol::codec::{encode, expect_empty};
use crate::protocol::{EncodeError, IsNull, MessageKind, ProtocolError};

/// A tagged frontend message (anything after the startup phase), parsed from its tag and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrontendMessage {
    /// Bind (`'B'`).
    Bind(Bind),
    /// Close (`'C'`).
    Close(Close),
    /// CopyData (`'d'`).
    CopyData(Bytes),
    /// CopyDone (`'c'`).
    CopyDone,
    /// CopyFail (`'f'`).
    CopyFail(CopyFail),
    /// Describe (`'D'`).
    Describe(Describe),
    /// Execute (`'E'`).
    Execute(Execute),
    /// Flush (`'H'`).
    Flush,
    /// Parse (`'P'`).
    Parse(Parse),
    /// Tag `'p'`: PasswordMessage, SASLInitialResponse, SASLResponse or GSSResponse. Which one
    /// depends on the authentication request the server sent, so the body is kept raw: parse it
    /// with [`PasswordMessage::parse`], [`SaslInitialResponse::parse`] or
    /// [`SaslResponse::parse`].
    AuthenticationResponse(Bytes),
    /// Query (`'Q'`).
    Query(Query),
    /// Sync (`'S'`).
    Sync,
    /// Terminate (`'X'`).
    Terminate,
}

impl FrontendMessage {
    /// Parses the body of the frame tagged `tag`.
    ///
    /// ```
    /// use bytes::{Bytes, BytesMut};
    /// use pgline::protocol::frontend::FrontendMessage;
    /// assert_eq!(FrontendMessage::parse(b'S', Bytes::new()).unwrap(), FrontendMessage::Sync);
    /// ```
    pub fn parse(tag: u8, body: Bytes) -> Result<FrontendMessage, ProtocolError> {
        Ok(match tag {
            b'B' => FrontendMessage::Bind(Bind::parse(body)?),
            b'C' => FrontendMessage::Close(Close::parse(body)?),
            b'd' => FrontendMessage::CopyData(body),
            b'c' => {
                expect_empty(&body, MessageKind::CopyDone)?;
                FrontendMessage::CopyDone
            }
            b'f' => FrontendMessage::CopyFail(CopyFail::parse(body)?),
            b'D' => FrontendMessage::Describe(Describe::parse(body)?),
            b'E' => FrontendMessage::Execute(Execute::parse(body)?),
            b'H' => {
                expect_empty(&body, MessageKind::Flush)?;
                FrontendMessage::Flush
            }
            b'P' => FrontendMessage::Parse(Parse::parse(body)?),
            b'p' => FrontendMessage::AuthenticationResponse(body),
            b'Q' => FrontendMessage::Query(Query::parse(body)?),
            b'S' => {
                expect_empty(&body, MessageKind::Sync)?;
                FrontendMessage::Sync
            }
            b'X' => {
                expect_empty(&body, MessageKind::Terminate)?;
                FrontendMessage::Terminate
            }
            tag => return Err(ProtocolError::UnknownTag { tag }),
        })
    }

    /// Appends the message as a client would send it; `encode(parse(frame))` gives back the
    /// frame byte for byte.
    pub fn encode(&self, buf: &mut BytesMut) -> Result<(), EncodeError> {
        match self {
            FrontendMessage::Bind(b) => bind(
                &b.portal,
                &b.statement,
                b.param_formats.iter().copied(),
                &b.params,
                |p, buf| {
                    Ok::<_, std::convert::Infallible>(match p {
                        Some(value) => {
                            buf.extend_from_slice(value);
                            IsNull::No
                        }
                        None => IsNull::Yes,
                    })
                },
                b.result_formats.iter().copied(),
                buf,
            )
            .map_err(|e| match e {
                BindError::Encode(e) => e,
                BindError::Serialize { error, .. } => match error {},
            }),
            FrontendMessage::Close(c) => close(c.kind, &c.name, buf),
            FrontendMessage::CopyData(data) => copy_data(data, buf),
            FrontendMessage::CopyDone => {
                copy_done(buf);
                Ok(())
            }
            FrontendMessage::CopyFail(f) => copy_fail(&f.message, buf),
            FrontendMessage::Describe(d) => describe(d.kind, &d.name, buf),
            FrontendMessage::Execute(e) => execute(&e.portal, e.max_rows, buf),
            FrontendMessage::Flush => {
                flush(buf);
                Ok(())
            }
            FrontendMessage::Parse(p) => {
                parse(&p.name, &p.query, p.param_type_oids.iter().copied(), buf)
            }
            FrontendMessage::AuthenticationResponse(body) => {
                encode(buf, Some(b'p'), MessageKind::PasswordMessage, |buf| {
                    buf.extend_from_slice(body);
                    Ok(())
                })
            }
            FrontendMessage::Query(q) => query(&q.sql, buf),
            FrontendMessage::Sync => {
                sync(buf);
                Ok(())
            }
            FrontendMessage::Terminate => {
                terminate(buf);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontend_message_unknown_tag() {
        assert_eq!(
            FrontendMessage::parse(b'F', Bytes::new()),
            Err(ProtocolError::UnknownTag { tag: b'F' })
        );
    }

    #[test]
    fn frontend_sync_with_body_is_trailing_data() {
        assert_eq!(
            FrontendMessage::parse(b'S', Bytes::from_static(b"x")),
            Err(ProtocolError::TrailingData {
                message: MessageKind::Sync,
                len: 1
            })
        );
    }
}
