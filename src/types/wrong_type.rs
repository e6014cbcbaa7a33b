//! The error for a Rust type that does not convert to or from a column's PostgreSQL type, with
//! a hint where pgline has a type (or a feature) that does.

use std::error::Error as StdError;
use std::fmt;

use super::primitives::oid;
use super::rust_name::rust_name;
use super::{Kind, Type};

/// A column or parameter's PostgreSQL type does not match the Rust type.
///
/// Its message names the Rust type as it is written (`Option<String>`, not
/// `core::option::Option<alloc::string::String>`) and, for date/time, numeric and json types,
/// which Rust types do convert and which Cargo feature adds more:
///
/// ```
/// use pgline::types::{Type, WrongType};
/// let e = WrongType::new::<i64>(Type::TIMESTAMPTZ);
/// assert!(e.to_string().contains("`chrono` or `time` feature"));
/// ```
#[derive(Debug)]
pub struct WrongType {
    postgres: Type,
    rust: String,
}

impl WrongType {
    /// Creates the error for Rust type `T` against PostgreSQL type `ty`.
    pub fn new<T: ?Sized>(ty: Type) -> WrongType {
        WrongType {
            postgres: ty,
            rust: rust_name::<T>(),
        }
    }

    /// The PostgreSQL type.
    pub fn postgres_type(&self) -> &Type {
        &self.postgres
    }

    /// The Rust type's name, without module paths (`Vec<String>`).
    pub fn rust_type(&self) -> &str {
        &self.rust
    }
}

impl fmt::Display for WrongType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot convert between the Rust type `{}` and the PostgreSQL type `{}`",
            self.rust, self.postgres
        )?;
        if let Some(hint) = hint(&self.postgres) {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl StdError for WrongType {}

/// What converts to `ty` when it is one of the types users most often decode into the wrong
/// Rust type, naming the feature that adds conversions (whether or not it is on, since a Rust
/// type the feature covers could also be the wrong one). Domains are seen through; an array
/// gets its element type's hint.
fn hint(ty: &Type) -> Option<String> {
    const DATE_TIME: &str = "`chrono` or `time`";
    const DECIMAL: &str = "`rust_decimal` or `bigdecimal`";
    let ty = ty.base();
    if let Kind::Array(element) = ty.kind() {
        return hint(element).map(|h| format!("for the elements, {h}; an array decodes as a Vec"));
    }
    // pgline's own type, and the feature that adds conversions with the types it adds.
    let (own, feature): (&str, Option<(&str, &str)>) = match ty.oid() {
        oid::DATE => (
            "Date",
            Some((DATE_TIME, "`chrono::NaiveDate` or `time::Date`")),
        ),
        oid::TIME => (
            "Time",
            Some((DATE_TIME, "`chrono::NaiveTime` or `time::Time`")),
        ),
        oid::TIMESTAMP => (
            "Timestamp",
            Some((
                DATE_TIME,
                "`chrono::NaiveDateTime` or `time::PrimitiveDateTime`",
            )),
        ),
        oid::TIMESTAMPTZ => (
            "TimestampTz",
            Some((
                DATE_TIME,
                "`chrono::DateTime<Utc>` or `time::OffsetDateTime`",
            )),
        ),
        oid::TIMETZ => ("TimeTz", None),
        oid::INTERVAL => ("Interval", None),
        oid::NUMERIC => (
            "Numeric",
            Some((
                DECIMAL,
                "`rust_decimal::Decimal` or `bigdecimal::BigDecimal`",
            )),
        ),
        oid::JSON | oid::JSONB => {
            return Some(format!(
                "`{}` converts as `serde_json::Value`, `pgline::types::Json<T>` for a serde \
                 type, `String` or `&str`",
                ty.name()
            ));
        }
        _ => return None,
    };
    let mut hint = format!("`{}` converts as `pgline::types::{own}`", ty.name());
    if let Some((features, types)) = feature {
        hint.push_str(&format!(
            ", and with pgline's {features} feature as {types}"
        ));
    }
    Some(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_type_hints_the_features_for_date_time_and_numeric() {
        let e = WrongType::new::<i64>(Type::TIMESTAMPTZ).to_string();
        let expected = "cannot convert between the Rust type `i64` and the PostgreSQL type \
                        `timestamptz` (hint: `timestamptz` converts as ";
        assert!(e.starts_with(expected), "{e}");
        assert!(e.contains("`pgline::types::TimestampTz`"), "{e}");
        assert!(e.contains("`chrono` or `time` feature"), "{e}");
        assert!(e.contains("`chrono::DateTime<Utc>`"), "{e}");

        let e = WrongType::new::<f64>(Type::NUMERIC).to_string();
        assert!(e.contains("`rust_decimal` or `bigdecimal` feature"), "{e}");
        assert!(e.contains("`pgline::types::Numeric`"), "{e}");

        for ty in [Type::DATE, Type::TIME, Type::TIMESTAMP] {
            let e = WrongType::new::<String>(ty).to_string();
            assert!(e.contains("`chrono` or `time` feature"), "{e}");
        }
    }

    #[test]
    fn wrong_type_hints_own_types_where_no_feature_adds_one() {
        let e = WrongType::new::<i64>(Type::INTERVAL).to_string();
        assert!(
            e.contains("`pgline::types::Interval`") && !e.contains("feature"),
            "{e}"
        );
        let e = WrongType::new::<i32>(Type::JSONB).to_string();
        assert!(
            e.contains("serde_json::Value") && !e.contains("feature"),
            "{e}"
        );
    }

    #[test]
    fn wrong_type_hints_an_arrays_element_type() {
        let e = WrongType::new::<Vec<i64>>(Type::TIMESTAMPTZ_ARRAY).to_string();
        assert!(e.contains("`Vec<i64>`"), "{e}");
        assert!(
            e.contains("for the elements") && e.contains("`chrono` or `time` feature"),
            "{e}"
        );
    }

    #[test]
    fn wrong_type_has_no_hint_for_other_types() {
        let e = WrongType::new::<i32>(Type::TEXT).to_string();
        assert_eq!(
            e,
            "cannot convert between the Rust type `i32` and the PostgreSQL type `text`"
        );
    }

    #[test]
    fn wrong_type_names_the_rust_type_without_module_paths() {
        let e = WrongType::new::<Option<String>>(Type::INT4);
        assert_eq!(e.rust_type(), "Option<String>");
    }
}
