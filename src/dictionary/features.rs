//! Feature flags and the best column type for a category, derived from the server's version and
//! its installed extensions. Pure: the [`Dictionary`](super::Dictionary) fetches both inputs.

use super::version::ServerVersion;

/// An installed extension (a row of `pg_extension`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// `extname`, e.g. `vector`.
    pub name: String,
    /// `extversion`, e.g. `0.8.0`.
    pub version: String,
    /// The schema holding its objects.
    pub schema: String,
}

/// Something a server may or may not support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Feature {
    /// The `jsonb` type (9.4).
    Jsonb,
    /// `INSERT ... ON CONFLICT` (9.5).
    Upsert,
    /// `GENERATED ALWAYS AS (...) STORED` columns (12).
    GeneratedColumns,
    /// Virtual generated columns, computed on read (18).
    VirtualGeneratedColumns,
    /// The `MERGE` statement (15).
    Merge,
    /// `UNIQUE NULLS NOT DISTINCT` (15).
    NullsNotDistinct,
    /// pgvector: the `vector` extension is installed.
    PgVector,
    /// PostGIS: the `postgis` extension is installed.
    PostGis,
    /// ParadeDB's BM25 search: the `pg_search` extension is installed.
    PgSearch,
}

/// What the server supports: its version and installed extensions.
///
/// ```
/// use pgline::dictionary::{Feature, Features, ServerVersion, TypeCategory};
///
/// let version = ServerVersion::parse("150018", "15.18", "PostgreSQL 15.18").unwrap();
/// let features = Features::new(version, Vec::new());
/// assert!(features.supports(Feature::Merge));
/// assert!(!features.supports(Feature::PgVector));
/// assert_eq!(features.best_type(TypeCategory::Vector { dimensions: Some(3) }), "real[]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features {
    /// The server's version.
    pub version: ServerVersion,
    /// Its installed extensions, sorted by name.
    pub extensions: Vec<Extension>,
}

impl Features {
    /// Features of a server with this version and these extensions.
    pub fn new(version: ServerVersion, mut extensions: Vec<Extension>) -> Features {
        extensions.sort_by(|a, b| a.name.cmp(&b.name));
        Features {
            version,
            extensions,
        }
    }

    /// The installed extension called `name`.
    pub fn extension(&self, name: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| e.name == name)
    }

    /// Whether the server supports `feature`.
    pub fn supports(&self, feature: Feature) -> bool {
        let v = &self.version;
        match feature {
            Feature::Jsonb => v.at_least(9, 4),
            Feature::Upsert => v.at_least(9, 5),
            Feature::GeneratedColumns => v.at_least(12, 0),
            Feature::VirtualGeneratedColumns => v.at_least(18, 0),
            Feature::Merge | Feature::NullsNotDistinct => v.at_least(15, 0),
            Feature::PgVector => self.extension("vector").is_some(),
            Feature::PostGis => self.extension("postgis").is_some(),
            Feature::PgSearch => self.extension("pg_search").is_some(),
        }
    }

    /// The column type to use for values of `category` on this server.
    ///
    /// | category | type | without the feature |
    /// | --- | --- | --- |
    /// | `Json` | `jsonb` | `json` (before 9.4) |
    /// | `Uuid` | `uuid` | |
    /// | `DateTime` | `timestamptz` | |
    /// | `Text` | `text` | |
    /// | `Boolean` | `boolean` | |
    /// | `Binary` | `bytea` | |
    /// | `Vector { dimensions }` | `vector(n)` (`vector` without dimensions) | `real[]`: pgvector stores `real` elements, so an array loses nothing but the operators |
    pub fn best_type(&self, category: TypeCategory) -> String {
        match category {
            TypeCategory::Json if self.supports(Feature::Jsonb) => "jsonb".into(),
            TypeCategory::Json => "json".into(),
            TypeCategory::Uuid => "uuid".into(),
            TypeCategory::DateTime => "timestamptz".into(),
            TypeCategory::Text => "text".into(),
            TypeCategory::Boolean => "boolean".into(),
            TypeCategory::Binary => "bytea".into(),
            TypeCategory::Vector { dimensions } if self.supports(Feature::PgVector) => {
                match dimensions {
                    Some(n) => format!("vector({n})"),
                    None => "vector".into(),
                }
            }
            TypeCategory::Vector { .. } => "real[]".into(),
        }
    }
}

/// A kind of value, for [`Features::best_type`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TypeCategory {
    /// JSON documents.
    Json,
    /// UUIDs.
    Uuid,
    /// Points in time (with a time zone).
    DateTime,
    /// Text of any length.
    Text,
    /// True or false.
    Boolean,
    /// Raw bytes.
    Binary,
    /// Embeddings: arrays of floats, of a fixed length when `dimensions` is given.
    Vector {
        /// The number of elements, when fixed.
        dimensions: Option<u32>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(num: &str, extensions: &[&str]) -> Features {
        let version = ServerVersion::parse(num, "", "").unwrap();
        let extensions = extensions
            .iter()
            .map(|name| Extension {
                name: (*name).to_owned(),
                version: "1".into(),
                schema: "public".into(),
            })
            .collect();
        Features::new(version, extensions)
    }

    #[test]
    fn version_features_switch_on_at_their_release() {
        let cases = [
            (Feature::Jsonb, "90324", "90400"),
            (Feature::Upsert, "90424", "90500"),
            (Feature::GeneratedColumns, "110022", "120000"),
            (Feature::Merge, "140015", "150000"),
            (Feature::NullsNotDistinct, "140015", "150000"),
            (Feature::VirtualGeneratedColumns, "170006", "180000"),
        ];
        for (feature, before, from) in cases {
            assert!(!features(before, &[]).supports(feature), "{feature:?}");
            assert!(features(from, &[]).supports(feature), "{feature:?}");
        }
    }

    #[test]
    fn extension_features_follow_pg_extension() {
        let none = features("180004", &["plpgsql"]);
        let all = features("180004", &["pg_search", "postgis", "vector"]);
        for feature in [Feature::PgVector, Feature::PostGis, Feature::PgSearch] {
            assert!(!none.supports(feature), "{feature:?}");
            assert!(all.supports(feature), "{feature:?}");
        }
    }

    #[test]
    fn best_types_use_what_the_server_has() {
        let old = features("90300", &[]);
        let plain = features("150018", &[]);
        let vector = features("180006", &["vector"]);
        assert_eq!(old.best_type(TypeCategory::Json), "json");
        assert_eq!(plain.best_type(TypeCategory::Json), "jsonb");
        assert_eq!(plain.best_type(TypeCategory::Uuid), "uuid");
        assert_eq!(plain.best_type(TypeCategory::DateTime), "timestamptz");
        let dims = TypeCategory::Vector {
            dimensions: Some(1536),
        };
        assert_eq!(plain.best_type(dims), "real[]");
        assert_eq!(vector.best_type(dims), "vector(1536)");
        assert_eq!(
            vector.best_type(TypeCategory::Vector { dimensions: None }),
            "vector"
        );
    }
}
