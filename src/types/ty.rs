use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// A PostgreSQL type: its OID, name, schema, category and [`Kind`].
///
/// Built-in types are constants (`Type::INT4`); types whose OID is not fixed (enums, domains,
/// composites, extension types such as pgvector's `vector`) are built at run time from what
/// `pg_type` says, with [`Type::new`] or the catalog builder in [`crate::types::catalog`].
///
/// ```
/// use pgline::types::{Kind, Type};
/// assert_eq!(Type::from_oid(23), Some(Type::INT4));
/// assert_eq!(Type::INT4.name(), "int4");
/// assert_eq!(Type::INT4_ARRAY.kind(), &Kind::Array(Type::INT4));
/// ```
///
/// The constants work as patterns, as in tokio-postgres:
///
/// ```
/// use pgline::types::Type;
/// fn describe(ty: &Type) -> &'static str {
///     match *ty {
///         Type::INT4 | Type::INT8 => "integer",
///         Type::TEXT | Type::VARCHAR => "string",
///         _ => "something else",
///     }
/// }
/// assert_eq!(describe(&Type::from_oid(23).unwrap()), "integer");
/// assert_eq!(describe(&Type::TEXT), "string");
/// assert_eq!(describe(&Type::BOOL), "something else");
/// ```
// `PartialEq` and `Eq` are derived, down to `Repr`, so the constants can be used as patterns
// (`match ty { Type::INT4 => .. }`): Rust allows a constant in a pattern only when its type's
// equality is the derived, structural one. A built-in type is its index in `builtin::BY_OID`,
// a plain integer, so a constant's value holds no pointer; `Type::from_catalog` returns the
// built-in value for a row that describes a built-in type, so equal types compare equal.
#[derive(Clone, PartialEq, Eq)]
pub struct Type(Repr);

#[derive(Clone, PartialEq, Eq)]
enum Repr {
    /// Index into `builtin::BY_OID`.
    Builtin(u16),
    Dynamic(Arc<Inner>),
}

struct Inner {
    oid: u32,
    name: Cow<'static, str>,
    schema: Cow<'static, str>,
    category: u8,
    kind: Kind,
}

// The category is left out, as before: it follows from the rest.
impl PartialEq for Inner {
    fn eq(&self, other: &Inner) -> bool {
        self.oid == other.oid
            && self.name == other.name
            && self.schema == other.schema
            && self.kind == other.kind
    }
}

impl Eq for Inner {}

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
    ///
    /// Its category (see [`Type::category`]) is derived from `kind`; use [`Type::from_catalog`]
    /// to give the one `pg_type.typcategory` holds.
    pub fn new(name: String, oid: u32, kind: Kind, schema: String) -> Type {
        let category = match &kind {
            Kind::Simple => b'U',
            Kind::Enum(_) => b'E',
            Kind::Pseudo => b'P',
            Kind::Array(_) => b'A',
            Kind::Range(_) | Kind::Multirange(_) => b'R',
            Kind::Domain(base) => base.inner().category,
            Kind::Composite(_) => b'C',
        };
        Type::from_catalog(oid, name, schema, category, kind)
    }

    /// Creates a type that is not built in from its `pg_type` row: OID, `typname`, schema name,
    /// `typcategory` (an ASCII letter such as `b'S'` for string types) and kind.
    ///
    /// A row that describes a built-in type exactly gives that type's constant.
    pub fn from_catalog(oid: u32, name: String, schema: String, category: u8, kind: Kind) -> Type {
        if let Some(builtin) = Type::from_oid(oid) {
            let b = builtin.inner();
            if b.name == name && b.schema == schema && b.kind == kind {
                return builtin;
            }
        }
        Type(Repr::Dynamic(Arc::new(Inner {
            oid,
            name: Cow::Owned(name),
            schema: Cow::Owned(schema),
            category,
            kind,
        })))
    }

    /// The built-in type with this OID, if it is one pgline knows.
    pub fn from_oid(oid: u32) -> Option<Type> {
        builtin::BY_OID
            .binary_search_by_key(&oid, |inner| inner.oid)
            .ok()
            .map(|i| Type(Repr::Builtin(i as u16)))
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

    /// The type's category, as in `pg_type.typcategory`: `'S'` string, `'N'` numeric, `'A'`
    /// array, `'U'` user-defined, ...
    ///
    /// See <https://www.postgresql.org/docs/current/catalog-pg-type.html#CATALOG-TYPCATEGORY-TABLE>.
    pub fn category(&self) -> char {
        char::from(self.inner().category)
    }

    /// What sort of type this is.
    pub fn kind(&self) -> &Kind {
        &self.inner().kind
    }

    /// The type with every domain stripped: a domain's base type (through domains over
    /// domains), or `self` when it is no domain.
    ///
    /// Values of a domain travel in its base type's binary format, so codecs check this type.
    ///
    /// ```
    /// use pgline::types::{Kind, Type};
    /// let posint = Type::new("posint".into(), 90002, Kind::Domain(Type::INT4), "public".into());
    /// assert_eq!(posint.base(), &Type::INT4);
    /// assert_eq!(Type::TEXT.base(), &Type::TEXT);
    /// ```
    pub fn base(&self) -> &Type {
        // Terminates: a `Type` is an immutable tree, so a domain chain cannot loop.
        let mut ty = self;
        while let Kind::Domain(inner) = ty.kind() {
            ty = inner;
        }
        ty
    }

    fn inner(&self) -> &Inner {
        match &self.0 {
            Repr::Builtin(i) => builtin::BY_OID[usize::from(*i)],
            Repr::Dynamic(inner) => inner,
        }
    }
}

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
    ($( $(#[$doc:meta])* $konst:ident, $stat:ident, $oid:expr, $name:expr, $cat:expr, $kind:expr; )*) => {
        mod builtin {
            #[allow(unused_imports)]
            use super::{array_of, multirange_of, range_of, Inner, Kind};
            use std::borrow::Cow;
            $(
                pub(super) static $stat: Inner = Inner {
                    oid: $oid,
                    name: Cow::Borrowed($name),
                    schema: Cow::Borrowed("pg_catalog"),
                    category: $cat,
                    kind: $kind,
                };
            )*
            /// The OIDs in `BY_OID`'s order, readable at compile time.
            const OIDS: &[u32] = &{
                let mut all = [$($oid),*];
                let mut i = 1;
                while i < all.len() {
                    let mut j = i;
                    while j > 0 && all[j - 1] > all[j] {
                        let t = all[j - 1];
                        all[j - 1] = all[j];
                        all[j] = t;
                        j -= 1;
                    }
                    i += 1;
                }
                all
            };
            /// The index of a built-in OID in `BY_OID`; evaluated at compile time only.
            pub(super) const fn index_of(oid: u32) -> u16 {
                let mut i = 0;
                while i < OIDS.len() {
                    if OIDS[i] == oid {
                        return i as u16;
                    }
                    i += 1;
                }
                panic!("not a built-in OID")
            }
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
            $( $(#[$doc])* pub const $konst: Type = Type(Repr::Builtin(builtin::index_of($oid))); )*
        }
    };
}

const fn array_of(elem: &'static Inner) -> Kind {
    Kind::Array(Type(Repr::Builtin(builtin::index_of(elem.oid))))
}

const fn range_of(subtype: &'static Inner) -> Kind {
    Kind::Range(Type(Repr::Builtin(builtin::index_of(subtype.oid))))
}

const fn multirange_of(range: &'static Inner) -> Kind {
    Kind::Multirange(Type(Repr::Builtin(builtin::index_of(range.oid))))
}

// The rows below were generated from a PostgreSQL 15 `pg_type` (OID, typname, typcategory,
// typelem / pg_range links) and are checked against a live server in the catalog tests.
builtin_types! {
    /// `bool`
    BOOL, BOOL, 16, "bool", b'B', Kind::Simple;
    /// `bytea`
    BYTEA, BYTEA, 17, "bytea", b'U', Kind::Simple;
    /// `"char"`, the one-byte internal type
    CHAR, CHAR, 18, "char", b'Z', Kind::Simple;
    /// `name`
    NAME, NAME, 19, "name", b'S', Kind::Simple;
    /// `int8`
    INT8, INT8, 20, "int8", b'N', Kind::Simple;
    /// `int2`
    INT2, INT2, 21, "int2", b'N', Kind::Simple;
    /// `int2vector`
    INT2VECTOR, INT2VECTOR, 22, "int2vector", b'A', array_of(&INT2);
    /// `int4`
    INT4, INT4, 23, "int4", b'N', Kind::Simple;
    /// `regproc`
    REGPROC, REGPROC, 24, "regproc", b'N', Kind::Simple;
    /// `text`
    TEXT, TEXT, 25, "text", b'S', Kind::Simple;
    /// `oid`
    OID, OID, 26, "oid", b'N', Kind::Simple;
    /// `oidvector`
    OIDVECTOR, OIDVECTOR, 30, "oidvector", b'A', array_of(&OID);
    /// `json`
    JSON, JSON, 114, "json", b'U', Kind::Simple;
    /// `xml`
    XML, XML, 142, "xml", b'U', Kind::Simple;
    /// `xml[]`
    XML_ARRAY, XML_ARRAY, 143, "_xml", b'A', array_of(&XML);
    /// `json[]`
    JSON_ARRAY, JSON_ARRAY, 199, "_json", b'A', array_of(&JSON);
    /// `cidr`
    CIDR, CIDR, 650, "cidr", b'I', Kind::Simple;
    /// `cidr[]`
    CIDR_ARRAY, CIDR_ARRAY, 651, "_cidr", b'A', array_of(&CIDR);
    /// `float4`
    FLOAT4, FLOAT4, 700, "float4", b'N', Kind::Simple;
    /// `float8`
    FLOAT8, FLOAT8, 701, "float8", b'N', Kind::Simple;
    /// `unknown`
    UNKNOWN, UNKNOWN, 705, "unknown", b'X', Kind::Pseudo;
    /// `macaddr8`
    MACADDR8, MACADDR8, 774, "macaddr8", b'U', Kind::Simple;
    /// `macaddr8[]`
    MACADDR8_ARRAY, MACADDR8_ARRAY, 775, "_macaddr8", b'A', array_of(&MACADDR8);
    /// `money`
    MONEY, MONEY, 790, "money", b'N', Kind::Simple;
    /// `money[]`
    MONEY_ARRAY, MONEY_ARRAY, 791, "_money", b'A', array_of(&MONEY);
    /// `macaddr`
    MACADDR, MACADDR, 829, "macaddr", b'U', Kind::Simple;
    /// `inet`
    INET, INET, 869, "inet", b'I', Kind::Simple;
    /// `bool[]`
    BOOL_ARRAY, BOOL_ARRAY, 1000, "_bool", b'A', array_of(&BOOL);
    /// `bytea[]`
    BYTEA_ARRAY, BYTEA_ARRAY, 1001, "_bytea", b'A', array_of(&BYTEA);
    /// `"char"[]`
    CHAR_ARRAY, CHAR_ARRAY, 1002, "_char", b'A', array_of(&CHAR);
    /// `name[]`
    NAME_ARRAY, NAME_ARRAY, 1003, "_name", b'A', array_of(&NAME);
    /// `int2[]`
    INT2_ARRAY, INT2_ARRAY, 1005, "_int2", b'A', array_of(&INT2);
    /// `int4[]`
    INT4_ARRAY, INT4_ARRAY, 1007, "_int4", b'A', array_of(&INT4);
    /// `regproc[]`
    REGPROC_ARRAY, REGPROC_ARRAY, 1008, "_regproc", b'A', array_of(&REGPROC);
    /// `text[]`
    TEXT_ARRAY, TEXT_ARRAY, 1009, "_text", b'A', array_of(&TEXT);
    /// `bpchar[]`
    BPCHAR_ARRAY, BPCHAR_ARRAY, 1014, "_bpchar", b'A', array_of(&BPCHAR);
    /// `varchar[]`
    VARCHAR_ARRAY, VARCHAR_ARRAY, 1015, "_varchar", b'A', array_of(&VARCHAR);
    /// `int8[]`
    INT8_ARRAY, INT8_ARRAY, 1016, "_int8", b'A', array_of(&INT8);
    /// `float4[]`
    FLOAT4_ARRAY, FLOAT4_ARRAY, 1021, "_float4", b'A', array_of(&FLOAT4);
    /// `float8[]`
    FLOAT8_ARRAY, FLOAT8_ARRAY, 1022, "_float8", b'A', array_of(&FLOAT8);
    /// `oid[]`
    OID_ARRAY, OID_ARRAY, 1028, "_oid", b'A', array_of(&OID);
    /// `macaddr[]`
    MACADDR_ARRAY, MACADDR_ARRAY, 1040, "_macaddr", b'A', array_of(&MACADDR);
    /// `inet[]`
    INET_ARRAY, INET_ARRAY, 1041, "_inet", b'A', array_of(&INET);
    /// `bpchar`, blank-padded `char(n)`
    BPCHAR, BPCHAR, 1042, "bpchar", b'S', Kind::Simple;
    /// `varchar`
    VARCHAR, VARCHAR, 1043, "varchar", b'S', Kind::Simple;
    /// `date`
    DATE, DATE, 1082, "date", b'D', Kind::Simple;
    /// `time`
    TIME, TIME, 1083, "time", b'D', Kind::Simple;
    /// `timestamp`
    TIMESTAMP, TIMESTAMP, 1114, "timestamp", b'D', Kind::Simple;
    /// `timestamp[]`
    TIMESTAMP_ARRAY, TIMESTAMP_ARRAY, 1115, "_timestamp", b'A', array_of(&TIMESTAMP);
    /// `date[]`
    DATE_ARRAY, DATE_ARRAY, 1182, "_date", b'A', array_of(&DATE);
    /// `time[]`
    TIME_ARRAY, TIME_ARRAY, 1183, "_time", b'A', array_of(&TIME);
    /// `timestamptz`
    TIMESTAMPTZ, TIMESTAMPTZ, 1184, "timestamptz", b'D', Kind::Simple;
    /// `timestamptz[]`
    TIMESTAMPTZ_ARRAY, TIMESTAMPTZ_ARRAY, 1185, "_timestamptz", b'A', array_of(&TIMESTAMPTZ);
    /// `interval`
    INTERVAL, INTERVAL, 1186, "interval", b'T', Kind::Simple;
    /// `interval[]`
    INTERVAL_ARRAY, INTERVAL_ARRAY, 1187, "_interval", b'A', array_of(&INTERVAL);
    /// `numeric[]`
    NUMERIC_ARRAY, NUMERIC_ARRAY, 1231, "_numeric", b'A', array_of(&NUMERIC);
    /// `timetz`
    TIMETZ, TIMETZ, 1266, "timetz", b'D', Kind::Simple;
    /// `timetz[]`
    TIMETZ_ARRAY, TIMETZ_ARRAY, 1270, "_timetz", b'A', array_of(&TIMETZ);
    /// `bit`
    BIT, BIT, 1560, "bit", b'V', Kind::Simple;
    /// `bit[]`
    BIT_ARRAY, BIT_ARRAY, 1561, "_bit", b'A', array_of(&BIT);
    /// `varbit`
    VARBIT, VARBIT, 1562, "varbit", b'V', Kind::Simple;
    /// `varbit[]`
    VARBIT_ARRAY, VARBIT_ARRAY, 1563, "_varbit", b'A', array_of(&VARBIT);
    /// `numeric`
    NUMERIC, NUMERIC, 1700, "numeric", b'N', Kind::Simple;
    /// `regclass`
    REGCLASS, REGCLASS, 2205, "regclass", b'N', Kind::Simple;
    /// `regtype`
    REGTYPE, REGTYPE, 2206, "regtype", b'N', Kind::Simple;
    /// `regclass[]`
    REGCLASS_ARRAY, REGCLASS_ARRAY, 2210, "_regclass", b'A', array_of(&REGCLASS);
    /// `regtype[]`
    REGTYPE_ARRAY, REGTYPE_ARRAY, 2211, "_regtype", b'A', array_of(&REGTYPE);
    /// `record`
    RECORD, RECORD, 2249, "record", b'P', Kind::Pseudo;
    /// `void`
    VOID, VOID, 2278, "void", b'P', Kind::Pseudo;
    /// `record[]`
    RECORD_ARRAY, RECORD_ARRAY, 2287, "_record", b'P', array_of(&RECORD);
    /// `uuid`
    UUID, UUID, 2950, "uuid", b'U', Kind::Simple;
    /// `uuid[]`
    UUID_ARRAY, UUID_ARRAY, 2951, "_uuid", b'A', array_of(&UUID);
    /// `pg_lsn`
    PG_LSN, PG_LSN, 3220, "pg_lsn", b'U', Kind::Simple;
    /// `pg_lsn[]`
    PG_LSN_ARRAY, PG_LSN_ARRAY, 3221, "_pg_lsn", b'A', array_of(&PG_LSN);
    /// `jsonb`
    JSONB, JSONB, 3802, "jsonb", b'U', Kind::Simple;
    /// `jsonb[]`
    JSONB_ARRAY, JSONB_ARRAY, 3807, "_jsonb", b'A', array_of(&JSONB);
    /// `int4range`
    INT4_RANGE, INT4_RANGE, 3904, "int4range", b'R', range_of(&INT4);
    /// `int4range[]`
    INT4_RANGE_ARRAY, INT4_RANGE_ARRAY, 3905, "_int4range", b'A', array_of(&INT4_RANGE);
    /// `numrange`
    NUM_RANGE, NUM_RANGE, 3906, "numrange", b'R', range_of(&NUMERIC);
    /// `numrange[]`
    NUM_RANGE_ARRAY, NUM_RANGE_ARRAY, 3907, "_numrange", b'A', array_of(&NUM_RANGE);
    /// `tsrange`
    TS_RANGE, TS_RANGE, 3908, "tsrange", b'R', range_of(&TIMESTAMP);
    /// `tsrange[]`
    TS_RANGE_ARRAY, TS_RANGE_ARRAY, 3909, "_tsrange", b'A', array_of(&TS_RANGE);
    /// `tstzrange`
    TSTZ_RANGE, TSTZ_RANGE, 3910, "tstzrange", b'R', range_of(&TIMESTAMPTZ);
    /// `tstzrange[]`
    TSTZ_RANGE_ARRAY, TSTZ_RANGE_ARRAY, 3911, "_tstzrange", b'A', array_of(&TSTZ_RANGE);
    /// `daterange`
    DATE_RANGE, DATE_RANGE, 3912, "daterange", b'R', range_of(&DATE);
    /// `daterange[]`
    DATE_RANGE_ARRAY, DATE_RANGE_ARRAY, 3913, "_daterange", b'A', array_of(&DATE_RANGE);
    /// `int8range`
    INT8_RANGE, INT8_RANGE, 3926, "int8range", b'R', range_of(&INT8);
    /// `int8range[]`
    INT8_RANGE_ARRAY, INT8_RANGE_ARRAY, 3927, "_int8range", b'A', array_of(&INT8_RANGE);
    /// `regnamespace`
    REGNAMESPACE, REGNAMESPACE, 4089, "regnamespace", b'N', Kind::Simple;
    /// `regnamespace[]`
    REGNAMESPACE_ARRAY, REGNAMESPACE_ARRAY, 4090, "_regnamespace", b'A', array_of(&REGNAMESPACE);
    /// `regrole`
    REGROLE, REGROLE, 4096, "regrole", b'N', Kind::Simple;
    /// `regrole[]`
    REGROLE_ARRAY, REGROLE_ARRAY, 4097, "_regrole", b'A', array_of(&REGROLE);
    /// `int4multirange`
    INT4_MULTIRANGE, INT4_MULTIRANGE, 4451, "int4multirange", b'R', multirange_of(&INT4_RANGE);
    /// `nummultirange`
    NUM_MULTIRANGE, NUM_MULTIRANGE, 4532, "nummultirange", b'R', multirange_of(&NUM_RANGE);
    /// `tsmultirange`
    TS_MULTIRANGE, TS_MULTIRANGE, 4533, "tsmultirange", b'R', multirange_of(&TS_RANGE);
    /// `tstzmultirange`
    TSTZ_MULTIRANGE, TSTZ_MULTIRANGE, 4534, "tstzmultirange", b'R', multirange_of(&TSTZ_RANGE);
    /// `datemultirange`
    DATE_MULTIRANGE, DATE_MULTIRANGE, 4535, "datemultirange", b'R', multirange_of(&DATE_RANGE);
    /// `int8multirange`
    INT8_MULTIRANGE, INT8_MULTIRANGE, 4536, "int8multirange", b'R', multirange_of(&INT8_RANGE);
    /// `int4multirange[]`
    INT4_MULTIRANGE_ARRAY, INT4_MULTIRANGE_ARRAY, 6150, "_int4multirange", b'A', array_of(&INT4_MULTIRANGE);
    /// `nummultirange[]`
    NUM_MULTIRANGE_ARRAY, NUM_MULTIRANGE_ARRAY, 6151, "_nummultirange", b'A', array_of(&NUM_MULTIRANGE);
    /// `tsmultirange[]`
    TS_MULTIRANGE_ARRAY, TS_MULTIRANGE_ARRAY, 6152, "_tsmultirange", b'A', array_of(&TS_MULTIRANGE);
    /// `tstzmultirange[]`
    TSTZ_MULTIRANGE_ARRAY, TSTZ_MULTIRANGE_ARRAY, 6153, "_tstzmultirange", b'A', array_of(&TSTZ_MULTIRANGE);
    /// `datemultirange[]`
    DATE_MULTIRANGE_ARRAY, DATE_MULTIRANGE_ARRAY, 6155, "_datemultirange", b'A', array_of(&DATE_MULTIRANGE);
    /// `int8multirange[]`
    INT8_MULTIRANGE_ARRAY, INT8_MULTIRANGE_ARRAY, 6157, "_int8multirange", b'A', array_of(&INT8_MULTIRANGE);

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
    fn builtin_array_names_match_their_elements() {
        for t in builtin::BY_OID {
            let ty = Type::from_oid(t.oid).unwrap();
            if let Kind::Array(elem) = ty.kind() {
                if ty.name().starts_with('_') {
                    assert_eq!(&ty.name()[1..], elem.name(), "{ty}");
                }
                // `_record` is the one pseudo-type array.
                let expected = if ty.oid() == 2287 { 'P' } else { 'A' };
                assert_eq!(ty.category(), expected, "{ty}");
            }
        }
    }

    fn describe(ty: &Type) -> &'static str {
        match *ty {
            Type::INT4 => "int4",
            Type::TEXT | Type::VARCHAR => "string",
            Type::INT4_ARRAY => "int4[]",
            _ => "other",
        }
    }

    #[test]
    fn constants_match_as_patterns() {
        assert_eq!(describe(&Type::from_oid(23).unwrap()), "int4");
        assert_eq!(describe(&Type::from_oid(25).unwrap()), "string");
        assert_eq!(describe(&Type::VARCHAR), "string");
        assert_eq!(describe(&Type::from_oid(1007).unwrap()), "int4[]");
        assert_eq!(describe(&Type::INT8), "other");
        // A catalog row for a built-in type is that type; anything else is not.
        let int4 = Type::from_catalog(23, "int4".into(), "pg_catalog".into(), b'N', Kind::Simple);
        assert_eq!(describe(&int4), "int4");
        let fake = Type::new("int4".into(), 23, Kind::Simple, "public".into());
        assert_eq!(describe(&fake), "other");
        assert_ne!(fake, Type::INT4);
    }

    #[test]
    fn compile_time_index_agrees_with_the_table() {
        for (i, t) in builtin::BY_OID.iter().enumerate() {
            assert_eq!(usize::from(builtin::index_of(t.oid)), i);
        }
    }

    #[test]
    fn array_kind_points_at_element() {
        assert_eq!(Type::INT4_ARRAY.kind(), &Kind::Array(Type::INT4));
        assert_eq!(Type::INT4_RANGE.kind(), &Kind::Range(Type::INT4));
        assert_eq!(
            Type::INT8_MULTIRANGE.kind(),
            &Kind::Multirange(Type::INT8_RANGE)
        );
        assert_eq!(
            Type::TSTZ_RANGE_ARRAY.kind(),
            &Kind::Array(Type::TSTZ_RANGE)
        );
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
        assert_eq!(t.category(), 'E');
        assert_eq!(Type::from_oid(90001), None);
    }

    #[test]
    fn base_strips_nested_domains() {
        let inner = Type::new(
            "d1".into(),
            90010,
            Kind::Domain(Type::TEXT),
            "public".into(),
        );
        let outer = Type::new(
            "d2".into(),
            90011,
            Kind::Domain(inner.clone()),
            "public".into(),
        );
        assert_eq!(outer.base(), &Type::TEXT);
        assert_eq!(outer.category(), 'S');
        assert_eq!(inner.base(), &Type::TEXT);
    }
}
