//! Runs the `config` fuzz target's body on hand-picked inputs and arbitrary strings.

use crate::fuzzing as body;

#[test]
fn fuzz_body_accepts_tricky_inputs_without_panicking() {
    let inputs: &[&[u8]] = &[
        b"",
        b"host=a port=5432",
        b"host='a b' password='p\\'w' dbname=x",
        b"host= port=5",
        b"postgresql://u:p@[::1]:5433,h2/db?sslmode=require&application_name=a%20b",
        b"postgresql://%2Ftmp/db?host=&port=",
        b"postgresql://,/",
        b"password=secret-password gssencmode=disable sslsni=1",
        b"requiressl=1",
        b"\xff\xfe",
        b"host='unterminated",
        b"postgresql://[::1",
        b"keepalives_count=2147483647 tcp_user_timeout=2147483647 connect_timeout=2147483647",
    ];
    for input in inputs {
        body::config(input);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    #[test]
    fn fuzz_body_holds_on_connection_string_like_bytes(
        body in "[ a-z_=',\\\\/@:%?&\\[\\]0-9.\t!#-]{0,80}",
        url in proptest::prelude::any::<bool>(),
    ) {
        let text = if url { format!("postgres://{body}") } else { body };
        body::config(text.as_bytes());
    }
}
