#!/usr/bin/env bash
# npm run bench: provisions like the start command, then measures the service against an in-memory Temporal dev server
# of its own and its own PostgreSQL database (aftercare_bench, emptied and migrated on every run), with the real worker
# and API processes, and prints one table. Sizes: BENCH_* variables, see bench/config.ts.
source "$(dirname "$0")/lib.sh"

BENCH_DB="${BENCH_DATABASE:-aftercare_bench}"
DATABASES+=("$BENCH_DB")

ensure_node
ensure_deps
ensure_build
ensure_temporal_cli
ensure_postgres

export BENCH_DATABASE_URL="${BENCH_DATABASE_URL:-postgres://aftercare:aftercare@127.0.0.1:5432/$BENCH_DB}"
BENCH_TEMPORAL_PORT="${BENCH_TEMPORAL_PORT:-7253}"
export BENCH_API_PORT="${BENCH_API_PORT:-$((BENCH_TEMPORAL_PORT + 2))}"
export TEMPORAL_ADDRESS="127.0.0.1:$BENCH_TEMPORAL_PORT"
export BENCH_LOG_DIR="${BENCH_LOG_DIR:-$(mktemp -d -t aftercare-bench-XXXXXX)}"
mkdir -p "$BENCH_LOG_DIR"
export BENCH_TEMPORAL_CLI_VERSION="$TEMPORAL_CLI_VERSION"

# Figures from a server that holds other work would mean nothing: the benchmark needs its own.
for port in "$BENCH_TEMPORAL_PORT" "$BENCH_API_PORT"; do
  port_open 127.0.0.1 "$port" && die "port $port is in use; choose other ports with BENCH_TEMPORAL_PORT (and BENCH_API_PORT)"
done

cleanup() { [ -n "${DEV_SERVER_PID:-}" ] && kill "$DEV_SERVER_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

start_dev_server "$BENCH_TEMPORAL_PORT" "${BENCH_UI_PORT:-$((BENCH_TEMPORAL_PORT + 1000))}" "$BENCH_LOG_DIR/temporal.log"
export BENCH_TEMPORAL_PID="$DEV_SERVER_PID"

cd "$ROOT"
say "running the benchmark (logs in $BENCH_LOG_DIR)"
node dist/bench/run.js
