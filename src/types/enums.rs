//! Enums: read as `String`/`&str` with no setup, or as a Rust enum declared with
//! [`pg_enum!`](crate::pg_enum).
//!
//! An enum value travels as its label's text. See
//! <https://www.postgresql.org/docs/current/datatype-enum.html>.

use super::{Kind, Type};

/// Whether `ty` (through domains) is an enum whose labels all satisfy `known`.
#[doc(hidden)]
pub fn enum_labels_all(ty: &Type, known: impl Fn(&str) -> bool) -> bool {
    match ty.base().kind() {
        Kind::Enum(labels) => labels.iter().all(|l| known(l)),
        _ => false,
    }
}

/// Whether `ty` (through domains) is an enum holding every label in `labels`.
#[doc(hidden)]
pub fn enum_has_labels(ty: &Type, labels: &[&str]) -> bool {
    match ty.base().kind() {
        Kind::Enum(have) => labels.iter().all(|l| have.iter().any(|h| h == l)),
        _ => false,
    }
}

/// Declares a Rust enum mapped to a PostgreSQL enum by label, with its `ToSql` and `FromSql`.
///
/// Decoding accepts an enum type whose every label is a variant; encoding one that has every
/// variant's label. The type's name is not checked, so one Rust enum serves equal enums in
/// several schemas.
///
/// ```
/// pgline::pg_enum! {
///     /// How someone feels.
///     #[derive(Debug, Clone, Copy, PartialEq)]
///     pub enum Mood {
///         Sad = "sad",
///         Ok = "ok",
///         Happy = "happy",
///     }
/// }
///
/// use pgline::types::{FromSql, Kind, Type};
/// let mood = Type::new("mood".into(), 90400,
///     Kind::Enum(vec!["sad".into(), "ok".into(), "happy".into()]), "public".into());
/// assert_eq!(Mood::from_sql(&mood, b"happy").unwrap(), Mood::Happy);
/// assert_eq!(Mood::Sad.label(), "sad");
/// assert!(Mood::from_sql(&mood, b"angry").is_err());
/// ```
#[macro_export]
macro_rules! pg_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// The PostgreSQL labels, in declaration order.
            pub const LABELS: &'static [&'static str] = &[$($label),+];

            /// This value's PostgreSQL label.
            pub fn label(&self) -> &'static str {
                match self {
                    $( $name::$variant => $label ),+
                }
            }

            /// The value with this PostgreSQL label.
            pub fn from_label(label: &str) -> ::std::option::Option<$name> {
                match label {
                    $( $label => ::std::option::Option::Some($name::$variant), )+
                    _ => ::std::option::Option::None,
                }
            }
        }

        impl $crate::types::ToSql for $name {
            fn to_sql(
                &self,
                _: &$crate::types::Type,
                out: &mut $crate::types::__private::BytesMut,
            ) -> ::std::result::Result<$crate::types::IsNull, $crate::types::BoxError> {
                $crate::types::__private::BufMut::put_slice(out, self.label().as_bytes());
                ::std::result::Result::Ok($crate::types::IsNull::No)
            }
            fn accepts(ty: &$crate::types::Type) -> bool {
                $crate::types::__private::enum_has_labels(ty, $name::LABELS)
            }
        }

        impl<'a> $crate::types::FromSql<'a> for $name {
            fn from_sql(
                _: &$crate::types::Type,
                raw: &'a [u8],
            ) -> ::std::result::Result<$name, $crate::types::BoxError> {
                let text = ::std::str::from_utf8(raw)?;
                $name::from_label(text).ok_or_else(|| {
                    ::std::boxed::Box::new($crate::types::DecodeError::UnknownLabel {
                        rust_type: ::std::stringify!($name),
                        label: ::std::string::ToString::to_string(text),
                    }) as $crate::types::BoxError
                })
            }
            fn accepts(ty: &$crate::types::Type) -> bool {
                $crate::types::__private::enum_labels_all(ty, |l| $name::from_label(l).is_some())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::types::captured_vectors;
    use crate::types::{DecodeError, FromSql, Kind, ToSql, Type};
    use bytes::BytesMut;

    crate::pg_enum! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum VecMood {
            Sad = "sad",
            Ok = "ok",
            Happy = "happy",
        }
    }

    crate::pg_enum! {
        #[derive(Debug, PartialEq)]
        enum Partial {
            Sad = "sad",
        }
    }

    fn mood() -> Type {
        Type::new(
            "vec_mood".into(),
            captured_vectors::OID_VEC_MOOD,
            Kind::Enum(vec!["sad".into(), "ok".into(), "happy".into()]),
            "public".into(),
        )
    }

    #[test]
    fn enum_server_vectors_as_rust_enum_and_string() {
        let ty = mood();
        for (v, want) in captured_vectors::MOOD
            .iter()
            .zip([VecMood::Happy, VecMood::Sad])
        {
            assert_eq!(VecMood::from_sql(&ty, &v.bytes()).unwrap(), want);
            assert_eq!(String::from_sql(&ty, &v.bytes()).unwrap(), v.text);
            let mut b = BytesMut::new();
            want.to_sql(&ty, &mut b).unwrap();
            assert_eq!(b.to_vec(), v.bytes());
        }
        let arr = Type::new(
            "_vec_mood".into(),
            captured_vectors::OID_VEC_MOOD_ARRAY,
            Kind::Array(ty.clone()),
            "public".into(),
        );
        let raw = captured_vectors::MOOD_ARRAY[0].bytes();
        let v = Vec::<Option<VecMood>>::from_sql(&arr, &raw).unwrap();
        assert_eq!(v, [Some(VecMood::Sad), None, Some(VecMood::Happy)]);
        let mut b = BytesMut::new();
        v.to_sql(&arr, &mut b).unwrap();
        assert_eq!(b.to_vec(), raw);
    }

    #[test]
    fn enum_accepts_checks_labels_both_ways() {
        let ty = mood();
        assert!(<VecMood as FromSql>::accepts(&ty));
        // A Rust enum missing a label cannot decode every value, but can encode its own.
        assert!(!<Partial as FromSql>::accepts(&ty));
        assert!(<Partial as ToSql>::accepts(&ty));
        assert!(!<VecMood as FromSql>::accepts(&Type::TEXT));
        let domain = Type::new("d".into(), 90500, Kind::Domain(ty), "public".into());
        assert!(<VecMood as FromSql>::accepts(&domain));
    }

    #[test]
    fn enum_malformed() {
        let err = VecMood::from_sql(&mood(), b"angry").unwrap_err();
        assert_eq!(
            err.downcast_ref::<DecodeError>(),
            Some(&DecodeError::UnknownLabel {
                rust_type: "VecMood",
                label: "angry".into()
            })
        );
        assert!(VecMood::from_sql(&mood(), b"\xff").is_err());
    }
}
