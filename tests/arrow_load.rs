//! `load_from_arrow`, `select_to_arrow` and `copy_to_arrow` against pg15 and pg18: every mapped Arrow type
//! through a table and back, a million rows, failures that leave the table as it was (alone,
//! with overwrite, inside the caller's transaction), zero rows and empty batches, and
//! parameterised queries.

mod arrow_cases;
mod support;

use std::sync::Arc;

use arrow_array::builder::{
    BinaryDictionaryBuilder, Int32Builder, LargeListBuilder, MapBuilder, StringBuilder,
};
use arrow_array::types::Int32Type;
use arrow_array::*;
use arrow_schema::{DataType, Field, TimeUnit};
use futures_util::{StreamExt, TryStreamExt, stream};
use pgline::types::Type;
use pgline::{Client, ErrorKind, SqlState, batch_stream};

async fn connect(server: &support::Server) -> Client {
    let url = server.url(support::USER_TRUST, &[("sslmode", "disable")]);
    pgline::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", server.name))
}

async fn count(client: &Client, table: &str) -> i64 {
    client
        .query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .await
        .unwrap()
        .get(0)
}

async fn select_all(client: &Client, sql: &str) -> Vec<RecordBatch> {
    client
        .select_to_arrow(sql, &[], 1000)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap()
}

/// `rows` rows (id, id * 0.5, 'row <id>') with ids from `start`.
fn numbered(start: i64, rows: usize) -> RecordBatch {
    let ids: Vec<i64> = (start..start + rows as i64).collect();
    RecordBatch::try_from_iter([
        ("id", Arc::new(Int64Array::from(ids.clone())) as ArrayRef),
        (
            "x",
            Arc::new(Float64Array::from_iter_values(
                ids.iter().map(|&i| i as f64 * 0.5),
            )),
        ),
        (
            "note",
            Arc::new(StringArray::from_iter_values(
                ids.iter().map(|i| format!("row {i}")),
            )),
        ),
    ])
    .unwrap()
}

/// `total` numbered rows from id 0 in batches of `per_batch`, made as they are asked for.
fn lazily(
    total: usize,
    per_batch: usize,
) -> impl futures_util::Stream<Item = Result<RecordBatch, std::convert::Infallible>> {
    stream::iter((0..total).step_by(per_batch))
        .map(move |start| Ok(numbered(start as i64, per_batch.min(total - start))))
}

const NUMBERED: &str = "(id int8 PRIMARY KEY CHECK (id <> 500000), x float8, note text)";

async fn million_rows_load_and_read_back(server: support::Server) {
    let client = connect(&server).await;
    client
        .batch_execute("CREATE TEMP TABLE al_million (id int8 PRIMARY KEY, x float8, note text)")
        .await
        .unwrap();
    let loaded = client
        .load_from_arrow("al_million", lazily(1_000_000, 100_000), false)
        .await
        .unwrap();
    assert_eq!(loaded, 1_000_000, "{}", server.name);
    assert_eq!(count(&client, "al_million").await, 1_000_000);
    let sums = client
        .query_one(
            "SELECT sum(id)::int8, sum(x)::float8, max(note) FROM al_million",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(sums.get::<_, i64>(0), 499_999_500_000);
    assert_eq!(sums.get::<_, f64>(1), 249_999_750_000.0);
    assert_eq!(sums.get::<_, String>(2), "row 999999");

    let mut batches = client
        .select_to_arrow("SELECT id, note FROM al_million ORDER BY id;", &[], 300_000)
        .await
        .unwrap();
    let mut rows = Vec::new();
    let mut next_id = 0i64;
    while let Some(batch) = batches.next().await {
        let batch = batch.unwrap();
        rows.push(batch.num_rows());
        let ids = batch
            .column(0)
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap();
        let notes = batch
            .column(1)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        for (id, note) in ids.iter().zip(notes.iter()) {
            assert_eq!(id, Some(next_id));
            assert_eq!(note.unwrap(), format!("row {next_id}"));
            next_id += 1;
        }
    }
    assert_eq!(
        rows,
        [300_000, 300_000, 300_000, 100_000],
        "{}",
        server.name
    );
}

#[tokio::test]
async fn million_rows_load_and_read_back_pg15() {
    million_rows_load_and_read_back(support::pg15()).await;
}

#[tokio::test]
async fn million_rows_load_and_read_back_pg18() {
    million_rows_load_and_read_back(support::pg18()).await;
}

async fn failed_loads_leave_the_table_as_it_was(server: support::Server) {
    let client = connect(&server).await;
    client
        .batch_execute(&format!(
            "CREATE TEMP TABLE al_checked {NUMBERED}; \
             INSERT INTO al_checked VALUES (-1, 0, 'before'), (-2, 0, 'before')"
        ))
        .await
        .unwrap();
    let before = select_all(&client, "SELECT * FROM al_checked ORDER BY id").await;

    // Row 500,000 breaks the CHECK constraint, appending and overwriting alike.
    for overwrite in [false, true] {
        let e = client
            .load_from_arrow("al_checked", lazily(1_000_000, 100_000), overwrite)
            .await
            .unwrap_err();
        assert_eq!(
            e.code(),
            Some(&SqlState::CHECK_VIOLATION),
            "{} overwrite={overwrite}: {e}",
            server.name
        );
        assert_eq!(client.transaction_status(), pgline::TransactionStatus::Idle);
        let after = select_all(&client, "SELECT * FROM al_checked ORDER BY id").await;
        assert_eq!(after, before, "{} overwrite={overwrite}", server.name);
    }

    // A value the encoder refuses (u64 beyond int8) fails before the server sees it.
    let too_big = RecordBatch::try_from_iter([(
        "id",
        Arc::new(UInt64Array::from(vec![1, u64::MAX])) as ArrayRef,
    )])
    .unwrap();
    let e = client
        .load_from_arrow("al_checked", batch_stream([too_big]), true)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Conversion, "{e}");
    // A failing stream, after a good batch went out.
    let failing = stream::iter([
        Ok(numbered(10, 5)),
        Err(std::io::Error::other("the source broke")),
    ]);
    let e = client
        .load_from_arrow("al_checked", failing, true)
        .await
        .unwrap_err();
    assert!(format!("{e:?}").contains("the source broke"), "{e:?}");
    // A later batch with other columns.
    let other =
        RecordBatch::try_from_iter([("x", Arc::new(Float64Array::from(vec![1.0])) as ArrayRef)])
            .unwrap();
    let e = client
        .load_from_arrow("al_checked", batch_stream([numbered(10, 5), other]), true)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Usage, "{e}");
    // A column the table lacks.
    let stranger =
        RecordBatch::try_from_iter([("nope", Arc::new(Int64Array::from(vec![1])) as ArrayRef)])
            .unwrap();
    let e = client
        .load_from_arrow("al_checked", batch_stream([stranger]), true)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Usage, "{e}");
    assert_eq!(
        select_all(&client, "SELECT * FROM al_checked ORDER BY id").await,
        before
    );

    // Dropped half way (the future, mid-COPY): rolled back, the connection usable.
    {
        let load = client.load_from_arrow("al_checked", lazily(1_000_000, 50_000), true);
        let stopped = tokio::time::timeout(std::time::Duration::from_millis(300), load).await;
        assert!(
            stopped.is_err(),
            "{}: the load finished too soon",
            server.name
        );
    }
    assert_eq!(
        select_all(&client, "SELECT * FROM al_checked ORDER BY id").await,
        before
    );

    // Overwrite that works replaces the rows.
    let loaded = client
        .load_from_arrow("al_checked", batch_stream([numbered(100, 3)]), true)
        .await
        .unwrap();
    assert_eq!(loaded, 3);
    let ids: Vec<i64> = client
        .query("SELECT id FROM al_checked ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(ids, [100, 101, 102]);
}

#[tokio::test]
async fn failed_loads_leave_the_table_as_it_was_pg15() {
    failed_loads_leave_the_table_as_it_was(support::pg15()).await;
}

#[tokio::test]
async fn failed_loads_leave_the_table_as_it_was_pg18() {
    failed_loads_leave_the_table_as_it_was(support::pg18()).await;
}

async fn loads_in_a_transaction_use_a_savepoint(server: support::Server) {
    let client = connect(&server).await;
    client
        .batch_execute(&format!("CREATE TEMP TABLE al_tx {NUMBERED}"))
        .await
        .unwrap();
    let tx = client.transaction().await.unwrap();
    tx.execute("INSERT INTO al_tx VALUES (-1, 0, 'in tx')", &[])
        .await
        .unwrap();
    let e = tx
        .load_from_arrow("al_tx", batch_stream([numbered(499_990, 20)]), true)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(&SqlState::CHECK_VIOLATION), "{e}");
    // The transaction goes on, with what it had before the load.
    assert_eq!(count(&tx, "al_tx").await, 1, "{}", server.name);
    let loaded = tx
        .load_from_arrow("al_tx", batch_stream([numbered(0, 10)]), false)
        .await
        .unwrap();
    assert_eq!(loaded, 10);
    tx.rollback().await.unwrap();
    assert_eq!(count(&client, "al_tx").await, 0);

    // A transaction begun by hand (not through `transaction()`) is noticed too.
    client.batch_execute("BEGIN").await.unwrap();
    client
        .load_from_arrow("al_tx", batch_stream([numbered(0, 10)]), false)
        .await
        .unwrap();
    assert_eq!(
        client.transaction_status(),
        pgline::TransactionStatus::InTransaction
    );
    client.batch_execute("ROLLBACK").await.unwrap();
    assert_eq!(count(&client, "al_tx").await, 0);
}

#[tokio::test]
async fn loads_in_a_transaction_use_a_savepoint_pg15() {
    loads_in_a_transaction_use_a_savepoint(support::pg15()).await;
}

#[tokio::test]
async fn loads_in_a_transaction_use_a_savepoint_pg18() {
    loads_in_a_transaction_use_a_savepoint(support::pg18()).await;
}

/// The DDL name of a case's column type.
fn ddl_type(ty: &Type, typmod: i32) -> String {
    if *ty == Type::NUMERIC && typmod >= 4 {
        let t = typmod - 4;
        return format!("numeric({}, {})", t >> 16, t & 0xffff);
    }
    ty.name().to_owned()
}

/// The Arrow types `arrow_cases` does not cover, with what comes back.
fn more_cases() -> Vec<(ArrayRef, Type, ArrayRef)> {
    let text = |s: &str| -> ArrayRef { Arc::new(StringArray::from(vec![s])) };
    let bytes = |b: &[u8]| -> ArrayRef { Arc::new(BinaryArray::from(vec![b])) };
    let mut large_list = LargeListBuilder::new(Int32Builder::new());
    large_list.append_value([Some(4), None]);
    let mut int_list = arrow_array::builder::ListBuilder::new(Int32Builder::new());
    int_list.append_value([Some(4), None]);
    let mut dict = BinaryDictionaryBuilder::<Int32Type>::new();
    dict.append_value(b"\x00\x01");
    let mut map = MapBuilder::new(None, StringBuilder::new(), Int32Builder::new());
    map.keys().append_value("k");
    map.values().append_value(1);
    map.append(true).unwrap();
    let strukt = StructArray::from(vec![
        (
            Arc::new(Field::new("a", DataType::Int32, true)),
            Arc::new(Int32Array::from(vec![7])) as ArrayRef,
        ),
        (
            Arc::new(Field::new("b", DataType::Utf8, true)),
            Arc::new(StringArray::from(vec!["x"])) as ArrayRef,
        ),
    ]);
    let ts_micros = 1_700_000_000_000_000i64;
    vec![
        (
            Arc::new(UInt8Array::from(vec![255])),
            Type::INT2,
            Arc::new(Int16Array::from(vec![255])),
        ),
        (
            Arc::new(UInt16Array::from(vec![65_535])),
            Type::INT4,
            Arc::new(Int32Array::from(vec![65_535])),
        ),
        (
            Arc::new(Float16Array::from(vec![half::f16::from_f32(1.5)])),
            Type::FLOAT4,
            Arc::new(Float32Array::from(vec![1.5])),
        ),
        (
            Arc::new(LargeBinaryArray::from(vec![&b"\xffab"[..]])),
            Type::BYTEA,
            bytes(b"\xffab"),
        ),
        (
            Arc::new(BinaryViewArray::from(vec![&b"view bytes"[..]])),
            Type::BYTEA,
            bytes(b"view bytes"),
        ),
        (
            Arc::new(FixedSizeBinaryArray::try_from_iter([[1u8, 2, 3]].into_iter()).unwrap()),
            Type::BYTEA,
            bytes(&[1, 2, 3]),
        ),
        (Arc::new(dict.finish()), Type::BYTEA, bytes(&[0, 1])),
        (
            Arc::new(TimestampSecondArray::from(vec![1_700_000_000]).with_timezone("+02:00")),
            Type::TIMESTAMPTZ,
            Arc::new(TimestampMicrosecondArray::from(vec![ts_micros]).with_timezone("UTC")),
        ),
        (
            Arc::new(TimestampNanosecondArray::from(vec![ts_micros * 1000 + 999])),
            Type::TIMESTAMP,
            Arc::new(TimestampMicrosecondArray::from(vec![ts_micros])),
        ),
        (
            Arc::new(Time64NanosecondArray::from(vec![3_600_000_000_001])),
            Type::TIME,
            Arc::new(Time64MicrosecondArray::from(vec![3_600_000_000])),
        ),
        (
            Arc::new(DurationMillisecondArray::from(vec![-1_500])),
            Type::INTERVAL,
            Arc::new(IntervalMonthDayNanoArray::from(vec![
                arrow_buffer::IntervalMonthDayNano::new(0, 0, -1_500_000_000),
            ])),
        ),
        (
            Arc::new(large_list.finish()),
            Type::INT4_ARRAY,
            Arc::new(int_list.finish()),
        ),
        (Arc::new(strukt), Type::JSONB, text(r#"{"a": 7, "b": "x"}"#)),
        (Arc::new(map.finish()), Type::JSONB, text(r#"{"k": 1}"#)),
        (
            Arc::new(
                Decimal128Array::from(vec![-12345])
                    .with_precision_and_scale(9, 2)
                    .unwrap(),
            ),
            Type::NUMERIC,
            text("-123.45"),
        ),
    ]
}

/// Loads `input` (then a NULL of its type, then an empty batch) into a one-column table of
/// `ddl` and reads it back.
async fn round_trip(client: &Client, n: usize, input: &ArrayRef, ddl: &str) -> ArrayRef {
    let table = format!("al_type_{n}");
    client
        .batch_execute(&format!("CREATE TEMP TABLE {table} (i int4, c {ddl})"))
        .await
        .unwrap();
    let rows = input.len();
    let batch = |i: Vec<i32>, c: ArrayRef| {
        RecordBatch::try_from_iter([("i", Arc::new(Int32Array::from(i)) as ArrayRef), ("c", c)])
            .unwrap()
    };
    let batches = [
        batch((0..rows as i32).collect(), input.clone()),
        batch(vec![rows as i32], new_null_array(input.data_type(), 1)),
        batch(vec![], input.slice(0, 0)),
    ];
    let loaded = client
        .load_from_arrow(&table, batch_stream(batches), false)
        .await
        .unwrap_or_else(|e| panic!("{} into {ddl}: {e}", input.data_type()));
    assert_eq!(loaded, rows as u64 + 1);
    let sql = format!("SELECT c FROM {table} ORDER BY i");
    let back = select_all(client, &sql).await;
    // Binary COPY decodes to the same batches as the query's rows.
    let copied: Vec<RecordBatch> = client
        .copy_to_arrow(&sql, 1000)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(copied, back, "{ddl}: COPY and rows decode differently");
    assert_eq!(back.len(), 1);
    let column = back[0].column(0).clone();
    assert_eq!(column.len(), rows + 1);
    assert!(column.is_null(rows), "{ddl}: the NULL came back as a value");
    column.slice(0, rows)
}

async fn every_arrow_type_through_a_table(server: support::Server) {
    let client = connect(&server).await;
    let mut n = 0;
    for case in arrow_cases::cases() {
        n += 1;
        let ddl = ddl_type(&case.ty, case.typmod);
        let got = round_trip(&client, n, &case.input, &ddl).await;
        let want = case.decoded.clone().unwrap_or(case.input.clone());
        assert_eq!(
            got.as_ref(),
            want.as_ref(),
            "{}: {} through {ddl}",
            server.name,
            case.input.data_type()
        );
    }
    for (input, ty, want) in more_cases() {
        n += 1;
        let got = round_trip(&client, n, &input, ty.name()).await;
        assert_eq!(
            got.as_ref(),
            want.as_ref(),
            "{}: {} through {ty}",
            server.name,
            input.data_type()
        );
    }
}

#[tokio::test]
async fn every_arrow_type_through_a_table_pg15() {
    every_arrow_type_through_a_table(support::pg15()).await;
}

#[tokio::test]
async fn every_arrow_type_through_a_table_pg18() {
    every_arrow_type_through_a_table(support::pg18()).await;
}

async fn zero_rows_and_parameters(server: support::Server) {
    let client = connect(&server).await;
    client
        .batch_execute(&format!(
            "CREATE TEMP TABLE al_zero {NUMBERED}; INSERT INTO al_zero VALUES (1, 1, 'one')"
        ))
        .await
        .unwrap();
    // No batches at all: nothing to do, even the table stays.
    let none: Vec<RecordBatch> = Vec::new();
    assert_eq!(
        client
            .load_from_arrow("al_zero", batch_stream(none.clone()), false)
            .await
            .unwrap(),
        0
    );
    assert_eq!(count(&client, "al_zero").await, 1);
    // Empty batches copy nothing.
    let empty = numbered(0, 0);
    assert_eq!(
        client
            .load_from_arrow(
                "al_zero",
                batch_stream([empty.clone(), empty.clone()]),
                false
            )
            .await
            .unwrap(),
        0
    );
    assert_eq!(count(&client, "al_zero").await, 1);
    // Overwrite with nothing empties the table.
    assert_eq!(
        client
            .load_from_arrow("al_zero", batch_stream(none), true)
            .await
            .unwrap(),
        0
    );
    assert_eq!(count(&client, "al_zero").await, 0);

    // A query without rows gives one empty batch with the schema.
    let batches = select_all(&client, "SELECT id, note FROM al_zero").await;
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].num_rows(), 0);
    assert_eq!(batches[0].schema().field(0).data_type(), &DataType::Int64);
    assert_eq!(batches[0].schema().field(1).name(), "note");

    // Parameters go through the extended protocol, typed by the server, batch by batch.
    client
        .load_from_arrow("al_zero", lazily(2_500, 1_000), false)
        .await
        .unwrap();
    let batches: Vec<RecordBatch> = client
        .select_to_arrow(
            "SELECT id, note, $2::timestamptz AS at FROM al_zero WHERE id >= $1 ORDER BY id",
            &[&500i64, &std::time::UNIX_EPOCH],
            700,
        )
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = batches.iter().map(RecordBatch::num_rows).collect();
    assert_eq!(sizes, [700, 700, 600], "{}", server.name);
    assert_eq!(
        batches[0].schema().field(2).data_type(),
        &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    );
    let first = batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<Int64Array>()
        .unwrap();
    assert_eq!(first.value(0), 500);
    // Without matches: one empty batch.
    let batches: Vec<RecordBatch> = client
        .select_to_arrow("SELECT id FROM al_zero WHERE id < $1", &[&0i64], 10)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].num_rows(), 0);

    // A query COPY cannot run is a server error; the connection goes on.
    let e = client
        .select_to_arrow("SELECT * FROM al_missing", &[], 10)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(&SqlState::UNDEFINED_TABLE), "{e}");
    assert_eq!(count(&client, "al_zero").await, 2_500);
}

#[tokio::test]
async fn zero_rows_and_parameters_pg15() {
    zero_rows_and_parameters(support::pg15()).await;
}

#[tokio::test]
async fn zero_rows_and_parameters_pg18() {
    zero_rows_and_parameters(support::pg18()).await;
}
