//! DataRow (tag `'D'`): one result row, a count then per column an `Int32` length (-1 = NULL) and
//! the value. The view validates the layout once in `parse`, then hands out fields as slices of
//! the frame's own buffer: no copy and no allocation per row or field.
//! <https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-DATAROW>

use std::ops::Range;

use bytes::{Bytes, BytesMut};

use crate::protocol::codec::{CountSlot, Reader, count_i16, encode, len_i32};
use crate::protocol::{EncodeError, MessageKind, Problem, ProtocolError};

const KIND: MessageKind = MessageKind::DataRow;

/// A parsed DataRow: the body's `Bytes` (shared with the read buffer) and its column count.
///
/// ```
/// use bytes::Bytes;
/// use pgline::protocol::backend::DataRow;
/// let body = Bytes::from_static(b"\0\x02\0\0\0\x0242\xff\xff\xff\xff");
/// let row = DataRow::parse(body).unwrap();
/// assert_eq!(row.len(), 2);
/// assert_eq!(row.fields().collect::<Vec<_>>(), [Some(&b"42"[..]), None]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataRow {
    body: Bytes,
    len: u16,
}

impl DataRow {
    /// Validates a DataRow body: a non-negative column count, then that many values, each with a
    /// length of -1 or one that fits the body, and nothing after the last.
    #[inline]
    pub fn parse(body: Bytes) -> Result<DataRow, ProtocolError> {
        DataRow::parse_indexed(body, |_, _| {})
    }

    /// [`DataRow::parse`] that also hands `record` each value's index and the offset of its
    /// length prefix in [`DataRow::buffer`], in the same single walk: a row type that indexes its
    /// values once (the client's `Row`) needs no second pass. Offsets fit in `u32` because a
    /// frame is capped far below 4 GiB.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use pgline::protocol::backend::DataRow;
    /// let mut at = vec![];
    /// let body = Bytes::from_static(b"\0\x02\0\0\0\x0242\xff\xff\xff\xff");
    /// DataRow::parse_indexed(body, |i, offset| at.push((i, offset))).unwrap();
    /// assert_eq!(at, [(0, 2), (1, 8)]);
    /// ```
    #[inline(always)]
    pub fn parse_indexed(
        body: Bytes,
        record: impl FnMut(usize, u32),
    ) -> Result<DataRow, ProtocolError> {
        match walk(&body, record) {
            Some(len) => Ok(DataRow { body, len }),
            None => Err(malformed(&body)),
        }
    }

    /// The number of columns.
    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the row has no columns.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The column values in order; `None` is SQL NULL.
    #[inline]
    pub fn fields(&self) -> DataRowFields<'_> {
        DataRowFields {
            rest: self.body.get(2..).unwrap_or_default(),
            remaining: self.len,
        }
    }

    /// The column values as ranges into [`DataRow::buffer`], for a row type that keeps the buffer
    /// and indexes into it later.
    #[inline]
    pub fn ranges(&self) -> DataRowRanges<'_> {
        DataRowRanges {
            fields: self.fields(),
            total: self.body.len(),
        }
    }

    /// The whole body (column count included), which the ranges index into.
    #[inline]
    pub fn buffer(&self) -> &Bytes {
        &self.body
    }

    /// Gives the body back, e.g. to keep it in a row object.
    #[inline]
    pub fn into_buffer(self) -> Bytes {
        self.body
    }
}

/// The hot path of [`DataRow::parse`]: the column count if the body is well formed. Kept free
/// of error construction so it inlines into a connection's read loop.
#[inline(always)]
fn walk(body: &[u8], mut record: impl FnMut(usize, u32)) -> Option<u16> {
    let (&count, mut rest) = body.split_first_chunk::<2>()?;
    let count = i16::from_be_bytes(count);
    if count < 0 {
        return None;
    }
    // Walks until fewer than 4 bytes are left (every value costs at least its 4-byte length, so
    // this ends with the body), then checks the count: one bounds check per value serves as both
    // the read check and the loop condition.
    let mut seen: usize = 0;
    while let Some((&len, after)) = rest.split_first_chunk::<4>() {
        record(seen, (body.len() - rest.len()) as u32);
        seen += 1;
        let len = i32::from_be_bytes(len);
        rest = if len >= 0 {
            after.get(len as usize..)?
        } else if len == -1 {
            after
        } else {
            return None;
        };
    }
    (rest.is_empty() && seen == count as usize).then_some(count as u16)
}

/// Says exactly what is wrong with a body [`walk`] rejected.
#[cold]
#[inline(never)]
fn malformed(body: &[u8]) -> ProtocolError {
    let mut r = Reader::new(body, KIND);
    let count = match r.count16("column count") {
        Ok(count) => count,
        Err(e) => return e,
    };
    for _ in 0..count {
        let len = match r.i32("value length") {
            Ok(len) => len,
            Err(e) => return e,
        };
        if len < -1 {
            return ProtocolError::malformed(
                KIND,
                "value length",
                Problem::Negative { value: len },
            );
        }
        if len >= 0 {
            if let Err(e) = r.bytes(len as usize, "value") {
                return e;
            }
        }
    }
    match r.finish() {
        Err(e) => e,
        // `walk` and this function accept the same bodies; name the row if they ever disagree.
        Ok(()) => ProtocolError::TrailingData {
            message: KIND,
            len: 0,
        },
    }
}

/// The values of a [`DataRow`]; see [`DataRow::fields`].
#[derive(Clone, Debug)]
pub struct DataRowFields<'a> {
    rest: &'a [u8],
    remaining: u16,
}

impl<'a> Iterator for DataRowFields<'a> {
    type Item = Option<&'a [u8]>;

    #[inline]
    fn next(&mut self) -> Option<Option<&'a [u8]>> {
        // `parse` proved the values fill the body exactly, so the body running out is the end of
        // the row; a lookup failing any earlier cannot happen, and would only end the iteration.
        let (&len, after) = self.rest.split_first_chunk::<4>()?;
        self.remaining = self.remaining.wrapping_sub(1);
        let len = i32::from_be_bytes(len);
        if len < 0 {
            self.rest = after;
            return Some(None);
        }
        let (value, after) = after.split_at_checked(len as usize)?;
        self.rest = after;
        Some(Some(value))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining as usize, Some(self.remaining as usize))
    }
}

impl ExactSizeIterator for DataRowFields<'_> {}

/// The values of a [`DataRow`] as ranges into its buffer; see [`DataRow::ranges`].
#[derive(Clone, Debug)]
pub struct DataRowRanges<'a> {
    fields: DataRowFields<'a>,
    total: usize,
}

impl Iterator for DataRowRanges<'_> {
    type Item = Option<Range<usize>>;

    #[inline]
    fn next(&mut self) -> Option<Option<Range<usize>>> {
        let field = self.fields.next()?;
        Some(field.map(|value| {
            // The value ends where the unread rest begins.
            let end = self.total - self.fields.rest.len();
            end - value.len()..end
        }))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.fields.size_hint()
    }
}

impl ExactSizeIterator for DataRowRanges<'_> {}

/// Appends a DataRow with the given values (`None` for NULL); at most 32767 columns.
///
/// ```
/// use bytes::BytesMut;
/// let mut buf = BytesMut::new();
/// pgline::protocol::backend::data_row([Some(&b"1"[..]), None], &mut buf).unwrap();
/// assert_eq!(&buf[..], b"D\0\0\0\x0f\0\x02\0\0\0\x011\xff\xff\xff\xff");
/// ```
pub fn data_row<'a, I>(fields: I, buf: &mut BytesMut) -> Result<(), EncodeError>
where
    I: IntoIterator<Item = Option<&'a [u8]>>,
{
    encode(buf, Some(b'D'), KIND, |buf| {
        let slot = CountSlot::reserve(buf);
        let mut count = 0usize;
        for field in fields {
            match field {
                Some(value) => {
                    buf.extend_from_slice(&len_i32(value.len(), KIND, "value")?.to_be_bytes());
                    buf.extend_from_slice(value);
                }
                None => buf.extend_from_slice(&(-1i32).to_be_bytes()),
            }
            count += 1;
        }
        slot.fill(buf, count_i16(count, KIND, "column count")? as u16);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_row_ranges_index_into_the_buffer() {
        let row = DataRow::parse(Bytes::from_static(
            b"\0\x03\0\0\0\x01a\xff\xff\xff\xff\0\0\0\0",
        ))
        .unwrap();
        let ranges: Vec<_> = row.ranges().collect();
        assert_eq!(ranges, [Some(6..7), None, Some(15..15)]);
        assert_eq!(&row.buffer()[6..7], b"a");
    }

    #[test]
    fn data_row_empty_body_is_truncated() {
        assert_eq!(
            DataRow::parse(Bytes::new()),
            Err(ProtocolError::truncated(KIND, "column count"))
        );
    }

    #[test]
    fn data_row_negative_count_is_rejected() {
        assert_eq!(
            DataRow::parse(Bytes::from_static(b"\xff\xff")),
            Err(ProtocolError::malformed(
                KIND,
                "column count",
                Problem::Negative { value: -1 }
            ))
        );
    }

    #[test]
    fn data_row_value_longer_than_body_is_truncated() {
        assert_eq!(
            DataRow::parse(Bytes::from_static(b"\0\x01\x7f\xff\xff\xffab")),
            Err(ProtocolError::truncated(KIND, "value"))
        );
    }

    #[test]
    fn data_row_length_minus_two_is_rejected() {
        assert_eq!(
            DataRow::parse(Bytes::from_static(b"\0\x01\xff\xff\xff\xfe")),
            Err(ProtocolError::malformed(
                KIND,
                "value length",
                Problem::Negative { value: -2 }
            ))
        );
    }

    #[test]
    fn data_row_more_values_than_count_is_trailing_data() {
        assert_eq!(
            DataRow::parse(Bytes::from_static(b"\0\x00\xff\xff\xff\xff")),
            Err(ProtocolError::TrailingData {
                message: KIND,
                len: 4
            })
        );
    }

    #[test]
    fn data_row_fields_is_exact_size() {
        let row = DataRow::parse(Bytes::from_static(
            b"\0\x02\xff\xff\xff\xff\xff\xff\xff\xff",
        ))
        .unwrap();
        let mut fields = row.fields();
        assert_eq!(fields.len(), 2);
        fields.next();
        assert_eq!(fields.len(), 1);
    }

    #[test]
    fn data_row_with_32768_columns_is_too_many() {
        let mut buf = BytesMut::new();
        assert!(data_row(std::iter::repeat_n(None, 32_768), &mut buf).is_err());
        assert!(buf.is_empty());
    }
}
