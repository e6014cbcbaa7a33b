//! Rows into Rust values: [`FromRow`], implemented for [`Row`] itself and for tuples, and
//! derived for structs by `#[derive(FromRow)]` (the `pgline-derive` crate).

use super::Row;
use crate::error::Error;
use crate::types::FromSql;

/// A value built from one row of a query result.
///
/// Tuples read the row's columns by position and need exactly as many columns as they have
/// elements; a struct deriving it reads its fields by column name.
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
