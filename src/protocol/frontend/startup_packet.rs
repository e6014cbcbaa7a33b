//! Splitting and classifying the untagged packets a client sends before its StartupMessage is
//! accepted: StartupMessage, SSLRequest, GSSENCRequest and CancelRequest all start with a length
//! and a 32-bit code. For mock servers and tests; a client only encodes these.
//! <https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP>

use bytes::{Buf, Bytes, BytesMut};

use super::cancel_request::{CANCEL_REQUEST_CODE, CancelRequest, cancel_request};
use super::gssenc_request::{GSSENC_REQUEST_CODE, gssenc_request};
use super::ssl_request::{SSL_REQUEST_CODE, ssl_request};
use super::startup_message::{StartupMessage, startup_message};
use crate::protocol::codec::Reader;
use crate::protocol::{EncodeError, MessageKind, ProtocolError, ProtocolVersion};

/// PostgreSQL's own cap on a startup packet's length (`MAX_STARTUP_PACKET_LENGTH`).
pub const MAX_STARTUP_PACKET_LEN: usize = 10_000;

/// One untagged startup-phase packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartupPacket {
    /// StartupMessage.
    Startup(StartupMessage),
    /// SSLRequest.
    SslRequest,
    /// GSSENCRequest.
    GssEncRequest,
    /// CancelRequest.
    Cancel(CancelRequest),
}

impl StartupPacket {
    /// Classifies and parses a packet body (everything after the length field).
    ///
    /// Any code whose major half is not 1234 is a StartupMessage, whatever its version: version
    /// negotiation is the server's business, not the codec's.
    pub fn parse(body: Bytes) -> Result<StartupPacket, ProtocolError> {
        let code = Reader::new(&body, MessageKind::StartupPacket).i32("request code")?;
        match code {
            SSL_REQUEST_CODE => {
                let mut r = Reader::new(&body, MessageKind::SslRequest);
                r.i32("request code")?;
                r.finish()?;
                Ok(StartupPacket::SslRequest)
            }
            GSSENC_REQUEST_CODE => {
                let mut r = Reader::new(&body, MessageKind::GssEncRequest);
                r.i32("request code")?;
                r.finish()?;
                Ok(StartupPacket::GssEncRequest)
            }
            CANCEL_REQUEST_CODE => CancelRequest::parse(body).map(StartupPacket::Cancel),
            _ if ProtocolVersion::from_code(code).major == 1234 => Err(ProtocolError::invalid(
                MessageKind::StartupPacket,
                "request code",
                code.into(),
            )),
            _ => StartupMessage::parse(body).map(StartupPacket::Startup),
        }
    }

    /// Appends the packet as a client would send it; `encode(parse(packet))` gives back the
    /// packet byte for byte.
    pub fn encode(&self, buf: &mut BytesMut) -> Result<(), EncodeError> {
        match self {
            StartupPacket::Startup(s) => {
                startup_message(s.version, s.params.iter().map(|(k, v)| (k, v)), buf)
            }
            StartupPacket::SslRequest => {
                ssl_request(buf);
                Ok(())
            }
            StartupPacket::GssEncRequest => {
                gssenc_request(buf);
                Ok(())
            }
            StartupPacket::Cancel(c) => cancel_request(c.process_id, &c.secret_key, buf),
        }
    }
}

/// Splits one complete untagged packet off `buf` and returns its body (after the length), or
/// `Ok(None)` with `buf` untouched while it is partial. The declared length must be at least 8
/// and at most `max_len` ([`MAX_STARTUP_PACKET_LEN`] is PostgreSQL's choice).
///
/// ```
/// use bytes::BytesMut;
/// use pgline::protocol::frontend::{self, split_startup_packet, StartupPacket, MAX_STARTUP_PACKET_LEN};
/// let mut buf = BytesMut::new();
/// frontend::ssl_request(&mut buf);
/// let body = split_startup_packet(&mut buf, MAX_STARTUP_PACKET_LEN).unwrap().unwrap();
/// assert_eq!(StartupPacket::parse(body).unwrap(), StartupPacket::SslRequest);
/// ```
pub fn split_startup_packet(
    buf: &mut BytesMut,
    max_len: usize,
) -> Result<Option<Bytes>, ProtocolError> {
    let Some(&len) = buf.first_chunk::<4>() else {
        return Ok(None);
    };
    let len = i32::from_be_bytes(len);
    if len < 8 {
        return Err(ProtocolError::TooShort { tag: None, len });
    }
    let len = len as usize;
    if len > max_len {
        return Err(ProtocolError::TooLong {
            tag: None,
            len,
            max: max_len,
        });
    }
    if buf.len() < len {
        return Ok(None);
    }
    let mut packet = buf.split_to(len).freeze();
    packet.advance(4);
    Ok(Some(packet))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn startup_packet_short_length_is_rejected() {
        let mut buf = BytesMut::from(&[0u8, 0, 0, 7, 0, 0, 0][..]);
        assert_eq!(
            split_startup_packet(&mut buf, MAX_STARTUP_PACKET_LEN),
            Err(ProtocolError::TooShort { tag: None, len: 7 })
        );
    }

    #[test]
    fn startup_packet_over_max_is_rejected_before_body() {
        let mut buf = BytesMut::from(&[0u8, 0, 0x27, 0x11][..]);
        assert_eq!(
            split_startup_packet(&mut buf, MAX_STARTUP_PACKET_LEN),
            Err(ProtocolError::TooLong {
                tag: None,
                len: 10_001,
                max: 10_000
            })
        );
    }

    #[test]
    fn startup_packet_partial_is_left_in_place() {
        let mut buf = BytesMut::from(&[0u8, 0, 0, 8, 0x04][..]);
        assert_eq!(
            split_startup_packet(&mut buf, MAX_STARTUP_PACKET_LEN),
            Ok(None)
        );
        assert_eq!(buf.len(), 5);
    }

    #[test]
    fn startup_packet_unknown_1234_code_is_invalid() {
        let body = Bytes::from_static(&[0x04, 0xd2, 0x16, 0x31]);
        assert_eq!(
            StartupPacket::parse(body),
            Err(ProtocolError::invalid(
                MessageKind::StartupPacket,
                "request code",
                80_877_105
            ))
        );
    }

    #[test]
    fn ssl_request_with_extra_bytes_is_trailing_data() {
        let body = Bytes::from_static(&[0x04, 0xd2, 0x16, 0x2f, 0]);
        assert_eq!(
            StartupPacket::parse(body),
            Err(ProtocolError::TrailingData {
                message: MessageKind::SslRequest,
                len: 1
            })
        );
    }
}
