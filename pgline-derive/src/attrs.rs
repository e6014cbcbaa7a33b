//! The `#[pgline(...)]` attributes of a field, and the checks both derives share on the shape
//! of the input.

use proc_macro2::Span;
use syn::{Data, DeriveInput, Field, Fields, GenericParam, LitStr};

/// What a field's `#[pgline(...)]` attributes say.
#[derive(Default)]
pub struct FieldAttrs {
    /// `rename = "..."`: the column or parameter name, with its span for errors.
    pub rename: Option<LitStr>,
    /// `flatten`: the field's own `FromRow`/`ToParams` reads the same row or lends its names.
    pub flatten: bool,
    /// `default`: a missing column gives `Default::default()`.
    pub default: bool,
}

impl FieldAttrs {
    /// Parses the field's attributes; `allow_default` is false for derives without `default`.
    pub fn parse(field: &Field, derive: &str, allow_default: bool) -> syn::Result<FieldAttrs> {
        let mut attrs = FieldAttrs::default();
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("pgline")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("rename") {
                    attrs.rename = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("flatten") {
                    attrs.flatten = true;
                } else if meta.path.is_ident("default") && allow_default {
                    attrs.default = true;
                } else {
                    let known = if allow_default {
                        "`rename = \"...\"`, `flatten` or `default`"
                    } else {
                        "`rename = \"...\"` or `flatten`"
                    };
                    return Err(meta.error(format!(
                        "unknown #[pgline] attribute for {derive}: expected {known}"
                    )));
                }
                Ok(())
            })?;
        }
        if attrs.flatten && (attrs.rename.is_some() || attrs.default) {
            return Err(syn::Error::new_spanned(
                field,
                "#[pgline(flatten)] reads the nested type's own names: it takes no `rename` or \
                 `default`",
            ));
        }
        Ok(attrs)
    }

    /// The column or parameter name: the rename, else the field's name without `r#`.
    pub fn name(&self, field: &Field) -> String {
        match (&self.rename, &field.ident) {
            (Some(rename), _) => rename.value(),
            (None, Some(ident)) => {
                let name = ident.to_string();
                name.strip_prefix("r#").map_or(name.clone(), str::to_owned)
            }
            (None, None) => String::new(),
        }
    }
}

/// The struct's fields, or an error saying what the derive takes instead.
pub fn struct_fields<'a>(input: &'a DeriveInput, derive: &str) -> syn::Result<&'a Fields> {
    let fields = match &input.data {
        Data::Struct(data) => &data.fields,
        Data::Enum(data) => {
            return Err(syn::Error::new(
                data.enum_token.span,
                format!(
                    "#[derive({derive})] works on structs only: an enum has no one set of \
                     columns to read (derive it for a struct per variant and match on a column)"
                ),
            ));
        }
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                format!("#[derive({derive})] works on structs only, not unions"),
            ));
        }
    };
    if fields.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.ident,
            format!("#[derive({derive})] needs a struct with at least one field"),
        ));
    }
    Ok(fields)
}

/// Rejects lifetime parameters: the traits' values own their data (a row's fields are decoded
/// into owned values, and parameters are lent by `&self`).
pub fn reject_lifetimes(input: &DeriveInput, derive: &str, why: &str) -> syn::Result<()> {
    match input.generics.params.iter().find_map(|p| match p {
        GenericParam::Lifetime(l) => Some(l),
        _ => None,
    }) {
        Some(lifetime) => Err(syn::Error::new_spanned(
            lifetime,
            format!("#[derive({derive})] does not support lifetime parameters: {why}"),
        )),
        None => Ok(()),
    }
}

/// `Type::field`, as error messages name a field.
pub fn field_path(input: &DeriveInput, field: &Field, index: usize) -> String {
    match &field.ident {
        Some(ident) => {
            let name = ident.to_string();
            format!(
                "{}::{}",
                input.ident,
                name.strip_prefix("r#").unwrap_or(&name)
            )
        }
        None => format!("{}::{index}", input.ident),
    }
}

/// Where a duplicate name is reported.
pub fn name_span(attrs: &FieldAttrs, field: &Field) -> Span {
    match (&attrs.rename, &field.ident) {
        (Some(rename), _) => rename.span(),
        (None, Some(ident)) => ident.span(),
        (None, None) => Span::call_site(),
    }
}
