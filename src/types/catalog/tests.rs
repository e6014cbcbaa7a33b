use super::*;
use crate::types::captured_vectors::{CATALOG, CatalogRow};

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn info(row: &CatalogRow) -> TypeInfo {
    let owned: Vec<Option<Vec<u8>>> = row.columns.iter().map(|c| c.map(hex)).collect();
    let cols: Vec<Option<&[u8]>> = owned.iter().map(|c| c.as_deref()).collect();
    TypeInfo::from_columns(&cols).unwrap_or_else(|e| panic!("{}: {e}", row.name))
}

fn row(name: &str) -> &'static CatalogRow {
    CATALOG
        .iter()
        .find(|r| r.name == name)
        .expect("captured row")
}

/// Resolves `oid` against the captured catalog, counting lookups.
fn resolve(oid: u32) -> Result<(Type, Vec<Type>, usize), CatalogError> {
    let known = |o| Type::from_oid(o);
    let mut r = TypeResolver::new(oid);
    let mut lookups = 0;
    while let Some(o) = r.next_lookup(&known)? {
        lookups += 1;
        r.add(o, CATALOG.iter().find(|c| c.oid == o).map(info));
    }
    let (ty, built) = r.finish(&known)?;
    Ok((ty, built, lookups))
}

#[test]
fn builtin_table_matches_the_servers_pg_type() {
    let mut checked = 0;
    for r in CATALOG
        .iter()
        .filter(|r| r.name.bytes().all(|b| b.is_ascii_digit()))
    {
        let ours = Type::from_oid(r.oid).expect("captured from our table");
        let built = info(r).build(r.oid, Type::from_oid).unwrap();
        assert_eq!(built, ours, "{}", r.oid);
        assert_eq!(built.category(), ours.category(), "{ours}");
        checked += 1;
    }
    assert!(checked >= 100, "{checked}");
}

#[test]
fn enum_labels_come_in_sort_order() {
    let (ty, _, lookups) = resolve(row("vec_mood").oid).unwrap();
    // 'meh' was added BEFORE 'ok' after the type was created.
    assert_eq!(
        ty.kind(),
        &Kind::Enum(vec![
            "sad".into(),
            "meh".into(),
            "ok".into(),
            "happy".into()
        ])
    );
    assert_eq!(
        (ty.name(), ty.schema(), ty.category()),
        ("vec_mood", "public", 'E')
    );
    assert_eq!(lookups, 1);
}

#[test]
fn arrays_of_enums_domains_and_composites_resolve_their_elements() {
    for (array, elem) in [
        ("_vec_mood", "vec_mood"),
        ("_vec_posint", "vec_posint"),
        ("_vec_pair", "vec_pair"),
        ("_vec_rich", "vec_rich"),
    ] {
        let (ty, built, _) = resolve(row(array).oid).unwrap();
        let Kind::Array(e) = ty.kind() else {
            panic!("{array} is no array")
        };
        assert_eq!(e.name(), elem);
        assert_eq!(e.oid(), row(elem).oid);
        assert_eq!(built.last(), Some(&ty), "the root is built last");
    }
}

#[test]
fn domain_resolves_to_its_base() {
    let (ty, _, _) = resolve(row("vec_posint").oid).unwrap();
    assert_eq!(ty.kind(), &Kind::Domain(Type::INT4));
    assert_eq!(ty.category(), 'N');
}

#[test]
fn composite_resolves_fields_recursively_without_dropped_columns() {
    let (ty, built, lookups) = resolve(row("vec_rich").oid).unwrap();
    let Kind::Composite(fields) = ty.kind() else {
        panic!("not composite")
    };
    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    assert_eq!(names, ["m", "p", "tags", "r"]);
    assert!(matches!(fields[0].type_().kind(), Kind::Enum(_)));
    assert_eq!(fields[1].type_().base(), &Type::INT4);
    assert_eq!(fields[2].type_(), &Type::TEXT_ARRAY);
    assert_eq!(fields[3].type_().kind(), &Kind::Range(Type::FLOAT8));
    // vec_rich, vec_mood, vec_posint, vec_floatrange; text[] is built in.
    assert_eq!(lookups, 4);
    assert_eq!(built.len(), 4);
    let (pair, _, _) = resolve(row("vec_pair").oid).unwrap();
    assert_eq!(
        pair.kind(),
        &Kind::Composite(vec![
            Field::new("a".into(), Type::INT4),
            Field::new("b".into(), Type::TEXT)
        ])
    );
}

#[test]
fn range_and_multirange_resolve() {
    let (range, _, _) = resolve(row("vec_floatrange").oid).unwrap();
    assert_eq!(range.kind(), &Kind::Range(Type::FLOAT8));
    let (multi, _, lookups) = resolve(row("vec_floatmultirange").oid).unwrap();
    assert_eq!(multi.kind(), &Kind::Multirange(range));
    assert_eq!(lookups, 2);
}

#[test]
fn known_types_are_not_looked_up_again() {
    let mood = resolve(row("vec_mood").oid).unwrap().0;
    let cached = mood.clone();
    let known =
        move |o: u32| Type::from_oid(o).or_else(|| (o == cached.oid()).then(|| cached.clone()));
    let mut r = TypeResolver::new(row("_vec_mood").oid);
    let mut asked = Vec::new();
    while let Some(o) = r.next_lookup(&known).unwrap() {
        asked.push(o);
        r.add(o, CATALOG.iter().find(|c| c.oid == o).map(info));
    }
    assert_eq!(asked, [row("_vec_mood").oid]);
    let (ty, built) = r.finish(&known).unwrap();
    assert_eq!(ty.kind(), &Kind::Array(mood));
    assert_eq!(built.len(), 1);
}

fn domain_row(base: u32) -> TypeInfo {
    TypeInfo {
        name: "d".into(),
        schema: "public".into(),
        typtype: b'd',
        category: b'N',
        element: 0,
        base,
        range_subtype: None,
        multirange_range: None,
        enum_labels: Vec::new(),
        attributes: Vec::new(),
    }
}

#[test]
fn hostile_catalogs_give_typed_errors() {
    let known = |o| Type::from_oid(o);
    // A cycle: domain 90001 over 90002 over 90001.
    let mut r = TypeResolver::new(90001);
    while let Some(o) = r.next_lookup(&known).unwrap() {
        r.add(o, Some(domain_row(if o == 90001 { 90002 } else { 90001 })));
    }
    assert!(matches!(r.finish(&known), Err(CatalogError::Cycle { .. })));
    // A missing row.
    let mut r = TypeResolver::new(90003);
    r.next_lookup(&known).unwrap();
    r.add(90003, None);
    assert!(matches!(
        r.finish(&known),
        Err(CatalogError::NotFound { oid: 90003 })
    ));
    // An endless chain of new OIDs stops at the lookup limit.
    let mut r = TypeResolver::new(100_000);
    let err = loop {
        match r.next_lookup(&known) {
            Ok(Some(o)) => r.add(o, Some(domain_row(o + 1))),
            Ok(None) => panic!("chain ended"),
            Err(e) => break e,
        }
    };
    assert!(matches!(err, CatalogError::TooManyLookups));
    // Unknown typtype, and finishing before every row is in.
    let mut bad = domain_row(23);
    bad.typtype = b'x';
    assert!(matches!(
        bad.build(1, Type::from_oid),
        Err(CatalogError::UnknownTypType { typtype: b'x', .. })
    ));
    assert!(matches!(
        domain_row(90009).build(1, Type::from_oid),
        Err(CatalogError::Unresolved { oid: 90009 })
    ));
    let r = TypeResolver::new(90010);
    assert!(matches!(
        r.finish(&known),
        Err(CatalogError::Unresolved { oid: 90010 })
    ));
}

#[test]
fn type_info_rows_are_checked() {
    assert!(matches!(
        TypeInfo::from_columns(&[None; 3]),
        Err(CatalogError::Columns { got: 3 })
    ));
    let r = row("vec_pair");
    let owned: Vec<Option<Vec<u8>>> = r.columns.iter().map(|c| c.map(hex)).collect();
    let mut cols: Vec<Option<&[u8]>> = owned.iter().map(|c| c.as_deref()).collect();
    cols[0] = None;
    assert!(matches!(
        TypeInfo::from_columns(&cols),
        Err(CatalogError::Column { index: 0, .. })
    ));
    // Attribute names without types.
    let mut cols: Vec<Option<&[u8]>> = owned.iter().map(|c| c.as_deref()).collect();
    let empty_oids = [0u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 26];
    cols[10] = Some(&empty_oids);
    assert!(matches!(
        TypeInfo::from_columns(&cols),
        Err(CatalogError::Attributes)
    ));
}

#[test]
fn query_is_chosen_by_server_version() {
    assert_eq!(type_info_query(150_004), TYPE_INFO_QUERY);
    assert_eq!(type_info_query(130_010), TYPE_INFO_QUERY_PRE_14);
    assert!(!TYPE_INFO_QUERY_PRE_14.contains("rngmultitypid"));
}
