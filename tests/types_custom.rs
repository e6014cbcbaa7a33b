//! Types the test creates (enum, domain, composite, range over a custom subtype, and arrays of
//! each) decoded and encoded through the automatic `pg_type` lookup, with nothing registered;
//! and the errors for NULL into a non-`Option` and for a type mismatch. Against pg15 and pg18.

mod support;

use std::ops::Bound;

use pgline::types::{Array, Composite, Dimension, Kind, Multirange, Range, Record, Type};
use pgline::{Client, ErrorKind};

pgline::pg_enum! {
    /// The test's enum, as a Rust type.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Mood {
        Sad = "sad",
        Meh = "meh",
        Ok = "ok",
        Happy = "happy",
    }
}

/// Types in this session's `pg_temp`, so parallel tests and runs never collide.
const CREATE_TYPES: &str = "
    CREATE TYPE pg_temp.mood AS ENUM ('sad', 'ok', 'happy');
    ALTER TYPE pg_temp.mood ADD VALUE 'meh' BEFORE 'ok';
    CREATE DOMAIN pg_temp.posint AS int4 CHECK (VALUE > 0);
    CREATE DOMAIN pg_temp.short_text AS text CHECK (length(VALUE) < 10);
    CREATE TYPE pg_temp.floatrange AS RANGE (subtype = float8);
    CREATE TYPE pg_temp.pair AS (a int4, b text);
    CREATE TYPE pg_temp.rich AS (m pg_temp.mood, p pg_temp.posint, tags text[],
        r pg_temp.floatrange, inner_pair pg_temp.pair, dropped int4);
    ALTER TYPE pg_temp.rich DROP ATTRIBUTE dropped;";

async fn connect(server: &support::Server) -> Client {
    let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
    let client = pgline::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name));
    client.batch_execute(CREATE_TYPES).await.unwrap();
    client
}

#[tokio::test]
async fn custom_enum_decodes_as_string_and_pg_enum_and_encodes_back() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let row = client
            .query_one(
                "SELECT 'meh'::mood AS m, '{sad,NULL,happy}'::mood[] AS ms",
                &[],
            )
            .await
            .unwrap();
        let ty = row.columns()[0].type_();
        assert_eq!(ty.name(), "mood");
        assert_eq!(
            ty.kind(),
            &Kind::Enum(["sad", "meh", "ok", "happy"].map(String::from).to_vec())
        );
        assert_eq!(row.get::<_, &str>("m"), "meh");
        assert_eq!(row.get::<_, String>("m"), "meh");
        assert_eq!(row.get::<_, Mood>("m"), Mood::Meh);
        assert_eq!(
            row.get::<_, Vec<Option<Mood>>>("ms"),
            [Some(Mood::Sad), None, Some(Mood::Happy)]
        );
        assert_eq!(
            row.get::<_, Vec<Option<&str>>>("ms"),
            [Some("sad"), None, Some("happy")]
        );

        let stmt = client
            .prepare("SELECT $1::mood, $2::mood[], $1::mood > 'sad'")
            .await
            .unwrap();
        assert_eq!(stmt.params()[0].name(), "mood");
        assert_eq!(stmt.params()[1].name(), "_mood");
        let row = client
            .query_one(&stmt, &[&Mood::Ok, &vec![Mood::Happy, Mood::Sad]])
            .await
            .unwrap();
        assert_eq!(row.get::<_, Mood>(0), Mood::Ok);
        assert_eq!(row.get::<_, Vec<Mood>>(1), [Mood::Happy, Mood::Sad]);
        assert!(row.get::<_, bool>(2));
        // A label the enum lacks is refused by the server, not sent blindly.
        let err = client.query_one(&stmt, &[&"angry", &vec!["sad"]]).await;
        assert_eq!(err.unwrap_err().kind(), ErrorKind::Db);
    }
}

#[tokio::test]
async fn custom_domain_decodes_as_its_base_type_and_checks_on_the_server() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let stmt = client
            .prepare("SELECT $1::posint, $2::short_text, $3::posint[]")
            .await
            .unwrap();
        let posint = &stmt.params()[0];
        assert_eq!(posint.name(), "posint");
        assert_eq!(posint.kind(), &Kind::Domain(Type::INT4));
        assert_eq!(posint.base(), &Type::INT4);
        match stmt.params()[2].kind() {
            Kind::Array(element) => assert_eq!(element, posint),
            other => panic!("{other:?}"),
        }
        let row = client
            .query_one(&stmt, &[&7i32, &"short", &vec![Some(1i32), None, Some(3)]])
            .await
            .unwrap();
        assert_eq!(row.get::<_, i32>(0), 7);
        assert_eq!(row.get::<_, &str>(1), "short");
        // An array of a domain keeps the domain as its element type.
        let domain_array = row.columns()[2].type_();
        assert_eq!(domain_array.name(), "_posint");
        assert_eq!(row.get::<_, Vec<Option<i32>>>(2), [Some(1), None, Some(3)]);
        // The domain's check runs on the server.
        let err = client
            .query_one(&stmt, &[&-1i32, &"short", &Vec::<i32>::new()])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Db);
        // A value of the wrong base type is refused before anything is sent.
        let err = client
            .query_one(&stmt, &[&7i64, &"short", &Vec::<i32>::new()])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conversion);
        assert!(format!("{err:#}").contains("posint"), "{err}");
    }
}

#[tokio::test]
async fn custom_composite_reads_field_by_field_and_sends_a_record() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let row = client
            .query_one(
                "SELECT ROW('ok', 5, ARRAY['a', NULL], '[1.5,2.5)', ROW(1, 'x'))::rich AS r, \
                 ARRAY[ROW(1, 'one')::pair, NULL, ROW(NULL, NULL)::pair] AS ps",
                &[],
            )
            .await
            .unwrap();
        let rich = row.columns()[0].type_();
        let Kind::Composite(fields) = rich.kind() else {
            panic!("{rich:?}")
        };
        // The dropped attribute is not a field.
        let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["m", "p", "tags", "r", "inner_pair"]);
        let r: Composite<'_> = row.get("r");
        assert_eq!(r.len(), 5);
        assert_eq!(r.get_by_name::<Mood>("m").unwrap(), Mood::Ok);
        assert_eq!(r.get_by_name::<i32>("p").unwrap(), 5);
        assert_eq!(r.field_type(1).unwrap().name(), "posint");
        assert_eq!(
            r.get_by_name::<Vec<Option<&str>>>("tags").unwrap(),
            [Some("a"), None]
        );
        let range: Range<f64> = r.get_by_name("r").unwrap();
        assert_eq!(range.to_string(), "[1.5,2.5)");
        let inner: Composite<'_> = r.get_by_name("inner_pair").unwrap();
        assert_eq!(inner.get_by_name::<&str>("b").unwrap(), "x");
        let pairs: Vec<Option<Composite<'_>>> = row.get("ps");
        assert_eq!(pairs.len(), 3);
        assert!(pairs[1].is_none());
        let one = pairs[0].as_ref().unwrap();
        assert_eq!(
            (one.get::<i32>(0).unwrap(), one.get::<String>(1).unwrap()),
            (1, "one".to_owned())
        );
        let empty = pairs[2].as_ref().unwrap();
        assert_eq!(empty.get::<Option<i32>>(0).unwrap(), None);
        assert!(empty.get::<i32>(0).is_err(), "NULL field into i32");

        // Sent as a Record, field values checked against the catalog's field types.
        let stmt = client
            .prepare("SELECT $1::rich, ($1::rich).p, ($1::rich).inner_pair.b, $2::pair[]")
            .await
            .unwrap();
        let record = Record::new()
            .with(Mood::Happy)
            .with(9i32)
            .with(vec![Some("t"), None])
            .with(Range::new(Bound::Included(0.5f64), Bound::Unbounded))
            .with(Record::new().with(2i32).with("two"));
        let pairs = vec![Some(Record::new().with(3i32).with(None::<&str>)), None];
        let row = client.query_one(&stmt, &[&record, &pairs]).await.unwrap();
        let back: Composite<'_> = row.get(0);
        assert_eq!(back.get::<Mood>(0).unwrap(), Mood::Happy);
        assert_eq!(row.get::<_, i32>(1), 9);
        assert_eq!(row.get::<_, &str>(2), "two");
        let pairs: Vec<Option<Composite<'_>>> = row.get(3);
        assert_eq!(
            pairs[0].as_ref().unwrap().get::<Option<&str>>(1).unwrap(),
            None
        );
        assert!(pairs[1].is_none());

        // A record of the wrong shape or field type is refused before anything is sent.
        let short = Record::new().with(Mood::Happy);
        let err = client
            .query_one(&stmt, &[&short, &pairs_none()])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conversion);
        let wrong = Record::new().with(1i32).with("b");
        let err = client
            .query_one("SELECT $1::pair", &[&Record::new().with("a").with(wrong)])
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conversion);
    }
}

fn pairs_none() -> Vec<Option<Record<'static>>> {
    Vec::new()
}

#[tokio::test]
async fn custom_range_over_a_custom_subtype_and_its_multirange() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let row = client
            .query_one(
                "SELECT '[1.5,2.5)'::floatrange AS r, \
                 '{[1,2),[3,4]}'::floatmultirange AS m, \
                 '{\"[0,1)\",empty,NULL}'::floatrange[] AS rs",
                &[],
            )
            .await
            .unwrap();
        let r = row.columns()[0].type_();
        assert_eq!(r.kind(), &Kind::Range(Type::FLOAT8));
        let m = row.columns()[1].type_();
        assert_eq!(m.name(), "floatmultirange");
        assert_eq!(m.kind(), &Kind::Multirange(r.clone()));
        let range: Range<f64> = row.get("r");
        assert_eq!(range.to_string(), "[1.5,2.5)");
        let multi: Multirange<f64> = row.get("m");
        assert_eq!(multi.to_string(), "{[1,2),[3,4]}");
        let ranges: Vec<Option<Range<f64>>> = row.get("rs");
        assert_eq!(ranges.len(), 3);
        assert!(ranges[1].as_ref().unwrap().is_empty());
        assert!(ranges[2].is_none());

        let row = client
            .query_one(
                "SELECT $1::floatrange, $2::floatmultirange, $1::floatrange @> 2.0::float8",
                &[&range, &multi],
            )
            .await
            .unwrap();
        assert_eq!(row.get::<_, Range<f64>>(0), range);
        assert_eq!(row.get::<_, Multirange<f64>>(1), multi);
        assert!(row.get::<_, bool>(2));
    }
}

#[tokio::test]
async fn custom_types_are_looked_up_once_per_connection() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let sql = "SELECT ROW('ok', 5, NULL, NULL, NULL)::rich";
        let first = client.query_one(sql, &[]).await.unwrap();
        let ty = first.columns()[0].type_().clone();
        assert_eq!(ty.name(), "rich");
        // Renamed on the server, the type keeps the name this connection resolved at first:
        // its OID is answered from the cache, not from pg_type again.
        client
            .batch_execute("ALTER TYPE pg_temp.rich RENAME TO rich_renamed")
            .await
            .unwrap();
        let again = client
            .query_one("SELECT ROW('ok', 5, NULL, NULL, NULL)::rich_renamed", &[])
            .await
            .unwrap();
        assert_eq!(again.columns()[0].type_(), &ty);
        assert_eq!(again.columns()[0].type_().name(), "rich");
        // A second connection resolves the same name to its own session's type.
        let other = connect(&server).await;
        let theirs = other.query_one(sql, &[]).await.unwrap();
        assert_eq!(theirs.columns()[0].type_().name(), "rich");
        assert_ne!(
            theirs.columns()[0].type_().oid(),
            ty.oid(),
            "pg_temp types differ"
        );
    }
}

#[tokio::test]
async fn custom_null_into_a_non_option_is_an_error_never_a_default() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let row = client
            .query_one(
                "SELECT NULL::mood AS m, NULL::posint AS p, NULL::pair AS c, \
                 ARRAY[NULL]::int4[] AS a, NULL::text AS t",
                &[],
            )
            .await
            .unwrap();
        for name in ["m", "t"] {
            let err = row.try_get::<_, String>(name).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Conversion);
            assert!(format!("{err:#}").contains("NULL"), "{err}");
            assert_eq!(row.get::<_, Option<String>>(name), None);
        }
        assert!(row.try_get::<_, Mood>("m").is_err());
        assert!(row.try_get::<_, i32>("p").is_err());
        assert_eq!(row.get::<_, Option<i32>>("p"), None);
        assert!(row.try_get::<_, Composite<'_>>("c").is_err());
        assert!(row.get::<_, Option<Composite<'_>>>("c").is_none());
        // A NULL element needs Option too.
        let err = row.try_get::<_, Vec<i32>>("a").unwrap_err();
        assert!(format!("{err:#}").contains("NULL"), "{err}");
        assert_eq!(row.get::<_, Vec<Option<i32>>>("a"), [None]);
    }
}

#[tokio::test]
async fn custom_type_mismatch_names_the_column_the_rust_type_and_the_postgres_type() {
    for server in support::tls_servers() {
        let client = connect(&server).await;
        let row = client
            .query_one(
                "SELECT 'ok'::mood AS feeling, 5::posint AS amount, ROW(1, 'x')::pair AS duo, \
                 ARRAY[1.5]::float8[] AS xs",
                &[],
            )
            .await
            .unwrap();
        let cases = [
            (
                row.try_get::<_, i32>("feeling").unwrap_err(),
                "feeling",
                "i32",
                "mood",
            ),
            (
                row.try_get::<_, &str>("amount").unwrap_err(),
                "amount",
                "&str",
                "int4",
            ),
            (
                row.try_get::<_, String>("duo").unwrap_err(),
                "duo",
                "String",
                "pair",
            ),
            (
                row.try_get::<_, Vec<i64>>("xs").unwrap_err(),
                "xs",
                "Vec<i64>",
                "_float8",
            ),
        ];
        for (err, column, rust, postgres) in cases {
            assert_eq!(err.kind(), ErrorKind::Conversion);
            let text = format!("{err:#}");
            // The Rust type as it is written, without module paths.
            assert!(
                text.contains(column)
                    && text.contains(&format!("`{rust}`"))
                    && text.contains(postgres),
                "{}: {text}",
                server.name
            );
        }
        // A Rust enum whose labels the PostgreSQL enum lacks is refused the same way.
        pgline::pg_enum! {
            #[derive(Debug)]
            enum Colour {
                Red = "red",
            }
        }
        let err = row.try_get::<_, Colour>("feeling").unwrap_err();
        assert!(format!("{err:#}").contains("mood"), "{err}");
        // An N-dimensional array needs Array<T>, not Vec<T>.
        let row = client
            .query_one("SELECT '[0:1][5:5]={{1},{2}}'::int4[]", &[])
            .await
            .unwrap();
        assert!(row.try_get::<_, Vec<i32>>(0).is_err());
        let a: Array<i32> = row.get(0);
        assert_eq!(
            a.dimensions(),
            [
                Dimension {
                    len: 2,
                    lower_bound: 0
                },
                Dimension {
                    len: 1,
                    lower_bound: 5
                }
            ]
        );
        assert_eq!(a.get(&[1, 5]), Some(&2));
    }
}
