//! Bind (tag `'B'`): binds parameter values to a prepared statement, creating a portal. Each
//! value is written straight into the output buffer by the caller's serializer, then its length
//! is back-patched, so no value is copied twice.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-BIND>

use std::fmt;

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{CountSlot, Reader, count_u16, encode, put_cstr};
use crate::protocol::{EncodeError, Format, IsNull, MessageKind, Problem, ProtocolError};

const KIND: MessageKind = MessageKind::Bind;

/// Why [`bind`] failed.
#[derive(Debug, PartialEq, Eq)]
pub enum BindError<E> {
    /// The message itself cannot be encoded (a NUL in a name, too many parameters, too long).
    Encode(EncodeError),
    /// The serializer failed on a parameter.
    Serialize {
        /// The parameter's 0-based position.
        index: usize,
        /// The serializer's error.
        error: E,
    },
}

impl<E> From<EncodeError> for BindError<E> {
    fn from(e: EncodeError) -> Self {
        BindError::Encode(e)
    }
}

impl<E: fmt::Display> fmt::Display for BindError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindError::Encode(e) => e.fmt(f),
            BindError::Serialize { index, error } => {
                write!(f, "cannot encode Bind parameter ${}: {error}", index + 1)
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for BindError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BindError::Encode(e) => Some(e),
            BindError::Serialize { error, .. } => Some(error),
        }
    }
}

/// Appends a Bind message.
///
/// - `portal` and `statement`: names, empty for the unnamed ones.
/// - `param_formats`: none (all text), one (applies to all) or one per parameter.
/// - `params` and `serializer`: each parameter is handed to `serializer`, which appends the
///   value's bytes to the buffer and says whether it is NULL; the length prefix (-1 for NULL) is
///   back-patched. Bytes a serializer wrote before returning [`IsNull::Yes`] are dropped.
/// - `result_formats`: the same none/one/per-column rule for the result columns.
///
/// At most 65535 of each list. On any error the buffer is left as it was.
///
/// ```
/// use bytes::{BufMut, BytesMut};
/// use pgline::protocol::{frontend, Format, IsNull};
/// let mut buf = BytesMut::new();
/// frontend::bind(
///     "", "s1",
///     [Format::Binary],
///     [Some(7i32), None],
///     |p, buf| Ok::<_, std::convert::Infallible>(match p {
///         Some(v) => { buf.put_i32(v); IsNull::No }
///         None => IsNull::Yes,
///     }),
///     [Format::Binary],
///     &mut buf,
/// ).unwrap();
/// assert_eq!(
///     &buf[..],
///     b"B\0\0\0\x1e\0s1\0\0\x01\0\x01\0\x02\0\0\0\x04\0\0\0\x07\xff\xff\xff\xff\0\x01\0\x01"
/// );
/// ```
#[inline]
pub fn bind<P, E, I, J, F, K>(
    portal: &str,
    statement: &str,
    param_formats: I,
    params: J,
    mut serializer: F,
    result_formats: K,
    buf: &mut BytesMut,
) -> Result<(), BindError<E>>
where
    I: IntoIterator<Item = Format>,
    J: IntoIterator<Item = P>,
    F: FnMut(P, &mut BytesMut) -> Result<IsNull, E>,
    K: IntoIterator<Item = Format>,
{
    encode(buf, Some(b'B'), KIND, |buf| {
        put_cstr(buf, portal.as_bytes(), KIND, "portal name")?;
        put_cstr(buf, statement.as_bytes(), KIND, "statement name")?;
        put_formats(buf, param_formats, "parameter format count")?;

        let slot = CountSlot::reserve(buf);
        let mut count = 0usize;
        for param in params {
            let len_at = buf.len();
            buf.extend_from_slice(&[0; 4]);
            let len = match serializer(param, buf) {
                Ok(IsNull::No) => match i32::try_from(buf.len() - len_at - 4) {
                    Ok(len) => len,
                    Err(_) => {
                        return Err(BindError::Encode(EncodeError::TooLong {
                            message: KIND,
                            field: "parameter value",
                            len: buf.len() - len_at - 4,
                            max: i32::MAX as usize,
                        }));
                    }
                },
                Ok(IsNull::Yes) => {
                    buf.truncate(len_at + 4);
                    -1
                }
                Err(error) => {
                    return Err(BindError::Serialize {
                        index: count,
                        error,
                    });
                }
            };
            buf[len_at..len_at + 4].copy_from_slice(&len.to_be_bytes());
            count += 1;
        }
        slot.fill(buf, count_u16(count, KIND, "parameter count")?);

        put_formats(buf, result_formats, "result format count")?;
        Ok(())
    })
}

#[inline]
fn put_formats<I>(buf: &mut BytesMut, formats: I, field: &'static str) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = Format>,
{
    let slot = CountSlot::reserve(buf);
    let mut count = 0usize;
    for format in formats {
        buf.extend_from_slice(&format.code().to_be_bytes());
        count += 1;
    }
    slot.fill(buf, count_u16(count, KIND, field)?);
    Ok(())
}

/// A parsed Bind message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bind {
    /// The portal name; empty for the unnamed portal.
    pub portal: String,
    /// The statement name; empty for the unnamed statement.
    pub statement: String,
    /// The parameter format codes as sent (none, one, or one per parameter).
    pub param_formats: Vec<Format>,
    /// The parameter values; `None` for NULL.
    pub params: Vec<Option<Bytes>>,
    /// The result format codes as sent.
    pub result_formats: Vec<Format>,
}

impl Bind {
    /// Parses a Bind body. Counts are read as unsigned 16-bit, as PostgreSQL reads them.
    pub fn parse(body: Bytes) -> Result<Bind, ProtocolError> {
        let mut r = Reader::new(&body, KIND);
        let portal = r.cstr("portal name")?.to_owned();
        let statement = r.cstr("statement name")?.to_owned();
        let param_formats = read_formats(&mut r, "parameter format count", "parameter format")?;
        let count = r.u16("parameter count")?;
        let mut params = Vec::new();
        for _ in 0..count {
            let len = r.i32("parameter length")?;
            params.push(match len {
                -1 => None,
                len if len < 0 => {
                    return Err(ProtocolError::malformed(
                        KIND,
                        "parameter length",
                        Problem::Negative { value: len },
                    ));
                }
                len => {
                    let start = r.pos();
                    r.bytes(len as usize, "parameter value")?;
                    Some(body.slice(start..r.pos()))
                }
            });
        }
        let result_formats = read_formats(&mut r, "result format count", "result format")?;
        r.finish()?;
        Ok(Bind {
            portal,
            statement,
            param_formats,
            params,
            result_formats,
        })
    }
}

fn read_formats(
    r: &mut Reader<'_>,
    count_field: &'static str,
    field: &'static str,
) -> Result<Vec<Format>, ProtocolError> {
    let count = r.u16(count_field)?;
    let mut formats = Vec::new();
    for _ in 0..count {
        formats.push(r.format(field)?);
    }
    Ok(formats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::BufMut;
    use std::convert::Infallible;

    fn bytes_param(p: Option<&[u8]>, buf: &mut BytesMut) -> Result<IsNull, Infallible> {
        Ok(match p {
            Some(v) => {
                buf.put_slice(v);
                IsNull::No
            }
            None => IsNull::Yes,
        })
    }

    #[test]
    fn bind_null_parameter_length_minus_one() {
        let mut buf = BytesMut::new();
        bind("", "", [], [None], bytes_param, [], &mut buf).unwrap();
        assert_eq!(&buf[..], b"B\0\0\0\x10\0\0\0\0\0\x01\xff\xff\xff\xff\0\0");
    }

    #[test]
    fn bind_drops_bytes_written_before_is_null_yes() {
        let mut buf = BytesMut::new();
        bind(
            "",
            "",
            [],
            [()],
            |(), buf: &mut BytesMut| {
                buf.put_slice(b"junk");
                Ok::<_, Infallible>(IsNull::Yes)
            },
            [],
            &mut buf,
        )
        .unwrap();
        assert_eq!(&buf[..], b"B\0\0\0\x10\0\0\0\0\0\x01\xff\xff\xff\xff\0\0");
    }

    #[test]
    fn bind_serializer_error_names_the_parameter_and_truncates() {
        let mut buf = BytesMut::from(&b"keep"[..]);
        let err = bind(
            "",
            "",
            [],
            [1, 2, 3],
            |p, buf: &mut BytesMut| {
                buf.put_u8(1);
                if p == 2 { Err("bad") } else { Ok(IsNull::No) }
            },
            [],
            &mut buf,
        )
        .unwrap_err();
        assert_eq!(
            err,
            BindError::Serialize {
                index: 1,
                error: "bad"
            }
        );
        assert_eq!(&buf[..], b"keep");
    }

    #[test]
    fn bind_with_65536_parameters_is_too_many() {
        let mut buf = BytesMut::new();
        let err = bind(
            "",
            "",
            [],
            std::iter::repeat_n(None, 65_536),
            bytes_param,
            [],
            &mut buf,
        )
        .unwrap_err();
        assert_eq!(
            err,
            BindError::Encode(EncodeError::TooMany {
                message: KIND,
                field: "parameter count",
                count: 65_536,
                max: 65_535
            })
        );
        assert!(buf.is_empty());
    }

    #[test]
    fn bind_nul_in_portal_name_is_rejected() {
        let mut buf = BytesMut::new();
        assert_eq!(
            bind("p\0", "", [], [], bytes_param, [], &mut buf),
            Err(BindError::Encode(EncodeError::NulInString {
                message: KIND,
                field: "portal name"
            }))
        );
    }

    #[test]
    fn bind_parse_round_trips_every_list() {
        let mut buf = BytesMut::new();
        let params: [Option<&[u8]>; 3] = [Some(b"ab"), None, Some(b"")];
        bind(
            "p",
            "s",
            [Format::Text, Format::Binary, Format::Text],
            params,
            bytes_param,
            [Format::Binary],
            &mut buf,
        )
        .unwrap();
        let parsed = Bind::parse(buf.freeze().slice(5..)).unwrap();
        assert_eq!(parsed.portal, "p");
        assert_eq!(
            parsed.param_formats,
            [Format::Text, Format::Binary, Format::Text]
        );
        assert_eq!(
            parsed.params,
            [Some(Bytes::from_static(b"ab")), None, Some(Bytes::new())]
        );
        assert_eq!(parsed.result_formats, [Format::Binary]);
    }

    #[test]
    fn bind_parse_rejects_format_code_two() {
        assert_eq!(
            Bind::parse(Bytes::from_static(b"\0\0\0\x01\0\x02\0\0\0\0")),
            Err(ProtocolError::invalid(KIND, "parameter format", 2))
        );
    }

    #[test]
    fn bind_parse_rejects_parameter_length_minus_two() {
        assert_eq!(
            Bind::parse(Bytes::from_static(b"\0\0\0\0\0\x01\xff\xff\xff\xfe\0\0")),
            Err(ProtocolError::malformed(
                KIND,
                "parameter length",
                Problem::Negative { value: -2 }
            ))
        );
    }
}
