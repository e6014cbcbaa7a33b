//! Encoders for flat columns: fixed-width values, booleans, byte strings, all-NULL columns,
//! and a scratch encoder for values whose size is only known once encoded.

use arrow_array::types::{ByteArrayType, ByteViewType};
use arrow_array::{
    Array, ArrowPrimitiveType, BooleanArray, FixedSizeBinaryArray, GenericByteArray,
    GenericByteViewArray, PrimitiveArray,
};
use std::fmt;

use arrow_buffer::NullBuffer;

use super::{Encode, MAX_FIELD, NULL, put, put_field, valid_words};
use crate::copy::arrow::error::ValueError;

/// A primitive column whose values convert infallibly to `W` big-endian bytes.
pub(crate) struct Fixed<T: ArrowPrimitiveType, const W: usize, F> {
    pub(crate) array: PrimitiveArray<T>,
    pub(crate) conv: F,
}

impl<T, const W: usize, F> Encode for Fixed<T, W, F>
where
    T: ArrowPrimitiveType,
    F: Fn(T::Native) -> [u8; W],
{
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError> {
        match self.array.nulls().filter(|n| n.null_count() > 0) {
            None => Ok(4 + W),
            Some(nulls) => {
                for i in nulls.valid_indices() {
                    sizes[i] += W;
                }
                Ok(4)
            }
        }
    }

    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]) {
        write_fixed(&self.array, first, out, cursors, &self.conv);
    }
}

/// Writes the `4 + W`-byte fields (or NULLs) of rows `first..first + cursors.len()`.
#[inline(always)]
fn write_fixed<T: ArrowPrimitiveType, const W: usize>(
    array: &PrimitiveArray<T>,
    first: usize,
    out: &mut [u8],
    cursors: &mut [usize],
    conv: impl Fn(T::Native) -> [u8; W],
) {
    let values = &array.values()[first..];
    match array.nulls().filter(|n| n.null_count() > 0) {
        None => {
            for (c, &v) in cursors.iter_mut().zip(values) {
                put_field(out, c, conv(v));
            }
        }
        Some(nulls) => {
            let words = valid_words(nulls, first, cursors.len());
            let chunks = cursors.chunks_mut(64).zip(values.chunks(64));
            for ((cursors, values), valid) in chunks.zip(words) {
                for (k, (c, &v)) in cursors.iter_mut().zip(values).enumerate() {
                    if valid >> k & 1 == 1 {
                        put_field(out, c, conv(v));
                    } else {
                        put(out, c, &NULL);
                    }
                }
            }
        }
    }
}

/// A primitive column whose values convert to `W` big-endian bytes after a check that may
/// fail (a range, an overflow). The conversion runs twice, checking while sizing and
/// converting while writing: cheaper than keeping the converted values between the passes.
/// Its error is a plain value formatted only when reported, so the checks allocate nothing and
/// a column's check is one branch-free pass.
pub(crate) struct Checked<T: ArrowPrimitiveType, const W: usize, F> {
    pub(crate) array: PrimitiveArray<T>,
    pub(crate) conv: F,
}

impl<T, const W: usize, F, E> Encode for Checked<T, W, F>
where
    T: ArrowPrimitiveType,
    F: Fn(T::Native) -> Result<[u8; W], E>,
    E: fmt::Display,
{
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError> {
        let values = self.array.values();
        let nulls = self.array.nulls().filter(|n| n.null_count() > 0);
        let valid = |i: usize| nulls.is_none_or(|n| n.is_valid(i));
        let all_ok = match nulls {
            None => values
                .iter()
                .fold(true, |ok, &v| ok & (self.conv)(v).is_ok()),
            Some(nulls) => values
                .iter()
                .zip(nulls.iter())
                .fold(true, |ok, (&v, valid)| {
                    ok & (!valid | (self.conv)(v).is_ok())
                }),
        };
        if !all_ok {
            // Only now find the first bad value, for the error.
            for (i, &v) in values.iter().enumerate() {
                if let (true, Err(e)) = (valid(i), (self.conv)(v)) {
                    return Err(ValueError::new(i, e.to_string()));
                }
            }
        }
        match nulls {
            None => Ok(4 + W),
            Some(nulls) => {
                for i in nulls.valid_indices() {
                    sizes[i] += W;
                }
                Ok(4)
            }
        }
    }

    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]) {
        // Every value passed in `sizes`: the zeros are never written.
        let conv = |v| (self.conv)(v).unwrap_or([0; W]);
        write_fixed(&self.array, first, out, cursors, conv);
    }
}

/// `bool`: one byte, 0 or 1.
pub(crate) struct Bool(pub(crate) BooleanArray);

impl Encode for Bool {
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError> {
        match self.0.nulls().filter(|n| n.null_count() > 0) {
            None => Ok(5),
            Some(nulls) => {
                for i in nulls.valid_indices() {
                    sizes[i] += 1;
                }
                Ok(4)
            }
        }
    }

    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]) {
        let n = cursors.len();
        // The values 64 to a word, as the validity.
        let bits = self.0.values();
        let bits = bits.inner().bit_chunks(bits.offset() + first, n);
        let values = bits.iter().chain(std::iter::once(bits.remainder_bits()));
        let chunks = cursors.chunks_mut(64).zip(values);
        match self.0.nulls().filter(|n| n.null_count() > 0) {
            None => {
                for (cursors, value) in chunks {
                    for (k, c) in cursors.iter_mut().enumerate() {
                        put_field(out, c, [(value >> k & 1) as u8]);
                    }
                }
            }
            Some(nulls) => {
                for ((cursors, value), valid) in chunks.zip(valid_words(nulls, first, n)) {
                    for (k, c) in cursors.iter_mut().enumerate() {
                        if valid >> k & 1 == 1 {
                            put_field(out, c, [(value >> k & 1) as u8]);
                        } else {
                            put(out, c, &NULL);
                        }
                    }
                }
            }
        }
    }
}

/// An all-NULL column (Arrow's Null type).
pub(crate) struct AllNull;

impl Encode for AllNull {
    fn sizes(&mut self, _sizes: &mut [usize]) -> Result<usize, ValueError> {
        Ok(4)
    }

    fn write(&self, _first: usize, out: &mut [u8], cursors: &mut [usize]) {
        for c in cursors {
            put(out, c, &NULL);
        }
    }
}

/// Arrays of byte strings: the bytes of row `i`.
pub(crate) trait ByteValues {
    fn value_bytes(&self, i: usize) -> &[u8];
}

impl<T: ByteArrayType> ByteValues for GenericByteArray<T> {
    #[inline]
    fn value_bytes(&self, i: usize) -> &[u8] {
        self.value(i).as_ref()
    }
}

impl<T: ByteViewType + ?Sized> ByteValues for GenericByteViewArray<T> {
    #[inline]
    fn value_bytes(&self, i: usize) -> &[u8] {
        self.value(i).as_ref()
    }
}

impl ByteValues for FixedSizeBinaryArray {
    #[inline]
    fn value_bytes(&self, i: usize) -> &[u8] {
        self.value(i)
    }
}

/// Byte strings sent as they are (text, bytea, json), after an optional prefix (jsonb's
/// version byte).
pub(crate) struct Bytes<A> {
    pub(crate) array: A,
    pub(crate) prefix: &'static [u8],
}

impl<A: Array + ByteValues> Encode for Bytes<A> {
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError> {
        let len = |i| self.prefix.len() + self.array.value_bytes(i).len();
        let mut longest = 0;
        match self.array.nulls().filter(|n| n.null_count() > 0) {
            None => {
                for (i, s) in sizes.iter_mut().enumerate() {
                    let len = len(i);
                    longest = longest.max(len);
                    *s += len;
                }
            }
            Some(nulls) => {
                let n = sizes.len();
                let chunks = sizes
                    .chunks_mut(64)
                    .enumerate()
                    .zip(valid_words(nulls, 0, n));
                for ((c, sizes), valid) in chunks {
                    for (k, s) in sizes.iter_mut().enumerate() {
                        // A NULL slot is not looked at: a view array's may point anywhere.
                        if valid >> k & 1 == 1 {
                            let len = len(c * 64 + k);
                            longest = longest.max(len);
                            *s += len;
                        }
                    }
                }
            }
        }
        if longest > MAX_FIELD {
            let nulls = self.array.nulls();
            let i = (0..sizes.len())
                .find(|&i| nulls.is_none_or(|n| n.is_valid(i)) && len(i) > MAX_FIELD)
                .unwrap_or(0);
            return Err(ValueError::new(
                i,
                format!("{} bytes exceed a field's limit", len(i)),
            ));
        }
        Ok(4)
    }

    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]) {
        match self.array.nulls().filter(|n| n.null_count() > 0) {
            None => {
                for (c, i) in cursors.iter_mut().zip(first..) {
                    self.put_value(out, c, i);
                }
            }
            Some(nulls) => {
                let words = valid_words(nulls, first, cursors.len());
                for ((chunk, cursors), valid) in cursors.chunks_mut(64).enumerate().zip(words) {
                    for (k, c) in cursors.iter_mut().enumerate() {
                        if valid >> k & 1 == 1 {
                            self.put_value(out, c, first + chunk * 64 + k);
                        } else {
                            put(out, c, &NULL);
                        }
                    }
                }
            }
        }
    }
}

impl<A: Array + ByteValues> Bytes<A> {
    /// Writes row `i`'s field, length word first, at `*c` and advances `*c`.
    #[inline(always)]
    fn put_value(&self, out: &mut [u8], c: &mut usize, i: usize) {
        let v = self.array.value_bytes(i);
        let len = self.prefix.len() + v.len();
        let at = *c;
        let (head, body) = out[at..at + 4 + len].split_at_mut(4);
        // Checked against MAX_FIELD while sizing.
        head.copy_from_slice(&(len as i32).to_be_bytes());
        let (prefix, value) = body.split_at_mut(self.prefix.len());
        copy_short(prefix, self.prefix);
        copy_short(value, v);
        *c = at + 4 + len;
    }
}

/// `dst.copy_from_slice(src)`, with strings of up to 32 bytes (the common case) copied as two
/// overlapping fixed-size chunks, which compile to a few moves, not a call to `memcpy`.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    let dst = &mut dst[..n];
    match n {
        0 => {}
        1..4 => dst.iter_mut().zip(src).for_each(|(d, s)| *d = *s),
        4..8 => {
            dst[..4].copy_from_slice(&src[..4]);
            dst[n - 4..].copy_from_slice(&src[n - 4..]);
        }
        8..16 => {
            dst[..8].copy_from_slice(&src[..8]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        16..=32 => {
            dst[..16].copy_from_slice(&src[..16]);
            dst[n - 16..].copy_from_slice(&src[n - 16..]);
        }
        _ => dst.copy_from_slice(src),
    }
}

/// Appends row `i`'s encoded value to the buffer, or says why it cannot.
type Fill = dyn FnMut(usize, &mut Vec<u8>) -> Result<(), String>;

/// Values encoded one by one into a scratch buffer while sizing, then copied: for values whose
/// encoded size is only known once encoded (numeric, JSON, parsed uuids).
pub(crate) struct Scratch {
    len: usize,
    nulls: Option<NullBuffer>,
    /// Appends row `i`'s value (a valid row) to the buffer.
    fill: Box<Fill>,
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Scratch {
    pub(crate) fn new(
        array: &dyn Array,
        fill: impl FnMut(usize, &mut Vec<u8>) -> Result<(), String> + 'static,
    ) -> Scratch {
        Scratch {
            len: array.len(),
            nulls: array.logical_nulls(),
            fill: Box::new(fill),
            buf: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl Encode for Scratch {
    fn sizes(&mut self, sizes: &mut [usize]) -> Result<usize, ValueError> {
        self.ends = Vec::with_capacity(self.len);
        for (i, s) in sizes.iter_mut().enumerate().take(self.len) {
            let at = self.buf.len();
            if self.nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                self.buf.extend_from_slice(&NULL);
            } else {
                self.buf.extend_from_slice(&[0; 4]);
                (self.fill)(i, &mut self.buf).map_err(|r| ValueError::new(i, r))?;
                let len = self.buf.len() - at - 4;
                if len > MAX_FIELD {
                    return Err(ValueError::new(
                        i,
                        format!("{len} bytes exceed a field's limit"),
                    ));
                }
                self.buf[at..at + 4].copy_from_slice(&(len as i32).to_be_bytes());
            }
            self.ends.push(self.buf.len());
            *s += self.buf.len() - at;
        }
        Ok(0)
    }

    fn write(&self, first: usize, out: &mut [u8], cursors: &mut [usize]) {
        let mut start = if first == 0 { 0 } else { self.ends[first - 1] };
        for (c, &end) in cursors.iter_mut().zip(&self.ends[first..]) {
            put(out, c, &self.buf[start..end]);
            start = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_short_copies_every_length() {
        let src: Vec<u8> = (1..=70).collect();
        for n in 0..=70 {
            let mut dst = vec![0u8; n + 3];
            copy_short(&mut dst[1..n + 1], &src[..n]);
            assert_eq!(&dst[1..n + 1], &src[..n], "length {n}");
            assert_eq!((dst[0], dst[n + 1], dst[n + 2]), (0, 0, 0), "length {n}");
        }
    }
}
