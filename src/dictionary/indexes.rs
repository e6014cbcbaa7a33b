//! `indexes(table)`: a table's indexes from `pg_index`, expression keys and partial-index
//! predicates printed by the server (`pg_get_indexdef`, `pg_get_expr`).

use super::{Dictionary, TableName};
use crate::Error;

/// An index of a table or materialized view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    /// Its name (indexes live in their table's schema).
    pub name: String,
    /// Its key columns and expressions, in order.
    pub keys: Vec<IndexKey>,
    /// The non-key columns of `INCLUDE (...)`.
    pub include: Vec<String>,
    /// Whether it enforces uniqueness.
    pub unique: bool,
    /// Whether it is the table's primary key.
    pub primary: bool,
    /// Whether NULLs count as equal for uniqueness (`NULLS NOT DISTINCT`, PostgreSQL 15).
    pub nulls_not_distinct: bool,
    /// The access method: `btree`, `hash`, `gin`, `gist`, `brin`, `spgist`, or an extension's
    /// (`hnsw`, `ivfflat`, `bm25`).
    pub method: String,
    /// A partial index's `WHERE` condition, as the server prints it.
    pub predicate: Option<String>,
    /// The whole `CREATE INDEX` statement, as `pg_get_indexdef` prints it.
    pub definition: String,
}

/// A key of an [`Index`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IndexKey {
    /// A column, by name.
    Column(String),
    /// An expression, as the server prints it: `lower(email)`, `(a + b)`.
    Expression(String),
}

// indkey lists key columns then INCLUDE columns, 0 standing for an expression;
// pg_get_indexdef(index, n, true) prints the n-th one (1-based). Attribute names come from
// pg_attribute so that they are never quoted.
const QUERY: &str = "SELECT ic.relname::text, \
       ARRAY(SELECT COALESCE(a.attname::text, pg_catalog.pg_get_indexdef(i.indexrelid, k.n::int, true)) \
             FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) \
             LEFT JOIN pg_catalog.pg_attribute a \
               ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum <> 0 \
             ORDER BY k.n), \
       ARRAY(SELECT k.attnum = 0 FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n) \
             ORDER BY k.n), \
       i.indnkeyatts, i.indisunique, i.indisprimary, \
       COALESCE((pg_catalog.to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false), \
       am.amname::text, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true), \
       pg_catalog.pg_get_indexdef(i.indexrelid) \
     FROM pg_catalog.pg_index i \
     JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid \
     JOIN pg_catalog.pg_am am ON am.oid = ic.relam \
     WHERE i.indrelid = $1 \
     ORDER BY ic.relname";

impl Dictionary<'_> {
    /// The indexes of `table`, sorted by name;
    /// [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when there is no such table.
    ///
    /// A primary key or unique constraint is listed through the index that enforces it.
    pub async fn indexes(&self, table: impl Into<TableName>) -> Result<Vec<Index>, Error> {
        let oid = self.relation(&table.into()).await?;
        let rows = self.client.query(QUERY, &[&oid]).await?;
        rows.iter()
            .map(|row| {
                let names: Vec<String> = row.try_get(1)?;
                let expressions: Vec<bool> = row.try_get(2)?;
                let key_count: i16 = row.try_get(3)?;
                let mut keys: Vec<IndexKey> = names
                    .into_iter()
                    .zip(expressions)
                    .map(|(text, expression)| match expression {
                        true => IndexKey::Expression(text),
                        false => IndexKey::Column(text),
                    })
                    .collect();
                let include = keys
                    .split_off(usize::try_from(key_count).unwrap_or(0).min(keys.len()))
                    .into_iter()
                    .map(|key| match key {
                        IndexKey::Column(name) | IndexKey::Expression(name) => name,
                    })
                    .collect();
                Ok(Index {
                    name: row.try_get(0)?,
                    keys,
                    include,
                    unique: row.try_get(4)?,
                    primary: row.try_get(5)?,
                    nulls_not_distinct: row.try_get(6)?,
                    method: row.try_get(7)?,
                    predicate: row.try_get(8)?,
                    definition: row.try_get(9)?,
                })
            })
            .collect()
    }
}
