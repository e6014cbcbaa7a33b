//! FunctionCallResponse (tag `'V'`): the result of the legacy function-call sub-protocol, a
//! value or NULL (-1). <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-FUNCTIONCALLRESPONSE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, encode, len_i32};
use crate::protocol::{EncodeError, MessageKind, Problem, ProtocolError};

const KIND: MessageKind = MessageKind::FunctionCallResponse;

/// A parsed FunctionCallResponse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionCallResponse {
    value: Option<Bytes>,
}

impl FunctionCallResponse {
    /// Parses a FunctionCallResponse body.
    pub fn parse(body: Bytes) -> Result<FunctionCallResponse, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let len = r.i32("result length")?;
        let value = match len {
            -1 => None,
            len if len < 0 => {
                return Err(ProtocolError::malformed(
                    KIND,
                    "result length",
                    Problem::Negative { value: len },
                ));
            }
            len => {
                let start = r.pos();
                r.bytes(len as usize, "result value")?;
                Some(body.slice(start..r.pos()))
            }
        };
        r.finish()?;
        Ok(FunctionCallResponse { value })
    }

    /// The result; `None` for NULL.
    pub fn value(&self) -> Option<&Bytes> {
        self.value.as_ref()
    }
}

/// Appends a FunctionCallResponse with `value` (`None` for NULL).
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::function_call_response(None, &mut buf).unwrap();
/// assert_eq!(&buf[..], b"V\0\0\0\x08\xff\xff\xff\xff");
/// ```
pub fn function_call_response(value: Option<&[u8]>, buf: &mut BytesMut) -> Result<(), EncodeError> {
    encode(buf, Some(b'V'), KIND, |buf| {
        match value {
            Some(v) => {
                buf.extend_from_slice(&len_i32(v.len(), KIND, "result value")?.to_be_bytes());
                buf.extend_from_slice(v);
            }
            None => buf.extend_from_slice(&(-1i32).to_be_bytes()),
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_call_response_value_and_truncation() {
        let r = FunctionCallResponse::parse(Bytes::from_static(b"\0\0\0\x02ok")).unwrap();
        assert_eq!(r.value().map(|v| &v[..]), Some(&b"ok"[..]));
        assert_eq!(
            FunctionCallResponse::parse(Bytes::from_static(b"\0\0\0\x03ok")),
            Err(ProtocolError::truncated(KIND, "result value"))
        );
    }
}
