//! Named parameter values, from a map or a struct deriving [`ToParams`], put in
//! the `$n` order of a [`Converted`] statement.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use super::{Converted, SqlError};
use crate::types::{SqlParam, ToSql};

/// Values that lend named parameters: a `HashMap` or `BTreeMap` keyed by name (`&str` or
/// `String`), or a struct with `#[derive(pgline::ToParams)]`.
///
/// A map's values are any [`ToSql`] type, or `&(dyn SqlParam + Sync)` and
/// `Box<dyn SqlParam + Sync>` for values of mixed types.
///
/// ```
/// use std::collections::HashMap;
/// use pgline::sql::{ParamStyle, convert};
/// use pgline::types::SqlParam;
///
/// let c = convert("SELECT :id::int4, :name::text, :id::int4 + 1", ParamStyle::Named).unwrap();
/// let mut values: HashMap<&str, &(dyn SqlParam + Sync)> = HashMap::new();
/// values.insert("name", &"Ada");
/// values.insert("id", &7i32);
/// let params = c.bind(&values).unwrap();
/// assert_eq!(params.len(), 2); // `:id` twice is one `$1`
///
/// #[derive(pgline::ToParams)]
/// struct Lookup {
///     id: i32,
///     #[pgline(rename = "name")]
///     who: String,
/// }
/// let lookup = Lookup { id: 7, who: "Ada".into() };
/// assert_eq!(c.bind(&lookup).unwrap().len(), 2);
/// ```
pub trait ToParams {
    /// The value of parameter `name`, if this holds one.
    fn param(&self, name: &str) -> Option<&(dyn SqlParam + Sync)>;

    /// Calls `f` with every name this holds (to find names the statement does not use).
    fn for_each_name(&self, f: &mut dyn FnMut(&str));
}

/// A map value that lends a parameter: any [`ToSql`] value, or a borrowed or boxed
/// `dyn SqlParam` for maps of mixed types.
pub trait ParamValue {
    /// The parameter.
    fn as_param(&self) -> &(dyn SqlParam + Sync);
}

impl<T: ToSql> ParamValue for T {
    fn as_param(&self) -> &(dyn SqlParam + Sync) {
        self
    }
}

impl ParamValue for &(dyn SqlParam + Sync) {
    fn as_param(&self) -> &(dyn SqlParam + Sync) {
        *self
    }
}

impl ParamValue for Box<dyn SqlParam + Sync> {
    fn as_param(&self) -> &(dyn SqlParam + Sync) {
        &**self
    }
}

impl<K, V, S> ToParams for HashMap<K, V, S>
where
    K: std::borrow::Borrow<str> + std::hash::Hash + Eq,
    V: ParamValue,
    S: BuildHasher,
{
    fn param(&self, name: &str) -> Option<&(dyn SqlParam + Sync)> {
        self.get(name).map(ParamValue::as_param)
    }

    fn for_each_name(&self, f: &mut dyn FnMut(&str)) {
        self.keys().for_each(|k| f(k.borrow()));
    }
}

impl<K, V> ToParams for BTreeMap<K, V>
where
    K: std::borrow::Borrow<str> + Ord,
    V: ParamValue,
{
    fn param(&self, name: &str) -> Option<&(dyn SqlParam + Sync)> {
        self.get(name).map(ParamValue::as_param)
    }

    fn for_each_name(&self, f: &mut dyn FnMut(&str)) {
        self.keys().for_each(|k| f(k.borrow()));
    }
}

impl<P: ToParams + ?Sized> ToParams for &P {
    fn param(&self, name: &str) -> Option<&(dyn SqlParam + Sync)> {
        (**self).param(name)
    }

    fn for_each_name(&self, f: &mut dyn FnMut(&str)) {
        (**self).for_each_name(f)
    }
}

impl Converted {
    /// The parameters of a named-style statement in `$n` order, ready for
    /// [`Client::query`](crate::Client::query). Every name the statement uses must have a
    /// value, and every supplied name must be used: otherwise
    /// [`SqlError::MissingParameter`] or [`SqlError::ExtraParameter`], before anything is
    /// sent. A name used twice is one parameter. A statement in a positional style takes no
    /// names ([`SqlError::ParameterCount`] if it has placeholders).
    pub fn bind<'p, P: ToParams + ?Sized>(
        &self,
        params: &'p P,
    ) -> Result<Vec<&'p (dyn SqlParam + Sync)>, SqlError> {
        if self.names.len() != self.count {
            return Err(SqlError::ParameterCount {
                expected: self.count,
                supplied: 0,
            });
        }
        let mut extra = None;
        params.for_each_name(&mut |name| {
            if extra.is_none() && !self.names.iter().any(|used| used == name) {
                extra = Some(name.to_owned());
            }
        });
        if let Some(name) = extra {
            return Err(SqlError::ExtraParameter { name });
        }
        self.names
            .iter()
            .map(|name| {
                params
                    .param(name)
                    .ok_or_else(|| SqlError::MissingParameter {
                        name: name.to_owned(),
                    })
            })
            .collect()
    }
}

#[doc(hidden)]
pub fn __as_param<T: ToSql>(value: &T) -> &(dyn SqlParam + Sync) {
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::{ParamStyle, convert};

    fn debug(params: &[&(dyn SqlParam + Sync)]) -> String {
        format!("{params:?}")
    }

    #[test]
    fn bind_puts_map_values_in_placeholder_order_once_per_name() {
        let c = convert("SELECT :b, :a, :b", ParamStyle::Named).unwrap();
        let map: BTreeMap<&str, i32> = [("a", 1), ("b", 2)].into();
        assert_eq!(debug(&c.bind(&map).unwrap()), "[2, 1]");
        let map: HashMap<String, &str> = [("a".into(), "x"), ("b".into(), "y")].into();
        assert_eq!(debug(&c.bind(&map).unwrap()), "[\"y\", \"x\"]");
    }

    #[test]
    fn bind_reports_a_missing_or_unused_name() {
        let c = convert("SELECT %(a)s, %(b)s", ParamStyle::PyFormat).unwrap();
        let only_a: BTreeMap<&str, i32> = [("a", 1)].into();
        assert_eq!(
            c.bind(&only_a).unwrap_err(),
            SqlError::MissingParameter { name: "b".into() }
        );
        let too_many: BTreeMap<&str, i32> = [("a", 1), ("b", 2), ("c", 3)].into();
        assert_eq!(
            c.bind(&too_many).unwrap_err(),
            SqlError::ExtraParameter { name: "c".into() }
        );
    }

    #[test]
    fn bind_rejects_names_for_a_positional_statement_but_not_an_empty_one() {
        let empty: BTreeMap<&str, i32> = BTreeMap::new();
        let c = convert("SELECT ?, ?", ParamStyle::QMark).unwrap();
        assert_eq!(
            c.bind(&empty).unwrap_err(),
            SqlError::ParameterCount {
                expected: 2,
                supplied: 0
            }
        );
        let none = convert("SELECT 1", ParamStyle::Named).unwrap();
        assert!(none.bind(&empty).unwrap().is_empty());
    }
}
