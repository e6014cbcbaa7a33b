//! pgvector's `vector`, `halfvec` and `sparsevec` against the real extension (the `vector`
//! server, TLS off): literals decoded, parameter round trips compared byte for byte and by the
//! extension's own text, types found by name (their OIDs vary), arrays, domains and a table.

mod support;

use pgline::Client;
use pgline::types::{HalfVector, Kind, SparseVector, Vector};

async fn connect() -> Client {
    let server = support::vector();
    let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
    pgline::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

/// `SELECT <literal>` and `SELECT $1::<type>` of its decoded value: same bytes, same text.
async fn round_trip<T>(client: &Client, literal: &str, cast: &str) -> T
where
    T: for<'a> pgline::types::FromSql<'a> + pgline::types::ToSql + PartialEq + std::fmt::Debug,
{
    let row = client
        .query_one(&format!("SELECT {literal}, format('%s', {literal})"), &[])
        .await
        .unwrap_or_else(|e| panic!("{literal}: {e}"));
    let value: T = row.get(0);
    let back = client
        .query_one(
            &format!("SELECT $1::{cast}, format('%s', $1::{cast})"),
            &[&value],
        )
        .await
        .unwrap_or_else(|e| panic!("{literal}: {e}"));
    assert_eq!(
        back.raw_value(0).unwrap(),
        row.raw_value(0).unwrap(),
        "{literal}"
    );
    assert_eq!(back.get::<_, &str>(1), row.get::<_, &str>(1), "{literal}");
    assert_eq!(back.get::<_, T>(0), value, "{literal}");
    value
}

#[tokio::test]
async fn pgvector_types_are_found_by_name() {
    let client = connect().await;
    let row = client
        .query_one(
            "SELECT '[1]'::vector, '[1]'::halfvec, '{}/1'::sparsevec, \
             (SELECT array_agg(oid::int8 ORDER BY typname) FROM pg_type \
              WHERE typname IN ('halfvec', 'sparsevec', 'vector'))",
            &[],
        )
        .await
        .unwrap();
    let oids: Vec<i64> = row.get(3);
    for (column, name) in row.columns()[..3]
        .iter()
        .zip(["vector", "halfvec", "sparsevec"])
    {
        let ty = column.type_();
        assert_eq!(ty.name(), name);
        assert_eq!(ty.kind(), &Kind::Simple);
        assert!(oids.contains(&i64::from(ty.oid())), "{name}: {}", ty.oid());
        // Not a built-in OID: resolved from pg_type.
        assert!(pgline::types::Type::from_oid(ty.oid()).is_none());
    }
}

#[tokio::test]
async fn pgvector_vector_literals_and_parameters_round_trip() {
    let client = connect().await;
    let v: Vector = round_trip(&client, "'[1,2.5,-3]'::vector", "vector").await;
    assert_eq!(v.as_slice(), [1.0, 2.5, -3.0]);
    let v: Vector = round_trip(&client, "'[0.1,-0,3.4028235e38,1e-45]'::vector", "vector").await;
    assert_eq!(v.as_slice()[0], 0.1f32);
    assert!(v.as_slice()[1].is_sign_negative());
    assert_eq!(v.as_slice()[2], f32::MAX);
    // The most dimensions pgvector allows.
    let big: Vector = round_trip(
        &client,
        "array_fill(0.5::real, ARRAY[16000])::vector",
        "vector",
    )
    .await;
    assert_eq!(big.as_slice().len(), 16000);
    // Our value sent, the extension's text back.
    let row = client
        .query_one(
            "SELECT $1::vector::text, $1::vector <-> '[0,0,0]'",
            &[&Vector::from(vec![3.0, 4.0, 0.0])],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, &str>(0), "[3,4,0]");
    assert_eq!(row.get::<_, f64>(1), 5.0);
    // NaN is refused before it is sent, as pgvector would refuse it.
    let err = client
        .query_one("SELECT $1::vector", &[&Vector::from(vec![f32::NAN])])
        .await
        .unwrap_err();
    assert_eq!(err.kind(), pgline::ErrorKind::Conversion);
}

#[tokio::test]
async fn pgvector_halfvec_literals_and_parameters_round_trip() {
    let client = connect().await;
    let h: HalfVector = round_trip(&client, "'[1,0.5,-2]'::halfvec", "halfvec").await;
    assert_eq!(h.as_bits(), [0x3c00, 0x3800, 0xc000]);
    // Values that binary16 rounds: the server rounds them as we do.
    let h: HalfVector =
        round_trip(&client, "'[0.1,65504,-6e-8,0.333333]'::halfvec", "halfvec").await;
    let ours = HalfVector::from_f32_slice(&[0.1, 65504.0, -6e-8, 0.333_333]).unwrap();
    assert_eq!(h, ours);
    let row = client
        .query_one("SELECT $1::halfvec::text", &[&ours])
        .await
        .unwrap();
    let text: &str = row.get(0);
    let server: Vec<f32> = text
        .trim_matches(['[', ']'])
        .split(',')
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(server, ours.to_f32_vec());
}

#[tokio::test]
async fn pgvector_sparsevec_literals_and_parameters_round_trip() {
    let client = connect().await;
    let s: SparseVector = round_trip(&client, "'{1:1.5,3:-2}/5'::sparsevec", "sparsevec").await;
    assert_eq!(s.dim(), 5);
    assert_eq!(s.indices(), [0, 2]);
    assert_eq!(s.values(), [1.5, -2.0]);
    assert_eq!(s.to_dense(), [1.5, 0.0, -2.0, 0.0, 0.0]);
    let empty: SparseVector = round_trip(&client, "'{}/3'::sparsevec", "sparsevec").await;
    assert_eq!(empty.to_dense(), [0.0; 3]);
    let dense = SparseVector::from_dense(&[0.0, 0.0, 7.0, 0.0]);
    let row = client
        .query_one(
            "SELECT $1::sparsevec::text, $1::sparsevec::vector::text",
            &[&dense],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, &str>(0), "{3:7}/4");
    assert_eq!(row.get::<_, &str>(1), "[0,0,7,0]");
}

#[tokio::test]
async fn pgvector_arrays_domains_and_table_columns() {
    let client = connect().await;
    client
        .batch_execute(
            "CREATE DOMAIN pg_temp.embedding AS vector(3);
             CREATE TEMP TABLE items (id int4, e pg_temp.embedding, h halfvec(2), s sparsevec)",
        )
        .await
        .unwrap();
    let row = client
        .query_one(
            "SELECT ARRAY['[1,2]'::vector, NULL, '[3,4]'], '{\"[1]\",NULL}'::halfvec[], \
             ARRAY['{1:1}/2'::sparsevec]",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.columns()[0].type_().name(), "_vector");
    assert_eq!(
        row.get::<_, Vec<Option<Vector>>>(0),
        [
            Some(Vector::from(vec![1.0, 2.0])),
            None,
            Some(Vector::from(vec![3.0, 4.0]))
        ]
    );
    assert_eq!(row.get::<_, Vec<Option<HalfVector>>>(1).len(), 2);
    assert_eq!(row.get::<_, Vec<SparseVector>>(2)[0].to_dense(), [1.0, 0.0]);
    let vectors = vec![Vector::from(vec![0.5]), Vector::from(vec![-0.5, 1.0])];
    let row = client
        .query_one(
            "SELECT $1::vector[], array_length($1::vector[], 1)",
            &[&vectors],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, Vec<Vector>>(0), vectors);
    assert_eq!(row.get::<_, i32>(1), 2);

    // A domain over vector, and typed table columns.
    let insert = client
        .prepare("INSERT INTO items VALUES ($1, $2, $3, $4)")
        .await
        .unwrap();
    assert_eq!(insert.params()[1].name(), "embedding");
    for (id, e) in [
        (1i32, [1.0f32, 0.0, 0.0]),
        (2, [0.0, 1.0, 0.0]),
        (3, [0.9, 0.1, 0.0]),
    ] {
        let h = HalfVector::from_f32_slice(&e[..2]).unwrap();
        let s = SparseVector::from_dense(&e);
        client
            .execute(&insert, &[&id, &Vector::from(e.to_vec()), &h, &s])
            .await
            .unwrap();
    }
    let rows = client
        .query(
            "SELECT id, e, h, s FROM items ORDER BY e <-> $1 LIMIT 2",
            &[&Vector::from(vec![1.0, 0.0, 0.0])],
        )
        .await
        .unwrap();
    let ids: Vec<i32> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(ids, [1, 3]);
    assert_eq!(rows[1].get::<_, Vector>("e").as_slice(), [0.9, 0.1, 0.0]);
    assert_eq!(rows[1].get::<_, SparseVector>("s").indices(), [0, 1]);
    // Dimensions the column does not allow are the server's error.
    let err = client
        .execute(
            &insert,
            &[
                &4i32,
                &Vector::from(vec![1.0]),
                &HalfVector::from_f32_slice(&[1.0, 2.0]).unwrap(),
                &SparseVector::from_dense(&[1.0]),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), pgline::ErrorKind::Db);
}
