//! The columns a COPY into a table writes: their names and types as the catalog has them, and
//! the `COPY ... FROM STDIN (FORMAT binary)` statement for them.

use super::Client;
use crate::error::Error;
use crate::types::Type;

/// The table's columns that COPY can write, in table order: dropped and generated columns are
/// left out. `$1::regclass` reads the name as SQL does (schema-qualified, quoted or not).
const TABLE_COLUMNS: &str = "SELECT a.attname::text, a.atttypid \
     FROM pg_catalog.pg_attribute a \
     WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped \
     AND a.attgenerated = '' ORDER BY a.attnum";

/// The columns of one binary COPY into a table.
#[derive(Clone, Debug)]
pub(crate) struct CopyTarget {
    pub(crate) types: Vec<Type>,
    /// `COPY <table> (<columns>) FROM STDIN (FORMAT binary)`.
    pub(crate) copy_sql: String,
}

/// `name` as a quoted SQL identifier.
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Client {
    /// Looks up `table`'s columns: the ones named (in that order), or all that COPY can
    /// write when `columns` is empty. A name the table lacks is an error before anything runs.
    pub(crate) async fn copy_target(
        &self,
        table: &str,
        columns: &[&str],
    ) -> Result<CopyTarget, Error> {
        let rows = self.query(TABLE_COLUMNS, &[&table]).await?;
        let mut all = Vec::with_capacity(rows.len());
        for row in &rows {
            let name: String = row.try_get(0)?;
            let oid: u32 = row.try_get(1)?;
            all.push((name, oid));
        }
        let chosen: Vec<&(String, u32)> = if columns.is_empty() {
            all.iter().collect()
        } else {
            columns
                .iter()
                .map(|want| {
                    all.iter().find(|(name, _)| name == want).ok_or_else(|| {
                        Error::usage(format!("table {table} has no column \"{want}\""))
                    })
                })
                .collect::<Result<_, _>>()?
        };
        let mut types = Vec::with_capacity(chosen.len());
        for (_, oid) in &chosen {
            types.push(self.resolve_type(*oid).await?);
        }
        let list: Vec<String> = chosen.iter().map(|(n, _)| quote_ident(n)).collect();
        // A table without columns takes no column list (`()` is a syntax error).
        let copy_sql = match list.is_empty() {
            true => format!("COPY {table} FROM STDIN (FORMAT binary)"),
            false => format!(
                "COPY {table} ({}) FROM STDIN (FORMAT binary)",
                list.join(", ")
            ),
        };
        Ok(CopyTarget { types, copy_sql })
    }
}
