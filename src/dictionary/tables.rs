//! `tables(schema)`: a schema's tables in foreign-key dependency order, cycles kept and
//! reported. The catalog gives the tables and their references in one query; the ordering is
//! [`dependency_order`], in Rust.

use super::order::dependency_order;
use super::{Dictionary, TableName};
use crate::Error;

/// A table of [`TableOrder`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Its schema and name.
    pub name: TableName,
    /// Whether it is a partitioned table (`PARTITION BY`); its partitions are not listed.
    pub partitioned: bool,
    /// The length of the longest chain of foreign keys from this table to a table that
    /// references nothing in the schema (depth 0). References inside the table's own cycle
    /// do not count.
    pub depth: usize,
    /// The tables its foreign keys point to, sorted, each once; itself when it references
    /// itself. Tables in other schemas are listed here but play no part in the order.
    pub references: Vec<TableName>,
    /// Whether the table is part of a cycle of foreign keys (a self-reference counts).
    pub in_cycle: bool,
}

impl From<&Table> for TableName {
    fn from(table: &Table) -> TableName {
        table.name.clone()
    }
}

/// A schema's tables, each after the tables it references (parents first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableOrder {
    /// Every table of the schema, sorted by [`Table::depth`], then by name. Loading rows in
    /// this order satisfies every foreign key except those inside a cycle; deleting in reverse
    /// order does the same for deletes.
    pub tables: Vec<Table>,
    /// Each set of tables whose foreign keys form a circle (sorted, as are the sets); a table
    /// referencing itself is a set of one. Rows of these tables need deferred constraints,
    /// nullable keys filled in later, or a disabled trigger to load.
    pub cycles: Vec<Vec<TableName>>,
}

// Ordinary and partitioned tables, not partitions: a partition takes its rows and its foreign
// keys from its parent. A foreign key on a partitioned table also appears on each partition
// and towards each partition of a partitioned referenced table (`conparentid` set); those
// point at partitions, which are not nodes, so they drop out.
const QUERY: &str = "SELECT c.relname::text, c.relkind = 'p', \
       ARRAY(SELECT pn.nspname::text FROM pg_catalog.pg_constraint k \
             JOIN pg_catalog.pg_class p ON p.oid = k.confrelid \
             JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace \
             WHERE k.conrelid = c.oid AND k.contype = 'f' \
             ORDER BY pn.nspname, p.relname), \
       ARRAY(SELECT p.relname::text FROM pg_catalog.pg_constraint k \
             JOIN pg_catalog.pg_class p ON p.oid = k.confrelid \
             JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace \
             WHERE k.conrelid = c.oid AND k.contype = 'f' \
             ORDER BY pn.nspname, p.relname) \
     FROM pg_catalog.pg_class c \
     JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition";

impl Dictionary<'_> {
    /// The tables of `schema` in foreign-key dependency order, parents first; see
    /// [`TableOrder`]. Every table is listed, those in a cycle too. An unknown schema gives
    /// no tables.
    ///
    /// Only references between tables of `schema` order it; partitions are left out (their
    /// partitioned parent stands for them), as are views and foreign tables.
    pub async fn tables(&self, schema: &str) -> Result<TableOrder, Error> {
        let rows = self.client.query(QUERY, &[&schema]).await?;
        let mut tables = Vec::with_capacity(rows.len());
        for row in &rows {
            let name: String = row.try_get(0)?;
            let partitioned: bool = row.try_get(1)?;
            let schemas: Vec<String> = row.try_get(2)?;
            let names: Vec<String> = row.try_get(3)?;
            let mut references: Vec<TableName> = schemas
                .into_iter()
                .zip(names)
                .map(|(s, n)| TableName::new(s, n))
                .collect();
            references.sort();
            references.dedup();
            tables.push((TableName::new(schema, name), partitioned, references));
        }
        Ok(order_tables(tables))
    }
}

/// Orders `(name, partitioned, references)` triples: the pure half of [`Dictionary::tables`].
fn order_tables(tables: Vec<(TableName, bool, Vec<TableName>)>) -> TableOrder {
    let nodes: Vec<TableName> = tables.iter().map(|(name, ..)| name.clone()).collect();
    let edges: Vec<(TableName, TableName)> = tables
        .iter()
        .flat_map(|(name, _, refs)| refs.iter().map(move |r| (name.clone(), r.clone())))
        .collect();
    let order = dependency_order(&nodes, &edges);
    let mut by_name: std::collections::BTreeMap<TableName, (bool, Vec<TableName>)> = tables
        .into_iter()
        .map(|(name, partitioned, refs)| (name, (partitioned, refs)))
        .collect();
    let cyclic: std::collections::BTreeSet<&TableName> = order.cycles.iter().flatten().collect();
    let tables = order
        .order
        .iter()
        .filter_map(|(name, depth)| {
            let (partitioned, references) = by_name.remove(name)?;
            Some(Table {
                in_cycle: cyclic.contains(name),
                name: name.clone(),
                partitioned,
                depth: *depth,
                references,
            })
        })
        .collect();
    TableOrder {
        tables,
        cycles: order.cycles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> TableName {
        TableName::new("s", name)
    }

    #[test]
    fn references_to_other_schemas_are_kept_but_do_not_order() {
        let order = order_tables(vec![
            (
                t("child"),
                false,
                vec![TableName::new("other", "x"), t("parent")],
            ),
            (t("parent"), true, vec![TableName::new("other", "y")]),
        ]);
        let names: Vec<(&str, usize, bool)> = order
            .tables
            .iter()
            .map(|t| (t.name.name.as_str(), t.depth, t.partitioned))
            .collect();
        assert_eq!(names, vec![("parent", 0, true), ("child", 1, false)]);
        assert_eq!(order.tables[1].references.len(), 2);
        assert!(order.cycles.is_empty());
    }

    #[test]
    fn tables_in_a_cycle_are_marked() {
        let order = order_tables(vec![
            (t("a"), false, vec![t("b")]),
            (t("b"), false, vec![t("a")]),
            (t("c"), false, vec![t("c")]),
            (t("d"), false, vec![]),
        ]);
        let marks: Vec<(&str, bool)> = order
            .tables
            .iter()
            .map(|t| (t.name.name.as_str(), t.in_cycle))
            .collect();
        assert_eq!(
            marks,
            vec![("a", true), ("b", true), ("c", true), ("d", false)]
        );
        assert_eq!(order.cycles, vec![vec![t("a"), t("b")], vec![t("c")]]);
    }
}
