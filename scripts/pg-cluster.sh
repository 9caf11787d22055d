#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (scripts/test.sh runs the suite on it).
#
#   eval "$(bash scripts/pg-cluster.sh start DIR)"   # prints the variables to export
#   bash scripts/pg-cluster.sh stop DIR
#
# start runs Debian's PostgreSQL server binaries (the package `postgresql`; its own cluster
# is neither used nor needed) as an unprivileged user: initdb refuses root, so when run as
# root the cluster belongs to the user `nobody` (override: PG_CLUSTER_USER). Everything lives
# under DIR (a fresh, empty or missing folder): the data folder DIR/data, the Unix socket in
# the private folder DIR/socket (mode 700, no TCP listener at all), the server's log
# DIR/server.log. The port is a private one (a free number from 20000 up, only part of the
# socket's name). It creates:
#   - the role `office`, a login that is not a superuser and owns only its schema `office`
#     in the database `office_test` (its search_path), as the README's server set-up does;
#   - the superuser `postgres` (trust on the socket: only this user and root can reach it).
# It prints, for the tests:
#   OFFICE_TEST_DB       postgresql://office@/office_test?host=DIR/socket&port=PORT
#   OFFICE_TEST_DB_ADMIN the same as the superuser postgres
#   PG_CLUSTER_DIR       DIR (for stop)
# On failure it says why on stderr (with the server's log) and exits 1.
# stop stops the server (fast shutdown, then immediate) and removes DIR.
set -euo pipefail

CMD="${1:-}"
DIR="${2:-${PG_CLUSTER_DIR:-}}"

die() {
    echo "pg-cluster: $*" >&2
    exit 1
}

[[ -n "$CMD" && -n "$DIR" ]] || die "usage: pg-cluster.sh start|stop DIR"
# DIR made absolute, then out of the caller's folder: the server's programs run as the
# cluster's user (nobody), who may not be allowed into it (a clone under /root, say), and
# each would say "could not change directory" on stderr.
DIR="$(realpath -m -- "$DIR")"
cd /

find_bin() {
    local dir
    if [[ -n "${PG_BIN:-}" ]]; then
        echo "$PG_BIN"
        return 0
    fi
    # Debian: /usr/lib/postgresql/<major>/bin, the newest first.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -rn); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return 0
        fi
    done
    dir="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
    [[ -x "$dir/initdb" ]] && echo "$dir" && return 0
    return 1
}

# as_owner CMD...: run CMD as the cluster's user (directly when not root).
as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        setpriv --reuid="$OWNER" --regid="$OWNER_GROUP" --clear-groups -- "$@"
    else
        "$@"
    fi
}

owner_ids() {
    if [[ "$(id -u)" -eq 0 ]]; then
        local user="${PG_CLUSTER_USER:-nobody}"
        OWNER="$(id -u "$user")" || die "no user $user to run the cluster as"
        OWNER_GROUP="$(id -g "$user")"
    else
        OWNER="$(id -u)"
        OWNER_GROUP="$(id -g)"
    fi
}

stop() {
    [[ -d "$DIR" ]] || return 0
    local bin
    if [[ -f "$DIR/data/postmaster.pid" ]] && bin="$(find_bin)"; then
        owner_ids
        as_owner "$bin/pg_ctl" -D "$DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_owner "$bin/pg_ctl" -D "$DIR/data" -m immediate -w -t 10 stop >/dev/null 2>&1 ||
            true
    fi
    rm -rf "$DIR"
}

free_port() {
    local port
    for port in $(seq 20000 20999 | shuf); do
        # The port names the socket file only (no TCP): free when no socket of it exists
        # anywhere we could see, and no TCP listener uses it either (for a later TCP set-up).
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

start() {
    local bin port url
    bin="$(find_bin)" || die "PostgreSQL's server is not installed (Debian: postgresql; scripts/setup.sh installs it)"
    [[ ! -e "$DIR" || -z "$(ls -A "$DIR")" ]] || die "$DIR is not empty"
    command -v setpriv >/dev/null || [[ "$(id -u)" -ne 0 ]] || die "needs setpriv (util-linux)"
    owner_ids
    mkdir -p "$DIR/socket"
    chmod 700 "$DIR" "$DIR/socket"
    chown -R "$OWNER:$OWNER_GROUP" "$DIR"
    port="$(free_port)" || die "no free port in 20000-20999"
    if ! as_owner "$bin/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 --no-sync >"$DIR/initdb.log" 2>&1; then
        cat "$DIR/initdb.log" >&2
        die "initdb failed"
    fi
    # A cluster only for tests: no durability, no TCP, a socket nobody else can reach.
    cat >>"$DIR/data/postgresql.conf" <<EOF
listen_addresses = ''
port = $port
unix_socket_directories = '$DIR/socket'
unix_socket_permissions = 0700
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 60
shared_buffers = 64MB
log_min_messages = warning
EOF
    if ! as_owner "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start \
        >/dev/null 2>&1; then
        cat "$DIR/server.log" >&2 || true
        die "the server did not start"
    fi
    as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR/socket" -p "$port" -U postgres \
        -d postgres >/dev/null <<'EOF' || die "could not create the role and the database"
CREATE ROLE office LOGIN;
CREATE DATABASE office_test;
\connect office_test
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA office AUTHORIZATION office;
ALTER ROLE office IN DATABASE office_test SET search_path = office;
EOF
    url="postgresql://office@/office_test?host=$DIR/socket&port=$port"
    printf "export OFFICE_TEST_DB='%s'\n" "$url"
    printf "export OFFICE_TEST_DB_ADMIN='%s'\n" "${url/office@/postgres@}"
    printf "export PG_CLUSTER_DIR='%s'\n" "$DIR"
}

case "$CMD" in
start) start ;;
stop) stop ;;
*) die "usage: pg-cluster.sh start|stop DIR" ;;
esac
