//! The frontend messages that are only a tag and the length 4: Sync, Flush, CopyDone, Terminate.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-SYNC>

use bytes::BytesMut;

/// Appends Sync (`S 00 00 00 04`): ends an extended-query batch; the server answers with
/// ReadyForQuery.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::frontend::sync(&mut buf);
/// assert_eq!(&buf[..], b"S\0\0\0\x04");
/// ```
#[inline]
pub fn sync(buf: &mut BytesMut) {
    buf.extend_from_slice(&[b'S', 0, 0, 0, 4]);
}

/// Appends Flush (`H 00 00 00 04`): asks the server to send what it has buffered.
#[inline]
pub fn flush(buf: &mut BytesMut) {
    buf.extend_from_slice(&[b'H', 0, 0, 0, 4]);
}

/// Appends CopyDone (`c 00 00 00 04`): the end of a COPY FROM STDIN stream.
#[inline]
pub fn copy_done(buf: &mut BytesMut) {
    buf.extend_from_slice(&[b'c', 0, 0, 0, 4]);
}

/// Appends Terminate (`X 00 00 00 04`): the polite goodbye before closing the socket.
#[inline]
pub fn terminate(buf: &mut BytesMut) {
    buf.extend_from_slice(&[b'X', 0, 0, 0, 4]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_body_messages_are_tag_and_length_four() {
        let mut buf = BytesMut::new();
        sync(&mut buf);
        flush(&mut buf);
        copy_done(&mut buf);
        terminate(&mut buf);
        assert_eq!(&buf[..], b"S\0\0\0\x04H\0\0\0\x04c\0\0\0\x04X\0\0\0\x04");
    }
}
