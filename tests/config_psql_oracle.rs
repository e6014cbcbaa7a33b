//! Connection strings read the same way by pgline and by libpq: each string is given to psql
//! (libpq) and to pgline, and both sessions report who and where they are.

mod support;

use std::process::Command;

const PROBE: &str = "SELECT current_user, current_database(), coalesce(inet_server_port(), 0), \
                     current_setting('application_name'), current_setting('search_path')";

/// What libpq's session says, one `|`-separated line; the `PG*` variables are cleared so only
/// the string counts.
fn psql(conninfo: &str, env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new("psql");
    cmd.args(["-X", "-A", "-t", "-c", PROBE, conninfo]);
    for (key, _) in std::env::vars() {
        if key.starts_with("PG") {
            cmd.env_remove(key);
        }
    }
    cmd.envs(env.iter().copied());
    let out = cmd
        .output()
        .expect("psql runs (it comes with the postgresql package)");
    assert!(
        out.status.success(),
        "psql {conninfo:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

async fn pgline(conninfo: &str) -> String {
    let client = pgline::connect(conninfo)
        .await
        .unwrap_or_else(|e| panic!("pgline {conninfo:?}: {e}"));
    let messages = client.simple_query(PROBE).await.unwrap();
    let row = messages
        .iter()
        .find_map(|m| match m {
            pgline::SimpleQueryMessage::Row(r) => Some(r),
            _ => None,
        })
        .unwrap();
    (0..row.len())
        .map(|i| row.get(i).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("|")
}

/// psql names itself through `fallback_application_name`; compare the application name only
/// where the string sets one.
fn comparable(conninfo: &str, probe: &str) -> Vec<String> {
    let mut fields: Vec<String> = probe.split('|').map(str::to_owned).collect();
    if !conninfo.contains("application_name") {
        fields.remove(3);
    }
    fields
}

#[tokio::test]
async fn config_strings_agree_with_psql() {
    let server = support::pg15();
    let (port, sock, db) = (
        server.port,
        server.socket_dir.display().to_string(),
        support::db(),
    );
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let encoded_sock = sock.replace('/', "%2F");
    let cases = [
        format!(
            "postgresql://pgline_trust@127.0.0.1:{port}/{db}?sslmode=disable&application_name=a%20b"
        ),
        format!(
            "postgres://pgline_trust@localhost:{port}/{db}?options=-c%20search_path%3Dpg_catalog"
        ),
        format!(
            "host=127.0.0.1 port={port} user = 'pgline_trust' dbname='{db}' application_name='it\\'s'"
        ),
        format!("host={sock} port={port} user=pgline_trust dbname={db}"),
        format!("postgresql://pgline_trust@{encoded_sock}:{port}/{db}"),
        format!("postgresql:///{db}?host={sock}&port={port}&user=pgline_trust"),
        format!(
            "postgresql://pgline_trust@127.0.0.1:{dead},127.0.0.1:{port}/{db}?connect_timeout=5"
        ),
        format!(
            "host=127.0.0.1,127.0.0.1 port={dead},{port} user=pgline_trust dbname={db} sslmode=prefer"
        ),
        format!("postgresql://pgline_trust@[::1]:{port}/{db}"),
    ];
    for conninfo in &cases {
        if conninfo.contains("[::1]") && !server.ipv6 {
            continue;
        }
        let (theirs, ours) = (psql(conninfo, &[]), pgline(conninfo).await);
        assert_eq!(
            comparable(conninfo, &ours),
            comparable(conninfo, &theirs),
            "{conninfo}"
        );
    }
}

#[tokio::test]
async fn config_passfile_agrees_with_psql() {
    use std::os::unix::fs::PermissionsExt;
    let server = support::pg15();
    let dir = std::env::temp_dir().join(format!("pgline-passfile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let passfile = dir.join("pgpass");
    // A wrong wildcard line first that does not match, then the right one with an escape.
    std::fs::write(
        &passfile,
        format!(
            "# comment\nother:*:*:*:nope\n127.0.0.1:{}:*:pgline_scram:{}\n",
            server.port,
            support::password()
                .replace('\\', "\\\\")
                .replace(':', "\\:")
        ),
    )
    .unwrap();
    std::fs::set_permissions(&passfile, std::fs::Permissions::from_mode(0o600)).unwrap();
    let conninfo = format!(
        "host=127.0.0.1 port={} user=pgline_scram dbname={} sslmode=disable passfile={}",
        server.port,
        support::db(),
        passfile.display()
    );
    let (theirs, ours) = (psql(&conninfo, &[]), pgline(&conninfo).await);
    assert_eq!(comparable(&conninfo, &ours), comparable(&conninfo, &theirs));
    assert!(ours.starts_with("pgline_scram|"), "{ours}");
    std::fs::remove_dir_all(&dir).unwrap();
}
