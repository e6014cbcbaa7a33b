//! Seed inputs for the `client_replies` and `decode` targets: a real reply for each request
//! shape, and the captured server vectors of every type. Each seed must reach its end (a reply
//! the reader follows to the last step; a value that decodes), so a seed that stops doing so
//! fails here. Regenerate the files with
//! `PGLINE_BLESS_CORPUS=1 cargo test --lib --all-features fuzzing::seeds`.

use std::path::PathBuf;

use super::client_replies::run;
use super::decode::custom_index;
use crate::types::captured_vectors_check::{ARRAYS, CUSTOM, GROUPS};
use crate::types::{FromSql, Kind, Type};

fn frame(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    v.extend_from_slice(&((body.len() + 4) as u32).to_be_bytes());
    v.extend_from_slice(body);
    v
}

fn row_description(columns: &[(&str, u32)]) -> Vec<u8> {
    let mut body = (columns.len() as i16).to_be_bytes().to_vec();
    for (name, oid) in columns {
        body.extend_from_slice(name.as_bytes());
        body.push(0);
        body.extend_from_slice(&0u32.to_be_bytes());
        body.extend_from_slice(&0i16.to_be_bytes());
        body.extend_from_slice(&oid.to_be_bytes());
        body.extend_from_slice(&(-1i16).to_be_bytes());
        body.extend_from_slice(&(-1i32).to_be_bytes());
        body.extend_from_slice(&1i16.to_be_bytes());
    }
    frame(b'T', &body)
}

fn data_row(fields: &[Option<&[u8]>]) -> Vec<u8> {
    let mut body = (fields.len() as i16).to_be_bytes().to_vec();
    for field in fields {
        match field {
            Some(v) => {
                body.extend_from_slice(&(v.len() as i32).to_be_bytes());
                body.extend_from_slice(v);
            }
            None => body.extend_from_slice(&(-1i32).to_be_bytes()),
        }
    }
    frame(b'D', &body)
}

fn params(oids: &[u32]) -> Vec<u8> {
    let mut body = (oids.len() as i16).to_be_bytes().to_vec();
    for oid in oids {
        body.extend_from_slice(&oid.to_be_bytes());
    }
    frame(b't', &body)
}

fn complete(tag: &str) -> Vec<u8> {
    frame(b'C', format!("{tag}\0").as_bytes())
}

fn ready(status: u8) -> Vec<u8> {
    frame(b'Z', &[status])
}

fn error(severity: &str, code: &str, message: &str) -> Vec<u8> {
    let body = format!("S{severity}\0V{severity}\0C{code}\0M{message}\0\0");
    frame(b'E', body.as_bytes())
}

fn copy_response(tag: u8, columns: i16) -> Vec<u8> {
    let mut body = vec![1];
    body.extend_from_slice(&columns.to_be_bytes());
    for _ in 0..columns {
        body.extend_from_slice(&1i16.to_be_bytes());
    }
    frame(tag, &body)
}

/// A `client_replies` input: the request shapes, chunk sizes, then the server's bytes.
fn replies(shapes: &[u8], sizes: [u8; 4], server: &[Vec<u8>]) -> Vec<u8> {
    let mut data = vec![0];
    data.extend_from_slice(shapes);
    data.extend_from_slice(&sizes);
    data.extend_from_slice(&server.concat());
    data
}

/// Seeds of one or more requests given by their shape bytes (custom pipelines spelled out),
/// with how many requests they hold and which callers must reach the end.
fn reply_seeds() -> Vec<(&'static str, Vec<u8>, Vec<bool>)> {
    let int4 = 7i32.to_be_bytes();
    let row_int_text = |n: &[u8], s: &[u8]| data_row(&[Some(n), Some(s)]);
    let notice = frame(
        b'N',
        b"SNOTICE\0VNOTICE\0C00000\0Mtable t does not exist, skipping\0\0",
    );
    let notify = frame(b'A', b"\0\0\x30\x39jobs\0{\"id\":1}\0");
    let status = frame(b'S', b"TimeZone\0Europe/Paris\0");
    let mut seeds: Vec<(&'static str, Vec<u8>, Vec<bool>)> = Vec::new();
    let mut add = |name, count: u8, shapes: &[u8], sizes, server: &[Vec<u8>], done: Vec<bool>| {
        let mut data = replies(shapes, sizes, server);
        data[0] = count - 1;
        seeds.push((name, data, done));
    };

    let prepare_execute = [
        frame(b'1', b""),
        params(&[23, 25]),
        row_description(&[("n", 23), ("s", 25)]),
        ready(b'I'),
        frame(b'2', b""),
        row_int_text(&int4, b"x"),
        data_row(&[None, Some(b"y")]),
        complete("SELECT 2"),
        ready(b'I'),
    ];
    for (name, sizes) in [
        ("prepare_execute", [0; 4]),
        ("prepare_execute_bytewise", [1; 4]),
        ("prepare_execute_ragged", [5, 3, 17, 2]),
    ] {
        add(name, 2, &[1, 0], sizes, &prepare_execute, vec![true, true]);
    }
    add(
        "describe_no_data",
        1,
        &[1],
        [0; 4],
        &[frame(b'1', b""), params(&[]), frame(b'n', b""), ready(b'I')],
        vec![true],
    );
    add(
        "close",
        1,
        &[3],
        [0; 4],
        &[frame(b'3', b""), ready(b'I')],
        vec![true],
    );
    add(
        "simple_query_two_results_with_async_messages",
        1,
        &[4],
        [9, 40, 3, 0],
        &[
            notice.clone(),
            row_description(&[("a", 23)]),
            data_row(&[Some(&int4)]),
            complete("SELECT 1"),
            status.clone(),
            notify.clone(),
            row_description(&[("b", 25)]),
            data_row(&[Some(b"hello")]),
            data_row(&[None]),
            complete("SELECT 2"),
            ready(b'T'),
        ],
        vec![true],
    );
    add(
        "empty_query",
        1,
        &[4],
        [0; 4],
        &[frame(b'I', b""), ready(b'I')],
        vec![true],
    );
    add(
        "execute_error_in_transaction",
        1,
        &[0],
        [0; 4],
        &[
            frame(b'2', b""),
            error("ERROR", "22012", "division by zero"),
            ready(b'E'),
        ],
        vec![true],
    );
    add(
        "prepare_error",
        1,
        &[1],
        [0; 4],
        &[
            error("ERROR", "42P01", "relation \"nope\" does not exist"),
            ready(b'I'),
        ],
        vec![true],
    );
    add(
        "copy_out",
        1,
        &[4],
        [0; 4],
        &[
            copy_response(b'H', 2),
            frame(b'd', b"1\tone\n"),
            frame(b'd', b"2\ttwo\n"),
            frame(b'c', b""),
            complete("COPY 2"),
            ready(b'I'),
        ],
        vec![true],
    );
    add(
        "unwanted_copy_in_simple",
        1,
        &[4 | 0x08],
        [0; 4],
        &[
            copy_response(b'G', 1),
            error("ERROR", "57014", "COPY from stdin failed"),
            ready(b'I'),
        ],
        vec![true],
    );
    add(
        "unwanted_copy_in_extended",
        1,
        &[2 | 0x08],
        [0; 4],
        &[
            frame(b'1', b""),
            frame(b'2', b""),
            frame(b'n', b""),
            copy_response(b'G', 1),
            error("ERROR", "57014", "COPY from stdin failed"),
            ready(b'I'),
        ],
        vec![true],
    );
    add(
        "copy_in_through_the_copy_api",
        1,
        &[4 | 0x18],
        [0; 4],
        &[copy_response(b'G', 2), complete("COPY 3"), ready(b'I')],
        vec![true],
    );
    add(
        "copy_both",
        1,
        &[4 | 0x08],
        [0; 4],
        &[
            copy_response(b'W', 0),
            frame(b'd', b"w\0\0\0\0"),
            frame(b'c', b""),
            complete("START_REPLICATION"),
            ready(b'I'),
        ],
        vec![true],
    );
    add(
        "portal_suspended",
        2,
        &[1, 0],
        [0; 4],
        &[
            frame(b'1', b""),
            params(&[]),
            row_description(&[("n", 23), ("s", 25)]),
            ready(b'T'),
            frame(b'2', b""),
            row_int_text(&int4, b"a"),
            row_int_text(&int4, b"b"),
            frame(b's', b""),
            ready(b'T'),
        ],
        vec![true, true],
    );
    // Custom pipelines: shape 6, then 1 + len % 8 steps (Parse 0, Bind 1, Describe statement 2,
    // Describe portal 3, Execute 4, Close 5, Sync 6, Query 7).
    add(
        "pipeline_two_syncs",
        1,
        &[6, 4, 0, 6, 1, 4, 6],
        [0; 4],
        &[
            frame(b'1', b""),
            ready(b'I'),
            frame(b'2', b""),
            complete("UPDATE 3"),
            ready(b'I'),
        ],
        vec![true],
    );
    add(
        "pipeline_error_skips_to_sync",
        1,
        &[6, 5, 0, 1, 4, 6, 5, 6],
        [0; 4],
        &[
            error("ERROR", "42601", "syntax error"),
            ready(b'I'),
            frame(b'3', b""),
            ready(b'I'),
        ],
        vec![true],
    );
    add(
        "pipeline_of_queries",
        1,
        &[6, 1, 7, 7],
        [0; 4],
        &[
            complete("BEGIN"),
            ready(b'T'),
            complete("COMMIT"),
            ready(b'I'),
        ],
        vec![true],
    );
    add(
        "dropped_caller_then_close",
        2,
        &[0x20, 3],
        [0; 4],
        &[
            frame(b'2', b""),
            data_row(&[Some(&int4)]),
            complete("SELECT 1"),
            ready(b'I'),
            frame(b'3', b""),
            ready(b'I'),
        ],
        vec![false, true],
    );
    add(
        "fatal_error_after_the_last_reply",
        1,
        &[3],
        [0; 4],
        &[
            frame(b'3', b""),
            ready(b'I'),
            error(
                "FATAL",
                "57P01",
                "terminating connection due to administrator command",
            ),
        ],
        vec![true],
    );
    add(
        "four_requests_pipelined",
        4,
        &[1, 0, 3, 4],
        [0, 64, 7, 0],
        &[
            prepare_execute.concat(),
            frame(b'3', b""),
            ready(b'I'),
            status,
            frame(b'I', b""),
            ready(b'I'),
        ],
        vec![true, true, true, true],
    );

    // One wide row holding a captured value of every built-in type (and the custom ones the
    // fuzzer knows by OID).
    let mut columns = Vec::new();
    let mut values = Vec::new();
    for g in GROUPS.iter().chain(ARRAYS).chain(CUSTOM) {
        let ty = (g.ty)();
        let oid = match ty.kind() {
            _ if Type::from_oid(ty.oid()).as_ref() == Some(&ty) => ty.oid(),
            // The fuzzer's custom types have the capture server's OIDs.
            Kind::Enum(_) | Kind::Domain(_) => ty.oid(),
            Kind::Composite(fields) if fields.len() == 2 => ty.oid(),
            _ => continue,
        };
        if let Some(v) = g.vectors.first() {
            columns.push((g.name, oid));
            values.push(v.bytes());
        }
    }
    let fields: Vec<Option<&[u8]>> = values.iter().map(|v| Some(&v[..])).collect();
    add(
        "unprepared_wide_row_of_every_type",
        1,
        &[2],
        [0; 4],
        &[
            frame(b'1', b""),
            frame(b'2', b""),
            row_description(&columns),
            data_row(&fields),
            complete("SELECT 1"),
            ready(b'I'),
        ],
        vec![true],
    );
    seeds
}

/// Where `decode` finds a type like `ty`: (mode, selector).
fn address(ty: &Type) -> Option<(u8, u32)> {
    fn element(ty: &Type) -> Option<(bool, u32)> {
        if Type::from_oid(ty.oid()).as_ref() == Some(ty) {
            return Some((false, ty.oid()));
        }
        let name = match ty.kind() {
            Kind::Enum(_) => "mood",
            Kind::Composite(fields) if fields.len() == 2 => "pair",
            Kind::Domain(base) if base == &Type::INT4 => "posint",
            Kind::Range(sub) if sub == &Type::FLOAT8 => "floatrange",
            Kind::Multirange(_) => "floatmultirange",
            _ => return None,
        };
        Some((true, custom_index(name)))
    }
    let custom = |c: bool| if c { 4 } else { 0 };
    if let Some((c, sel)) = element(ty) {
        return Some((u8::from(c), sel));
    }
    match ty.kind() {
        Kind::Array(e) => element(e).map(|(c, sel)| (2 | custom(c), sel)),
        Kind::Domain(b) => element(b).map(|(c, sel)| (3 | custom(c), sel)),
        _ => None,
    }
}

fn decode_input(mode: u8, selector: u32, raw: &[u8]) -> Vec<u8> {
    let mut data = vec![mode];
    data.extend_from_slice(&selector.to_be_bytes());
    data.extend_from_slice(raw);
    data
}

/// A `decode` seed per captured group (its first value), plus pgvector values and a NULL.
fn decode_seeds() -> Vec<(String, Vec<u8>)> {
    let mut seeds = Vec::new();
    for g in GROUPS.iter().chain(ARRAYS).chain(CUSTOM) {
        let ty = (g.ty)();
        let (mode, selector) =
            address(&ty).unwrap_or_else(|| panic!("the fuzzer cannot build {}", g.name));
        let v = g.vectors.first().expect("a vector");
        let name = g.name.replace(['[', ']', '"'], "_");
        seeds.push((name, decode_input(mode, selector, &v.bytes())));
    }
    let f32s = |xs: &[f32]| xs.iter().flat_map(|x| x.to_be_bytes()).collect::<Vec<_>>();
    let vector = [&[0, 3, 0, 0][..], &f32s(&[1.0, -2.5, 3.0])].concat();
    let halfvec = [0, 2, 0, 0, 0x3c, 0x00, 0xc1, 0x00];
    let sparsevec = [
        &[0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 3][..],
        &f32s(&[1.5, -1.0]),
    ]
    .concat();
    for (name, raw) in [
        ("vector", &vector[..]),
        ("halfvec", &halfvec[..]),
        ("sparsevec", &sparsevec[..]),
    ] {
        seeds.push((name.into(), decode_input(1, custom_index(name), raw)));
    }
    seeds.push(("int4_null".into(), decode_input(0x80, 23, b"")));
    seeds
}

fn write(target: &str, name: &str, data: &[u8]) {
    if std::env::var_os("PGLINE_BLESS_CORPUS").is_none() {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    std::fs::create_dir_all(&dir).expect("create corpus dir");
    std::fs::write(dir.join(format!("seed-{name}")), data).expect("write seed");
}

#[test]
fn seeds_for_client_replies_reach_the_end_of_every_reply() {
    let seeds = reply_seeds();
    assert!((20..=50).contains(&seeds.len()), "{}", seeds.len());
    for (name, data, done) in &seeds {
        assert_eq!(&run(data), done, "{name}");
        write("client_replies", name, data);
    }
}

#[test]
fn seeds_for_decode_hold_a_value_of_every_captured_type() {
    let seeds = decode_seeds();
    assert!(seeds.len() >= 50, "{}", seeds.len());
    let mut nothing = Vec::new();
    for (name, data) in &seeds {
        // The address leads to a type some Rust type decodes the captured value as.
        if super::decode::run(data) == 0 {
            nothing.push(name);
        }
        write("decode", name, data);
    }
    assert!(nothing.is_empty(), "decoded into nothing: {nothing:?}");
    let (_, int4) = seeds.iter().find(|(n, _)| n == "int4").expect("int4");
    let ty = Type::from_oid(u32::from_be_bytes(int4[1..5].try_into().unwrap())).unwrap();
    assert_eq!(ty, Type::INT4);
    let captured: i32 = crate::types::captured_vectors::INT4[0]
        .text
        .parse()
        .unwrap();
    assert_eq!(i32::from_sql(&ty, &int4[5..]).unwrap(), captured);
}
