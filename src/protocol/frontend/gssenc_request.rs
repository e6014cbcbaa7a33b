//! GSSENCRequest: the untagged packet asking the server for GSSAPI encryption; the server answers
//! with one byte, `G` or `N`, that this codec never reads.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-GSSENCREQUEST>

use bytes::BytesMut;

/// The request code that stands where StartupMessage has its protocol version: 1234.5680.
pub const GSSENC_REQUEST_CODE: i32 = 80_877_104;

/// Appends a GSSENCRequest: length 8, then code 80877104.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::gssenc_request(&mut buf);
/// assert_eq!(&buf[..], [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x30]);
/// ```
#[inline]
pub fn gssenc_request(buf: &mut BytesMut) {
    buf.extend_from_slice(&8i32.to_be_bytes());
    buf.extend_from_slice(&GSSENC_REQUEST_CODE.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gssenc_request_code_is_1234_5680() {
        assert_eq!(GSSENC_REQUEST_CODE, (1234 << 16) | 5680);
        let mut buf = BytesMut::new();
        gssenc_request(&mut buf);
        assert_eq!(&buf[4..], GSSENC_REQUEST_CODE.to_be_bytes());
    }
}
