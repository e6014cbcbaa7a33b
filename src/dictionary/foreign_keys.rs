//! `foreign_keys(table)`: a table's foreign keys from `pg_constraint`, columns in key order.

use super::{Dictionary, TableName};
use crate::Error;

/// A foreign key of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    /// The constraint's name.
    pub name: String,
    /// The referencing columns, in key order.
    pub columns: Vec<String>,
    /// The referenced table.
    pub referenced_table: TableName,
    /// The referenced columns, pairing with [`columns`](ForeignKey::columns).
    pub referenced_columns: Vec<String>,
    /// What deleting a referenced row does.
    pub on_delete: ForeignKeyAction,
    /// What updating a referenced key does.
    pub on_update: ForeignKeyAction,
    /// How a partly NULL multi-column key matches.
    pub match_type: MatchType,
    /// Whether the check may be deferred (`DEFERRABLE`).
    pub deferrable: bool,
    /// Whether the check waits for the commit by default (`INITIALLY DEFERRED`).
    pub initially_deferred: bool,
    /// Whether existing rows are known to satisfy it (false after `NOT VALID`, until
    /// `VALIDATE CONSTRAINT`).
    pub validated: bool,
    /// The constraint as `pg_get_constraintdef` prints it: `FOREIGN KEY (a) REFERENCES t(id)`.
    pub definition: String,
}

/// `ON DELETE` / `ON UPDATE` of a foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ForeignKeyAction {
    /// `NO ACTION` (the default): fail if referencing rows remain, checked at the end of the
    /// statement (or at commit when deferred).
    NoAction,
    /// `RESTRICT`: fail at once, even when deferred.
    Restrict,
    /// `CASCADE`: delete or update the referencing rows too.
    Cascade,
    /// `SET NULL`: set the referencing columns to NULL.
    SetNull,
    /// `SET DEFAULT`: set the referencing columns to their defaults.
    SetDefault,
}

impl ForeignKeyAction {
    /// From `pg_constraint.confdeltype` / `confupdtype`.
    fn from_code(code: &str) -> Option<ForeignKeyAction> {
        Some(match code {
            "a" => ForeignKeyAction::NoAction,
            "r" => ForeignKeyAction::Restrict,
            "c" => ForeignKeyAction::Cascade,
            "n" => ForeignKeyAction::SetNull,
            "d" => ForeignKeyAction::SetDefault,
            _ => return None,
        })
    }
}

/// `MATCH` of a multi-column foreign key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchType {
    /// `MATCH SIMPLE` (the default): a key with any NULL column is not checked.
    Simple,
    /// `MATCH FULL`: a key is all NULL or all set.
    Full,
    /// `MATCH PARTIAL` (not implemented by PostgreSQL, listed for completeness).
    Partial,
}

impl MatchType {
    /// From `pg_constraint.confmatchtype`.
    fn from_code(code: &str) -> Option<MatchType> {
        Some(match code {
            "s" => MatchType::Simple,
            "f" => MatchType::Full,
            "p" => MatchType::Partial,
            _ => return None,
        })
    }
}

// A foreign key towards a partitioned table is stored once plus once per partition of it, the
// copies having a parent constraint on the same table: only the original is listed. A
// partition's copy of its parent's foreign key (parent on another table) is its own and stays.
const QUERY: &str = "SELECT k.conname::text, \
       ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY AS x(attnum, n) \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.attnum \
             ORDER BY x.n), \
       rn.nspname::text, r.relname::text, \
       ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY AS x(attnum, n) \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = x.attnum \
             ORDER BY x.n), \
       k.confdeltype::text, k.confupdtype::text, k.confmatchtype::text, \
       k.condeferrable, k.condeferred, k.convalidated, \
       pg_catalog.pg_get_constraintdef(k.oid, true) \
     FROM pg_catalog.pg_constraint k \
     JOIN pg_catalog.pg_class r ON r.oid = k.confrelid \
     JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace \
     WHERE k.conrelid = $1 AND k.contype = 'f' \
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint p \
                       WHERE p.oid = k.conparentid AND p.conrelid = k.conrelid) \
     ORDER BY k.conname";

impl Dictionary<'_> {
    /// The foreign keys of `table` (those it declares, not those pointing at it), sorted by
    /// name; [`ErrorKind::NotFound`](crate::ErrorKind::NotFound) when there is no such table.
    pub async fn foreign_keys(
        &self,
        table: impl Into<TableName>,
    ) -> Result<Vec<ForeignKey>, Error> {
        let oid = self.relation(&table.into()).await?;
        let rows = self.client.query(QUERY, &[&oid]).await?;
        rows.iter()
            .map(|row| {
                let code = |i: usize| -> Result<String, Error> { row.try_get(i) };
                let action = |i: usize| {
                    let c = code(i)?;
                    ForeignKeyAction::from_code(&c).ok_or_else(|| {
                        Error::conversion(
                            format!("column {i} of pg_constraint"),
                            format!("unknown foreign key action {c:?}").into(),
                        )
                    })
                };
                let matching = code(7)?;
                Ok(ForeignKey {
                    name: row.try_get(0)?,
                    columns: row.try_get(1)?,
                    referenced_table: TableName::new(
                        row.try_get::<_, String>(2)?,
                        row.try_get::<_, String>(3)?,
                    ),
                    referenced_columns: row.try_get(4)?,
                    on_delete: action(5)?,
                    on_update: action(6)?,
                    match_type: MatchType::from_code(&matching).ok_or_else(|| {
                        Error::conversion(
                            "confmatchtype",
                            format!("unknown foreign key match type {matching:?}").into(),
                        )
                    })?,
                    deferrable: row.try_get(8)?,
                    initially_deferred: row.try_get(9)?,
                    validated: row.try_get(10)?,
                    definition: row.try_get(11)?,
                })
            })
            .collect()
    }
}
