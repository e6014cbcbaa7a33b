//! Fuzz body for connection strings: parsing, `Display` round trip, resolution.
//!
//! Never touches the process environment or the file system: resolution runs against a
//! [`FixedEnvironment`].

use crate::config::{Config, FixedEnvironment};

/// Parses `data` as a connection string (`key=value` or URL). When it parses: `Display` must
/// parse back to the same config (less the passwords and extra startup parameters, which it
/// leaves out), `Display` must not depend on the passwords, `Debug` must not show them, and
/// resolving must not panic.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = text.parse::<Config>() else {
        return;
    };
    let shown = config.to_string();
    let reparsed: Config = match shown.parse() {
        Ok(reparsed) => reparsed,
        Err(err) => panic!("Display output {shown:?} does not parse back: {err}"),
    };
    assert_eq!(
        reparsed,
        config.displayable_part(),
        "round trip of {text:?}"
    );
    let without = config.displayable_part();
    assert_eq!(shown, without.to_string(), "Display depends on a password");
    let debug = format!("{config:?}");
    // What Debug may contain by chance: the rest of the config and the redaction marker.
    let baseline = format!("{without:?} Some(<redacted>)");
    for secret in [config.get_password(), config.get_ssl_password()]
        .into_iter()
        .flatten()
    {
        let secret = String::from_utf8_lossy(secret);
        if secret.len() >= 4 && !baseline.contains(&*secret) {
            assert!(!debug.contains(&*secret), "Debug shows a password");
        }
    }
    let env = FixedEnvironment::new()
        .os_user("fuzz")
        .var("HOME", "/home/fuzz")
        .existing("/tmp");
    if let Ok(resolved) = config.resolve_with(&env) {
        let _ = format!("{resolved} {resolved:?}");
        let _ = resolved.startup_params();
    }
}
