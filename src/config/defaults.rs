//! libpq's compiled-in defaults that more than one step of resolution reads: the port, and the
//! socket directories (also `localhost` to the password file).

/// The port used when none is given.
pub const DEFAULT_PORT: u16 = 5432;

/// Where a default Unix socket is looked for, in order: Debian's libpq uses the first, upstream
/// libpq the second.
pub const DEFAULT_SOCKET_DIRS: [&str; 2] = ["/var/run/postgresql", "/tmp"];
