#!/usr/bin/env bash
# npm run fuzz: schemathesis against the OpenAPI document, every operation called with a token of a role it allows.
# Fails (non-zero) on any 5xx, any answer whose status, content type, headers or body the document does not declare,
# and any invalid input the API accepts.
#
# By default it runs its own stack: a headless Temporal dev server, a fresh PostgreSQL database (recreated each run),
# the worker and the API, seeded with a small journey. Against a running service instead (never production: the fuzzer
# creates sales and changes the calendar): FUZZ_BASE_URL=http://host:port AUTH_TOKEN_SECRET=<its secret> npm run fuzz
#
# Settings: FUZZ_MAX_EXAMPLES (40 per operation), FUZZ_SEED (20261123), FUZZ_WORKERS (1), FUZZ_DATABASE (aftercare_fuzz),
# FUZZ_TEMPORAL_PORT (7263, UI +1000), FUZZ_API_PORT (3990). Extra arguments go to `schemathesis run`.
source "$(dirname "$0")/lib.sh"

SCHEMATHESIS_VERSION="4.32.5"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-40}"
SEED="${FUZZ_SEED:-20261123}"
WORKERS="${FUZZ_WORKERS:-1}"
CHECKS="${FUZZ_CHECKS:-not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection}"

# schemathesis from PyPI in a virtualenv of its own, outside the clone.
ensure_schemathesis() {
  local venv="$CACHE_DIR/schemathesis-$SCHEMATHESIS_VERSION"
  SCHEMATHESIS="$venv/bin/schemathesis"
  [ -x "$SCHEMATHESIS" ] && return
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    [ "$(id -u)" -eq 0 ] || die "python3 with venv is needed: apt-get install -y python3 python3-venv"
    say "installing python3-venv from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  say "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

ensure_node
ensure_deps
ensure_build
ensure_schemathesis
cd "$ROOT"

pids=()
cleanup() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

if [ -n "${FUZZ_BASE_URL:-}" ]; then
  BASE="${FUZZ_BASE_URL%/}"
  [ -n "${AUTH_TOKEN_SECRET:-}" ] || say "AUTH_TOKEN_SECRET is not set: tokens are signed with the development secret"
else
  ensure_temporal_cli
  ensure_postgres
  LOG_DIR="$(mktemp -d)"
  TEMPORAL_PORT="${FUZZ_TEMPORAL_PORT:-7263}"
  API_PORT="${FUZZ_API_PORT:-3990}"
  DATABASE="${FUZZ_DATABASE:-aftercare_fuzz}"
  BASE="http://127.0.0.1:$API_PORT"
  port_open 127.0.0.1 "$API_PORT" && die "port $API_PORT is taken; set FUZZ_API_PORT"

  say "recreating the fuzz database $DATABASE"
  PGPASSWORD=aftercare psql -q -h 127.0.0.1 -U aftercare -d postgres -v ON_ERROR_STOP=1 \
    -c "drop database if exists \"$DATABASE\" with (force)" -c "create database \"$DATABASE\"" >/dev/null
  export NODE_ENV=test
  export DATABASE_URL="postgres://aftercare:aftercare@127.0.0.1:5432/$DATABASE"
  export TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" TEMPORAL_TASK_QUEUE="fuzz-$API_PORT" API_PORT LOG_LEVEL=warn
  # Beside the API's port, so that a running npm start (9464-9466) is never in the way.
  export API_METRICS_PORT=$((API_PORT + 1)) WORKER_METRICS_PORT=$((API_PORT + 2)) WORKER_HEALTH_PORT=$((API_PORT + 3))
  export AUTH_TOKEN_SECRET="${AUTH_TOKEN_SECRET:-$(node -e "console.log(require('node:crypto').randomBytes(32).toString('hex'))")}"
  export CALL_WINDOWS="00:00-23:59" BUSINESS_CALENDAR_FILE="$LOG_DIR/calendar.json"
  node dist/src/database/migrate.js >/dev/null
  node dist/scripts/fuzz/seed.js calendar "$BUSINESS_CALENDAR_FILE"

  # The dev server is not started with start_dev_server's "reuse whatever answers": the fuzz run needs its own.
  port_open 127.0.0.1 "$TEMPORAL_PORT" && die "port $TEMPORAL_PORT is taken; set FUZZ_TEMPORAL_PORT"
  start_dev_server "$TEMPORAL_PORT" $((TEMPORAL_PORT + 1000)) "$LOG_DIR/temporal.log" --headless
  pids+=("$DEV_SERVER_PID")
  node dist/src/worker.js >"$LOG_DIR/worker.log" 2>&1 &
  pids+=($!)
  node dist/src/main.js >"$LOG_DIR/api.log" 2>&1 &
  pids+=($!)
  for ((i = 0; i < 150; i++)); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health")" = 200 ] && break
    sleep 0.2
  done
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health")" = 200 ] || die "the API did not become healthy (logs: $LOG_DIR)"
  say "seeding (logs: $LOG_DIR)"
  node dist/scripts/fuzz/seed.js journey "$BASE" "$LOG_DIR/ids.json"
  export FUZZ_IDS="$LOG_DIR/ids.json"
fi

# One token per role, a day long; hooks.py gives each operation one of a role it allows. The agent is the
# document's example agent A-1001, so that example bodies act in the caller's own name.
for role in $(node -e "import('$ROOT/dist/src/auth/roles.js').then((m) => console.log(m.ROLES.join(' ')))"); do
  id="fuzz-$role"; [ "$role" = agent ] && id=A-1001
  export "FUZZ_TOKEN_${role^^}=$(node dist/src/auth/token-command.js --role "$role" --id "$id" --days 1)"
done

say "fuzzing $BASE/docs/openapi.json: $MAX_EXAMPLES examples per operation, seed $SEED, checks $CHECKS"
set +e
SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$ROOT/scripts/fuzz" "$SCHEMATHESIS" run "$BASE/docs/openapi.json" \
  --checks "$CHECKS" \
  --phases examples,coverage,fuzzing \
  --max-examples "$MAX_EXAMPLES" \
  --seed "$SEED" \
  --workers "$WORKERS" \
  --request-timeout 30 \
  --generation-database none \
  --no-color \
  "$@"
status=$?
set -e
if [ $status -ne 0 ] && [ -n "${LOG_DIR:-}" ]; then say "API and worker logs: $LOG_DIR"; fi
exit $status
