//! `numeric`'s binary format, as `numeric_send`/`numeric_recv` define it.
//!
//! `uint16 ndigits, int16 weight, uint16 sign, uint16 dscale, int16 digits[ndigits]`.

use bytes::{BufMut, BytesMut};

use super::super::primitives::{base_oid, oid};
use super::super::wire::Reader;
use super::super::{BoxError, DecodeError, FromSql, IsNull, ToSql, Type};
use super::{DigitBuf, INLINE, MAX_SCALE, Numeric, Sign};

const POS: u16 = 0x0000;
const NEG: u16 = 0x4000;
const NAN: u16 = 0xC000;
const PINF: u16 = 0xD000;
const NINF: u16 = 0xF000;
/// The display scale the server sends with ±Infinity: its short header's dscale bits, a
/// quirk mirrored so encoded bytes equal the server's.
const INF_DSCALE: u16 = 32;

impl Numeric {
    /// Decodes `numeric`'s binary form; allocation-free for up to 8 base-10000 digits.
    #[inline]
    pub(crate) fn decode(raw: &[u8]) -> Result<Numeric, DecodeError> {
        let mut r = Reader::new(raw, "numeric");
        let ndigits = r.u16("ndigits")?;
        let weight = r.i16("weight")?;
        let sign = r.u16("sign")?;
        let scale = r.u16("dscale")?;
        if scale > MAX_SCALE {
            return Err(r.invalid("dscale", i64::from(scale)));
        }
        let body = usize::from(ndigits) * 2;
        if r.remaining() != body {
            return Err(if r.remaining() < body {
                DecodeError::Truncated {
                    type_name: "numeric",
                    field: "digits",
                }
            } else {
                DecodeError::TrailingBytes {
                    type_name: "numeric",
                    extra: r.remaining() - body,
                }
            });
        }
        let negative = match sign {
            POS => false,
            NEG => true,
            NAN => return Ok(Numeric::NAN),
            PINF => return Ok(Numeric::INFINITY),
            NINF => return Ok(Numeric::NEG_INFINITY),
            other => return Err(r.invalid("sign", i64::from(other))),
        };
        let body = r.rest();
        let n = usize::from(ndigits);
        if n <= INLINE {
            // Fast path: what the server sends is already normalized; keep it as is.
            let mut digits = [0u16; INLINE];
            for (slot, c) in digits.iter_mut().zip(body.chunks_exact(2)) {
                let d = i16::from_be_bytes([c[0], c[1]]);
                if !(0..10000).contains(&d) {
                    return Err(r.invalid("digit", i64::from(d)));
                }
                *slot = d as u16;
            }
            if n > 0 && digits[0] != 0 && digits[n - 1] != 0 {
                let limit = i64::from(weight) + 1 + (i64::from(scale) + 3) / 4;
                let partial = scale % 4;
                let fits = (n as i64) < limit
                    || (n as i64 == limit
                        && (partial == 0
                            || digits[n - 1] % 10u16.pow(u32::from(4 - partial)) == 0));
                if fits {
                    return Ok(Numeric::inline(negative, weight, scale, n, digits));
                }
            }
        }
        // Bounded: the length check above proved the digits are present.
        let buf = DigitBuf::from_wire(body).map_err(|d| r.invalid("digit", i64::from(d)))?;
        Numeric::normalize(negative, i64::from(weight), scale, buf)
            .ok_or_else(|| r.invalid("weight", i64::from(weight)))
    }

    /// Appends `numeric`'s binary form.
    pub(crate) fn encode(&self, out: &mut BytesMut) {
        let (sign, scale) = match self.sign {
            Sign::Positive => (POS, self.scale),
            Sign::Negative => (NEG, self.scale),
            Sign::NaN => (NAN, 0),
            Sign::Infinity => (PINF, INF_DSCALE),
            Sign::NegInfinity => (NINF, INF_DSCALE),
        };
        let digits = self.digits();
        out.reserve(8 + 2 * digits.len());
        // A normalized value has at most 32768 + 4096 digits (weight <= i16::MAX, scale
        // <= 16383), which fits the u16 count.
        out.put_u16(digits.len() as u16);
        out.put_i16(self.weight);
        out.put_u16(sign);
        out.put_u16(scale);
        for &d in digits {
            out.put_u16(d);
        }
    }
}

impl ToSql for Numeric {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.encode(out);
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::NUMERIC
    }
}

impl<'a> FromSql<'a> for Numeric {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Numeric, BoxError> {
        Ok(Numeric::decode(raw)?)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::NUMERIC
    }
}
