//! Rows into structs (`#[derive(FromRow)]`) and named parameters from maps and structs
//! (`#[derive(ToParams)]`, `Converted::bind`), against pg15 and pg18, with every placeholder
//! style next to strings, comments, dollar quotes, casts and jsonb operators that must stay as
//! they are.

mod support;

use std::collections::{BTreeMap, HashMap};

use pgline::sql::{ParamStyle, SqlError, convert};
use pgline::types::SqlParam;
use pgline::{Client, ErrorKind, FromRow, ToParams};

async fn client(server: &support::Server) -> Client {
    pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

#[derive(Debug, PartialEq, FromRow)]
struct Audit {
    created_by: String,
    #[pgline(rename = "rev")]
    revision: i64,
}

#[derive(Debug, PartialEq, FromRow)]
struct User {
    id: i32,
    #[pgline(rename = "full_name")]
    name: String,
    email: Option<String>,
    tags: Vec<String>,
    #[pgline(flatten)]
    audit: Audit,
    #[pgline(default)]
    score: i32,
    r#type: String,
}

#[derive(Debug, PartialEq, FromRow)]
struct Pair(i32, Option<String>);

#[derive(Debug, PartialEq, FromRow)]
struct Wrapper<T> {
    value: T,
}

const USER_SQL: &str = "SELECT 'Ada' AS full_name, 7 AS id, NULL::text AS email, \
     ARRAY['a','b'] AS tags, 'root' AS created_by, 3::int8 AS rev, 'admin' AS type";

#[tokio::test]
async fn derive_reads_fields_by_name_with_rename_null_flatten_and_default() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let row = client.query_one(USER_SQL, &[]).await.unwrap();
        let user = User::from_row(&row).unwrap();
        assert_eq!(
            user,
            User {
                id: 7,
                name: "Ada".into(),
                email: None,
                tags: vec!["a".into(), "b".into()],
                audit: Audit {
                    created_by: "root".into(),
                    revision: 3,
                },
                score: 0,
                r#type: "admin".into(),
            },
            "{}",
            server.name
        );
        // With the column present, `default` reads it; a non-NULL Option is Some.
        let row = client
            .query_one(
                &format!("SELECT *, 42 AS score, 'a@b' AS email2 FROM ({USER_SQL}) s"),
                &[],
            )
            .await
            .unwrap();
        assert_eq!(User::from_row(&row).unwrap().score, 42);
        let row = client
            .query_one(
                "SELECT 'Ada' AS full_name, 7 AS id, 'a@b' AS email, '{}'::text[] AS tags, \
                 'root' AS created_by, 3::int8 AS rev, 'admin' AS type",
                &[],
            )
            .await
            .unwrap();
        let user = User::from_row(&row).unwrap();
        assert_eq!(user.email.as_deref(), Some("a@b"));
        assert!(user.tags.is_empty());
    }
}

#[tokio::test]
async fn derive_reads_tuple_structs_generics_and_tuples_by_position() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let rows = client
            .query(
                "SELECT n, CASE WHEN n = 2 THEN NULL ELSE n::text END FROM generate_series(1, 3) n",
                &[],
            )
            .await
            .unwrap();
        let pairs: Vec<Pair> = rows.iter().map(|r| Pair::from_row(r).unwrap()).collect();
        assert_eq!(
            pairs,
            [
                Pair(1, Some("1".into())),
                Pair(2, None),
                Pair(3, Some("3".into()))
            ]
        );
        let tuples: Vec<(i32, Option<String>)> = rows
            .iter()
            .map(|r| <(i32, Option<String>)>::from_row(r).unwrap())
            .collect();
        assert_eq!(tuples[1], (2, None));

        let row = client
            .query_one("SELECT 1.5::float8 AS value", &[])
            .await
            .unwrap();
        assert_eq!(Wrapper::<f64>::from_row(&row).unwrap().value, 1.5);

        // A tuple struct needs exactly its width.
        let wide = client.query_one("SELECT 1, 'x', 3", &[]).await.unwrap();
        let err = Pair::from_row(&wide).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conversion);
        assert!(err.to_string().contains("Pair reads 2 columns"), "{err}");
    }
}

#[tokio::test]
async fn derive_errors_name_the_missing_or_mistyped_column_and_the_field() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        // No `rev` column: the flattened struct's field is missing.
        let row = client
            .query_one(
                "SELECT 'Ada' AS full_name, 7 AS id, NULL::text AS email, ARRAY['a'] AS tags, \
                 'root' AS created_by, 'admin' AS type",
                &[],
            )
            .await
            .unwrap();
        let err = User::from_row(&row).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conversion);
        let text = err.to_string();
        assert!(
            text.contains("no column \"rev\"") && text.contains("Audit::revision"),
            "{text}"
        );

        // `id` is text: both types and the field are named.
        let row = client
            .query_one(&USER_SQL.replace("7 AS id", "'seven'::text AS id"), &[])
            .await
            .unwrap();
        let err = User::from_row(&row).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("(\"id\") of type text into field User::id (i32)"),
            "{text}"
        );
        assert!(format!("{err:#}").contains("`i32`"), "{err:#}");

        // NULL into a field that is not an Option.
        let row = client
            .query_one(&USER_SQL.replace("'Ada' AS", "NULL::text AS"), &[])
            .await
            .unwrap();
        let text = User::from_row(&row).unwrap_err().to_string();
        assert!(text.contains("into field User::name (String)"), "{text}");
    }
}

#[derive(ToParams)]
struct Range {
    lo: i32,
    hi: i32,
}

#[derive(ToParams)]
struct Search {
    #[pgline(rename = "name")]
    who: String,
    #[pgline(flatten)]
    range: Range,
    note: Option<String>,
}

/// One statement per style, each with a repeated or several placeholders, next to a string, a
/// comment, a dollar quote, casts and jsonb operators that hold the style's characters.
fn statements() -> Vec<(ParamStyle, &'static str, String)> {
    let decoys = |p: &str| {
        format!(
            "'it''s {p} ?' AS s, /* {p} ? */ $$ {p} $$ AS d, E'\\'{p}' AS e, \
             '{{\"a\":1,\"b\":2}}'::jsonb ?| array['a'] AS any_, \
             '{{\"a\":1}}'::jsonb ?& array['a'] AS all_, \"{p}\" -- {p} ?\n"
        )
    };
    let body = |lo: &str, hi: &str, name: &str, lo2: &str| {
        format!(
            "SELECT {lo}::int4 AS lo, {hi}::int4 AS hi, {name}::text AS name, \
             {lo2}::int4 + 1 AS lo1, {}FROM (SELECT 1 AS \"{}\") t",
            decoys(lo),
            lo
        )
    };
    vec![
        (ParamStyle::Named, ":lo", body(":lo", ":hi", ":name", ":lo")),
        (
            ParamStyle::PyFormat,
            "%(lo)s",
            body("%(lo)s", "%(hi)s", "%(name)s", "%(lo)s"),
        ),
        (
            ParamStyle::DollarName,
            "$lo",
            body("$lo", "$hi", "$name", "$lo"),
        ),
        (
            ParamStyle::AtName,
            "@lo",
            body("@lo", "@hi", "@name", "@lo"),
        ),
    ]
}

/// Runs one of [`statements`] and checks the values bound and the decoys left as written
/// (`p` is the style's spelling of `lo`).
async fn check_row(
    client: &Client,
    sql: &str,
    params: &[&(dyn SqlParam + Sync)],
    p: &str,
    what: &str,
) {
    let row = client
        .query_one(sql, params)
        .await
        .unwrap_or_else(|e| panic!("{what}: {e:#}\n{sql}"));
    let lo: i32 = row.get("lo");
    let hi: i32 = row.get("hi");
    let name: &str = row.get("name");
    let lo1: i32 = row.get("lo1");
    assert_eq!((lo, hi, name, lo1), (2, 9, "Ada", 3), "{what}");
    assert_eq!(row.get::<_, &str>("s"), format!("it's {p} ?"), "{what}");
    assert_eq!(row.get::<_, &str>("d"), format!(" {p} "), "{what}");
    assert_eq!(row.get::<_, &str>("e"), format!("'{p}"), "{what}");
    assert!(
        row.get::<_, bool>("any_") && row.get::<_, bool>("all_"),
        "{what}"
    );
    assert_eq!(row.get::<_, i32>(p), 1, "{what}: the quoted identifier");
}

#[tokio::test]
async fn named_parameters_from_maps_and_structs_in_every_named_style() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        for (style, p, sql) in statements() {
            let converted = convert(&sql, style).unwrap_or_else(|e| panic!("{style:?}: {e}"));
            assert_eq!(converted.count, 3, "{style:?}: {}", converted.sql);

            let mut map: HashMap<&str, &(dyn SqlParam + Sync)> = HashMap::new();
            map.insert("hi", &9i32);
            map.insert("lo", &2i32);
            map.insert("name", &"Ada");
            let params = converted.bind(&map).unwrap();
            check_row(
                &client,
                &converted.sql,
                &params,
                p,
                &format!("{style:?} map"),
            )
            .await;

            let mut owned: BTreeMap<String, Box<dyn SqlParam + Sync>> = BTreeMap::new();
            owned.insert("lo".into(), Box::new(2i32));
            owned.insert("hi".into(), Box::new(9i32));
            owned.insert("name".into(), Box::new(String::from("Ada")));
            let params = converted.bind(&owned).unwrap();
            check_row(
                &client,
                &converted.sql,
                &params,
                p,
                &format!("{style:?} btree"),
            )
            .await;

            // The struct lends `note` too, which the statement does not use.
            let search = Search {
                who: "Ada".into(),
                range: Range { lo: 2, hi: 9 },
                note: None,
            };
            assert_eq!(
                converted.bind(&search).unwrap_err(),
                SqlError::ExtraParameter {
                    name: "note".into()
                },
                "{style:?}"
            );
            let fits = Fits {
                search_name: "Ada".into(),
                range: Range { lo: 2, hi: 9 },
            };
            let params = converted.bind(&fits).unwrap();
            check_row(
                &client,
                &converted.sql,
                &params,
                p,
                &format!("{style:?} struct"),
            )
            .await;

            // A missing name is an error before anything is sent.
            map.remove("hi");
            assert_eq!(
                converted.bind(&map).unwrap_err(),
                SqlError::MissingParameter { name: "hi".into() }
            );
        }
    }
}

#[derive(ToParams)]
struct Fits {
    #[pgline(rename = "name")]
    search_name: String,
    #[pgline(flatten)]
    range: Range,
}

#[tokio::test]
async fn positional_styles_convert_around_strings_comments_and_jsonb_operators() {
    for server in support::tls_servers() {
        let client = client(&server).await;
        let cases = [
            (
                ParamStyle::QMark,
                "SELECT ?::int4 AS a, '?' AS s, /* ? */ $$?$$ AS d, \
                 '{\"a\":1}'::jsonb ?? 'a' AS has, '{\"a\":1}'::jsonb ?| array['a'] AS any_, \
                 '{\"a\":1}'::jsonb ?& array['a'] AS all_, ?::text AS b -- ?\n",
            ),
            (
                ParamStyle::Format,
                "SELECT %s::int4 AS a, '%s' AS s, /* %s */ 7 %% 4 AS m, E'\\'%s' AS e, \
                 %s::text AS b",
            ),
            (
                ParamStyle::Numeric,
                "SELECT :1::int4 AS a, ':2' AS s, ('{1,2,3}'::int[])[1 : 2] AS sl, \
                 :2::text AS b, :1::int4 + 1 AS a1",
                // (`[1:2]` would be `1` and `:2`: in this style a slice needs a space.)
            ),
            (
                ParamStyle::Dollar,
                "SELECT $1::int4 AS a, '$2' AS s, $q$ $2 $q$ AS d, $2::text AS b",
            ),
        ];
        for (style, sql) in cases {
            let converted = convert(sql, style).unwrap_or_else(|e| panic!("{style:?}: {e}"));
            assert_eq!(converted.count, 2, "{style:?}: {}", converted.sql);
            converted.check_count(2).unwrap();
            let row = client
                .query_one(&converted.sql, &[&5i32, &"five"])
                .await
                .unwrap_or_else(|e| panic!("{style:?}: {e:#}\n{}", converted.sql));
            let (a, b): (i32, &str) = (row.get("a"), row.get("b"));
            assert_eq!((a, b), (5, "five"), "{style:?}");
            match style {
                ParamStyle::QMark => {
                    assert!(row.get::<_, bool>("has"));
                    assert!(row.get::<_, bool>("any_") && row.get::<_, bool>("all_"));
                    assert_eq!(row.get::<_, &str>("d"), "?");
                }
                ParamStyle::Format => {
                    assert_eq!(row.get::<_, i32>("m"), 3);
                    assert_eq!(row.get::<_, &str>("e"), "'%s");
                }
                ParamStyle::Numeric => {
                    assert_eq!(row.get::<_, Vec<i32>>("sl"), [1, 2]);
                    assert_eq!(row.get::<_, i32>("a1"), 6);
                }
                _ => assert_eq!(row.get::<_, &str>("d"), " $2 "),
            }
            let quoted = match style {
                ParamStyle::QMark => "?",
                ParamStyle::Format => "%s",
                ParamStyle::Numeric => ":2",
                _ => "$2",
            };
            assert_eq!(row.get::<_, &str>("s"), quoted, "{style:?}");
        }
    }
}
