//! `bit` and `varbit` as [`BitString`].
//!
//! Binary: an `int32` bit count, then the bits packed most significant first, padding zero.
//! See <https://www.postgresql.org/docs/current/datatype-bit.html>.

use std::fmt;
use std::str::FromStr;

use bytes::{BufMut, BytesMut};

use super::primitives::{base_oid, oid};
use super::wire::{Reader, count_i32};
use super::{BoxError, DecodeError, FromSql, IsNull, ToSql, Type};

/// A `bit(n)` or `varbit` value: a sequence of bits.
///
/// ```
/// use pgline::types::BitString;
/// let b: BitString = "10110".parse().unwrap();
/// assert_eq!(b.len(), 5);
/// assert_eq!(b.get(2), Some(true));
/// assert_eq!(b.as_bytes(), &[0b1011_0000]);
/// assert_eq!(b.to_string(), "10110");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct BitString {
    len: usize,
    bytes: Vec<u8>,
}

impl BitString {
    /// `len` bits packed most significant first in `bytes`, which must be exactly
    /// `len.div_ceil(8)` long; bits past `len` are cleared.
    pub fn from_bytes(mut bytes: Vec<u8>, len: usize) -> Option<BitString> {
        if bytes.len() != len.div_ceil(8) {
            return None;
        }
        if len % 8 != 0 {
            if let Some(last) = bytes.last_mut() {
                *last &= 0xffu8 << (8 - len % 8);
            }
        }
        Some(BitString { len, bytes })
    }

    /// The bits of an iterator, in order.
    pub fn from_bits(bits: impl IntoIterator<Item = bool>) -> BitString {
        let mut s = BitString::default();
        for b in bits {
            s.push(b);
        }
        s
    }

    /// Appends one bit.
    pub fn push(&mut self, bit: bool) {
        if self.len % 8 == 0 {
            self.bytes.push(0);
        }
        if bit {
            let last = self.bytes.len() - 1;
            self.bytes[last] |= 0x80 >> (self.len % 8);
        }
        self.len += 1;
    }

    /// The number of bits.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no bits.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Bit `i` (0 is the leftmost), if it exists.
    pub fn get(&self, i: usize) -> Option<bool> {
        (i < self.len).then(|| self.bytes[i / 8] & (0x80 >> (i % 8)) != 0)
    }

    /// The bits in order.
    pub fn iter(&self) -> impl Iterator<Item = bool> + '_ {
        (0..self.len).map(|i| self.bytes[i / 8] & (0x80 >> (i % 8)) != 0)
    }

    /// The packed bytes, most significant bit first, padding bits zero.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Display for BitString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.iter() {
            f.write_str(if b { "1" } else { "0" })?;
        }
        Ok(())
    }
}

impl fmt::Debug for BitString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BitString(B'{self}')")
    }
}

/// A character other than `0` or `1` in a bit string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseBitStringError {
    /// Byte offset of the character.
    pub position: usize,
}

impl fmt::Display for ParseBitStringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid binary digit at byte {}", self.position)
    }
}

impl std::error::Error for ParseBitStringError {}

impl FromStr for BitString {
    type Err = ParseBitStringError;
    /// `0`s and `1`s, as printed (no `B'...'` quoting, no hex).
    fn from_str(s: &str) -> Result<BitString, ParseBitStringError> {
        let mut out = BitString::default();
        for (position, c) in s.bytes().enumerate() {
            match c {
                b'0' => out.push(false),
                b'1' => out.push(true),
                _ => return Err(ParseBitStringError { position }),
            }
        }
        Ok(out)
    }
}

fn is_bits(ty: &Type) -> bool {
    matches!(base_oid(ty), oid::BIT | oid::VARBIT)
}

impl ToSql for BitString {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_i32(count_i32(self.len, "varbit", "bit length")?);
        out.put_slice(&self.bytes);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        is_bits(ty)
    }
}

impl<'a> FromSql<'a> for BitString {
    /// Clears stray padding bits, as the server's `varbit_recv` does.
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<BitString, BoxError> {
        let mut r = Reader::new(raw, "varbit");
        let len = r.i32("bit length")?;
        let len = usize::try_from(len).map_err(|_| r.invalid("bit length", i64::from(len)))?;
        if r.remaining() != len.div_ceil(8) {
            return Err(Box::new(DecodeError::Length {
                type_name: "varbit",
                expected: len.div_ceil(8),
                got: r.remaining(),
            }));
        }
        // The length was checked against the bytes present, so this copy is bounded.
        let bytes = r.rest().to_vec();
        Ok(BitString::from_bytes(bytes, len).expect("length checked above"))
    }
    fn accepts(ty: &Type) -> bool {
        is_bits(ty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::captured_vectors;
    use proptest::prelude::*;

    fn enc(b: &BitString) -> Vec<u8> {
        let mut out = BytesMut::new();
        b.to_sql(&Type::VARBIT, &mut out).unwrap();
        out.to_vec()
    }

    #[test]
    fn bit_and_varbit_server_vectors() {
        for (v, ty) in captured_vectors::BIT
            .iter()
            .map(|v| (v, Type::BIT))
            .chain(captured_vectors::VARBIT.iter().map(|v| (v, Type::VARBIT)))
        {
            let b = BitString::from_sql(&ty, &v.bytes()).unwrap();
            assert_eq!(b.to_string(), v.text, "{}", v.sql);
            assert_eq!(enc(&b), v.bytes(), "{}", v.sql);
            assert_eq!(v.text.parse::<BitString>().unwrap(), b);
        }
    }

    #[test]
    fn varbit_malformed() {
        let err = |raw: &[u8]| {
            *BitString::from_sql(&Type::VARBIT, raw)
                .unwrap_err()
                .downcast::<DecodeError>()
                .unwrap()
        };
        assert!(matches!(
            err(&[0, 0, 0, 9, 0xff]),
            DecodeError::Length {
                expected: 2,
                got: 1,
                ..
            }
        ));
        assert!(matches!(
            err(&[0, 0, 0, 1, 0x80, 0]),
            DecodeError::Length { .. }
        ));
        assert!(matches!(
            err(&[0xff, 0xff, 0xff, 0xff]),
            DecodeError::Invalid {
                field: "bit length",
                ..
            }
        ));
        assert!(matches!(
            err(&[0x7f, 0xff, 0xff, 0xff]),
            DecodeError::Length { .. }
        ));
        assert!(matches!(err(&[0, 0]), DecodeError::Truncated { .. }));
        // Stray padding bits are cleared.
        let b = BitString::from_sql(&Type::VARBIT, &[0, 0, 0, 1, 0xff]).unwrap();
        assert_eq!(b.as_bytes(), &[0x80]);
        assert_eq!(
            "10x".parse::<BitString>(),
            Err(ParseBitStringError { position: 2 })
        );
    }

    proptest! {
        #[test]
        fn varbit_round_trips(bits: Vec<bool>) {
            let b = BitString::from_bits(bits.iter().copied());
            prop_assert_eq!(b.iter().collect::<Vec<_>>(), bits.clone());
            prop_assert_eq!(BitString::from_sql(&Type::VARBIT, &enc(&b)).unwrap(), b.clone());
            prop_assert_eq!(b.to_string().parse::<BitString>().unwrap(), b);
        }

        #[test]
        fn varbit_decoder_never_panics(raw: Vec<u8>) {
            let _ = BitString::from_sql(&Type::VARBIT, &raw);
        }
    }
}
