//! Codec benchmark: pgline's wire codec against postgres-protocol (the codec under
//! tokio-postgres), same work, same run.
//!
//! - parse: 10,000 DataRow messages of 8 columns in one read buffer; split every frame, parse
//!   the row, visit every field. pgline is measured two ways: `split_frame` per message (the
//!   same shape as postgres-protocol's `Message::parse`) and the connection task's path
//!   (`frame_header` scan, one `split_to` for the run, then `Frames`).
//! - encode: 10,000 Bind + Execute pairs (3 parameters: int4, text, NULL; binary formats).
//!
//! `cargo bench -p pgline-benches --bench codec` runs criterion. For instruction counts (the
//! machine is noisy), `CODEC_BENCH_ONLY=<workload>` runs one workload 20 times without
//! criterion, each run inside an `#[inline(never)]` fn named `run_<workload>` for callgrind's
//! `--toggle-collect`; see BENCHMARKS.md for the exact commands.

use std::hint::black_box;

use bytes::{BufMut, Bytes, BytesMut};
use criterion::{BatchSize, Criterion, Throughput, criterion_group};
use fallible_iterator::FallibleIterator;
use pgline::protocol::backend::{self, DataRow};
use pgline::protocol::{
    DEFAULT_MAX_MESSAGE_LEN, Format, Frames, IsNull, frame_header, frontend, split_frame,
};
use postgres_protocol::message::backend::Message;
use postgres_protocol::message::frontend as pp_frontend;

const ROWS: usize = 10_000;
const PAIRS: usize = 10_000;

/// 10,000 DataRows of 8 columns: int4, int8, float8 (binary), two short texts, a NULL, a uuid,
/// a timestamp.
fn data_rows() -> BytesMut {
    let mut buf = BytesMut::new();
    for i in 0..ROWS {
        let int4 = (i as i32).to_be_bytes();
        let int8 = (i as i64 * 7).to_be_bytes();
        let float8 = (i as f64 * 0.5).to_bits().to_be_bytes();
        let uuid = [0x5a; 16];
        let ts = (i as i64 * 1_000_000).to_be_bytes();
        let fields: [Option<&[u8]>; 8] = [
            Some(&int4),
            Some(&int8),
            Some(&float8),
            Some(b"hello world"),
            Some(b"user@example.com"),
            None,
            Some(&uuid),
            Some(&ts),
        ];
        backend::data_row(fields, &mut buf).expect("8 columns encode");
    }
    buf
}

#[inline(never)]
fn run_parse_pgline_split(mut buf: BytesMut) -> usize {
    let mut total = 0;
    while let Some(frame) = split_frame(&mut buf, DEFAULT_MAX_MESSAGE_LEN).expect("valid frames") {
        let row = DataRow::parse(frame.body).expect("valid row");
        for field in row.fields() {
            total += field.map_or(0, <[u8]>::len);
        }
    }
    total
}

#[inline(never)]
fn run_parse_pgline_batch(mut buf: BytesMut) -> usize {
    // The connection task's path: scan headers over the read buffer, split the run of complete
    // frames off at once, then walk it without touching the read buffer again.
    let mut end = 0;
    while let Some(h) = frame_header(&buf[end..], DEFAULT_MAX_MESSAGE_LEN).expect("valid header") {
        if buf.len() - end < h.len {
            break;
        }
        end += h.len;
    }
    let chunk: Bytes = buf.split_to(end).freeze();
    let mut total = 0;
    for frame in Frames::new(chunk) {
        let row = DataRow::parse(frame.expect("whole frames").body).expect("valid row");
        for field in row.fields() {
            total += field.map_or(0, <[u8]>::len);
        }
    }
    total
}

#[inline(never)]
fn run_parse_postgres_protocol(mut buf: BytesMut) -> usize {
    let mut total = 0;
    while let Some(message) = Message::parse(&mut buf).expect("valid frames") {
        let Message::DataRow(row) = message else {
            unreachable!("only DataRows")
        };
        let mut ranges = row.ranges();
        while let Some(range) = ranges.next().expect("valid row") {
            total += range.map_or(0, |r| row.buffer()[r].len());
        }
    }
    total
}

enum Param {
    Int(i32),
    Text(&'static str),
    Null,
}

const PARAMS: [Param; 3] = [Param::Int(42), Param::Text("some text value"), Param::Null];

fn serialize(p: &Param, buf: &mut BytesMut) -> IsNull {
    match p {
        Param::Int(v) => {
            buf.put_i32(*v);
            IsNull::No
        }
        Param::Text(s) => {
            buf.put_slice(s.as_bytes());
            IsNull::No
        }
        Param::Null => IsNull::Yes,
    }
}

#[inline(never)]
fn run_encode_pgline(buf: &mut BytesMut) {
    buf.clear();
    for _ in 0..PAIRS {
        frontend::bind(
            "",
            "s1",
            [Format::Binary],
            &PARAMS,
            |p, buf| Ok::<_, std::convert::Infallible>(serialize(p, buf)),
            [Format::Binary],
            buf,
        )
        .expect("valid bind");
        frontend::execute("", 0, buf).expect("valid execute");
    }
}

#[inline(never)]
fn run_encode_postgres_protocol(buf: &mut BytesMut) {
    buf.clear();
    for _ in 0..PAIRS {
        let r = pp_frontend::bind(
            "",
            "s1",
            [1i16],
            &PARAMS,
            |p, buf| {
                Ok(match serialize(p, buf) {
                    IsNull::No => postgres_protocol::IsNull::No,
                    IsNull::Yes => postgres_protocol::IsNull::Yes,
                })
            },
            [1i16],
            buf,
        );
        assert!(r.is_ok(), "valid bind");
        pp_frontend::execute("", 0, buf).expect("valid execute");
    }
}

fn check_same_work() {
    let rows = data_rows();
    let a = run_parse_pgline_split(rows.clone());
    assert_eq!(a, run_parse_pgline_batch(rows.clone()));
    assert_eq!(a, run_parse_postgres_protocol(rows));
    let (mut x, mut y) = (BytesMut::new(), BytesMut::new());
    run_encode_pgline(&mut x);
    run_encode_postgres_protocol(&mut y);
    assert_eq!(x, y, "both encoders produce the same bytes");
}

fn parse(c: &mut Criterion) {
    let rows = data_rows();
    let mut g = c.benchmark_group("parse_10k_datarows_8_cols");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.bench_function("pgline_split_frame", |b| {
        b.iter_batched(
            || rows.clone(),
            |buf| black_box(run_parse_pgline_split(buf)),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("pgline_batch_frames", |b| {
        b.iter_batched(
            || rows.clone(),
            |buf| black_box(run_parse_pgline_batch(buf)),
            BatchSize::LargeInput,
        )
    });
    g.bench_function("postgres_protocol", |b| {
        b.iter_batched(
            || rows.clone(),
            |buf| black_box(run_parse_postgres_protocol(buf)),
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn encode(c: &mut Criterion) {
    let mut g = c.benchmark_group("encode_10k_bind_execute");
    g.throughput(Throughput::Elements(PAIRS as u64));
    let mut buf = BytesMut::with_capacity(1 << 20);
    g.bench_function("pgline", |b| {
        b.iter(|| run_encode_pgline(black_box(&mut buf)))
    });
    g.bench_function("postgres_protocol", |b| {
        b.iter(|| run_encode_postgres_protocol(black_box(&mut buf)))
    });
    g.finish();
}

criterion_group!(benches, parse, encode);

fn main() {
    check_same_work();
    if let Ok(workload) = std::env::var("CODEC_BENCH_ONLY") {
        let rows = data_rows();
        let mut buf = BytesMut::with_capacity(1 << 20);
        for _ in 0..20 {
            match workload.as_str() {
                "parse_pgline_split" => {
                    black_box(run_parse_pgline_split(rows.clone()));
                }
                "parse_pgline_batch" => {
                    black_box(run_parse_pgline_batch(rows.clone()));
                }
                "parse_postgres_protocol" => {
                    black_box(run_parse_postgres_protocol(rows.clone()));
                }
                "encode_pgline" => run_encode_pgline(&mut buf),
                "encode_postgres_protocol" => run_encode_postgres_protocol(&mut buf),
                other => panic!("unknown workload {other}"),
            }
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
