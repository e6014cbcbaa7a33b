//! Looking up types whose OID is not fixed (enums, domains, composites, ranges, extension
//! types, their arrays) in `pg_type`: the query, its row, and a sans-IO resolver.
//!
//! Never runs a query itself: the connection runs [`TYPE_INFO_QUERY`] for each OID the
//! [`TypeResolver`] asks for and caches what it returns. See
//! <https://www.postgresql.org/docs/current/catalog-pg-type.html>.

use std::collections::HashMap;
use std::fmt;

use super::{BoxError, Field, FromSql, Kind, Type};

/// Everything needed to build a [`Type`] for one OID (`$1`), for PostgreSQL 14 and later.
///
/// One row (none if the OID does not exist), all columns in binary format:
/// `typname text, nspname text, typtype "char", typcategory "char", typelem oid,
/// typbasetype oid, rngsubtype oid (NULL unless a range), multirange_range oid (NULL unless a
/// multirange), enum_labels text[] (in sort order), attr_names text[], attr_types oid[]`
/// (composite attributes in order, dropped ones left out). Decode it with
/// [`TypeInfo::from_columns`].
pub const TYPE_INFO_QUERY: &str = r#"SELECT t.typname::text, n.nspname::text, t.typtype, t.typcategory,
       t.typelem, t.typbasetype, r.rngsubtype, mr.rngtypid,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum),
       ARRAY(SELECT a.atttypid FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
LEFT JOIN pg_catalog.pg_range mr ON mr.rngmultitypid = t.oid
WHERE t.oid = $1"#;

/// [`TYPE_INFO_QUERY`] for servers before PostgreSQL 14, which have no multiranges (and no
/// `pg_range.rngmultitypid`); same columns.
pub const TYPE_INFO_QUERY_PRE_14: &str = r#"SELECT t.typname::text, n.nspname::text, t.typtype, t.typcategory,
       t.typelem, t.typbasetype, r.rngsubtype, NULL::oid,
       ARRAY(SELECT e.enumlabel::text FROM pg_catalog.pg_enum e
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder),
       ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum),
       ARRAY(SELECT a.atttypid FROM pg_catalog.pg_attribute a
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum)
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_range r ON r.rngtypid = t.oid
WHERE t.oid = $1"#;

/// The query for a server of this `server_version_num` (e.g. 150004).
pub fn type_info_query(server_version_num: u32) -> &'static str {
    if server_version_num >= 140_000 {
        TYPE_INFO_QUERY
    } else {
        TYPE_INFO_QUERY_PRE_14
    }
}

/// The most rows one [`TypeResolver`] fetches: bounds what a hostile catalog can make it do.
pub const MAX_TYPE_LOOKUPS: usize = 256;

/// One row of [`TYPE_INFO_QUERY`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeInfo {
    /// `pg_type.typname`.
    pub name: String,
    /// The schema's name.
    pub schema: String,
    /// `typtype`: `b` base, `c` composite, `d` domain, `e` enum, `p` pseudo, `r` range,
    /// `m` multirange.
    pub typtype: u8,
    /// `typcategory`, e.g. `A` for arrays, `S` for strings.
    pub category: u8,
    /// `typelem`: the element type of an array (0 otherwise).
    pub element: u32,
    /// `typbasetype`: a domain's base type (0 otherwise).
    pub base: u32,
    /// A range's subtype.
    pub range_subtype: Option<u32>,
    /// A multirange's range type.
    pub multirange_range: Option<u32>,
    /// An enum's labels in sort order.
    pub enum_labels: Vec<String>,
    /// A composite's attributes: names and type OIDs, in order.
    pub attributes: Vec<(String, u32)>,
}

/// Why a catalog row could not become a [`Type`].
#[derive(Debug)]
#[non_exhaustive]
pub enum CatalogError {
    /// The row does not have the query's 11 columns.
    Columns {
        /// The number of columns received.
        got: usize,
    },
    /// A column is NULL or cannot be decoded.
    Column {
        /// The column's index.
        index: usize,
        /// Why.
        cause: BoxError,
    },
    /// The composite's name and type arrays differ in length.
    Attributes,
    /// `typtype` is none PostgreSQL defines.
    UnknownTypType {
        /// The OID being built.
        oid: u32,
        /// The `typtype` byte.
        typtype: u8,
    },
    /// A type this one depends on was not resolved.
    Unresolved {
        /// The missing OID.
        oid: u32,
    },
    /// No type has this OID (the query returned no row).
    NotFound {
        /// The OID asked for.
        oid: u32,
    },
    /// The types depend on each other in a cycle.
    Cycle {
        /// An OID on the cycle.
        oid: u32,
    },
    /// More than [`MAX_TYPE_LOOKUPS`] rows were needed.
    TooManyLookups,
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::Columns { got } => {
                write!(f, "type info row has {got} columns, expected 11")
            }
            CatalogError::Column { index, cause } => {
                write!(f, "type info column {index} is invalid: {cause}")
            }
            CatalogError::Attributes => {
                f.write_str("composite attribute names and types differ in count")
            }
            CatalogError::UnknownTypType { oid, typtype } => {
                write!(
                    f,
                    "type {oid} has unknown typtype {:?}",
                    char::from(*typtype)
                )
            }
            CatalogError::Unresolved { oid } => write!(f, "type {oid} was not resolved"),
            CatalogError::NotFound { oid } => write!(f, "no type has OID {oid}"),
            CatalogError::Cycle { oid } => write!(f, "type {oid} depends on itself"),
            CatalogError::TooManyLookups => {
                write!(
                    f,
                    "resolving a type needed more than {MAX_TYPE_LOOKUPS} lookups"
                )
            }
        }
    }
}

impl std::error::Error for CatalogError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CatalogError::Column { cause, .. } => Some(&**cause),
            _ => None,
        }
    }
}

fn column<'a, T: FromSql<'a>>(
    columns: &[Option<&'a [u8]>],
    index: usize,
    ty: &Type,
) -> Result<T, CatalogError> {
    T::from_sql_nullable(ty, columns[index]).map_err(|cause| CatalogError::Column { index, cause })
}

fn nonzero(oid: u32) -> Option<u32> {
    (oid != 0).then_some(oid)
}

impl TypeInfo {
    /// Decodes a row of [`TYPE_INFO_QUERY`] from its 11 binary column values (`None` for
    /// NULL), as a DataRow carries them.
    pub fn from_columns(columns: &[Option<&[u8]>]) -> Result<TypeInfo, CatalogError> {
        if columns.len() != 11 {
            return Err(CatalogError::Columns { got: columns.len() });
        }
        let names: Vec<String> = column(columns, 9, &Type::TEXT_ARRAY)?;
        let types: Vec<u32> = column(columns, 10, &Type::OID_ARRAY)?;
        if names.len() != types.len() {
            return Err(CatalogError::Attributes);
        }
        Ok(TypeInfo {
            name: column(columns, 0, &Type::TEXT)?,
            schema: column(columns, 1, &Type::TEXT)?,
            typtype: column::<i8>(columns, 2, &Type::CHAR)? as u8,
            category: column::<i8>(columns, 3, &Type::CHAR)? as u8,
            element: column(columns, 4, &Type::OID)?,
            base: column(columns, 5, &Type::OID)?,
            range_subtype: column(columns, 6, &Type::OID)?,
            multirange_range: column(columns, 7, &Type::OID)?,
            enum_labels: column(columns, 8, &Type::TEXT_ARRAY)?,
            attributes: names.into_iter().zip(types).collect(),
        })
    }

    /// Whether this row describes an array type: an element type and category `A`, or the
    /// pseudo-type `_record`. (`name` and `point` have an element type but are no arrays.)
    fn is_array(&self) -> bool {
        self.element != 0 && (self.category == b'A' || self.typtype == b'p')
    }

    /// The OIDs this type is built from: they must be resolved first.
    pub fn dependencies(&self) -> Vec<u32> {
        let mut out = Vec::new();
        match self.typtype {
            b'b' | b'p' if self.is_array() => out.push(self.element),
            b'd' => out.extend(nonzero(self.base)),
            b'r' => out.extend(self.range_subtype.and_then(nonzero)),
            b'm' => out.extend(self.multirange_range.and_then(nonzero)),
            b'c' => out.extend(self.attributes.iter().map(|a| a.1)),
            _ => {}
        }
        out
    }

    /// Builds the type with OID `oid` from this row; `resolve` gives each dependency (a
    /// built-in or an already-built type).
    pub fn build(
        &self,
        oid: u32,
        mut resolve: impl FnMut(u32) -> Option<Type>,
    ) -> Result<Type, CatalogError> {
        let mut get = |dep: u32| resolve(dep).ok_or(CatalogError::Unresolved { oid: dep });
        let kind = match self.typtype {
            b'b' if self.is_array() => Kind::Array(get(self.element)?),
            b'p' if self.is_array() => Kind::Array(get(self.element)?),
            b'b' => Kind::Simple,
            b'p' => Kind::Pseudo,
            b'e' => Kind::Enum(self.enum_labels.clone()),
            b'd' => Kind::Domain(get(self.base)?),
            b'r' => Kind::Range(get(self.range_subtype.unwrap_or(0))?),
            b'm' => Kind::Multirange(get(self.multirange_range.unwrap_or(0))?),
            b'c' => Kind::Composite(
                self.attributes
                    .iter()
                    .map(|(name, t)| Ok(Field::new(name.clone(), get(*t)?)))
                    .collect::<Result<_, CatalogError>>()?,
            ),
            typtype => return Err(CatalogError::UnknownTypType { oid, typtype }),
        };
        Ok(Type::from_catalog(
            oid,
            self.name.clone(),
            self.schema.clone(),
            self.category,
            kind,
        ))
    }
}

/// Resolves one OID and everything it depends on, sans-IO: it names the OIDs to look up, the
/// caller runs [`TYPE_INFO_QUERY`] for each and hands back the row.
///
/// ```
/// use pgline::types::catalog::{TypeInfo, TypeResolver};
/// use pgline::types::Type;
///
/// // A domain over int4, as the catalog would describe it.
/// let row = TypeInfo {
///     name: "posint".into(), schema: "public".into(), typtype: b'd', category: b'N',
///     element: 0, base: 23, range_subtype: None, multirange_range: None,
///     enum_labels: vec![], attributes: vec![],
/// };
/// let known = |oid| Type::from_oid(oid); // built-ins, plus the connection's cache
/// let mut r = TypeResolver::new(90600);
/// while let Some(oid) = r.next_lookup(&known).unwrap() {
///     assert_eq!(oid, 90600);
///     r.add(oid, Some(row.clone())); // the row of TYPE_INFO_QUERY for `oid`
/// }
/// let (ty, built) = r.finish(&known).unwrap();
/// assert_eq!(ty.base(), &Type::INT4);
/// assert_eq!(built.len(), 1); // every new type, to cache
/// ```
#[derive(Debug)]
pub struct TypeResolver {
    root: u32,
    rows: HashMap<u32, Option<TypeInfo>>,
    pending: Vec<u32>,
}

impl TypeResolver {
    /// Starts resolving `oid`.
    pub fn new(oid: u32) -> TypeResolver {
        TypeResolver {
            root: oid,
            rows: HashMap::new(),
            pending: vec![oid],
        }
    }

    /// The next OID to look up, or `None` when every needed row is in. `known` gives the types
    /// already available (built-ins and the connection's cache).
    pub fn next_lookup(
        &mut self,
        known: &impl Fn(u32) -> Option<Type>,
    ) -> Result<Option<u32>, CatalogError> {
        while let Some(oid) = self.pending.pop() {
            if self.rows.contains_key(&oid) || known(oid).is_some() {
                continue;
            }
            if self.rows.len() >= MAX_TYPE_LOOKUPS {
                return Err(CatalogError::TooManyLookups);
            }
            return Ok(Some(oid));
        }
        Ok(None)
    }

    /// Hands in the row for `oid` (`None` when the query returned no row).
    pub fn add(&mut self, oid: u32, row: Option<TypeInfo>) {
        if let Some(r) = &row {
            self.pending.extend(r.dependencies());
        }
        self.rows.insert(oid, row);
    }

    /// Builds the type, returning it and every type built on the way (to cache).
    pub fn finish(
        self,
        known: &impl Fn(u32) -> Option<Type>,
    ) -> Result<(Type, Vec<Type>), CatalogError> {
        let mut built: HashMap<u32, Type> = HashMap::new();
        let mut order = Vec::new();
        let root = self.build(self.root, known, &mut built, &mut order, 0)?;
        Ok((root, order))
    }

    fn build(
        &self,
        oid: u32,
        known: &impl Fn(u32) -> Option<Type>,
        built: &mut HashMap<u32, Type>,
        order: &mut Vec<Type>,
        depth: usize,
    ) -> Result<Type, CatalogError> {
        if let Some(t) = known(oid).or_else(|| built.get(&oid).cloned()) {
            return Ok(t);
        }
        // Any chain longer than the number of rows revisits an OID: a cycle.
        if depth > self.rows.len() {
            return Err(CatalogError::Cycle { oid });
        }
        let row = match self.rows.get(&oid) {
            Some(Some(row)) => row,
            Some(None) => return Err(CatalogError::NotFound { oid }),
            None => return Err(CatalogError::Unresolved { oid }),
        };
        let mut deps = HashMap::new();
        for dep in row.dependencies() {
            let t = self.build(dep, known, built, order, depth + 1)?;
            deps.insert(dep, t);
        }
        let ty = row.build(oid, |d| deps.get(&d).cloned())?;
        built.insert(oid, ty.clone());
        order.push(ty.clone());
        Ok(ty)
    }
}

#[cfg(test)]
mod tests;
