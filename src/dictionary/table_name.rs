//! A table's schema-qualified name.

use std::fmt;

/// A schema and a relation name, as stored in the catalog (case kept, never quoted).
///
/// ```
/// use pgline::dictionary::TableName;
///
/// let name = TableName::new("Sales", "order \"lines\"");
/// assert_eq!(name.to_string(), "Sales.order \"lines\"");
/// assert_eq!(name.quoted(), r#""Sales"."order ""lines""""#);
/// let from_pair: TableName = ("public", "users").into();
/// assert_eq!(from_pair, TableName::new("public", "users"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableName {
    /// The schema (`pg_namespace.nspname`).
    pub schema: String,
    /// The relation (`pg_class.relname`).
    pub name: String,
}

impl TableName {
    /// `schema.name`, both exactly as the catalog stores them.
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> TableName {
        TableName {
            schema: schema.into(),
            name: name.into(),
        }
    }

    /// The name as SQL: both parts double-quoted, inner quotes doubled, safe to put in a
    /// statement's text.
    pub fn quoted(&self) -> String {
        format!("{}.{}", quote(&self.schema), quote(&self.name))
    }
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// `schema.name`, unquoted: for messages, not for SQL (use [`TableName::quoted`]).
impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

impl<S: Into<String>, N: Into<String>> From<(S, N)> for TableName {
    fn from((schema, name): (S, N)) -> TableName {
        TableName::new(schema, name)
    }
}

impl From<&TableName> for TableName {
    fn from(name: &TableName) -> TableName {
        name.clone()
    }
}
