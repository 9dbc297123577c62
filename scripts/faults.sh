#!/usr/bin/env bash
# npm run faults: the fault run. Provisions a PostgreSQL cluster and a Temporal dev server of its own (the machine's
# PostgreSQL on :5432 and any running `npm start` are never touched), then dist/scripts/faults.js spawns the API and
# the worker, sends traffic and breaks things: kill -9 the worker, stop PostgreSQL, restart Temporal, repeat requests.
# Exits non-zero when any check fails. Sizes and ports: FAULTS_* variables, see scripts/faults/settings.ts.
#
# The driver calls back into this script to break and mend the servers it provisioned:
#   faults.sh pg-stop | pg-start | temporal-start      (with the FAULTS_* variables the main run exports)
source "$(dirname "$0")/lib.sh"

FAULTS_PG_PORT="${FAULTS_PG_PORT:-5499}"
FAULTS_TEMPORAL_PORT="${FAULTS_TEMPORAL_PORT:-7900}"
FAULTS_TEMPORAL_UI_PORT="${FAULTS_TEMPORAL_UI_PORT:-$((FAULTS_TEMPORAL_PORT + 1000))}"
FAULTS_API_PORT="${FAULTS_API_PORT:-3900}"

# Debian's server binaries; installed when missing (root only). Only the binaries are used: the cluster is our own.
ensure_postgres_binaries() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || die "PostgreSQL's server binaries are missing; install Debian's postgresql package"
    say "installing PostgreSQL from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  export PG_BIN
}

# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres account.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  as_pg "$PG_BIN/pg_ctl" -D "$FAULTS_PG_DATA" -l "$FAULTS_DIR/pg/postgres.log" -w -t 60 start >/dev/null
}

# -m immediate: the server goes down the way a crash takes it, open connections and all.
pg_stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$FAULTS_PG_DATA" -m immediate -w stop >/dev/null
}

# The dev server keeps its state in one SQLite file, so a restart carries on where it was. Prints its process id.
temporal_start() {
  start_dev_server "$FAULTS_TEMPORAL_PORT" "$FAULTS_TEMPORAL_UI_PORT" "$FAULTS_DIR/temporal.log" \
    --headless --db-filename "$FAULTS_DIR/temporal.db"
  # The driver kills it on purpose: no job report from this shell.
  [ -n "$DEV_SERVER_PID" ] && disown "$DEV_SERVER_PID"
  echo "$DEV_SERVER_PID" >"$FAULTS_DIR/temporal.pid"
  echo "$DEV_SERVER_PID"
}

case "${1:-}" in
  pg-stop) ensure_postgres_binaries; pg_stop; exit ;;
  pg-start) ensure_postgres_binaries; pg_start; exit ;;
  temporal-start) ensure_temporal_cli; temporal_start; exit ;;
  "") ;;
  *) die "unknown command $1 (the fault run is: npm run faults)" ;;
esac

started=$(date +%s)
ensure_node
ensure_deps
ensure_build
ensure_temporal_cli
ensure_postgres_binaries

for port in "$FAULTS_PG_PORT" "$FAULTS_TEMPORAL_PORT" "$FAULTS_API_PORT"; do
  port_open 127.0.0.1 "$port" && die "port $port is taken; the fault run needs it for itself (set FAULTS_PG_PORT, FAULTS_TEMPORAL_PORT or FAULTS_API_PORT)"
done

FAULTS_DIR="$(mktemp -d -t aftercare-faults-XXXXXX)"
chmod 755 "$FAULTS_DIR"
FAULTS_PG_DATA="$FAULTS_DIR/pg/data"
export FAULTS_DIR FAULTS_PG_DATA FAULTS_PG_PORT FAULTS_TEMPORAL_PORT FAULTS_TEMPORAL_UI_PORT FAULTS_API_PORT

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local file
  for file in "$FAULTS_DIR"/*.pid; do
    [ -f "$file" ] && kill -KILL "$(cat "$file")" 2>/dev/null
  done
  [ -f "$FAULTS_PG_DATA/postmaster.pid" ] && pg_stop 2>/dev/null
  wait 2>/dev/null
  if [ "$rc" -eq 0 ] && [ -z "${FAULTS_KEEP:-}" ]; then
    rm -rf "$FAULTS_DIR"
  else
    say "logs and data kept in $FAULTS_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "creating a throwaway PostgreSQL cluster in $FAULTS_PG_DATA on port $FAULTS_PG_PORT"
# The cluster's files, socket and log live in one directory its owner can write.
mkdir -p "$FAULTS_PG_DATA" "$FAULTS_DIR/pg/socket"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$FAULTS_DIR/pg"
as_pg "$PG_BIN/initdb" -D "$FAULTS_PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-instructions >/dev/null
cat >>"$FAULTS_PG_DATA/postgresql.conf" <<CONF
port = $FAULTS_PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$FAULTS_DIR/pg/socket'
max_connections = 100
CONF
pg_start
as_pg "$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h "$FAULTS_DIR/pg/socket" -p "$FAULTS_PG_PORT" -U postgres -d postgres \
  -c "create role aftercare login password 'aftercare'" -c "create database aftercare_faults owner aftercare"
export DATABASE_URL="postgres://aftercare:aftercare@127.0.0.1:$FAULTS_PG_PORT/aftercare_faults"

cd "$ROOT"
say "applying database migrations"
node dist/src/database/migrate.js

temporal_start >/dev/null
export TEMPORAL_ADDRESS="127.0.0.1:$FAULTS_TEMPORAL_PORT"
export FAULTS_CTL="$ROOT/scripts/faults.sh"
export FAULTS_PROVISIONING_S=$(($(date +%s) - started))

say "running the fault scenarios (logs in $FAULTS_DIR)"
node dist/scripts/faults.js
