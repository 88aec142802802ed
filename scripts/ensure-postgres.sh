#!/usr/bin/env bash
# Make sure a PostgreSQL server for collsec's tests runs on 127.0.0.1, and print its URL.
#
# Idempotent: installs Debian's `postgresql` package when no server binaries are present,
# initialises a cluster in $COLLSEC_PGDATA (default: /var/tmp/collsec-pgdata) owned by the
# `postgres` user (the server refuses to run as root), starts it on 127.0.0.1:$COLLSEC_PGPORT
# (default 55432, not the default 5432, so it never meets a system server), creates database
# $COLLSEC_PGDB (default collsec_test) and prints the SQLAlchemy URL on stdout. Everything else
# goes to stderr. Safe to run from several processes at once (flock).
set -euo pipefail

# Outside the checkout: the `postgres` user must reach it, and a checkout under a private
# home directory (mode 700) is out of its reach. One server serves every checkout.
PGDATA="${COLLSEC_PGDATA:-/var/tmp/collsec-pgdata}"
PORT="${COLLSEC_PGPORT:-55432}"
DB="${COLLSEC_PGDB:-collsec_test}"
LOCK="${PGDATA}.lock"

log() { echo "ensure-postgres: $*" >&2; }

find_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

as_pg() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

BIN="$(find_bin || true)"
if [[ -z "$BIN" ]]; then
  [[ "$(id -u)" == "0" ]] || { log "PostgreSQL is not installed and I am not root"; exit 1; }
  log "installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
  BIN="$(find_bin)"
fi

mkdir -p "$(dirname "$PGDATA")"
exec 9>"$LOCK"
flock 9

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  log "initialising a cluster in $PGDATA"
  mkdir -p "$PGDATA"
  [[ "$(id -u)" == "0" ]] && chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  # Loopback only, trust: a throwaway test cluster reachable from this machine alone.
  as_pg "$BIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 >&2
fi

if ! as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDATA -c max_connections=200" start >&2 9>&-
fi

PSQL=("$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
if [[ "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]]; then
  log "creating database $DB"
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$DB\"" >&2
fi

echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
