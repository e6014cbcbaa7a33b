//! Rust type names as a user writes them, for error messages.
//!
//! `std::any::type_name` spells every path in full (`alloc::vec::Vec<alloc::string::String>`);
//! errors show `Vec<String>` instead. Never used to identify a type, only to show one.

/// `name` with the module path of every path segment removed: `a::b::C<d::E>` becomes `C<E>`.
///
/// A `::` after `>` (as in `<T as Trait>::Assoc`) is kept, since what precedes it is not a
/// module.
pub(crate) fn short_type_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    // Where the identifier being read starts in `out`; a `::` after it drops it.
    let mut ident_start = 0;
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("::") && out.len() > ident_start {
            out.truncate(ident_start);
            rest = &rest[2..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
        if !(c.is_alphanumeric() || c == '_') {
            ident_start = out.len();
        }
    }
    out
}

/// The short name of `T`.
pub(crate) fn rust_name<T: ?Sized>() -> String {
    short_type_name(std::any::type_name::<T>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_type_name_strips_module_paths_of_every_segment() {
        let cases = [
            ("alloc::string::String", "String"),
            ("alloc::vec::Vec<i32>", "Vec<i32>"),
            ("core::option::Option<&str>", "Option<&str>"),
            ("a::b::C<d::E>", "C<E>"),
            (
                "std::collections::hash::map::HashMap<alloc::string::String, alloc::vec::Vec<u8>>",
                "HashMap<String, Vec<u8>>",
            ),
            ("(i32, alloc::string::String)", "(i32, String)"),
            ("[core::option::Option<u8>; 4]", "[Option<u8>; 4]"),
            ("&[&dyn core::fmt::Debug]", "&[&dyn Debug]"),
            ("<T as a::Trait>::Assoc", "<T as Trait>::Assoc"),
            ("i32", "i32"),
            ("", ""),
        ];
        for (full, short) in cases {
            assert_eq!(short_type_name(full), short, "{full}");
        }
    }

    #[test]
    fn rust_name_of_real_types_is_what_a_user_writes() {
        assert_eq!(rust_name::<Vec<String>>(), "Vec<String>");
        assert_eq!(rust_name::<Option<&str>>(), "Option<&str>");
        assert_eq!(
            rust_name::<crate::types::Json<serde_json::Value>>(),
            "Json<Value>"
        );
    }
}
