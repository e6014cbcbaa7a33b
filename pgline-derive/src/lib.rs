//! `#[derive(FromRow)]` and `#[derive(ToParams)]` for pgline. Use them through `pgline`
//! (`pgline::FromRow`, `pgline::ToParams`), which re-exports them next to the traits of the same
//! names; the generated code names `::pgline` paths and needs nothing else.
//!
//! Both read `#[pgline(...)]` field attributes: `rename = "column"`, `flatten`, and (for
//! `FromRow`) `default`.

#![deny(unsafe_code)]

mod attrs;
mod from_row;
mod params;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `pgline::FromRow` for a struct: each named field is read from the column of the
/// same name (`#[pgline(rename = "...")]` to name another), a `#[pgline(flatten)]` field is
/// built by its own `FromRow` from the same row, and a `#[pgline(default)]` field takes
/// `Default::default()` when the row has no such column. A tuple struct reads its fields by
/// position, from a row of exactly as many columns.
#[proc_macro_derive(FromRow, attributes(pgline))]
pub fn derive_from_row(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    from_row::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Implements `pgline::ToParams` for a struct with named fields: each field is the value
/// of the named parameter of the same name (`#[pgline(rename = "...")]` to name another), and
/// a `#[pgline(flatten)]` field lends the parameters of its own `ToParams`.
#[proc_macro_derive(ToParams, attributes(pgline))]
pub fn derive_params(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    params::expand(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
