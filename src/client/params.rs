//! Helpers for the parameter iterator of [`Client::query_raw`](crate::Client::query_raw).
//!
//! `query_raw` takes any iterator of parameters, so a bare `&[]` leaves the parameter type
//! unknown (E0283, "type annotations needed"); these name it.

use crate::types::SqlParam;

/// No parameters, for [`Client::query_raw`](crate::Client::query_raw).
///
/// ```no_run
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// let rows = client.query_raw("SELECT 1", pgline::NO_PARAMS).await?;
/// # Ok(()) }
/// ```
pub const NO_PARAMS: [&(dyn SqlParam + Sync); 0] = [];

/// The parameters of a slice as [`Client::query_raw`](crate::Client::query_raw) takes them,
/// as tokio-postgres's `slice_iter` does.
///
/// ```no_run
/// # async fn f(client: &pgline::Client) -> Result<(), pgline::Error> {
/// let params: &[&(dyn pgline::types::SqlParam + Sync)] = &[&1i32, &"a"];
/// let rows = client
///     .query_raw("SELECT $1::int4, $2::text", pgline::slice_iter(params))
///     .await?;
/// # Ok(()) }
/// ```
pub fn slice_iter<'a>(
    params: &'a [&'a (dyn SqlParam + Sync)],
) -> impl ExactSizeIterator<Item = &'a (dyn SqlParam + Sync)> + 'a {
    params.iter().copied()
}
