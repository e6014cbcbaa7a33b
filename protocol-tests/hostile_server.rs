//! A scripted mock server for what a real PostgreSQL will not do: bytes injected after the SSL
//! answer, oversized lengths, truncated frames, unexpected and malformed messages, bad SCRAM.
//! Each must give a typed error, never a panic or a hang.

use std::future::Future;
use std::time::Duration;

use pgline::{Config, ErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One backend message: tag, length, body.
fn msg(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    v.extend_from_slice(&(body.len() as u32 + 4).to_be_bytes());
    v.extend_from_slice(body);
    v
}

fn auth_ok() -> Vec<u8> {
    msg(b'R', &0u32.to_be_bytes())
}

fn ready() -> Vec<u8> {
    msg(b'Z', b"I")
}

fn key_data() -> Vec<u8> {
    let mut body = 4242u32.to_be_bytes().to_vec();
    body.extend_from_slice(&7u32.to_be_bytes());
    msg(b'K', &body)
}

/// Reads the untagged startup packet (or SSLRequest): length then body.
async fn read_startup(s: &mut TcpStream) -> Vec<u8> {
    let len = s.read_u32().await.unwrap() as usize;
    let mut body = vec![0; len - 4];
    s.read_exact(&mut body).await.unwrap();
    body
}

/// Reads one tagged frontend message.
async fn read_message(s: &mut TcpStream) -> Option<(u8, Vec<u8>)> {
    let tag = s.read_u8().await.ok()?;
    let len = s.read_u32().await.ok()? as usize;
    let mut body = vec![0; len - 4];
    s.read_exact(&mut body).await.ok()?;
    Some((tag, body))
}

/// Runs `script` as the server for one connection and returns the client's connect result,
/// bounded in time: a hang is a failure.
async fn against<F, Fut>(params: &str, script: F) -> Result<pgline::Client, pgline::Error>
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        script(socket).await;
    });
    let config: Config =
        format!("host=127.0.0.1 port={port} user=mock dbname=mock password=pw {params}")
            .parse()
            .unwrap();
    tokio::time::timeout(Duration::from_secs(10), config.connect())
        .await
        .expect("the client hung on a hostile server")
}

/// Plays a normal trust login, then `after` for the rest of the session.
async fn logged_in<F, Fut>(after: F) -> pgline::Client
where
    F: FnOnce(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        s.write_all(&[auth_ok(), key_data(), ready()].concat())
            .await
            .unwrap();
        after(s).await;
    })
    .await
    .expect("mock login succeeds")
}

#[tokio::test]
async fn hostile_bytes_injected_after_the_ssl_answer() {
    let err = against("sslmode=require", |mut s| async move {
        let request = read_startup(&mut s).await;
        assert_eq!(request, [0x04, 0xd2, 0x16, 0x2f], "SSLRequest code");
        // 'S' and, in the same segment, plaintext pretending to be the server.
        s.write_all(b"SR\0\0\0\x08\0\0\0\0").await.unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
    assert!(format!("{err:#}").contains("after accepting SSL"), "{err}");
}

#[tokio::test]
async fn hostile_error_answering_ssl_request_is_not_shown() {
    let err = against("sslmode=require", |mut s| async move {
        read_startup(&mut s).await;
        s.write_all(&msg(
            b'E',
            b"SFATAL\0C28000\0Mclick http://evil.example to log in\0\0",
        ))
        .await
        .unwrap();
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Tls, "{err}");
    assert!(
        !format!("{err:#} {err:?}").contains("evil.example"),
        "{err:?}"
    );
}

#[tokio::test]
async fn hostile_ssl_answer_other_than_s_or_n() {
    let err = against("sslmode=prefer", |mut s| async move {
        read_startup(&mut s).await;
        s.write_all(b"X").await.unwrap();
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
}

#[tokio::test]
async fn hostile_oversized_length_during_startup() {
    let err = against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        // An authentication request claiming to be almost 2 GiB long.
        s.write_all(&[b'R', 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0])
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
}

#[tokio::test]
async fn hostile_length_under_four() {
    let err = against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        s.write_all(&[b'R', 0, 0, 0, 3]).await.unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
}

#[tokio::test]
async fn hostile_truncated_frame_then_close() {
    let err = against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        s.write_all(&[b'R', 0, 0, 0, 100, 0, 0]).await.unwrap();
        // Dropping the socket closes it mid-frame.
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Closed, "{err}");
}

#[tokio::test]
async fn hostile_unexpected_message_during_startup() {
    let err = against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        s.write_all(&msg(b'D', &[0, 0])).await.unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
}

#[tokio::test]
async fn hostile_unknown_tag_during_startup() {
    let err = against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        s.write_all(&msg(b'!', b"")).await.unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err}");
}

#[tokio::test]
async fn hostile_auth_ok_after_sasl_without_server_signature() {
    let err = against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        let mut sasl = 10u32.to_be_bytes().to_vec();
        sasl.extend_from_slice(b"SCRAM-SHA-256\0\0");
        s.write_all(&msg(b'R', &sasl)).await.unwrap();
        read_message(&mut s).await.unwrap();
        // Skips SASLContinue/SASLFinal and claims success.
        s.write_all(&[auth_ok(), ready()].concat()).await.unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
}

#[tokio::test]
async fn hostile_scram_iteration_count_is_bounded() {
    let started = std::time::Instant::now();
    let err = against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        let mut sasl = 10u32.to_be_bytes().to_vec();
        sasl.extend_from_slice(b"SCRAM-SHA-256\0\0");
        s.write_all(&msg(b'R', &sasl)).await.unwrap();
        let (_, initial) = read_message(&mut s).await.unwrap();
        let text = String::from_utf8_lossy(&initial).to_string();
        let nonce = text.split("r=").nth(1).unwrap().to_owned();
        let first = format!("r={nonce}SERVER,s=c2FsdA==,i=2000000000");
        let mut body = 11u32.to_be_bytes().to_vec();
        body.extend_from_slice(first.as_bytes());
        s.write_all(&msg(b'R', &body)).await.unwrap();
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "refused before computing"
    );
}

#[tokio::test]
async fn hostile_gss_request_is_unsupported() {
    let err = against("sslmode=disable", |mut s| async move {
        read_startup(&mut s).await;
        s.write_all(&msg(b'R', &7u32.to_be_bytes())).await.unwrap();
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err}");
    assert!(format!("{err:#}").contains("GSSAPI"), "{err}");
}

#[tokio::test]
async fn hostile_garbage_mid_session_closes_the_connection() {
    let client = logged_in(|mut s| async move {
        read_message(&mut s).await.unwrap();
        // A reply with an oversized length where a query result belongs.
        s.write_all(&[b'D', 0x7f, 0xff, 0xff, 0xff]).await.unwrap();
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    let err = tokio::time::timeout(Duration::from_secs(10), client.simple_query("SELECT 1"))
        .await
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Closed | ErrorKind::Protocol),
        "{err:?}"
    );
    assert!(client.is_closed());
    let err = client.simple_query("SELECT 1").await.unwrap_err();
    assert!(err.is_closed() && err.is_safe_to_retry(), "{err:?}");
}

#[tokio::test]
async fn hostile_reply_with_no_request_in_flight() {
    let client = logged_in(|mut s| async move {
        s.write_all(&msg(b'C', b"SELECT 1\0")).await.unwrap();
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    tokio::time::timeout(Duration::from_secs(10), async {
        while !client.is_closed() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("an unsolicited reply closes the connection");
}

#[tokio::test]
async fn hostile_malformed_row_is_a_protocol_error() {
    let client = logged_in(|mut s| async move {
        read_message(&mut s).await.unwrap();
        let mut description = 1u16.to_be_bytes().to_vec();
        description.extend_from_slice(b"n\0");
        description.extend_from_slice(&[0; 4]); // table oid
        description.extend_from_slice(&[0; 2]); // column
        description.extend_from_slice(&23u32.to_be_bytes()); // int4
        description.extend_from_slice(&4i16.to_be_bytes());
        description.extend_from_slice(&(-1i32).to_be_bytes());
        description.extend_from_slice(&0i16.to_be_bytes());
        // A DataRow whose single field claims 100 bytes but carries 4.
        let mut row = 1u16.to_be_bytes().to_vec();
        row.extend_from_slice(&100i32.to_be_bytes());
        row.extend_from_slice(&[0, 0, 0, 1]);
        s.write_all(
            &[
                msg(b'1', b""),
                msg(b'2', b""),
                msg(b'T', &description),
                msg(b'D', &row),
                msg(b'C', b"SELECT 1\0"),
                ready(),
            ]
            .concat(),
        )
        .await
        .unwrap();
        tokio::time::sleep(Duration::from_secs(5)).await;
    })
    .await;
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        client.query("SELECT 1::int4 AS n", &[]),
    )
    .await
    .unwrap()
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Protocol, "{err:?}");
}

#[tokio::test]
async fn hostile_server_closing_mid_reply() {
    let client = logged_in(|mut s| async move {
        read_message(&mut s).await.unwrap();
        s.write_all(&msg(b'T', &0u16.to_be_bytes())).await.unwrap();
    })
    .await;
    let err = tokio::time::timeout(Duration::from_secs(10), client.simple_query("SELECT"))
        .await
        .unwrap()
        .unwrap_err();
    assert!(err.is_closed(), "{err:?}");
}
