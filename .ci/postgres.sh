#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and prints its JDBC URL on stdout.
#
#   export MEDBROKER_TEST_PG_URL="$(bash .ci/postgres.sh)"
#
# Idempotent: installs Debian's postgresql package when no server is installed (as root), creates
# the cluster under /tmp/mb-pg owned by the postgres user (trust auth, localhost only, port 55432),
# starts it unless it runs, and creates the database medbroker_test. Everything but the URL goes
# to stderr. `bash .ci/postgres.sh stop` stops the cluster.
set -euo pipefail

PG_ROOT=/tmp/mb-pg
PG_DATA="$PG_ROOT/data"
PG_PORT=55432
PG_DB=medbroker_test
PG_USER=postgres

log() { echo "postgres.sh: $*" >&2; }

find_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_postgres() {
  if [ "$(id -un)" = "$PG_USER" ]; then
    "$@"
  elif [ "$(id -u)" = 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    log "MB-0590: run as root or as the postgres user"
    exit 1
  fi
}

BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  if [ "$(id -u)" != 0 ]; then
    log "MB-0591: no PostgreSQL server under /usr/lib/postgresql; install the postgresql package"
    exit 1
  fi
  log "installing postgresql"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
  BIN="$(find_bin)"
fi

if [ "${1:-}" = "stop" ]; then
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    as_postgres "$BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >&2
  fi
  exit 0
fi

mkdir -p "$PG_ROOT"
if [ "$(id -u)" = 0 ]; then
  chown "$PG_USER": "$PG_ROOT"
fi

if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  log "initdb $PG_DATA"
  as_postgres "$BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --auth=trust --encoding=UTF8 --locale=C >&2
fi

if ! as_postgres "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  log "starting on 127.0.0.1:$PG_PORT"
  as_postgres "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/server.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_ROOT -c fsync=off -c max_connections=200" start >&2
fi

PSQL=(as_postgres "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -tAq)
if [ "$("${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
  log "creating database $PG_DB"
  "${PSQL[@]}" -c "CREATE DATABASE $PG_DB" >&2
fi

echo "jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB"
