//! NotificationResponse (tag `'A'`): a NOTIFY delivered to a LISTENing session: the notifying
//! backend's process id, the channel and the payload.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-NOTIFICATIONRESPONSE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, put_cstr};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

const KIND: MessageKind = MessageKind::NotificationResponse;

/// A parsed NotificationResponse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotificationResponse {
    process_id: i32,
    channel: Bytes,
    payload: Bytes,
}

impl NotificationResponse {
    /// Parses a NotificationResponse body.
    pub fn parse(body: Bytes) -> Result<NotificationResponse, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let process_id = r.i32("process id")?;
        let channel_at = r.pos();
        let channel_len = r.cstr("channel")?.len();
        let payload_at = r.pos();
        let payload_len = r.cstr("payload")?.len();
        r.finish()?;
        Ok(NotificationResponse {
            process_id,
            channel: body.slice(channel_at..channel_at + channel_len),
            payload: body.slice(payload_at..payload_at + payload_len),
        })
    }

    /// The process id of the notifying backend.
    pub fn process_id(&self) -> i32 {
        self.process_id
    }

    /// The channel name.
    pub fn channel(&self) -> &str {
        // Validated as UTF-8 by `parse`; the fallback never happens.
        std::str::from_utf8(&self.channel).unwrap_or_default()
    }

    /// The payload.
    pub fn payload(&self) -> &str {
        // Validated as UTF-8 by `parse`; the fallback never happens.
        std::str::from_utf8(&self.payload).unwrap_or_default()
    }
}

/// Appends a NotificationResponse.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::notification_response(5, "ch", "hi", &mut buf).unwrap();
/// assert_eq!(&buf[..], b"A\0\0\0\x0e\0\0\0\x05ch\0hi\0");
/// ```
pub fn notification_response(
    process_id: i32,
    channel: &str,
    payload: &str,
    buf: &mut BytesMut,
) -> Result<(), EncodeError> {
    encode(buf, Some(b'A'), KIND, |buf| {
        buf.extend_from_slice(&process_id.to_be_bytes());
        put_cstr(buf, channel.as_bytes(), KIND, "channel")?;
        put_cstr(buf, payload.as_bytes(), KIND, "payload")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_response_fields() {
        let n = NotificationResponse::parse(Bytes::from_static(b"\0\0\0\x2ajobs\0{}\0")).unwrap();
        assert_eq!(
            (n.process_id(), n.channel(), n.payload()),
            (42, "jobs", "{}")
        );
    }

    #[test]
    fn notification_response_missing_payload_terminator() {
        assert!(matches!(
            NotificationResponse::parse(Bytes::from_static(b"\0\0\0\x2ajobs\0{}")),
            Err(ProtocolError::Malformed {
                field: "payload",
                ..
            })
        ));
    }
}
