//! SSLRequest: the untagged packet asking the server to switch to TLS; the server answers with
//! one byte, `S` or `N`, that this codec never reads.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-SSLREQUEST>

use bytes::BytesMut;

/// The request code that stands where StartupMessage has its protocol version: 1234.5679.
pub const SSL_REQUEST_CODE: i32 = 80_877_103;

/// Appends an SSLRequest: length 8, then code 80877103.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::ssl_request(&mut buf);
/// assert_eq!(&buf[..], [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
/// ```
#[inline]
pub fn ssl_request(buf: &mut BytesMut) {
    buf.extend_from_slice(&8i32.to_be_bytes());
    buf.extend_from_slice(&SSL_REQUEST_CODE.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssl_request_code_is_1234_5679() {
        assert_eq!(SSL_REQUEST_CODE, (1234 << 16) | 5679);
        let mut buf = BytesMut::new();
        ssl_request(&mut buf);
        assert_eq!(buf.len(), 8);
    }
}
