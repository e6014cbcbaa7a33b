//! NoticeResponse (tag `'N'`): a warning or notice, with the same field list as ErrorResponse.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-NOTICERESPONSE>

use bytes::{Bytes, BytesMut};

use super::error_response::{ErrorFields, encode_fields};
use crate::protocol::{EncodeError, MessageKind, ProtocolError};

/// A parsed NoticeResponse; its fields are reached through `Deref` to [`ErrorFields`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeResponse(ErrorFields);

impl NoticeResponse {
    /// Parses a NoticeResponse body.
    pub fn parse(body: Bytes) -> Result<NoticeResponse, ProtocolError> {
        ErrorFields::parse(body, MessageKind::NoticeResponse).map(NoticeResponse)
    }

    /// The fields.
    pub fn fields(&self) -> &ErrorFields {
        &self.0
    }
}

impl std::ops::Deref for NoticeResponse {
    type Target = ErrorFields;

    fn deref(&self) -> &ErrorFields {
        &self.0
    }
}

/// Appends a NoticeResponse with `fields` (codes must be non-zero).
pub fn notice_response<'a, I>(fields: I, buf: &mut BytesMut) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = (u8, &'a str)>,
{
    encode_fields(b'N', MessageKind::NoticeResponse, fields, buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_response_errors_name_notice_not_error() {
        assert_eq!(
            NoticeResponse::parse(Bytes::from_static(b"S\xff\0\0")),
            Err(ProtocolError::InvalidUtf8 {
                message: MessageKind::NoticeResponse,
                field: "field value"
            })
        );
    }

    #[test]
    fn notice_response_round_trip() {
        let mut buf = BytesMut::new();
        notice_response([(b'S', "NOTICE"), (b'M', "hi")], &mut buf).unwrap();
        let n = NoticeResponse::parse(buf.freeze().slice(5..)).unwrap();
        assert_eq!(n.severity(), Some("NOTICE"));
        assert_eq!(n.message(), Some("hi"));
    }
}
