#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster, then stop and delete the cluster.
#
# Usage: scripts/pg_throwaway.sh COMMAND [ARG...]
#
# The cluster lives in a fresh directory under /tmp, listens on 127.0.0.1 on a free port,
# trusts every local connection and trades durability for speed (fsync, full-page writes
# and synchronous commit off): it exists only for the length of COMMAND. COMMAND sees
# DATABASE_URL=postgres://postgres@127.0.0.1:PORT/iecommons; the exit status is COMMAND's.
#
# initdb and pg_ctl refuse to run as root, so as root the server runs as the `postgres`
# user (created by Debian's postgresql package); as anyone else it runs as that user.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi

pg_bin="${PG_BIN:-}"
if [ -z "$pg_bin" ]; then
    # The newest installed major version.
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "pg_throwaway.sh: PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cluster_dir="$(mktemp -d /tmp/iecommons-pg.XXXXXX)"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$cluster_dir"
fi
data_dir="$cluster_dir/data"

cleanup() {
    local status=$?
    if [ -f "$data_dir/postmaster.pid" ]; then
        as_pg "$pg_bin/pg_ctl" -D "$data_dir" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster_dir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_pg "$pg_bin/initdb" -D "$data_dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$cluster_dir/initdb.log" 2>&1 || {
    cat "$cluster_dir/initdb.log" >&2
    exit 1
}
cat >>"$data_dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$cluster_dir'
fsync = off
full_page_writes = off
synchronous_commit = off
max_connections = 100
CONF
as_pg "$pg_bin/pg_ctl" -D "$data_dir" -l "$cluster_dir/server.log" -w -t 30 start >/dev/null || {
    cat "$cluster_dir/server.log" >&2
    exit 1
}
as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres iecommons

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/iecommons"
echo "Throwaway PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') at $DATABASE_URL"
# Not exec: the trap must outlive COMMAND to stop the server and remove its files.
"$@"
