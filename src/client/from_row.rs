//! Rows into Rust values: [`FromRow`], implemented for [`Row`] itself and for tuples, and
//! derived for structs by `#[derive(FromRow)]` (the `pgline-derive` crate, whose generated code
//! calls the hidden helpers at the bottom).

use super::Row;
use super::row::RowIndex;
use crate::error::Error;
use crate::types::FromSql;

/// A value built from one row of a query result.
///
/// Tuples read the row's columns by position and need exactly as many columns as they have
/// elements. `#[derive(FromRow)]` (feature `derive`, on by default) reads a struct's fields by
/// column name: `#[pgline(rename = "column")]` reads another column, an `Option` field takes
/// NULL, `#[pgline(flatten)]` builds a field from the same row by its own `FromRow`, and
/// `#[pgline(default)]` gives `Default::default()` when the column is absent. A tuple struct
/// reads by position. Errors name the missing or mistyped column and the field.
///
/// ```no_run
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// #[derive(pgline::FromRow)]
/// struct Audit {
///     created_by: String,
/// }
///
/// #[derive(pgline::FromRow)]
/// struct User {
///     id: i32,
///     #[pgline(rename = "full_name")]
///     name: String,
///     email: Option<String>,
///     #[pgline(flatten)]
///     audit: Audit,
/// }
///
/// let row = client
///     .query_one("SELECT 1 AS id, 'Ada' AS full_name, NULL::text AS email, 'me' AS created_by", &[])
///     .await?;
/// let user = User::from_row(&row)?;
/// # use pgline::FromRow;
/// # Ok(()) }
/// ```
///
/// The derive takes structs with fields that own their data; an enum, a union or a lifetime
/// parameter is a compile error saying so:
///
/// ```compile_fail
/// #[derive(pgline::FromRow)]
/// enum Shape { Circle, Square }
/// ```
///
/// ```compile_fail
/// #[derive(pgline::FromRow)]
/// struct Borrowed<'a> { name: &'a str }
/// ```
///
/// ```no_run
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// use pgline::FromRow;
/// let row = client.query_one("SELECT 1::int4, 'x'::text", &[]).await?;
/// let (n, s) = <(i32, String)>::from_row(&row)?;
/// assert_eq!((n, s.as_str()), (1, "x"));
/// # Ok(()) }
/// ```
pub trait FromRow: Sized {
    /// Builds the value, or says which column is missing or of the wrong type.
    fn from_row(row: &Row) -> Result<Self, Error>;
}

impl FromRow for Row {
    fn from_row(row: &Row) -> Result<Row, Error> {
        Ok(row.clone())
    }
}

fn check_width(row: &Row, want: usize) -> Result<(), Error> {
    if row.len() == want {
        Ok(())
    } else {
        Err(Error::conversion(
            format!(
                "a tuple of {want} elements from a row of {} columns",
                row.len()
            ),
            "the row has a different number of columns than the tuple".into(),
        ))
    }
}

macro_rules! tuple_from_row {
    ($n:literal; $($t:ident $i:tt),+) => {
        impl<$($t),+> FromRow for ($($t,)+)
        where
            $($t: for<'a> FromSql<'a>,)+
        {
            fn from_row(row: &Row) -> Result<Self, Error> {
                check_width(row, $n)?;
                Ok(($(row.try_get::<usize, $t>($i)?,)+))
            }
        }
    };
}

tuple_from_row!(1; A 0);
tuple_from_row!(2; A 0, B 1);
tuple_from_row!(3; A 0, B 1, C 2);
tuple_from_row!(4; A 0, B 1, C 2, D 3);
tuple_from_row!(5; A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(6; A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(7; A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(8; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_from_row!(9; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_from_row!(10; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_from_row!(11; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple_from_row!(12; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);

/// Field `field` (`Type::field`) of a derived struct, from column `column`.
#[doc(hidden)]
pub fn column<T>(row: &Row, column: &str, field: &str) -> Result<T, Error>
where
    T: for<'a> FromSql<'a>,
{
    match column.index(row.columns()) {
        Some(i) => row.try_get_field(i, field),
        None => Err(missing(row, column, field)),
    }
}

/// As [`column`], with `T::default()` when the row has no such column.
#[doc(hidden)]
pub fn column_or_default<T>(row: &Row, column: &str, field: &str) -> Result<T, Error>
where
    T: for<'a> FromSql<'a> + Default,
{
    match column.index(row.columns()) {
        Some(i) => row.try_get_field(i, field),
        None => Ok(T::default()),
    }
}

/// Field `field` of a derived tuple struct, from column `index`.
#[doc(hidden)]
pub fn position<T>(row: &Row, index: usize, field: &str) -> Result<T, Error>
where
    T: for<'a> FromSql<'a>,
{
    row.try_get_field(index, field)
}

/// Checks a derived tuple struct's width against the row's.
#[doc(hidden)]
pub fn check_struct_width(row: &Row, want: usize, name: &str) -> Result<(), Error> {
    if row.len() == want {
        Ok(())
    } else {
        Err(Error::conversion(
            format!(
                "{name} reads {want} columns by position from a row of {} columns",
                row.len()
            ),
            "the row has a different number of columns than the struct".into(),
        ))
    }
}

fn missing(row: &Row, column: &str, field: &str) -> Error {
    let present: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
    Error::conversion(
        format!("no column {column:?} in the row for field {field} (the row has {present:?})"),
        "no such column".into(),
    )
}
