//! Bounds-checked reading and length-prefixed writing shared by the codecs.
//!
//! Every read checks the remaining length first, so malformed input yields a
//! [`DecodeError`], never a panic or an allocation sized by the input.

use bytes::{BufMut, BytesMut};

use super::{BoxError, DecodeError, EncodeError, IsNull};

/// A cursor over one binary value.
pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    type_name: &'static str,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(buf: &'a [u8], type_name: &'static str) -> Reader<'a> {
        Reader { buf, type_name }
    }

    pub(crate) fn remaining(&self) -> usize {
        self.buf.len()
    }

    pub(crate) fn rest(&self) -> &'a [u8] {
        self.buf
    }

    pub(crate) fn bytes(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], DecodeError> {
        if self.buf.len() < n {
            return Err(DecodeError::Truncated {
                type_name: self.type_name,
                field,
            });
        }
        let (head, tail) = self.buf.split_at(n);
        self.buf = tail;
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(
        &mut self,
        field: &'static str,
    ) -> Result<[u8; N], DecodeError> {
        let b = self.bytes(N, field)?;
        let mut out = [0; N];
        out.copy_from_slice(b);
        Ok(out)
    }

    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8, DecodeError> {
        Ok(self.array::<1>(field)?[0])
    }

    pub(crate) fn i16(&mut self, field: &'static str) -> Result<i16, DecodeError> {
        Ok(i16::from_be_bytes(self.array(field)?))
    }

    pub(crate) fn u16(&mut self, field: &'static str) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array(field)?))
    }

    pub(crate) fn i32(&mut self, field: &'static str) -> Result<i32, DecodeError> {
        Ok(i32::from_be_bytes(self.array(field)?))
    }

    pub(crate) fn u32(&mut self, field: &'static str) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array(field)?))
    }

    pub(crate) fn i64(&mut self, field: &'static str) -> Result<i64, DecodeError> {
        Ok(i64::from_be_bytes(self.array(field)?))
    }

    /// Reads an `int32` length and that many bytes; -1 is NULL.
    pub(crate) fn nullable_value(
        &mut self,
        field: &'static str,
    ) -> Result<Option<&'a [u8]>, DecodeError> {
        let len = self.i32(field)?;
        match len {
            -1 => Ok(None),
            n if n < 0 => Err(DecodeError::Invalid {
                type_name: self.type_name,
                field,
                value: i64::from(n),
            }),
            // i32 -> usize is lossless on every supported target (usize >= 32 bits).
            n => self.bytes(n as usize, field).map(Some),
        }
    }

    /// Fails when bytes are left over.
    pub(crate) fn finish(self) -> Result<(), DecodeError> {
        if self.buf.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes {
                type_name: self.type_name,
                extra: self.buf.len(),
            })
        }
    }

    pub(crate) fn invalid(&self, field: &'static str, value: i64) -> DecodeError {
        DecodeError::Invalid {
            type_name: self.type_name,
            field,
            value,
        }
    }
}

/// Checks a fixed-width value's length and returns its bytes.
pub(crate) fn exact<const N: usize>(
    raw: &[u8],
    type_name: &'static str,
) -> Result<[u8; N], DecodeError> {
    raw.try_into().map_err(|_| DecodeError::Length {
        type_name,
        expected: N,
        got: raw.len(),
    })
}

/// Writes an `int32` length followed by what `encode` appends, or -1 when it reports NULL.
pub(crate) fn write_nullable(
    out: &mut BytesMut,
    type_name: &'static str,
    encode: impl FnOnce(&mut BytesMut) -> Result<IsNull, BoxError>,
) -> Result<(), BoxError> {
    let at = out.len();
    out.put_i32(0);
    match encode(out)? {
        IsNull::Yes => {
            out.truncate(at);
            out.put_i32(-1);
        }
        IsNull::No => {
            let len = out.len() - at - 4;
            let len = i32::try_from(len).map_err(|_| EncodeError::TooLarge {
                type_name,
                field: "element length",
                value: len as u64,
                limit: i32::MAX as u64,
            })?;
            out[at..at + 4].copy_from_slice(&len.to_be_bytes());
        }
    }
    Ok(())
}

/// Converts a count to the `int32` the wire format uses.
pub(crate) fn count_i32(
    n: usize,
    type_name: &'static str,
    field: &'static str,
) -> Result<i32, EncodeError> {
    i32::try_from(n).map_err(|_| EncodeError::TooLarge {
        type_name,
        field,
        value: n as u64,
        limit: i32::MAX as u64,
    })
}
