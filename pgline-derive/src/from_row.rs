//! `#[derive(FromRow)]`: a struct read from a row, by column name or (tuple structs) by
//! position.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, parse_quote};

use crate::attrs::{FieldAttrs, field_path, name_span, reject_lifetimes, struct_fields};

const DERIVE: &str = "FromRow";

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let fields = struct_fields(input, DERIVE)?;
    reject_lifetimes(
        input,
        DERIVE,
        "a row's values are decoded into owned fields (String, Vec<u8>), which outlive the row",
    )?;
    let mut generics = input.generics.clone();
    let generic = generics.type_params().next().is_some();
    let mut inits = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for (index, field) in fields.iter().enumerate() {
        let attrs = FieldAttrs::parse(field, DERIVE, true)?;
        let ty = &field.ty;
        let path = field_path(input, field, index);
        let span = ty.span();
        let value = if attrs.flatten {
            if matches!(fields, Fields::Unnamed(_)) {
                return Err(syn::Error::new_spanned(
                    field,
                    "#[pgline(flatten)] needs named fields: a tuple struct reads its row by \
                     position",
                ));
            }
            if generic {
                generics
                    .make_where_clause()
                    .predicates
                    .push(parse_quote!(#ty: ::pgline::FromRow));
            }
            quote_spanned!(span=> <#ty as ::pgline::FromRow>::from_row(row)?)
        } else {
            if generic {
                generics.make_where_clause().predicates.push(
                    parse_quote!(#ty: for<'__pgline_row> ::pgline::types::FromSql<'__pgline_row>),
                );
            }
            match fields {
                Fields::Named(_) => {
                    let column = attrs.name(field);
                    if seen.insert(column.clone(), ()).is_some() {
                        return Err(syn::Error::new(
                            name_span(&attrs, field),
                            format!("two fields read column \"{column}\""),
                        ));
                    }
                    if attrs.default {
                        quote_spanned!(span=>
                            ::pgline::__private::column_or_default::<#ty>(row, #column, #path)?)
                    } else {
                        quote_spanned!(span=>
                            ::pgline::__private::column::<#ty>(row, #column, #path)?)
                    }
                }
                _ => {
                    if attrs.rename.is_some() || attrs.default {
                        return Err(syn::Error::new_spanned(
                            field,
                            "a tuple struct reads its row by position: `rename` and `default` \
                             need named fields",
                        ));
                    }
                    quote_spanned!(span=> ::pgline::__private::position::<#ty>(row, #index, #path)?)
                }
            }
        };
        inits.push(match &field.ident {
            Some(ident) => quote!(#ident: #value),
            None => value,
        });
    }
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match fields {
        Fields::Named(_) => quote!(Self { #(#inits,)* }),
        _ => {
            let width = fields.len();
            let name = ident.to_string();
            quote!({
                ::pgline::__private::check_struct_width(row, #width, #name)?;
                Self(#(#inits,)*)
            })
        }
    };
    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics ::pgline::FromRow for #ident #ty_generics #where_clause {
            fn from_row(row: &::pgline::Row) -> ::core::result::Result<Self, ::pgline::Error> {
                ::core::result::Result::Ok(#body)
            }
        }
    })
}
