//! `#[derive(ToParams)]`: a struct's fields lent as named parameters.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, parse_quote};

use crate::attrs::{FieldAttrs, name_span, reject_lifetimes, struct_fields};

const DERIVE: &str = "ToParams";

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let fields = struct_fields(input, DERIVE)?;
    let Fields::Named(_) = fields else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "#[derive(ToParams)] needs named fields: each field is the parameter of its name \
             (pass a tuple struct's values as positional parameters instead)",
        ));
    };
    reject_lifetimes(
        input,
        DERIVE,
        "use owned fields or a reference type such as `&'static str` in a struct without \
         lifetime parameters, or a map of parameters",
    )?;
    let mut generics = input.generics.clone();
    let generic = generics.type_params().next().is_some();
    let mut arms = Vec::new();
    let mut names = Vec::new();
    let mut nested = Vec::new();
    let mut nested_fields = Vec::new();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for field in fields {
        let attrs = FieldAttrs::parse(field, DERIVE, false)?;
        let ident = &field.ident;
        let ty = &field.ty;
        let span = ty.span();
        if attrs.flatten {
            if generic {
                generics
                    .make_where_clause()
                    .predicates
                    .push(parse_quote!(#ty: ::pgline::ToParams));
            }
            nested.push(quote_spanned!(span=> <#ty as ::pgline::ToParams>));
            nested_fields.push(ident);
            continue;
        }
        if generic {
            generics
                .make_where_clause()
                .predicates
                .push(parse_quote!(#ty: ::pgline::types::ToSql));
        }
        let name = attrs.name(field);
        if seen.insert(name.clone(), ()).is_some() {
            return Err(syn::Error::new(
                name_span(&attrs, field),
                format!("two fields are parameter \"{name}\""),
            ));
        }
        arms.push(quote_spanned!(span=>
            #name => ::core::option::Option::Some(::pgline::__private::as_param::<#ty>(&self.#ident))));
        names.push(name);
    }
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    Ok(quote! {
        #[automatically_derived]
        impl #impl_generics ::pgline::ToParams for #ident #ty_generics #where_clause {
            fn param(
                &self,
                name: &str,
            ) -> ::core::option::Option<&(dyn ::pgline::types::SqlParam + ::core::marker::Sync)> {
                match name {
                    #(#arms,)*
                    _ => {
                        #(
                            if let ::core::option::Option::Some(value) =
                                #nested::param(&self.#nested_fields, name)
                            {
                                return ::core::option::Option::Some(value);
                            }
                        )*
                        ::core::option::Option::None
                    }
                }
            }

            fn for_each_name(&self, f: &mut dyn ::core::ops::FnMut(&str)) {
                #(f(#names);)*
                #(#nested::for_each_name(&self.#nested_fields, f);)*
            }
        }
    })
}
