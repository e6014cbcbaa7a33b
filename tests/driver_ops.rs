//! The driver's session operations against pg15 and pg18: every select form with zero, one and
//! many rows, DML with RETURNING, CALL with OUT parameters, SHOW, parameter styles, scripts and
//! execute_many.

mod support;

use pgline::types::SqlParam;
use pgline::{Database, ErrorKind, FromRow, Row, Session};

async fn database(server: &support::Server) -> Database {
    Database::builder(&server.url(support::USER_TRUST, &[("sslmode", "disable")]))
        .unwrap()
        .settings(|s| {
            s.pool_min_size = 0;
            s.pool_max_size = 2;
        })
        .build()
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

async fn session(server: &support::Server) -> Session {
    database(server)
        .await
        .session()
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

fn servers() -> [support::Server; 2] {
    [support::pg15(), support::pg18()]
}

/// A table of `n` rows (1..=n, 'row i') in this session.
async fn numbers(s: &Session, n: i32) {
    s.execute_script(
        "DROP TABLE IF EXISTS nums; CREATE TEMP TABLE nums (id int PRIMARY KEY, name text)",
    )
    .await
    .unwrap();
    s.execute(
        "INSERT INTO nums SELECT i, 'row ' || i FROM generate_series(1, $1) i",
        &[&n],
    )
    .await
    .unwrap();
}

/// Named parameters from a struct.
#[derive(pgline::ToParams)]
struct Pair {
    a: i32,
    b: i32,
}

/// A struct read by position through FromRow, as a derive would by name.
#[derive(Debug, PartialEq)]
struct Num {
    id: i32,
    name: String,
}

impl FromRow for Num {
    fn from_row(row: &Row) -> Result<Num, pgline::Error> {
        Ok(Num {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
        })
    }
}

#[tokio::test]
async fn select_forms_with_zero_one_and_many_rows() {
    for server in servers() {
        let s = session(&server).await;
        numbers(&s, 3).await;
        let q = "SELECT id, name FROM nums WHERE id <= $1 ORDER BY id";
        for (limit, count) in [(0i32, 0usize), (1, 1), (3, 3)] {
            let all: Vec<Num> = s.select(q, &[&limit]).await.unwrap();
            assert_eq!(all.len(), count, "{}", server.name);
            let one = s.select_one::<Num>(q, &[&limit]).await;
            let opt = s.select_one_or_none::<(i32, String)>(q, &[&limit]).await;
            let value = s.select_value::<i32>(q, &[&limit]).await;
            let value_opt = s.select_value_or_none::<i32>(q, &[&limit]).await;
            match count {
                0 => {
                    assert_eq!(one.unwrap_err().kind(), ErrorKind::NotFound);
                    assert_eq!(opt.unwrap(), None);
                    assert_eq!(value.unwrap_err().kind(), ErrorKind::NotFound);
                    assert_eq!(value_opt.unwrap(), None);
                }
                1 => {
                    let want = Num {
                        id: 1,
                        name: "row 1".into(),
                    };
                    assert_eq!(one.unwrap(), want);
                    assert_eq!(opt.unwrap(), Some((1, "row 1".to_owned())));
                    assert_eq!(value.unwrap(), 1);
                    assert_eq!(value_opt.unwrap(), Some(1));
                }
                _ => {
                    assert_eq!(all[2].name, "row 3");
                    assert_eq!(one.unwrap_err().kind(), ErrorKind::MultipleResultsFound);
                    assert_eq!(opt.unwrap_err().kind(), ErrorKind::MultipleResultsFound);
                    assert_eq!(value.unwrap_err().kind(), ErrorKind::MultipleResultsFound);
                    assert_eq!(
                        value_opt.unwrap_err().kind(),
                        ErrorKind::MultipleResultsFound
                    );
                }
            }
        }
        let null: Option<i32> = s.select_value("SELECT NULL::int4", &[]).await.unwrap();
        assert_eq!(null, None);
    }
}

#[tokio::test]
async fn rows_come_from_what_the_server_describes_not_from_the_sql_text() {
    for server in servers() {
        let s = session(&server).await;
        numbers(&s, 4).await;
        let inserted: Vec<(i32, String)> = s
            .select(
                "INSERT INTO nums VALUES ($1, 'five') RETURNING id, name",
                &[&5i32],
            )
            .await
            .unwrap();
        assert_eq!(inserted, vec![(5, "five".to_owned())]);
        let deleted: Vec<i32> = s
            .select(
                "WITH gone AS (DELETE FROM nums WHERE id > 3 RETURNING id) \
                 SELECT id FROM gone ORDER BY id",
                &[],
            )
            .await
            .unwrap()
            .into_iter()
            .map(|(id,): (i32,)| id)
            .collect();
        assert_eq!(deleted, vec![4, 5]);
        let direct: Vec<(i32,)> = s
            .select("DELETE FROM nums WHERE id = ? RETURNING id", &[&3i32])
            .await
            .unwrap();
        assert_eq!(direct, vec![(3,)]);
        // A command without RETURNING: no rows through select, its count through execute.
        let none: Vec<Row> = s
            .select("UPDATE nums SET name = 'x' WHERE id = $1", &[&1i32])
            .await
            .unwrap();
        assert!(none.is_empty());
        assert_eq!(
            s.execute("UPDATE nums SET name = 'y'", &[]).await.unwrap(),
            2
        );
        // RETURNING through execute: the rows are read and dropped, the count kept.
        assert_eq!(
            s.execute("UPDATE nums SET name = 'z' RETURNING id", &[])
                .await
                .unwrap(),
            2
        );
        // SHOW describes a row both ways.
        let tz: String = s.select_value("SHOW client_encoding", &[]).await.unwrap();
        assert_eq!(tz, "UTF8");
        assert_eq!(s.execute("SHOW client_encoding", &[]).await.unwrap(), 0);
        // CALL with OUT (INOUT) parameters returns a row.
        s.execute(
            "CREATE OR REPLACE PROCEDURE pg_temp.double_it(INOUT n int, OUT label text) \
             LANGUAGE plpgsql AS $$ BEGIN n := n * 2; label := 'doubled'; END $$",
            &[],
        )
        .await
        .unwrap();
        let (n, label): (i32, String) = s
            .select_one("CALL pg_temp.double_it($1, NULL)", &[&21i32])
            .await
            .unwrap();
        assert_eq!((n, label.as_str()), (42, "doubled"));
    }
}

#[tokio::test]
async fn every_parameter_style_binds_and_quotes_comments_casts_and_operators_are_left_alone() {
    for server in servers() {
        let s = session(&server).await;
        let cases: [(&str, &[&(dyn SqlParam + Sync)]); 7] = [
            ("SELECT $1::int4 + $2::int4", &[&1i32, &2i32]),
            ("SELECT ?::int4 + ?::int4", &[&1i32, &2i32]),
            ("SELECT :1::int4 + :2::int4", &[&1i32, &2i32]),
            ("SELECT %s::int4 + %s::int4", &[&1i32, &2i32]),
            ("SELECT :a::int4 + :b::int4", &[&1i32, &2i32]),
            ("SELECT %(a)s::int4 + %(b)s::int4", &[&1i32, &2i32]),
            ("SELECT @a::int4 + @b::int4", &[&1i32, &2i32]),
        ];
        for (sql, params) in cases {
            let n: i32 = s
                .select_value(sql, params)
                .await
                .unwrap_or_else(|e| panic!("{}: {sql}: {e}", server.name));
            assert_eq!(n, 3, "{sql}");
        }
        // A repeated name is one parameter.
        let n: i32 = s
            .select_value("SELECT :a::int4 * :a::int4 + :b::int4", &[&3i32, &1i32])
            .await
            .unwrap();
        assert_eq!(n, 10);
        // Strings, comments, dollar quotes, casts and jsonb operators hold no placeholders.
        let row: (String, String, bool, bool, String, i32) = s
            .select_one(
                "SELECT 'what? :no %s $1' AS a, -- a comment? :x\n\
                 $q$ still? :y $q$::text AS b, /* nested /* ? */ :z */ \
                 '{\"a\":1,\"b\":2}'::jsonb ?| array['a'] AS c, \
                 '{\"a\":1}'::jsonb ?& array['a', 'b'] AS d, \
                 E'it\\'s ?' AS e, ?::int4 AS f",
                &[&7i32],
            )
            .await
            .unwrap();
        assert_eq!(
            row,
            (
                "what? :no %s $1".to_owned(),
                " still? :y ".to_owned(),
                true,
                false,
                "it's ?".to_owned(),
                7
            )
        );
        // Without parameters, jsonb's bare `?` is the operator.
        let has: bool = s
            .select_value("SELECT '{\"a\":1}'::jsonb ? 'a'", &[])
            .await
            .unwrap();
        assert!(has);
        // With them, `??` writes it in the `?` style.
        let has: bool = s
            .select_value("SELECT '{\"a\":1}'::jsonb ?? ?", &[&"a"])
            .await
            .unwrap();
        assert!(has);
        // Named values by name.
        let (a, b) = (5i32, 2i32);
        let q = s
            .named(
                "SELECT :a::int4 - :b::int4",
                [
                    ("b", &b as &(dyn SqlParam + Sync)),
                    ("a", &a as &(dyn SqlParam + Sync)),
                ],
            )
            .unwrap();
        let n: i32 = s.select_value(q.sql(), q.params()).await.unwrap();
        assert_eq!(n, 3);
        // From a derived struct and from a map; a name without a value, or a value the
        // statement does not use, is refused before anything is sent.
        let pair = Pair { a, b };
        let q = s
            .named_from("SELECT %(a)s::int4 * %(b)s::int4 + %(a)s::int4", &pair)
            .unwrap();
        let n: i32 = s.select_value(q.sql(), q.params()).await.unwrap();
        assert_eq!(n, 15);
        let map = std::collections::HashMap::from([("a", 9i32), ("b", 4i32)]);
        let q = s.named_from("SELECT @a::int4 - @b::int4", &map).unwrap();
        let n: i32 = s.select_value(q.sql(), q.params()).await.unwrap();
        assert_eq!(n, 5);
        let e = s.named_from("SELECT :a::int4", &pair).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Usage, "{e:?}");
        let e = s.named_from("SELECT :a, :b, :c", &pair).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Usage, "{e:?}");
        // A wrong count is refused before anything is sent.
        let e = s
            .select_value::<i32>("SELECT ?::int4 + ?::int4", &[&1i32])
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Usage);
    }
}

#[tokio::test]
async fn scripts_keep_do_blocks_and_escaped_strings_whole() {
    for server in servers() {
        let s = session(&server).await;
        let results = s
            .execute_script(
                "CREATE TEMP TABLE script_t (s text);\n\
                 INSERT INTO script_t VALUES (E'a\\'; b'), ('c;d');\n\
                 DO $$ BEGIN INSERT INTO script_t VALUES ('from do; block'); END $$;\n\
                 -- a comment; with a semicolon\n\
                 UPDATE script_t SET s = s || '!' WHERE s LIKE '%;%';",
            )
            .await
            .unwrap();
        assert_eq!(results.len(), 4, "{results:?}");
        assert_eq!(results[1].rows_affected, 2);
        assert!(results[2].statement.starts_with("DO $$"));
        assert_eq!(results[3].rows_affected, 3);
        let all: Vec<(String,)> = s
            .select("SELECT s FROM script_t ORDER BY s", &[])
            .await
            .unwrap();
        assert_eq!(
            all,
            vec![
                ("a'; b!".to_owned(),),
                ("c;d!".to_owned(),),
                ("from do; block!".to_owned(),)
            ]
        );
        let e = s
            .execute_script("SELECT 1; SELECT * FROM no_such_table; SELECT 3")
            .await
            .unwrap_err();
        assert_eq!(e.operation(), Some(1));
        assert_eq!(e.kind(), ErrorKind::Db);
    }
}

#[tokio::test]
async fn execute_many_is_one_atomic_flight() {
    for server in servers() {
        let s = session(&server).await;
        s.execute("CREATE TEMP TABLE many_t (id int PRIMARY KEY, v text)", &[])
            .await
            .unwrap();
        let ids: Vec<i32> = (1..=5).collect();
        let names: Vec<String> = ids.iter().map(|i| format!("v{i}")).collect();
        let sets: Vec<[&(dyn SqlParam + Sync); 2]> = ids
            .iter()
            .zip(&names)
            .map(|(i, n)| [i as &(dyn SqlParam + Sync), n as &(dyn SqlParam + Sync)])
            .collect();
        let n = s
            .execute_many("INSERT INTO many_t VALUES (?, ?)", &sets)
            .await
            .unwrap();
        assert_eq!(n, 5);
        // A duplicate in the third set: nothing of the batch stays.
        let again: Vec<[&(dyn SqlParam + Sync); 2]> = vec![
            [&10i32, &"a"],
            [&11i32, &"b"],
            [&1i32, &"dup"],
            [&12i32, &"c"],
        ];
        let e = s
            .execute_many("INSERT INTO many_t VALUES (:id, :v)", &again)
            .await
            .unwrap_err();
        assert_eq!(e.operation(), Some(2));
        let count: i64 = s
            .select_value("SELECT count(*) FROM many_t", &[])
            .await
            .unwrap();
        assert_eq!(count, 5);
        let empty: Vec<[&(dyn SqlParam + Sync); 2]> = Vec::new();
        assert_eq!(
            s.execute_many("INSERT INTO many_t VALUES ($1, $2)", &empty)
                .await
                .unwrap(),
            0
        );
    }
}

#[tokio::test]
async fn long_statements_run_uncached_and_the_pool_takes_the_cache_settings() {
    for server in servers() {
        let db = Database::builder(&server.url(support::USER_TRUST, &[("sslmode", "disable")]))
            .unwrap()
            .settings(|s| {
                s.pool_min_size = 0;
                s.pool_max_size = 1;
                s.max_cacheable_statement_size = Some(64);
            })
            .build()
            .await
            .unwrap();
        let s = db.session().await.unwrap();
        let short = "SELECT $1::int4";
        let long = format!("SELECT $1::int4 /* {} */", "x".repeat(100));
        for _ in 0..3 {
            let _: i32 = s.select_value(short, &[&1i32]).await.unwrap();
            let _: i32 = s.select_value(&long, &[&1i32]).await.unwrap();
        }
        let stats = s.client().statement_cache_stats();
        assert_eq!(stats.len, 1, "{}: {stats:?}", server.name);
        assert_eq!(stats.capacity, 100);
        // Nothing named was left on the server for the long text.
        let prepared: i64 = s
            .select_value(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%xxxx%'",
                &[],
            )
            .await
            .unwrap();
        assert_eq!(prepared, 0);
    }
}
