//! The data dictionary: what a connected server is (version, features, best types) and what its
//! schemas hold (tables in foreign-key order, columns, indexes, foreign keys).
//!
//! Every query reads `pg_catalog` with bound parameters, never user text spliced into SQL, and
//! runs on PostgreSQL 15 and later (most on much older servers too). The dictionary owns no
//! connection and caches nothing: it borrows any [`Client`] (a pooled connection derefs to one).
//! See <https://www.postgresql.org/docs/current/catalogs.html>.
//!
//! ```no_run
//! # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
//! use pgline::dictionary::{DictionaryExt, Feature, TypeCategory};
//!
//! let dictionary = client.dictionary();
//! let features = dictionary.features().await?;
//! if features.supports(Feature::Merge) { /* ... */ }
//! let embedding = features.best_type(TypeCategory::Vector { dimensions: Some(384) });
//! for table in dictionary.tables("public").await?.tables {
//!     println!("{} at depth {}", table.name, table.depth);
//! }
//! # Ok(()) }
//! ```

mod columns;
mod features;
mod foreign_keys;
mod indexes;
mod order;
mod table_name;
mod tables;
mod version;

pub use columns::{Generated, Identity, TableColumn};
pub use features::{Extension, Feature, Features, TypeCategory};
pub use foreign_keys::{ForeignKey, ForeignKeyAction, MatchType};
pub use indexes::{Index, IndexKey};
pub use order::{DependencyOrder, dependency_order};
pub use table_name::TableName;
pub use tables::{Table, TableOrder};
pub use version::ServerVersion;

use crate::{Client, Error};

/// Reads the catalog through a borrowed [`Client`].
///
/// Built with [`Dictionary::new`] or [`DictionaryExt::dictionary`]. Each method is one or two
/// queries; nothing is cached, so a schema change is seen by the next call.
#[derive(Debug, Clone, Copy)]
pub struct Dictionary<'c> {
    client: &'c Client,
}

/// Adds [`dictionary`](DictionaryExt::dictionary) to [`Client`] (and, through `Deref`, to a
/// pooled connection).
pub trait DictionaryExt {
    /// The data dictionary of this connection's server.
    fn dictionary(&self) -> Dictionary<'_>;
}

impl DictionaryExt for Client {
    fn dictionary(&self) -> Dictionary<'_> {
        Dictionary::new(self)
    }
}

const VERSION_QUERY: &str = "SELECT current_setting('server_version_num'), \
     current_setting('server_version'), pg_catalog.version()";

// The version and the extensions in one round trip: three parallel arrays, sorted by name.
const FEATURES_QUERY: &str = "SELECT current_setting('server_version_num'), \
     current_setting('server_version'), pg_catalog.version(), \
     ARRAY(SELECT e.extname::text FROM pg_catalog.pg_extension e ORDER BY e.extname), \
     ARRAY(SELECT e.extversion FROM pg_catalog.pg_extension e ORDER BY e.extname), \
     ARRAY(SELECT n.nspname::text FROM pg_catalog.pg_extension e \
           JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace ORDER BY e.extname)";

const EXTENSIONS_QUERY: &str = "SELECT e.extname::text, e.extversion, n.nspname::text \
     FROM pg_catalog.pg_extension e \
     JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace \
     ORDER BY e.extname";

// A name starting with `pg_` is reserved for system schemas (CREATE SCHEMA refuses it), so this
// drops pg_catalog, pg_toast and every session's pg_temp_N / pg_toast_temp_N at once.
const SCHEMAS_QUERY: &str = "SELECT nspname::text FROM pg_catalog.pg_namespace \
     WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' \
     ORDER BY nspname";

impl<'c> Dictionary<'c> {
    /// The dictionary of `client`'s server.
    pub fn new(client: &'c Client) -> Dictionary<'c> {
        Dictionary { client }
    }

    /// The client the dictionary reads through.
    pub fn client(&self) -> &'c Client {
        self.client
    }

    /// The server's version, from `server_version_num`.
    pub async fn version(&self) -> Result<ServerVersion, Error> {
        let row = self.client.query_one(VERSION_QUERY, &[]).await?;
        version_from(&row)
    }

    /// The installed extensions (`pg_extension`), sorted by name.
    pub async fn extensions(&self) -> Result<Vec<Extension>, Error> {
        let rows = self.client.query(EXTENSIONS_QUERY, &[]).await?;
        rows.iter()
            .map(|row| {
                Ok(Extension {
                    name: row.try_get(0)?,
                    version: row.try_get(1)?,
                    schema: row.try_get(2)?,
                })
            })
            .collect()
    }

    /// The server's version and extensions, which answer [`Features::supports`] and
    /// [`Features::best_type`]. One query; keep the result rather than asking again.
    pub async fn features(&self) -> Result<Features, Error> {
        let row = self.client.query_one(FEATURES_QUERY, &[]).await?;
        let version = version_from(&row)?;
        let names: Vec<String> = row.try_get(3)?;
        let versions: Vec<String> = row.try_get(4)?;
        let schemas: Vec<String> = row.try_get(5)?;
        let extensions = names
            .into_iter()
            .zip(versions)
            .zip(schemas)
            .map(|((name, version), schema)| Extension {
                name,
                version,
                schema,
            })
            .collect();
        Ok(Features::new(version, extensions))
    }

    /// Whether the server supports `feature`; see [`Features::supports`]. Runs
    /// [`features`](Dictionary::features): for several questions, call it once instead.
    pub async fn supports(&self, feature: Feature) -> Result<bool, Error> {
        Ok(self.features().await?.supports(feature))
    }

    /// The column type to use for `category` on this server; see [`Features::best_type`].
    /// Runs [`features`](Dictionary::features) too.
    pub async fn best_type(&self, category: TypeCategory) -> Result<String, Error> {
        Ok(self.features().await?.best_type(category))
    }

    /// The user schemas, sorted by name: every schema but `information_schema` and those whose
    /// name starts with `pg_` (`pg_catalog`, `pg_toast`, and the temporary schemas
    /// `pg_temp_N` and `pg_toast_temp_N`), a prefix PostgreSQL reserves for itself.
    /// `public` is listed when it exists.
    pub async fn schemas(&self) -> Result<Vec<String>, Error> {
        let rows = self.client.query(SCHEMAS_QUERY, &[]).await?;
        rows.iter().map(|row| row.try_get(0)).collect()
    }

    /// The OID of a table, view, materialized view or foreign table; an error naming it when
    /// there is none.
    async fn relation(&self, table: &TableName) -> Result<u32, Error> {
        const QUERY: &str = "SELECT c.oid FROM pg_catalog.pg_class c \
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')";
        let row = self
            .client
            .query_opt(QUERY, &[&table.schema.as_str(), &table.name.as_str()])
            .await?;
        match row {
            Some(row) => row.try_get(0),
            None => Err(Error::not_found(format!("no table {table}"))),
        }
    }
}

/// The version from a row whose first three columns are `server_version_num`,
/// `server_version` and `version()`.
fn version_from(row: &crate::Row) -> Result<ServerVersion, Error> {
    let num: &str = row.try_get(0)?;
    ServerVersion::parse(num, row.try_get(1)?, row.try_get(2)?).ok_or_else(|| {
        Error::conversion(
            "server_version_num",
            format!("{num:?} is not a number").into(),
        )
    })
}
