//! `uuid` as `uuid::Uuid`: sixteen bytes.
//!
//! See <https://www.postgresql.org/docs/current/datatype-uuid.html>.

use bytes::{BufMut, BytesMut};

use super::primitives::{base_oid, oid};
use super::wire::exact;
use super::{BoxError, FromSql, IsNull, ToSql, Type};

impl ToSql for ::uuid::Uuid {
    fn to_sql(&self, _: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        out.put_slice(self.as_bytes());
        Ok(IsNull::No)
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::UUID
    }
}

impl<'a> FromSql<'a> for ::uuid::Uuid {
    #[inline]
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<::uuid::Uuid, BoxError> {
        Ok(::uuid::Uuid::from_bytes(exact(raw, "uuid")?))
    }
    fn accepts(ty: &Type) -> bool {
        base_oid(ty) == oid::UUID
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::captured_vectors::UUID;
    use ::uuid::Uuid;
    use proptest::prelude::*;

    #[test]
    fn uuid_server_vectors() {
        for v in UUID {
            let u = Uuid::from_sql(&Type::UUID, &v.bytes()).unwrap();
            assert_eq!(u.to_string(), v.text);
            let mut b = BytesMut::new();
            u.to_sql(&Type::UUID, &mut b).unwrap();
            assert_eq!(b.to_vec(), v.bytes());
        }
    }

    #[test]
    fn uuid_malformed() {
        assert!(Uuid::from_sql(&Type::UUID, &[0; 15]).is_err());
        assert!(Uuid::from_sql(&Type::UUID, &[0; 17]).is_err());
    }

    proptest! {
        #[test]
        fn uuid_round_trips(bytes: [u8; 16]) {
            let u = Uuid::from_bytes(bytes);
            let mut b = BytesMut::new();
            u.to_sql(&Type::UUID, &mut b).unwrap();
            prop_assert_eq!(Uuid::from_sql(&Type::UUID, &b).unwrap(), u);
        }
    }
}
