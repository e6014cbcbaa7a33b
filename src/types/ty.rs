use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A PostgreSQL type: its OID, name, schema and [`Kind`].
///
/// Built-in types are constants (`Type::INT4`); types whose OID is not fixed (enums, domains,
/// composites, extension types such as pgvector's `vector`) are built at run time with
/// [`Type::new`] from what `pg_type` says.
///
/// ```
/// use pgline::types::Type;
/// assert_eq!(Type::from_oid(23), Some(Type::INT4));
/// assert_eq!(Type::INT4.name(), "int4");
/// ```
#[derive(Clone)]
pub struct Type(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static Inner),
    Dynamic(Arc<Inner>),
}

struct Inner {
    oid: u32,
    name: Cow<'static, str>,
    schema: Cow<'static, str>,
    kind: Kind,
}

/// What sort of type a [`Type`] is, with the types it is built from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A base type such as `int4` or `text`.
    Simple,
    /// An enum, with its labels in sort order.
    Enum(Vec<String>),
    /// A pseudo-type such as `void` or `record`.
    Pseudo,
    /// An array of the given element type.
    Array(Type),
    /// A range over the given subtype.
    Range(Type),
    /// A multirange over the given range type.
    Multirange(Type),
    /// A domain over the given base type.
    Domain(Type),
    /// A composite (row) type with its fields in order.
    Composite(Vec<Field>),
}

/// A field of a composite type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Field {
    name: String,
    type_: Type,
}

impl Field {
    /// Creates a field.
    pub fn new(name: String, type_: Type) -> Field {
        Field { name, type_ }
    }

    /// The field's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The field's type.
    pub fn type_(&self) -> &Type {
        &self.type_
    }
}

impl Type {
    /// Creates a type that is not built in, as read from `pg_type`.
    pub fn new(name: String, oid: u32, kind: Kind, schema: String) -> Type {
        Type(Repr::Dynamic(Arc::new(Inner {
            oid,
            name: Cow::Owned(name),
            schema: Cow::Owned(schema),
            kind,
        })))
    }

    /// The built-in type with this OID, if it is one pgline knows.
    pub fn from_oid(oid: u32) -> Option<Type> {
        builtin::BY_OID
            .binary_search_by_key(&oid, |inner| inner.oid)
            .ok()
            .map(|i| Type(Repr::Static(builtin::BY_OID[i])))
    }

    /// The type's OID.
    pub fn oid(&self) -> u32 {
        self.inner().oid
    }

    /// The type's name, as in `pg_type.typname`.
    pub fn name(&self) -> &str {
        &self.inner().name
    }

    /// The schema the type lives in.
    pub fn schema(&self) -> &str {
        &self.inner().schema
    }

    /// What sort of type this is.
    pub fn kind(&self) -> &Kind {
        &self.inner().kind
    }

    fn inner(&self) -> &Inner {
        match &self.0 {
            Repr::Static(inner) => inner,
            Repr::Dynamic(inner) => inner,
        }
    }
}

impl PartialEq for Type {
    fn eq(&self, other: &Type) -> bool {
        let (a, b) = (self.inner(), other.inner());
        a.oid == b.oid && a.name == b.name && a.schema == b.schema && a.kind == b.kind
    }
}

impl Eq for Type {}

impl std::hash::Hash for Type {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.oid().hash(state);
    }
}

impl fmt::Debug for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.schema() == "pg_catalog" {
            write!(f, "{}", self.name())
        } else {
            write!(f, "{}.{}", self.schema(), self.name())
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Declares built-in types: a `Type` constant each, an `Inner` static each, and `BY_OID`
/// sorted by OID so `from_oid` can binary-search it.
macro_rules! builtin_types {
    ($( $(#[$doc:meta])* $konst:ident, $stat:ident, $oid:expr, $name:expr, $kind:expr; )*) => {
        mod builtin {
            #[allow(unused_imports)]
            use super::{array_of, Inner, Kind, Repr, Type};
            use std::borrow::Cow;
            $(
                pub(super) static $stat: Inner = Inner {
                    oid: $oid,
                    name: Cow::Borrowed($name),
                    schema: Cow::Borrowed("pg_catalog"),
                    kind: $kind,
                };
            )*
            pub(super) static BY_OID: &[&Inner] = &{
                let mut all = [$(&$stat),*];
                // Sort at compile time: insertion sort over a small constant array.
                let mut i = 1;
                while i < all.len() {
                    let mut j = i;
                    while j > 0 && all[j - 1].oid > all[j].oid {
                        let t = all[j - 1];
                        all[j - 1] = all[j];
                        all[j] = t;
                        j -= 1;
                    }
                    i += 1;
                }
                all
            };
        }
        impl Type {
            $( $(#[$doc])* pub const $konst: Type = Type(Repr::Static(&builtin::$stat)); )*
        }
    };
}

const fn array_of(elem: &'static Inner) -> Kind {
    Kind::Array(Type(Repr::Static(elem)))
}

builtin_types! {
    /// `bool`
    BOOL, BOOL, 16, "bool", Kind::Simple;
    /// `bytea`
    BYTEA, BYTEA, 17, "bytea", Kind::Simple;
    /// `"char"`, the one-byte internal type
    CHAR, CHAR, 18, "char", Kind::Simple;
    /// `name`
    NAME, NAME, 19, "name", Kind::Simple;
    /// `int8`
    INT8, INT8, 20, "int8", Kind::Simple;
    /// `int2`
    INT2, INT2, 21, "int2", Kind::Simple;
    /// `int4`
    INT4, INT4, 23, "int4", Kind::Simple;
    /// `text`
    TEXT, TEXT, 25, "text", Kind::Simple;
    /// `oid`
    OID, OID, 26, "oid", Kind::Simple;
    /// `float4`
    FLOAT4, FLOAT4, 700, "float4", Kind::Simple;
    /// `float8`
    FLOAT8, FLOAT8, 701, "float8", Kind::Simple;
    /// `unknown`
    UNKNOWN, UNKNOWN, 705, "unknown", Kind::Simple;
    /// `bool[]`
    BOOL_ARRAY, BOOL_ARRAY, 1000, "_bool", array_of(&BOOL);
    /// `bytea[]`
    BYTEA_ARRAY, BYTEA_ARRAY, 1001, "_bytea", array_of(&BYTEA);
    /// `int2[]`
    INT2_ARRAY, INT2_ARRAY, 1005, "_int2", array_of(&INT2);
    /// `int4[]`
    INT4_ARRAY, INT4_ARRAY, 1007, "_int4", array_of(&INT4);
    /// `text[]`
    TEXT_ARRAY, TEXT_ARRAY, 1009, "_text", array_of(&TEXT);
    /// `varchar[]`
    VARCHAR_ARRAY, VARCHAR_ARRAY, 1015, "_varchar", array_of(&VARCHAR);
    /// `int8[]`
    INT8_ARRAY, INT8_ARRAY, 1016, "_int8", array_of(&INT8);
    /// `float4[]`
    FLOAT4_ARRAY, FLOAT4_ARRAY, 1021, "_float4", array_of(&FLOAT4);
    /// `float8[]`
    FLOAT8_ARRAY, FLOAT8_ARRAY, 1022, "_float8", array_of(&FLOAT8);
    /// `bpchar`, blank-padded `char(n)`
    BPCHAR, BPCHAR, 1042, "bpchar", Kind::Simple;
    /// `varchar`
    VARCHAR, VARCHAR, 1043, "varchar", Kind::Simple;
    /// `void`
    VOID, VOID, 2278, "void", Kind::Pseudo;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lookup_by_oid_finds_every_constant() {
        for t in builtin::BY_OID {
            let found = Type::from_oid(t.oid).expect("listed OID resolves");
            assert_eq!(found.oid(), t.oid);
            assert_eq!(found.name(), &*t.name);
        }
        assert!(builtin::BY_OID.windows(2).all(|w| w[0].oid < w[1].oid));
        assert_eq!(Type::from_oid(0), None);
    }

    #[test]
    fn array_kind_points_at_element() {
        assert_eq!(Type::INT4_ARRAY.kind(), &Kind::Array(Type::INT4));
    }

    #[test]
    fn dynamic_type_keeps_what_catalog_said() {
        let t = Type::new(
            "mood".into(),
            90001,
            Kind::Enum(vec!["sad".into(), "ok".into()]),
            "public".into(),
        );
        assert_eq!(t.oid(), 90001);
        assert_eq!(format!("{t}"), "public.mood");
        assert_eq!(Type::from_oid(90001), None);
    }
}
