//! pgvector's `vector`, `halfvec` and `sparsevec`, matched by type name (their OIDs vary).
//!
//! Binary formats from pgvector's `vector_send`, `halfvec_send` and `sparsevec_send`:
//! `int16 dim, int16 unused` then `float4`s (vector) or IEEE binary16 bits (halfvec);
//! `int32 dim, int32 nnz, int32 unused`, then `nnz` zero-based `int32` indices and `nnz`
//! `float4` values (sparsevec). Elements must be finite, as pgvector's `*_recv` demands. See
//! <https://github.com/pgvector/pgvector#readme>.

use bytes::{BufMut, BytesMut};

use super::wire::Reader;
use super::{BoxError, ConvertError, DecodeError, EncodeError, FromSql, IsNull, Kind, ToSql, Type};

/// pgvector's `VECTOR_MAX_DIM` and `HALFVEC_MAX_DIM`.
const MAX_DIM: usize = 16_000;
/// pgvector's `SPARSEVEC_MAX_DIM`.
const SPARSE_MAX_DIM: i32 = 1_000_000_000;
/// pgvector's `SPARSEVEC_MAX_NNZ`.
const SPARSE_MAX_NNZ: usize = 16_000;

fn named(ty: &Type, name: &str) -> bool {
    let ty = ty.base();
    ty.name() == name && matches!(ty.kind(), Kind::Simple)
}

fn not_finite(type_name: &'static str) -> EncodeError {
    EncodeError::NotRepresentable {
        type_name,
        reason: "elements must be finite (no NaN or infinity)",
    }
}

fn check_dim(type_name: &'static str, dim: usize) -> Result<i16, EncodeError> {
    if dim == 0 || dim > MAX_DIM {
        return Err(EncodeError::TooLarge {
            type_name,
            field: "dimensions",
            value: dim as u64,
            limit: MAX_DIM as u64,
        });
    }
    // dim <= 16000 fits i16.
    Ok(dim as i16)
}

/// Reads the `int16 dim, int16 unused` header and checks the body length.
fn dense_header(r: &mut Reader<'_>, width: usize) -> Result<usize, DecodeError> {
    let dim = r.i16("dim")?;
    let unused = r.i16("unused")?;
    // pgvector's recv functions reject what its encoders never make (and `check_dim` refuses):
    // no vector has 0 dimensions or more than 16000.
    if dim < 1 || dim as usize > MAX_DIM {
        return Err(r.invalid("dim", i64::from(dim)));
    }
    if unused != 0 {
        return Err(r.invalid("unused", i64::from(unused)));
    }
    let dim = dim as usize;
    if r.remaining() != dim * width {
        return Err(r.invalid("dim", dim as i64));
    }
    Ok(dim)
}

/// A pgvector `vector`: single-precision floats.
///
/// ```
/// use pgline::types::Vector;
/// let v = Vector::from(vec![1.0, -2.5]);
/// assert_eq!(v.as_slice(), &[1.0, -2.5]);
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Vector(pub Vec<f32>);

impl Vector {
    /// The elements.
    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }
}

impl From<Vec<f32>> for Vector {
    fn from(v: Vec<f32>) -> Vector {
        Vector(v)
    }
}

impl From<Vector> for Vec<f32> {
    fn from(v: Vector) -> Vec<f32> {
        v.0
    }
}

impl ToSql for Vector {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        let dim = check_dim("vector", self.0.len())?;
        if self.0.iter().any(|x| !x.is_finite()) {
            return Err(Box::new(not_finite("vector")));
        }
        out.reserve(4 + 4 * self.0.len());
        out.put_i16(dim);
        out.put_i16(0);
        for x in &self.0 {
            out.put_f32(*x);
        }
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        named(ty, "vector")
    }
}

impl<'a> FromSql<'a> for Vector {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Vector, BoxError> {
        let mut r = Reader::new(raw, "vector");
        let dim = dense_header(&mut r, 4)?;
        // The length check above bounds the allocation by the input.
        let mut v = Vec::with_capacity(dim);
        for _ in 0..dim {
            let x = f32::from_bits(r.u32("element")?);
            if !x.is_finite() {
                return Err(Box::new(r.invalid("element", i64::from(x.to_bits()))));
            }
            v.push(x);
        }
        Ok(Vector(v))
    }
    fn accepts(ty: &Type) -> bool {
        named(ty, "vector")
    }
}

/// An IEEE 754 binary16 value's bits as an `f32` (exact: every half is a float).
pub fn f16_bits_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from(h >> 10) & 0x1f;
    let mant = u32::from(h) & 0x3ff;
    let bits = match (exp, mant) {
        (0, 0) => sign,
        (0, m) => {
            // Subnormal: m * 2^-24, exact in f32.
            let v = m as f32 * f32::from_bits(0x3380_0000);
            return if sign != 0 { -v } else { v };
        }
        (31, m) => sign | 0x7f80_0000 | (m << 13),
        (e, m) => sign | ((e + 112) << 23) | (m << 13),
    };
    f32::from_bits(bits)
}

/// The nearest binary16 (ties to even) of `x`, or an error where pgvector's `Float4ToHalf`
/// raises one: a finite value that overflows to infinity or a non-zero one that underflows
/// to zero; NaN and the infinities are [`ConvertError::NotFinite`].
pub fn f32_to_f16_bits(x: f32) -> Result<u16, ConvertError> {
    if !x.is_finite() {
        return Err(ConvertError::NotFinite { target: "halfvec" });
    }
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xff) as i32;
    let mant = bits & 0x7f_ffff;
    let e = exp - 127 + 15;
    let out = if e >= 31 {
        0x7c00
    } else if e <= 0 {
        if e < -10 {
            0
        } else {
            // Subnormal half: keep (14 - e) fewer bits of the 24-bit significand.
            let m = mant | 0x80_0000;
            let shift = (14 - e) as u32;
            let half = 1u32 << (shift - 1);
            let rem = m & ((1 << shift) - 1);
            let mut r = m >> shift;
            if rem > half || (rem == half && r & 1 == 1) {
                r += 1;
            }
            r as u16
        }
    } else {
        let mut r = ((e as u32) << 10) | (mant >> 13);
        let rem = mant & 0x1fff;
        if rem > 0x1000 || (rem == 0x1000 && r & 1 == 1) {
            r += 1;
        }
        r as u16
    };
    if out & 0x7fff == 0x7c00 || (out & 0x7fff == 0 && x != 0.0) {
        return Err(ConvertError::OutOfRange { target: "halfvec" });
    }
    Ok(sign | out)
}

/// A pgvector `halfvec`: half-precision floats, kept as their IEEE binary16 bits so values
/// round-trip exactly; convert with [`HalfVector::to_f32_vec`] and
/// [`HalfVector::from_f32_slice`].
///
/// No `f16` type is needed (the conversion is written out here and checked against every one
/// of the 65536 bit patterns in the tests).
///
/// ```
/// use pgline::types::HalfVector;
/// let v = HalfVector::from_f32_slice(&[1.0, 0.5, -2.0]).unwrap();
/// assert_eq!(v.as_bits(), &[0x3c00, 0x3800, 0xc000]);
/// assert_eq!(v.to_f32_vec(), [1.0, 0.5, -2.0]);
/// assert!(HalfVector::from_f32_slice(&[70000.0]).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct HalfVector(Vec<u16>);

impl HalfVector {
    /// A vector of binary16 bit patterns; NaN and infinities are refused, as pgvector does.
    pub fn from_bits(bits: Vec<u16>) -> Option<HalfVector> {
        bits.iter()
            .all(|b| b & 0x7c00 != 0x7c00)
            .then_some(HalfVector(bits))
    }

    /// Each element rounded to the nearest binary16 (ties to even); see [`f32_to_f16_bits`].
    pub fn from_f32_slice(v: &[f32]) -> Result<HalfVector, ConvertError> {
        v.iter()
            .map(|&x| f32_to_f16_bits(x))
            .collect::<Result<_, _>>()
            .map(HalfVector)
    }

    /// The elements as `f32` (exact).
    pub fn to_f32_vec(&self) -> Vec<f32> {
        self.0.iter().map(|&h| f16_bits_to_f32(h)).collect()
    }

    /// The binary16 bit patterns.
    pub fn as_bits(&self) -> &[u16] {
        &self.0
    }

    /// The number of dimensions.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl ToSql for HalfVector {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        let dim = check_dim("halfvec", self.0.len())?;
        out.reserve(4 + 2 * self.0.len());
        out.put_i16(dim);
        out.put_i16(0);
        for h in &self.0 {
            out.put_u16(*h);
        }
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        named(ty, "halfvec")
    }
}

impl<'a> FromSql<'a> for HalfVector {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<HalfVector, BoxError> {
        let mut r = Reader::new(raw, "halfvec");
        let dim = dense_header(&mut r, 2)?;
        let mut v = Vec::with_capacity(dim);
        for _ in 0..dim {
            let h = r.u16("element")?;
            if h & 0x7c00 == 0x7c00 {
                return Err(Box::new(r.invalid("element", i64::from(h))));
            }
            v.push(h);
        }
        Ok(HalfVector(v))
    }
    fn accepts(ty: &Type) -> bool {
        named(ty, "halfvec")
    }
}

/// A pgvector `sparsevec`: a dimension and its non-zero elements by zero-based index.
///
/// ```
/// use pgline::types::SparseVector;
/// let v = SparseVector::from_dense(&[0.0, 1.5, 0.0, -2.0]);
/// assert_eq!((v.dim(), v.indices(), v.values()), (4, &[1, 3][..], &[1.5, -2.0][..]));
/// assert_eq!(v.to_dense(), [0.0, 1.5, 0.0, -2.0]);
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SparseVector {
    dim: i32,
    indices: Vec<i32>,
    values: Vec<f32>,
}

/// Why a [`SparseVector`] cannot be built: pgvector's own checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SparseVectorError {
    /// The dimension is below 1 or above 1,000,000,000.
    Dimension,
    /// More than 16,000 non-zero elements, or more than the dimension.
    TooManyElements,
    /// Indices and values differ in count.
    LengthMismatch,
    /// An index is out of bounds, or not above the one before it.
    Index,
    /// A value is zero, NaN or infinite.
    Value,
}

impl std::fmt::Display for SparseVectorError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SparseVectorError::Dimension => "sparsevec dimension out of range",
            SparseVectorError::TooManyElements => "sparsevec has too many non-zero elements",
            SparseVectorError::LengthMismatch => "sparsevec indices and values differ in count",
            SparseVectorError::Index => "sparsevec indices must increase and stay below dim",
            SparseVectorError::Value => "sparsevec values must be finite and non-zero",
        })
    }
}

impl std::error::Error for SparseVectorError {}

impl SparseVector {
    /// A sparse vector of `dim` dimensions with `values` at zero-based, strictly increasing
    /// `indices`.
    pub fn new(
        dim: i32,
        indices: Vec<i32>,
        values: Vec<f32>,
    ) -> Result<SparseVector, SparseVectorError> {
        if !(1..=SPARSE_MAX_DIM).contains(&dim) {
            return Err(SparseVectorError::Dimension);
        }
        if indices.len() != values.len() {
            return Err(SparseVectorError::LengthMismatch);
        }
        if indices.len() > SPARSE_MAX_NNZ || indices.len() > dim as usize {
            return Err(SparseVectorError::TooManyElements);
        }
        let mut prev = -1i64;
        for &i in &indices {
            if i64::from(i) <= prev || i >= dim {
                return Err(SparseVectorError::Index);
            }
            prev = i64::from(i);
        }
        if values.iter().any(|v| !v.is_finite() || *v == 0.0) {
            return Err(SparseVectorError::Value);
        }
        Ok(SparseVector {
            dim,
            indices,
            values,
        })
    }

    /// The non-zero elements of a dense vector (of at least one dimension).
    pub fn from_dense(v: &[f32]) -> SparseVector {
        let (indices, values) = v
            .iter()
            .enumerate()
            .filter(|(_, x)| **x != 0.0)
            .map(|(i, x)| (i as i32, *x))
            .unzip();
        SparseVector {
            dim: i32::try_from(v.len()).unwrap_or(i32::MAX),
            indices,
            values,
        }
    }

    /// The dense form: `dim` floats, zero where no value is stored.
    pub fn to_dense(&self) -> Vec<f32> {
        let mut out = vec![0.0; self.dim.max(0) as usize];
        for (&i, &v) in self.indices.iter().zip(&self.values) {
            out[i as usize] = v;
        }
        out
    }

    /// The number of dimensions.
    pub fn dim(&self) -> i32 {
        self.dim
    }

    /// The zero-based indices of the non-zero elements, increasing.
    pub fn indices(&self) -> &[i32] {
        &self.indices
    }

    /// The non-zero elements, in index order.
    pub fn values(&self) -> &[f32] {
        &self.values
    }
}

impl ToSql for SparseVector {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        // Re-check: `from_dense` may hold NaN or too many elements.
        let checked = SparseVector::new(self.dim, self.indices.clone(), self.values.clone())?;
        out.reserve(12 + 8 * checked.indices.len());
        out.put_i32(checked.dim);
        out.put_i32(checked.indices.len() as i32);
        out.put_i32(0);
        for i in &checked.indices {
            out.put_i32(*i);
        }
        for v in &checked.values {
            out.put_f32(*v);
        }
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        named(ty, "sparsevec")
    }
}

impl<'a> FromSql<'a> for SparseVector {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<SparseVector, BoxError> {
        let mut r = Reader::new(raw, "sparsevec");
        let dim = r.i32("dim")?;
        let nnz = r.i32("nnz")?;
        let unused = r.i32("unused")?;
        if unused != 0 {
            return Err(Box::new(r.invalid("unused", i64::from(unused))));
        }
        let nnz = usize::try_from(nnz).map_err(|_| r.invalid("nnz", i64::from(nnz)))?;
        if nnz > SPARSE_MAX_NNZ || r.remaining() != nnz * 8 {
            return Err(Box::new(r.invalid("nnz", nnz as i64)));
        }
        let mut indices = Vec::with_capacity(nnz);
        for _ in 0..nnz {
            indices.push(r.i32("index")?);
        }
        let mut values = Vec::with_capacity(nnz);
        for _ in 0..nnz {
            values.push(f32::from_bits(r.u32("value")?));
        }
        let v = SparseVector::new(dim, indices, values).map_err(|e| DecodeError::Invalid {
            type_name: "sparsevec",
            field: match e {
                SparseVectorError::Dimension => "dim",
                SparseVectorError::Index => "index",
                SparseVectorError::Value => "value",
                _ => "nnz",
            },
            value: i64::from(dim),
        })?;
        Ok(v)
    }
    fn accepts(ty: &Type) -> bool {
        named(ty, "sparsevec")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ty(name: &str) -> Type {
        // The OID varies per database; only the name matters.
        Type::new(name.into(), 91_234, Kind::Simple, "public".into())
    }

    fn enc<T: ToSql>(v: &T, name: &str) -> Vec<u8> {
        let mut b = BytesMut::new();
        v.to_sql(&ty(name), &mut b).unwrap();
        b.to_vec()
    }

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.split_whitespace().collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn vector_matches_pgvector_send_format() {
        // '[1,-2.5,0.1]'::vector as vector_send writes it: dim 3, unused 0, three float4s.
        let raw = hex("0003 0000 3f800000 c0200000 3dcccccd");
        let v = Vector::from_sql(&ty("vector"), &raw).unwrap();
        assert_eq!(v.0, [1.0, -2.5, 0.1]);
        assert_eq!(enc(&v, "vector"), raw);
    }

    #[test]
    fn halfvec_matches_pgvector_send_format() {
        // '[1,-2.5,0.1]'::halfvec: dim 3, unused 0, three binary16 values (0.1 rounds to 0x2e66).
        let raw = hex("0003 0000 3c00 c100 2e66");
        let v = HalfVector::from_sql(&ty("halfvec"), &raw).unwrap();
        assert_eq!(v.as_bits(), &[0x3c00, 0xc100, 0x2e66]);
        assert_eq!(HalfVector::from_f32_slice(&[1.0, -2.5, 0.1]).unwrap(), v);
        assert_eq!(v.to_f32_vec(), [1.0, -2.5, 0.099975586]);
        assert_eq!(enc(&v, "halfvec"), raw);
    }

    #[test]
    fn sparsevec_matches_pgvector_send_format() {
        // '{2:1.5,5:-2}/6'::sparsevec: dim 6, nnz 2, unused 0, indices 1 and 4 (zero-based), values.
        let raw = hex("00000006 00000002 00000000 00000001 00000004 3fc00000 c0000000");
        let v = SparseVector::from_sql(&ty("sparsevec"), &raw).unwrap();
        assert_eq!(
            (v.dim(), v.indices(), v.values()),
            (6, &[1, 4][..], &[1.5, -2.0][..])
        );
        assert_eq!(v.to_dense(), [0.0, 1.5, 0.0, 0.0, -2.0, 0.0]);
        assert_eq!(enc(&v, "sparsevec"), raw);
    }

    #[test]
    fn pgvector_types_are_accepted_by_name_in_any_schema() {
        assert!(<Vector as FromSql>::accepts(&ty("vector")));
        assert!(<Vector as FromSql>::accepts(&Type::new(
            "vector".into(),
            1,
            Kind::Simple,
            "extensions".into()
        )));
        assert!(!<Vector as FromSql>::accepts(&ty("halfvec")));
        assert!(!<Vector as FromSql>::accepts(&Type::FLOAT4_ARRAY));
        assert!(<SparseVector as ToSql>::accepts(&ty("sparsevec")));
        let arr = Type::new(
            "_vector".into(),
            91_235,
            Kind::Array(ty("vector")),
            "public".into(),
        );
        assert!(<Vec<Vector> as FromSql>::accepts(&arr));
    }

    #[test]
    fn vector_malformed() {
        let err = |raw: &[u8]| {
            *Vector::from_sql(&ty("vector"), raw)
                .unwrap_err()
                .downcast::<DecodeError>()
                .unwrap()
        };
        assert!(matches!(
            err(&hex("0002 0000 3f800000")),
            DecodeError::Invalid { field: "dim", .. }
        ));
        assert!(matches!(
            err(&hex("0001 0001 3f800000")),
            DecodeError::Invalid {
                field: "unused",
                ..
            }
        ));
        assert!(matches!(
            err(&hex("ffff 0000")),
            DecodeError::Invalid { field: "dim", .. }
        ));
        assert!(matches!(
            err(&hex("0001 0000 7fc00000")),
            DecodeError::Invalid {
                field: "element",
                ..
            }
        ));
        assert!(matches!(err(&hex("00")), DecodeError::Truncated { .. }));
        // Found by the `decode` fuzz target: a value that decodes must encode again.
        assert!(matches!(
            err(&hex("0000 0000")),
            DecodeError::Invalid { field: "dim", .. }
        ));
        let over = [&hex("3e81 0000")[..], &vec![0; 16_001 * 4]].concat();
        assert!(matches!(
            err(&over),
            DecodeError::Invalid { field: "dim", .. }
        ));
        assert!(
            HalfVector::from_sql(&ty("halfvec"), &hex("0000 0000")).is_err(),
            "an empty halfvec"
        );
        let mut b = BytesMut::new();
        assert!(
            Vector(vec![f32::NAN])
                .to_sql(&ty("vector"), &mut b)
                .is_err()
        );
        assert!(Vector(vec![]).to_sql(&ty("vector"), &mut b).is_err());
        assert!(
            Vector(vec![0.0; 16_001])
                .to_sql(&ty("vector"), &mut b)
                .is_err()
        );
    }

    #[test]
    fn halfvec_malformed() {
        let err = |raw: &[u8]| HalfVector::from_sql(&ty("halfvec"), raw).unwrap_err();
        assert!(err(&hex("0001 0000 7c00")).is::<DecodeError>());
        assert!(err(&hex("0002 0000 3c00")).is::<DecodeError>());
        assert_eq!(HalfVector::from_bits(vec![0xfc00]), None);
        assert_eq!(
            f32_to_f16_bits(1e-10),
            Err(ConvertError::OutOfRange { target: "halfvec" })
        );
        assert_eq!(
            f32_to_f16_bits(f32::NAN),
            Err(ConvertError::NotFinite { target: "halfvec" })
        );
        assert_eq!(f32_to_f16_bits(65504.0), Ok(0x7bff));
        assert_eq!(
            f32_to_f16_bits(65520.0),
            Err(ConvertError::OutOfRange { target: "halfvec" })
        );
    }

    #[test]
    fn sparsevec_malformed() {
        let err = |raw: &[u8]| {
            *SparseVector::from_sql(&ty("sparsevec"), raw)
                .unwrap_err()
                .downcast::<DecodeError>()
                .unwrap()
        };
        // Indices not increasing.
        assert!(matches!(
            err(&hex(
                "00000006 00000002 00000000 00000004 00000001 3fc00000 c0000000"
            )),
            DecodeError::Invalid { field: "index", .. }
        ));
        // Index past dim.
        assert!(matches!(
            err(&hex("00000002 00000001 00000000 00000002 3fc00000")),
            DecodeError::Invalid { field: "index", .. }
        ));
        // A zero value.
        assert!(matches!(
            err(&hex("00000002 00000001 00000000 00000000 00000000")),
            DecodeError::Invalid { field: "value", .. }
        ));
        // nnz larger than the bytes, negative, and a nonzero unused word.
        assert!(matches!(
            err(&hex("00000002 7fffffff 00000000")),
            DecodeError::Invalid { field: "nnz", .. }
        ));
        assert!(matches!(
            err(&hex("00000002 ffffffff 00000000")),
            DecodeError::Invalid { field: "nnz", .. }
        ));
        assert!(matches!(
            err(&hex("00000002 00000000 00000001")),
            DecodeError::Invalid {
                field: "unused",
                ..
            }
        ));
        assert!(matches!(
            err(&hex("00000000 00000000 00000000")),
            DecodeError::Invalid { field: "dim", .. }
        ));
        assert_eq!(
            SparseVector::new(3, vec![0], vec![]),
            Err(SparseVectorError::LengthMismatch)
        );
        let mut b = BytesMut::new();
        assert!(
            SparseVector::from_dense(&[f32::INFINITY])
                .to_sql(&ty("sparsevec"), &mut b)
                .is_err()
        );
    }

    #[test]
    fn f16_conversion_agrees_with_the_half_crate_on_every_bit_pattern() {
        for bits in 0..=u16::MAX {
            let want = half::f16::from_bits(bits).to_f32();
            let got = f16_bits_to_f32(bits);
            assert!(
                got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                "{bits:#06x}"
            );
            if got.is_finite() && (got != 0.0 || bits & 0x7fff == 0) {
                assert_eq!(f32_to_f16_bits(got), Ok(bits), "{bits:#06x}");
            }
        }
    }

    proptest! {
        #[test]
        fn f32_to_f16_rounds_like_the_half_crate(bits: u32) {
            let x = f32::from_bits(bits);
            let want = half::f16::from_f32(x);
            match f32_to_f16_bits(x) {
                Ok(h) => prop_assert_eq!(h, want.to_bits()),
                Err(_) => prop_assert!(!x.is_finite() || want.is_infinite() || (want.to_f32() == 0.0 && x != 0.0)),
            }
        }

        #[test]
        fn vectors_round_trip(v in prop::collection::vec(-1e30f32..1e30, 1..50)) {
            let vec = Vector(v.clone());
            prop_assert_eq!(Vector::from_sql(&ty("vector"), &enc(&vec, "vector")).unwrap(), vec);
            let sparse = SparseVector::from_dense(&v);
            if !sparse.indices().is_empty() {
                prop_assert_eq!(SparseVector::from_sql(&ty("sparsevec"), &enc(&sparse, "sparsevec")).unwrap().to_dense(), v.clone());
            }
            let halves: Vec<u16> = v.iter().map(|x| half::f16::from_f32(*x).to_bits()).filter(|b| b & 0x7c00 != 0x7c00).collect();
            if !halves.is_empty() {
                let h = HalfVector::from_bits(halves).unwrap();
                prop_assert_eq!(HalfVector::from_sql(&ty("halfvec"), &enc(&h, "halfvec")).unwrap(), h);
            }
        }

        #[test]
        fn pgvector_decoders_never_panic(raw: Vec<u8>) {
            let _ = Vector::from_sql(&ty("vector"), &raw);
            let _ = HalfVector::from_sql(&ty("halfvec"), &raw);
            let _ = SparseVector::from_sql(&ty("sparsevec"), &raw);
        }
    }
}
