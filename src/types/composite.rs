//! Composite (row) types at run time: [`Composite`] to read one field by field, [`Record`] to
//! send one from a list of values.
//!
//! Binary: `int32` field count, then per field its type OID, `int32` length (-1 for NULL) and
//! bytes; the OIDs are checked against the type's fields. See
//! <https://www.postgresql.org/docs/current/rowtypes.html>.

use std::fmt;

use bytes::{BufMut, BytesMut};

use super::primitives::{base_oid, oid};
use super::wire::{Reader, count_i32, write_nullable};
use super::{
    BoxError, CodecContext, DecodeError, EncodeError, FromSql, IsNull, Kind, SqlParam, ToSql, Type,
    WrongType,
};

/// A composite value decoded lazily: fields stay bytes borrowed from the row until read with
/// [`Composite::get`], which checks each field's type.
///
/// Works for named composite types (fields typed and named by the catalog) and for anonymous
/// `record`s (`SELECT ROW(1, 'x')`), whose fields carry built-in type OIDs.
///
/// ```
/// use pgline::types::{Composite, FromSql, Type};
/// // ROW(1, 'x'::text) as the server sends it.
/// let raw = [0, 0, 0, 2, 0, 0, 0, 23, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 25, 0, 0, 0, 1, b'x'];
/// let row = Composite::from_sql(&Type::RECORD, &raw).unwrap();
/// assert_eq!(row.len(), 2);
/// assert_eq!(row.get::<i32>(0).unwrap(), 1);
/// assert_eq!(row.get::<&str>(1).unwrap(), "x");
/// assert!(row.get::<i64>(0).is_err());
/// ```
#[derive(Clone)]
pub struct Composite<'a> {
    ty: Type,
    fields: Vec<FieldValue<'a>>,
    ctx: CodecContext,
}

#[derive(Clone)]
struct FieldValue<'a> {
    ty: Type,
    raw: Option<&'a [u8]>,
}

/// The field index was past the end, or no field has the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchField {
    /// The index or name asked for.
    pub field: String,
}

impl fmt::Display for NoSuchField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the composite value has no field {}", self.field)
    }
}

impl std::error::Error for NoSuchField {}

/// A placeholder for a field whose OID is not built in (only in anonymous records): no Rust
/// type accepts it, but its bytes stay readable through [`Composite::raw`].
fn unknown_type(oid: u32) -> Type {
    Type::from_catalog(oid, format!("oid {oid}"), String::new(), b'X', Kind::Pseudo)
}

impl<'a> Composite<'a> {
    fn decode(ctx: &CodecContext, ty: &Type, raw: &'a [u8]) -> Result<Composite<'a>, DecodeError> {
        let declared = match ty.base().kind() {
            Kind::Composite(fields) => Some(fields),
            _ if base_oid(ty) == oid::RECORD => None,
            _ => {
                return Err(DecodeError::Invalid {
                    type_name: "record",
                    field: "type",
                    value: i64::from(ty.oid()),
                });
            }
        };
        let mut r = Reader::new(raw, "record");
        let count = r.i32("field count")?;
        let count =
            usize::try_from(count).map_err(|_| r.invalid("field count", i64::from(count)))?;
        // Each field needs at least its OID and length words.
        let limit = r.remaining() / 8;
        if count > limit {
            return Err(DecodeError::TooLarge {
                type_name: "record",
                field: "field count",
                value: count as u64,
                limit: limit as u64,
            });
        }
        if let Some(fields) = declared {
            if fields.len() != count {
                return Err(r.invalid("field count", count as i64));
            }
        }
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let field_oid = r.u32("field type")?;
            let value = r.nullable_value("field")?;
            let ty = match declared {
                Some(fields) => {
                    let t = fields[i].type_();
                    if field_oid != t.oid() && field_oid != t.base().oid() {
                        return Err(DecodeError::ElementType {
                            type_name: "record",
                            expected: t.oid(),
                            got: field_oid,
                        });
                    }
                    t.clone()
                }
                None => Type::from_oid(field_oid).unwrap_or_else(|| unknown_type(field_oid)),
            };
            out.push(FieldValue { ty, raw: value });
        }
        r.finish()?;
        Ok(Composite {
            ty: ty.clone(),
            fields: out,
            ctx: ctx.clone(),
        })
    }

    /// The composite type (or `record`).
    pub fn type_(&self) -> &Type {
        &self.ty
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are no fields (`ROW()`).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// The type of field `i`.
    pub fn field_type(&self, i: usize) -> Option<&Type> {
        self.fields.get(i).map(|f| &f.ty)
    }

    /// The name of field `i`, for named composite types.
    pub fn field_name(&self, i: usize) -> Option<&str> {
        match self.ty.base().kind() {
            Kind::Composite(fields) => fields.get(i).map(|f| f.name()),
            _ => None,
        }
    }

    /// The raw binary bytes of field `i`: `Some(None)` for NULL, `None` past the end.
    pub fn raw(&self, i: usize) -> Option<Option<&'a [u8]>> {
        self.fields.get(i).map(|f| f.raw)
    }

    /// Decodes field `i` as `T`, checking its type; NULL needs an `Option<T>`.
    pub fn get<T: FromSql<'a>>(&self, i: usize) -> Result<T, BoxError> {
        let field = self.fields.get(i).ok_or_else(|| NoSuchField {
            field: i.to_string(),
        })?;
        if !T::accepts(&field.ty) {
            return Err(Box::new(WrongType::new::<T>(field.ty.clone())));
        }
        T::from_sql_with(&self.ctx, &field.ty, field.raw)
    }

    /// Decodes the field called `name` as `T` (named composite types only).
    pub fn get_by_name<T: FromSql<'a>>(&self, name: &str) -> Result<T, BoxError> {
        let i = (0..self.len())
            .find(|&i| self.field_name(i) == Some(name))
            .ok_or_else(|| NoSuchField {
                field: name.to_owned(),
            })?;
        self.get(i)
    }
}

impl fmt::Debug for Composite<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut l = f.debug_list();
        for field in &self.fields {
            l.entry(&(field.ty.name(), field.raw));
        }
        l.finish()
    }
}

impl<'a> FromSql<'a> for Composite<'a> {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Composite<'a>, BoxError> {
        Ok(Composite::decode(CodecContext::default_ref(), ty, raw)?)
    }

    fn from_sql_with(
        ctx: &CodecContext,
        ty: &Type,
        raw: Option<&'a [u8]>,
    ) -> Result<Composite<'a>, BoxError> {
        match raw {
            Some(raw) => Ok(Composite::decode(ctx, ty, raw)?),
            None => Self::from_sql_null(ty),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(ty.base().kind(), Kind::Composite(_)) || base_oid(ty) == oid::RECORD
    }
}

/// A composite value to send, one value per field in order; each is checked against its
/// field's type.
///
/// PostgreSQL cannot receive an anonymous `record` parameter; cast the parameter to a named
/// composite type (`$1::my_pair`).
///
/// ```
/// use pgline::types::{Field, Kind, Record, ToSql, Type};
/// let pair = Type::new("pair".into(), 90300, Kind::Composite(vec![
///     Field::new("a".into(), Type::INT4),
///     Field::new("b".into(), Type::TEXT),
/// ]), "public".into());
/// let rec = Record::new().with(1i32).with("hello");
/// let mut buf = bytes::BytesMut::new();
/// rec.to_sql(&pair, &mut buf).unwrap();
/// assert_eq!(&buf[..8], &[0, 0, 0, 2, 0, 0, 0, 23]);
/// ```
#[derive(Debug, Default)]
pub struct Record<'v> {
    fields: Vec<Box<dyn SqlParam + 'v>>,
}

impl<'v> Record<'v> {
    /// A record with no fields yet.
    pub fn new() -> Record<'v> {
        Record { fields: Vec::new() }
    }

    /// Adds the next field's value (a value, a reference, or `None` for NULL).
    pub fn with<T: ToSql + 'v>(mut self, value: T) -> Record<'v> {
        self.push(value);
        self
    }

    /// Appends the next field's value.
    pub fn push<T: ToSql + 'v>(&mut self, value: T) {
        self.fields.push(Box::new(value));
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

impl<'v> From<Vec<Box<dyn SqlParam + 'v>>> for Record<'v> {
    fn from(fields: Vec<Box<dyn SqlParam + 'v>>) -> Record<'v> {
        Record { fields }
    }
}

impl ToSql for Record<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        self.to_sql_with(CodecContext::default_ref(), ty, out)
    }

    fn to_sql_with(
        &self,
        ctx: &CodecContext,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, BoxError> {
        let Kind::Composite(fields) = ty.base().kind() else {
            return Err(Box::new(EncodeError::NotRepresentable {
                type_name: "record",
                reason: "the parameter's type is not a named composite type",
            }));
        };
        if fields.len() != self.fields.len() {
            return Err(Box::new(EncodeError::FieldCount {
                expected: fields.len(),
                got: self.fields.len(),
            }));
        }
        out.put_i32(count_i32(fields.len(), "record", "field count")?);
        for (field, value) in fields.iter().zip(&self.fields) {
            out.put_u32(field.type_().oid());
            write_nullable(out, "record", |out| {
                value.encode_param(ctx, field.type_(), out)
            })?;
        }
        Ok(IsNull::No)
    }

    fn accepts(ty: &Type) -> bool {
        matches!(ty.base().kind(), Kind::Composite(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::captured_vectors;
    use crate::types::{Field, Numeric};
    use proptest::prelude::*;

    fn pair() -> Type {
        Type::new(
            "vec_pair".into(),
            captured_vectors::OID_VEC_PAIR,
            Kind::Composite(vec![
                Field::new("a".into(), Type::INT4),
                Field::new("b".into(), Type::TEXT),
            ]),
            "public".into(),
        )
    }

    fn enc<T: ToSql>(v: &T, ty: &Type) -> Vec<u8> {
        let mut b = BytesMut::new();
        v.to_sql(ty, &mut b).unwrap();
        b.to_vec()
    }

    #[test]
    fn anonymous_record_server_vectors() {
        let raw = captured_vectors::RECORD[0].bytes();
        let row = Composite::from_sql(&Type::RECORD, &raw).unwrap();
        assert_eq!(
            (row.get::<i32>(0).unwrap(), row.get::<String>(1).unwrap()),
            (1, "x".into())
        );
        assert_eq!(row.field_name(0), None);

        let raw = captured_vectors::RECORD[1].bytes();
        let row = Composite::from_sql(&Type::RECORD, &raw).unwrap();
        assert_eq!(row.get::<Option<i32>>(0).unwrap(), None);
        assert!(row.get::<i32>(0).unwrap_err().is::<crate::types::WasNull>());
        assert_eq!(row.get::<&str>(1).unwrap(), "");
        assert_eq!(row.get::<Numeric>(2).unwrap().to_string(), "1.5");

        let empty = captured_vectors::RECORD[2].bytes();
        let row = Composite::from_sql(&Type::RECORD, &empty).unwrap();
        assert!(row.is_empty());

        // ROW(ROW(1, 2), ARRAY[1, 2]): a nested record and an array.
        let raw = captured_vectors::RECORD[3].bytes();
        let row = Composite::from_sql(&Type::RECORD, &raw).unwrap();
        let inner: Composite<'_> = row.get(0).unwrap();
        assert_eq!(inner.get::<i32>(1).unwrap(), 2);
        assert_eq!(row.get::<Vec<i32>>(1).unwrap(), [1, 2]);
    }

    #[test]
    fn named_composite_server_vectors_decode_and_encode() {
        let ty = pair();
        let expected = [
            (Some(1), Some("hello")),
            (None, None),
            (Some(-5), Some("with, comma")),
        ];
        for (v, (a, b)) in captured_vectors::PAIR.iter().zip(expected) {
            let raw = v.bytes();
            let row = Composite::from_sql(&ty, &raw).unwrap();
            assert_eq!(row.get_by_name::<Option<i32>>("a").unwrap(), a, "{}", v.sql);
            assert_eq!(
                row.get_by_name::<Option<&str>>("b").unwrap(),
                b,
                "{}",
                v.sql
            );
            assert_eq!(enc(&Record::new().with(a).with(b), &ty), raw, "{}", v.sql);
        }
        let raw = captured_vectors::PAIR[0].bytes();
        let row = Composite::from_sql(&ty, &raw).unwrap();
        assert!(
            row.get_by_name::<i32>("nope")
                .unwrap_err()
                .is::<NoSuchField>()
        );
        assert!(row.get::<i32>(5).unwrap_err().is::<NoSuchField>());
    }

    #[test]
    fn record_encoding_checks_field_count_and_types() {
        let ty = pair();
        let mut b = BytesMut::new();
        let err = Record::new().with(1i32).to_sql(&ty, &mut b).unwrap_err();
        assert_eq!(
            err.downcast_ref::<EncodeError>(),
            Some(&EncodeError::FieldCount {
                expected: 2,
                got: 1
            })
        );
        let err = Record::new()
            .with("x")
            .with("y")
            .to_sql(&ty, &mut BytesMut::new())
            .unwrap_err();
        assert!(err.is::<WrongType>(), "{err}");
        let err = Record::new()
            .to_sql(&Type::RECORD, &mut BytesMut::new())
            .unwrap_err();
        assert!(err.is::<EncodeError>());
        let owned: Record<'static> = Record::from(vec![
            Box::new(7i32) as Box<dyn SqlParam>,
            Box::new(String::from("s")),
        ]);
        assert_eq!(owned.len(), 2);
        assert!(owned.to_sql(&ty, &mut BytesMut::new()).is_ok());
    }

    #[test]
    fn composite_malformed() {
        let ty = pair();
        let err = |ty: &Type, raw: &[u8]| {
            *Composite::from_sql(ty, raw)
                .unwrap_err()
                .downcast::<DecodeError>()
                .unwrap()
        };
        // One field for a two-field type.
        assert!(matches!(
            err(&ty, &[0, 0, 0, 1, 0, 0, 0, 23, 0xff, 0xff, 0xff, 0xff]),
            DecodeError::Invalid {
                field: "field count",
                ..
            }
        ));
        // A field of the wrong type.
        let mut raw = captured_vectors::PAIR[0].bytes();
        raw[7] = 20;
        assert!(matches!(
            err(&ty, &raw),
            DecodeError::ElementType {
                expected: 23,
                got: 20,
                ..
            }
        ));
        // A huge field count.
        assert!(matches!(
            err(&Type::RECORD, &[0x7f, 0, 0, 0, 0]),
            DecodeError::TooLarge { .. }
        ));
        assert!(matches!(
            err(&Type::RECORD, &[0xff, 0, 0, 0]),
            DecodeError::Invalid { .. }
        ));
        // Truncated field, trailing bytes.
        assert!(matches!(
            err(&Type::RECORD, &[0, 0, 0, 1, 0, 0, 0, 23, 0, 0, 0, 4, 0]),
            DecodeError::Truncated { .. }
        ));
        assert!(matches!(
            err(&Type::RECORD, &[0, 0, 0, 0, 1]),
            DecodeError::TrailingBytes { .. }
        ));
        // A field OID nobody knows stays readable as bytes only.
        let raw = [0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 7];
        let row = Composite::from_sql(&Type::RECORD, &raw).unwrap();
        assert_eq!(row.raw(0), Some(Some(&[7u8][..])));
        assert!(row.get::<&str>(0).is_err());
        assert!(!<Composite<'_> as FromSql>::accepts(&Type::INT4));
    }

    proptest! {
        #[test]
        fn records_round_trip(a: Option<i32>, b: Option<String>) {
            let ty = pair();
            let raw = enc(&Record::new().with(a).with(b.clone()), &ty);
            let row = Composite::from_sql(&ty, &raw).unwrap();
            prop_assert_eq!(row.get::<Option<i32>>(0).unwrap(), a);
            prop_assert_eq!(row.get::<Option<String>>(1).unwrap(), b);
        }

        #[test]
        fn composite_decoder_never_panics(raw: Vec<u8>) {
            let _ = Composite::from_sql(&Type::RECORD, &raw);
            let _ = Composite::from_sql(&pair(), &raw);
        }
    }
}
