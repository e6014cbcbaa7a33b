//! CopyInResponse (`'G'`), CopyOutResponse (`'H'`) and CopyBothResponse (`'W'`): the start of a
//! COPY (or replication) stream, with the overall format and one format code per column. The
//! three share one body layout, so they live together.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-COPYINRESPONSE>

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{Reader, count_i16, encode};
use crate::protocol::{EncodeError, Format, MessageKind, ProtocolError};

/// The body shared by the three copy responses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyFormats {
    /// The overall format: text, or binary for `FORMAT binary`.
    pub format: Format,
    /// One format per column (all text when `format` is text).
    pub column_formats: Vec<Format>,
}

impl CopyFormats {
    fn parse(body: &[u8], message: MessageKind) -> Result<CopyFormats, ProtocolError> {
        let mut r = Reader::new(body, message);
        let code = r.u8("format")?;
        let format = Format::from_code(code.into()).ok_or(ProtocolError::invalid(
            message,
            "format",
            code.into(),
        ))?;
        let count = r.count16("column count")?;
        let mut column_formats = Vec::new();
        for _ in 0..count {
            column_formats.push(r.format("column format")?);
        }
        r.finish()?;
        Ok(CopyFormats {
            format,
            column_formats,
        })
    }

    fn encode(
        tag: u8,
        message: MessageKind,
        format: Format,
        column_formats: &[Format],
        buf: &mut BytesMut,
    ) -> Result<(), EncodeError> {
        let count = count_i16(column_formats.len(), message, "column count")?;
        encode(buf, Some(tag), message, |buf| {
            buf.extend_from_slice(&[format.code() as u8]);
            buf.extend_from_slice(&count.to_be_bytes());
            for f in column_formats {
                buf.extend_from_slice(&f.code().to_be_bytes());
            }
            Ok(())
        })
    }
}

macro_rules! copy_response {
    ($(#[$doc:meta])* $name:ident, $encoder:ident, $tag:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name(pub CopyFormats);

        impl $name {
            #[doc = concat!("Parses a ", stringify!($name), " body.")]
            pub fn parse(body: Bytes) -> Result<$name, ProtocolError> {
                CopyFormats::parse(&body, MessageKind::$name).map($name)
            }

            /// The overall format.
            pub fn format(&self) -> Format {
                self.0.format
            }

            /// The per-column formats.
            pub fn column_formats(&self) -> &[Format] {
                &self.0.column_formats
            }
        }

        #[doc = concat!("Appends a ", stringify!($name), " (at most 32767 columns).")]
        pub fn $encoder(
            format: Format,
            column_formats: &[Format],
            buf: &mut BytesMut,
        ) -> Result<(), EncodeError> {
            CopyFormats::encode($tag, MessageKind::$name, format, column_formats, buf)
        }
    };
}

copy_response!(
    /// A parsed CopyInResponse: the server is ready for COPY FROM STDIN data.
    CopyInResponse, copy_in_response, b'G'
);
copy_response!(
    /// A parsed CopyOutResponse: COPY TO STDOUT data follows.
    CopyOutResponse, copy_out_response, b'H'
);
copy_response!(
    /// A parsed CopyBothResponse: streaming replication has started.
    CopyBothResponse, copy_both_response, b'W'
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_out_response_binary_two_columns() {
        let r = CopyOutResponse::parse(Bytes::from_static(b"\x01\0\x02\0\x01\0\x01")).unwrap();
        assert_eq!(r.format(), Format::Binary);
        assert_eq!(r.column_formats(), [Format::Binary, Format::Binary]);
    }

    #[test]
    fn copy_in_response_overall_format_two_is_invalid() {
        assert_eq!(
            CopyInResponse::parse(Bytes::from_static(b"\x02\0\0")),
            Err(ProtocolError::invalid(
                MessageKind::CopyInResponse,
                "format",
                2
            ))
        );
    }

    #[test]
    fn copy_both_response_negative_count() {
        assert!(matches!(
            CopyBothResponse::parse(Bytes::from_static(b"\0\x80\0")),
            Err(ProtocolError::Malformed {
                field: "column count",
                ..
            })
        ));
    }
}
