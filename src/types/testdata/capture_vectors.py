#!/usr/bin/env python3
"""Captures binary and text test vectors from a real PostgreSQL server.

For every `<literal>::<type>` below it runs
    COPY (SELECT <literal>::<type>) TO STDOUT (FORMAT binary)
strips the PGCOPY header and tuple framing, and keeps the field's bytes; then
    COPY (SELECT format('%s', <literal>::<type>)) TO STDOUT (FORMAT binary)
for the text PostgreSQL prints: the type's output function, as psql shows it (a plain
`::text` cast differs for inet/cidr, which then always show the mask, and bpchar, which
then loses its padding). Session settings: TimeZone=UTC, DateStyle=ISO,
IntervalStyle=postgres, extra_float_digits=1 (the defaults but for the zone).

Usage (PGHOST/PGPORT/PGUSER pointing at a throwaway superuser session):
    python3 src/types/testdata/capture_vectors.py > src/types/captured_vectors.rs
"""
import os
import struct
import subprocess
import sys

os.environ["PGOPTIONS"] = "-c TimeZone=UTC -c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=1"

SETUP = """
DROP TYPE IF EXISTS vec_rich, vec_pair, vec_mood, vec_floatrange CASCADE;
DROP DOMAIN IF EXISTS vec_posint CASCADE;
CREATE TYPE vec_mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE vec_pair AS (a int4, b text);
CREATE DOMAIN vec_posint AS int4 CHECK (VALUE > 0);
CREATE TYPE vec_floatrange AS RANGE (subtype = float8);
CREATE TYPE vec_rich AS (m vec_mood, p vec_posint, tags text[], r vec_floatrange, dropped int4);
ALTER TYPE vec_rich DROP ATTRIBUTE dropped;
ALTER TYPE vec_mood ADD VALUE 'meh' BEFORE 'ok';
"""

CATALOG_TYPES = ["vec_mood", "_vec_mood", "vec_posint", "_vec_posint", "vec_pair", "_vec_pair",
                 "vec_floatrange", "_vec_floatrange", "vec_floatmultirange", "vec_rich",
                 "_vec_rich", "int4", "_int4", "int4range", "int4multirange", "record"]


def builtin_oids():
    """Every OID in the built-in table of src/types/ty.rs, to check it against pg_type."""
    import re
    here = os.path.dirname(os.path.abspath(__file__))
    src = open(os.path.join(here, "..", "ty.rs")).read()
    table = src[src.index("builtin_types! {"):]
    return [int(m) for m in re.findall(r"^\s+\w+, \w+, (\d+), \"", table, re.M)]


def type_info_query():
    """The query text exactly as src/types/catalog.rs declares it."""
    here = os.path.dirname(os.path.abspath(__file__))
    src = open(os.path.join(here, "..", "catalog", "mod.rs")).read()
    start = src.index('pub const TYPE_INFO_QUERY: &str = r#"') + len('pub const TYPE_INFO_QUERY: &str = r#"')
    return src[start:src.index('"#;', start)]


def copy_row(sql):
    out = psql(f"COPY ({sql}) TO STDOUT (FORMAT binary)")
    ext = struct.unpack(">I", out[15:19])[0]
    p = 19 + ext
    (n,) = struct.unpack(">h", out[p:p + 2])
    p += 2
    cols = []
    for _ in range(n):
        (length,) = struct.unpack(">i", out[p:p + 4])
        p += 4
        if length < 0:
            cols.append(None)
        else:
            cols.append(out[p:p + length])
            p += length
    assert out[p:] == b"\xff\xff", "exactly one row"
    return cols


def psql(sql):
    done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                          capture_output=True)
    if done.returncode != 0:
        sys.exit(f"psql failed on {sql!r}: {done.stderr.decode()}")
    return done.stdout


def copy_field(expr):
    out = psql(f"COPY (SELECT {expr}) TO STDOUT (FORMAT binary)")
    assert out[:11] == b"PGCOPY\n\xff\r\n\x00"
    ext = struct.unpack(">I", out[15:19])[0]
    p = 19 + ext
    (n,) = struct.unpack(">h", out[p:p + 2])
    assert n == 1
    (length,) = struct.unpack(">i", out[p + 2:p + 6])
    assert length >= 0
    field = out[p + 6:p + 6 + length]
    assert out[p + 6 + length:] == b"\xff\xff"
    return field


def rust_str(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append("\\u{%x}" % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


NINES = "9" * 1000
DIGITS1000 = "1234567890" * 100
GROUPS = [
    ("BOOL", "bool", ["true", "false"]),
    ("INT2", "int2", ["0", "-32768", "32767", "-1"]),
    ("INT4", "int4", ["0", "-2147483648", "2147483647", "256"]),
    ("INT8", "int8", ["0", "-9223372036854775808", "9223372036854775807"]),
    ("OID", "oid", ["0", "4294967295"]),
    ("FLOAT4", "float4", ["'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "'1.5'",
                          "'3.4028235e38'", "'1e-45'", "'0.1'"]),
    ("FLOAT8", "float8", ["'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "'0.1'",
                          "'1.7976931348623157e308'", "'5e-324'", "'-123.456'"]),
    ("CHAR", '"char"', ["'a'", "'Z'", "''"]),
    ("TEXT", "text", ["''", "'hello'", "'h\u00e9llo \u2603 \U0001F600'", "E'quote \" back \\\\ nl \\n tab \\t'"]),
    ("VARCHAR", "varchar", ["'abc'", "''"]),
    ("BPCHAR", "char(4)", ["'ab'", "'abcd'"]),
    ("NAME", "name", ["'pg_catalog'"]),
    ("BYTEA", "bytea", ["'\\x'", "'\\xdeadbeef00ff'"]),
    ("XML", "xml", ["'<a>x &amp; y</a>'"]),
    ("NUMERIC", "numeric", [
        "'0'", "'0.000'", "'-0.000'", "'1'", "'-1'", "'1.5'", "'0.0001'", "'-0.00012300'",
        "'10000'", "'99999999'", "'123456789.0001'", "'NaN'", "'Infinity'", "'-Infinity'",
        "'123456789012345678901234567890'", "'79228162514264337593543950335'",
        f"'{DIGITS1000}'", f"'-{NINES[:500]}.{NINES[:500]}'", "'1e-16383'", "'-1.5e-16000'",
        "'1e1000'", "'12345.678901234567890123456789'", "'3.14159265358979323846'",
    ]),
    ("MONEY", "money", ["'12.34'", "'-92233720368547758.08'", "'92233720368547758.07'", "'0'"]),
    ("UUID", "uuid", ["'00000000-0000-0000-0000-000000000000'",
                      "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
                      "'ffffffff-ffff-ffff-ffff-ffffffffffff'"]),
    ("PG_LSN", "pg_lsn", ["'0/0'", "'16/B374D848'", "'FFFFFFFF/FFFFFFFF'"]),
    ("DATE", "date", ["'2000-01-01'", "'1999-12-31'", "'1970-01-01'", "'2024-02-29'",
                      "'0001-01-01'", "'0001-12-31 BC'", "'0044-03-15 BC'", "'4713-01-01 BC'",
                      "'2262-04-12'", "'9999-12-31'", "'10000-01-01'", "'5874897-12-31'",
                      "'infinity'", "'-infinity'"]),
    ("TIME", "time", ["'00:00:00'", "'23:59:59.999999'", "'24:00:00'", "'12:34:56.789'",
                      "'01:02:03.000001'"]),
    ("TIMETZ", "timetz", ["'12:34:56+05:30'", "'00:00:00-15:59'", "'23:59:59.999999+00'",
                          "'10:00:00-08'", "'10:00:00+15:59:59'", "'11:11:11.5-00:00:30'"]),
    ("TIMESTAMP", "timestamp", [
        "'2000-01-01 00:00:00'", "'1999-12-31 23:59:59.999999'", "'1970-01-01 00:00:00.000001'",
        "'1900-02-28 12:00:00.5'", "'0001-01-01 00:00:00'", "'0001-12-31 23:59:59 BC'",
        "'4713-01-01 00:00:00 BC'", "'2262-04-11 23:47:16.854775'", "'2262-04-12 00:00:00'",
        "'294276-12-31 23:59:59.999999'", "'infinity'", "'-infinity'", "'2024-02-29 13:14:15.16'",
    ]),
    ("TIMESTAMPTZ", "timestamptz", [
        "'2000-01-01 00:00:00+00'", "'1999-12-31 23:59:59.999999+00'", "'2024-06-01 12:00:00+02'",
        "'0001-01-01 00:00:00+00'", "'0100-01-01 00:00:00+00 BC'", "'2262-04-12 00:00:00+00'",
        "'294276-12-31 23:59:59.999999+00'", "'infinity'", "'-infinity'",
        "'1969-07-20 20:17:40.123456+00'",
    ]),
    ("INTERVAL", "interval", [
        "'0'", "'1 year 2 mons 3 days 04:05:06.789'", "'-1 year -2 mons +3 days -04:05:06'",
        "'178000000 years'", "'-178000000 years'", "'1 day -00:00:01'", "'00:00:00.000001'",
        "'-00:00:00.000001'", "'2147483647 days'", "'-2147483648 days'", "'-2562047788:00:54.775807'",
        "'2562047788:00:54.775807'", "'1 mon'", "'-1 mon'",
        "'13 mons'", "'-13 mons -1 day'", "'1 year'", "'25:00:00'", "'-1 day +01:00:00'",
    ]),
    ("JSON", "json", ["'{}'", "'[]'", "'null'", "'{\"b\": 1,   \"a\": [true, false, null]}'",
                      "'\"\\u00e9 \u2603 \U0001F600\"'"]),
    ("JSONB", "jsonb", [
        "'{}'", "'[]'", "'null'", "'{\"b\": 1,   \"a\": [true, false, null], \"b\": 2}'",
        "'\"unicode \u00e9 \u2603 \U0001F600\"'",
        "'{\"esc\": \"quote \\\" back \\\\\\\\ nl \\\\n tab \\\\t ctl \\\\u0001 \\\\u00e9\"}'",
        "'" + "[" * 64 + "1" + "]" * 64 + "'",
        "'" + "{\"k\": " * 32 + "\"deep\"" + "}" * 32 + "'",
        "'[1.0, -0, 1e3, 12345678901234567890.123, -1.5e-7]'",
    ]),
    ("INET", "inet", ["'127.0.0.1'", "'192.168.1.5/24'", "'0.0.0.0/0'", "'10.0.0.0/8'", "'::1'",
                      "'::'", "'2001:db8::1/64'", "'::ffff:1.2.3.4'", "'::1.2.3.4'", "'::0.0.1.2'",
                      "'fe80::'", "'1:2:3:4:5:6:7:8'", "'1::8'", "'1:0:0:2::3'", "'1:0:1:0:1:0:1:0'",
                      "'::/0'", "'2001:db8::/128'"]),
    ("CIDR", "cidr", ["'10.0.0.0/8'", "'192.168.1.0/24'", "'1.2.3.4/32'", "'0.0.0.0/0'", "'10/8'",
                      "'2001:db8::/32'", "'::/0'", "'::1/128'"]),
    ("MACADDR", "macaddr", ["'08:00:2b:01:02:03'", "'ff:ff:ff:ff:ff:ff'"]),
    ("MACADDR8", "macaddr8", ["'08:00:2b:01:02:03:04:05'", "'00:00:00:00:00:00:00:00'"]),
    ("BIT", "bit(3)", ["B'101'", "B'000'"]),
    ("VARBIT", "varbit", ["B''", "B'1'", "B'1010101010101'", "B'11111111'", "B'111111111'"]),
    ("INT4_ARRAY", "int4[]", ["'{}'", "'{1,2,3}'", "'{1,NULL,3}'", "'[2:3]={7,8}'",
                              "'{{1,2},{3,4}}'",
                              "'[0:1][-1:0][5:6]={{{1,2},{3,4}},{{5,6},{7,NULL}}}'"]),
    ("INT8_ARRAY", "int8[]", ["'{-9223372036854775808,9223372036854775807}'"]),
    ("TEXT_ARRAY", "text[]", ["'{}'", "'{\"x y\",NULL,\"\",\"NULL\",\"a\\\\\\\\b\"}'", "'{{a,b},{c,d}}'"]),
    ("FLOAT8_ARRAY", "float8[]", ["'{NaN,-Infinity,-0,1.5}'"]),
    ("NUMERIC_ARRAY", "numeric[]", ["'{1.5,NaN,-0.001,NULL}'"]),
    ("BOOL_ARRAY", "bool[]", ["'{t,f,NULL}'"]),
    ("TIMESTAMPTZ_ARRAY", "timestamptz[]", ["'{\"2000-01-01 00:00:00+00\",infinity,NULL}'"]),
    ("JSONB_ARRAY", "jsonb[]", ["ARRAY['{\"a\":1}'::jsonb, '[]', NULL]"]),
    ("INT4_RANGE", "int4range", ["'[1,5)'", "'empty'", "'(,5]'", "'[1,)'", "'(,)'", "'[3,4]'"]),
    ("INT8_RANGE", "int8range", ["'[-9223372036854775808,9223372036854775807)'"]),
    ("NUM_RANGE", "numrange", ["'[1.5,2.5]'", "'(,NaN)'", "'(-Infinity,0]'", "'empty'"]),
    ("DATE_RANGE", "daterange", ["'[2000-01-01,2000-02-01)'", "'[2000-01-01,infinity)'",
                                 "'(,2000-01-01]'"]),
    ("TS_RANGE", "tsrange", ["'[2000-01-01 00:00:00,2000-01-02 12:30:00.5)'",
                             "'[-infinity,infinity]'"]),
    ("TSTZ_RANGE", "tstzrange", ["'[2000-01-01 00:00:00+00,)'"]),
    ("INT4_MULTIRANGE", "int4multirange", ["'{}'", "'{[1,3),[5,7)}'", "'{(,0],[10,)}'"]),
    ("NUM_MULTIRANGE", "nummultirange", ["'{[1.5,2),[3,4.25]}'"]),
    ("DATE_MULTIRANGE", "datemultirange", ["'{[2000-01-01,2000-01-05),[2000-02-01,infinity)}'"]),
    ("INT4_RANGE_ARRAY", "int4range[]", ["'{\"[1,2)\",empty,NULL}'"]),
    ("RECORD", "record", ["ROW(1, 'x'::text)", "ROW(NULL::int4, ''::text, 1.5::numeric)",
                          "ROW()", "ROW(ROW(1, 2), ARRAY[1, 2])"]),
    ("PAIR", "vec_pair", ["'(1,hello)'", "'(,)'", "'(-5,\"with, comma\")'"]),
    ("MOOD", "vec_mood", ["'happy'", "'sad'"]),
    ("POSINT", "vec_posint", ["5"]),
    ("POSINT_ARRAY", "vec_posint[]", ["ARRAY[1, 2]::vec_posint[]"]),
    ("MOOD_ARRAY", "vec_mood[]", ["'{sad,NULL,happy}'"]),
]


def main():
    psql(SETUP)
    print("//! Test vectors captured from a real PostgreSQL server; generated, do not edit.")
    print("//!")
    print("//! Made by `src/types/testdata/capture_vectors.py` (see its docstring) against")
    version = psql("SHOW server_version").decode().split("\n")[2].strip()
    print(f"//! PostgreSQL {version}: `bin` is the field of")
    print("//! `COPY (SELECT <sql>) TO STDOUT (FORMAT binary)`, `text` its output function's text,")
    print("//! with TimeZone=UTC, DateStyle=ISO, IntervalStyle=postgres.")
    print()
    print("// Some OIDs serve only the real-server tests.")
    print("#![allow(dead_code)]")
    print()
    print("/// One captured value.")
    print("pub(crate) struct Vector {")
    print("    /// The SQL expression, cast to the group's type.")
    print("    pub(crate) sql: &'static str,")
    print("    /// The binary wire form, hex.")
    print("    pub(crate) bin: &'static str,")
    print("    /// The text PostgreSQL prints for it.")
    print("    pub(crate) text: &'static str,")
    print("}")
    print()
    print("impl Vector {")
    print("    /// The binary wire form.")
    print("    pub(crate) fn bytes(&self) -> Vec<u8> {")
    print("        (0..self.bin.len())")
    print("            .step_by(2)")
    print("            .map(|i| u8::from_str_radix(&self.bin[i..i + 2], 16).expect(\"hex\"))")
    print("            .collect()")
    print("    }")
    print("}")
    oids = psql("COPY (SELECT string_agg(typname || '=' || oid, ',' ORDER BY typname) FROM pg_type "
                "WHERE typname IN ('vec_mood','vec_pair','vec_posint','_vec_mood','_vec_pair','_vec_posint',"
                "'vec_rich','vec_floatrange','vec_floatmultirange')) TO STDOUT").decode().strip()
    for kv in oids.split(","):
        name, oid = kv.split("=")
        print()
        print(f"/// The OID the capture server gave `{name}`.")
        print(f"pub(crate) const OID_{name.upper().lstrip('_')}{'_ARRAY' if name.startswith('_') else ''}: u32 = {oid};")
    query = type_info_query()
    print()
    print("/// A row of `TYPE_INFO_QUERY` for one OID: binary columns, hex (`None` for NULL).")
    print("pub(crate) struct CatalogRow {")
    print("    /// The type's name (for the test's readability).")
    print("    pub(crate) name: &'static str,")
    print("    /// The OID the query ran for.")
    print("    pub(crate) oid: u32,")
    print("    /// The row's columns.")
    print("    pub(crate) columns: &'static [Option<&'static str>],")
    print("}")
    print()
    print("/// `TYPE_INFO_QUERY` run through COPY for types the capture created and some built-ins.")
    print("#[rustfmt::skip]")
    print("pub(crate) const CATALOG: &[CatalogRow] = &[")
    for name in CATALOG_TYPES + [str(o) for o in builtin_oids()]:
        oid = int(psql(f"COPY (SELECT '{name}'::regtype::oid) TO STDOUT").decode().strip()) \
            if not name.isdigit() else int(name)
        cols = copy_row(query.replace("$1", f"{oid}::oid"))
        shown = ", ".join("None" if c is None else f'Some("{c.hex()}")' for c in cols)
        print(f"    CatalogRow {{ name: \"{name}\", oid: {oid}, columns: &[{shown}] }},")
    print("];")
    for const, ty, literals in GROUPS:
        print()
        print(f"/// `{ty}` values.")
        print("#[rustfmt::skip]")
        print(f"pub(crate) const {const}: &[Vector] = &[")
        for lit in literals:
            expr = f"({lit})::{ty}" if lit.startswith("-") else f"{lit}::{ty}"
            b = copy_field(expr)
            t = copy_field(f"format('%s', {expr})").decode()
            print(f"    Vector {{ sql: {rust_str(expr)}, bin: \"{b.hex()}\", text: {rust_str(t)} }},")
        print("];")


if __name__ == "__main__":
    sys.exit(main())
