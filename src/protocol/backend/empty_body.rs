//! The backend messages that are only a tag and the length 4: ParseComplete, BindComplete,
//! CloseComplete, NoData, EmptyQueryResponse, PortalSuspended, CopyDone. Their parsing is the
//! empty-body check in [`super::BackendMessage::parse`].
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARSECOMPLETE>

use bytes::BytesMut;

macro_rules! empty_body_encoder {
    ($(#[$doc:meta] $name:ident = $tag:literal;)*) => {$(
        #[$doc]
        #[inline]
        pub fn $name(buf: &mut BytesMut) {
            buf.extend_from_slice(&[$tag, 0, 0, 0, 4]);
        }
    )*};
}

empty_body_encoder! {
    /// Appends ParseComplete (`1 00 00 00 04`).
    parse_complete = b'1';
    /// Appends BindComplete (`2 00 00 00 04`).
    bind_complete = b'2';
    /// Appends CloseComplete (`3 00 00 00 04`).
    close_complete = b'3';
    /// Appends NoData (`n 00 00 00 04`).
    no_data = b'n';
    /// Appends EmptyQueryResponse (`I 00 00 00 04`).
    empty_query_response = b'I';
    /// Appends PortalSuspended (`s 00 00 00 04`).
    portal_suspended = b's';
    /// Appends CopyDone (`c 00 00 00 04`).
    copy_done = b'c';
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_body_backend_messages_are_tag_and_length_four() {
        let mut buf = BytesMut::new();
        parse_complete(&mut buf);
        bind_complete(&mut buf);
        close_complete(&mut buf);
        no_data(&mut buf);
        empty_query_response(&mut buf);
        portal_suspended(&mut buf);
        copy_done(&mut buf);
        let tags: Vec<u8> = buf.chunks(5).map(|f| f[0]).collect();
        assert_eq!(tags, b"123nIsc");
        assert!(buf.chunks(5).all(|f| f[1..] == [0, 0, 0, 4]));
    }
}
