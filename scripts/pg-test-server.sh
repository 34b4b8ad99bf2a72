#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on a loopback port for the store tests.
#
#   eval "$(scripts/pg-test-server.sh)"      # exports TIMELINE_TEST_PG
#   .venv/bin/pytest tests/test_store.py
#   scripts/pg-test-server.sh stop           # stops the cluster and removes its files
#
# Installs Debian's postgresql with apt-get when its binaries are missing. The
# cluster lives in a temporary directory owned by the postgres user, listens
# on 127.0.0.1 only (PGPORT, default 55432) and trusts local connections: it is
# for tests, never for data. Prints `export TIMELINE_TEST_PG=<SQLAlchemy URL>`.
set -euo pipefail

PORT="${PGPORT:-55432}"
STATE="${PG_TEST_STATE:-/tmp/timeline-pg-test}"
DB=timeline_test
SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; elif [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if [ "${1:-start}" = stop ]; then
  BIN=$(pg_bin) || { echo "postgresql is not installed" >&2; exit 1; }
  if [ -f "$STATE/path" ]; then
    DATA=$(cat "$STATE/path")
    as_postgres "$BIN/pg_ctl" -D "$DATA/data" -m immediate stop >/dev/null 2>&1 || true
    $SUDO rm -rf "$DATA"
    rm -rf "$STATE"
  fi
  echo "stopped" >&2
  exit 0
fi

BIN=$(pg_bin) || {
  echo "installing Debian postgresql" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BIN=$(pg_bin)
}

mkdir -p "$STATE"
if [ -f "$STATE/path" ] && as_postgres "$BIN/pg_ctl" -D "$(cat "$STATE/path")/data" status >/dev/null 2>&1; then
  echo "already running" >&2
else
  DATA=$(mktemp -d /tmp/timeline-pg.XXXXXX)
  chown postgres "$DATA" 2>/dev/null || $SUDO chown postgres "$DATA"
  echo "$DATA" > "$STATE/path"
  as_postgres "$BIN/initdb" -D "$DATA/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
  as_postgres "$BIN/pg_ctl" -D "$DATA/data" -l "$DATA/log" -w \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA -c fsync=off" start >/dev/null
  as_postgres "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
fi

echo "export TIMELINE_TEST_PG=postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
