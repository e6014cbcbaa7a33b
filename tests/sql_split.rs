//! Scripts split by `pgline::sql::split_statements` and run one statement at a time (extended
//! protocol, which takes one statement per Parse) against pg15 and pg18: `DO` blocks with
//! plain and tagged dollar quotes, a `BEGIN ATOMIC` function body with `CASE ... END`, and
//! `E'\''` strings holding semicolons stay whole.

mod support;

use pgline::sql::split_statements;

const SCRIPT: &str = r#"
CREATE TEMP TABLE split_t (id int, note text);
DO $$
BEGIN
  INSERT INTO split_t VALUES (1, 'a;b');
END
$$;
DO $body$ BEGIN INSERT INTO split_t VALUES (2, $$x;$$); END $body$;
-- a comment; with a semicolon
CREATE FUNCTION pg_temp.f(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN x > 0 THEN x ELSE CASE WHEN x = 0 THEN 0 ELSE -x END END;
END;
INSERT INTO split_t VALUES (3, E'\';'), (pg_temp.f(-4), 'it''s; ok'), (5, E'\\');
/* trailing; comment */
"#;

#[tokio::test]
async fn split_scripts_run_statement_by_statement() {
    let statements = split_statements(SCRIPT);
    assert_eq!(statements.len(), 5, "{statements:#?}");
    assert!(statements[3].ends_with("END;\nEND"), "{}", statements[3]);
    for server in support::tls_servers() {
        let client = pgline::connect(&server.url("pgline_trust", &[("sslmode", "disable")]))
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", server.name));
        for statement in &statements {
            // `execute` sends Parse, which takes exactly one statement: a wrong split fails.
            client
                .execute(*statement, &[])
                .await
                .unwrap_or_else(|e| panic!("{}: {e:#}\n{statement}", server.name));
        }
        let rows = client
            .query("SELECT id, note FROM split_t ORDER BY id", &[])
            .await
            .unwrap();
        let got: Vec<(i32, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        let want = [(1, "a;b"), (2, "x;"), (3, "';"), (4, "it's; ok"), (5, "\\")];
        assert_eq!(got, want.map(|(i, s)| (i, s.to_owned())), "{}", server.name);
    }
}
