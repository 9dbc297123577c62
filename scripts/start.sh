#!/usr/bin/env bash
# npm start: provisions everything, then runs the Temporal dev server, the worker and the API until Ctrl-C.
source "$(dirname "$0")/lib.sh"

ensure_node
ensure_deps
ensure_build
ensure_web
ensure_temporal_cli
ensure_mailpit
ensure_postgres "${DATABASE_URL:-$DEFAULT_DATABASE_URL}"

DATA_DIR="${AFTERCARE_DATA_DIR:-$ROOT/data}"
mkdir -p "$DATA_DIR"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
export TEMPORAL_UI_URL="${TEMPORAL_UI_URL:-http://127.0.0.1:8233}"
export API_PORT="${API_PORT:-3000}"
export API_METRICS_PORT="${API_METRICS_PORT:-9464}" WORKER_METRICS_PORT="${WORKER_METRICS_PORT:-9465}" WORKER_HEALTH_PORT="${WORKER_HEALTH_PORT:-9466}"
# Logs for a terminal; the processes write JSON lines when LOG_FORMAT is json (their default).
export LOG_FORMAT="${LOG_FORMAT:-pretty}"
# Notification e-mail goes to mailpit (its web inbox shows every message) unless SMTP_HOST names another server.
MAILPIT_UI_PORT="${MAILPIT_UI_PORT:-8025}"
export APP_BASE_URL="${APP_BASE_URL:-http://127.0.0.1:$API_PORT/app}"
TEMPORAL_PORT="${TEMPORAL_ADDRESS##*:}"
UI_PORT="${TEMPORAL_UI_URL##*:}"

pids=()
stop_all() {
  trap - INT TERM EXIT
  say "stopping"
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  say "stopped; data kept in $DATA_DIR and PostgreSQL"
}
trap stop_all INT TERM EXIT

# The Web UI decodes encrypted payloads through the API's codec endpoint, from the browser.
CODEC_ENDPOINT="http://127.0.0.1:$API_PORT/codec"
start_dev_server "$TEMPORAL_PORT" "$UI_PORT" "$DATA_DIR/temporal.log" --db-filename "$DATA_DIR/temporal.db" \
  --ui-codec-endpoint "$CODEC_ENDPOINT"
[ -n "$DEV_SERVER_PID" ] && pids+=("$DEV_SERVER_PID")
# The dev server has no retention flag: set it on the namespace, every start (README, What is kept where).
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-720h}"
say "keeping closed workflows in Temporal for $RETENTION"
"$TEMPORAL_CLI" operator namespace update --address "$TEMPORAL_ADDRESS" --namespace "${TEMPORAL_NAMESPACE:-default}" --retention "$RETENTION" >/dev/null

if [ -z "${SMTP_HOST:-}" ]; then
  export SMTP_HOST=127.0.0.1 SMTP_PORT="${SMTP_PORT:-1025}"
  start_mailpit "$SMTP_PORT" "$MAILPIT_UI_PORT" "$DATA_DIR/mailpit.db" "$DATA_DIR/mailpit.log"
  [ -n "$MAILPIT_PID" ] && pids+=("$MAILPIT_PID")
  MAIL_LINE="Mail inbox     http://127.0.0.1:$MAILPIT_UI_PORT (mailpit: every notification e-mail; SMTP 127.0.0.1:$SMTP_PORT)"
else
  MAIL_LINE="Mail           notifications e-mailed through $SMTP_HOST:${SMTP_PORT:-1025}"
fi

cd "$ROOT"
say "applying database migrations"
node dist/src/database/migrate.js
say "applying the report schedules"
node dist/src/reports/apply-schedules.js
# A demo staff directory, one person per role, so that people can sign in at once. Development only: production
# loads its own directory file with `npm run directory:load` and sets passwords through the administrator's API.
DEMO_PASSWORD="aftercare-demo"
if [ "${NODE_ENV:-development}" = development ]; then
  say "loading the demo directory (scripts/demo-directory.json)"
  DIRECTORY_INITIAL_PASSWORD="$DEMO_PASSWORD" node dist/src/directory/load-directory.js scripts/demo-directory.json | sed 's/^/  /'
fi

node dist/src/worker.js &
pids+=($!)
node dist/src/main.js &
pids+=($!)

for ((i = 0; i < 150; i++)); do
  port_open 127.0.0.1 "$API_PORT" && break
  sleep 0.2
done
# Example bearer tokens for a day, signed with this configuration's AUTH_TOKEN_SECRET.
token() { node dist/src/auth/token-command.js --role "$1" --id "$2" --days 1; }
cat <<MSG

  Aftercare is running (Ctrl-C stops everything):
    Workspace      http://127.0.0.1:$API_PORT/app/   (sign in as a demo person; README, The workspace)
    API            http://127.0.0.1:$API_PORT
    OpenAPI docs   http://127.0.0.1:$API_PORT/docs
    Temporal UI    $TEMPORAL_UI_URL (to see decoded payloads, sign in as ops at
                   http://127.0.0.1:$API_PORT/codec/sign-in first; README, Personal data in Temporal)
    Temporal gRPC  $TEMPORAL_ADDRESS
    API metrics    http://127.0.0.1:$API_METRICS_PORT/metrics   (Prometheus; README, Operating Aftercare)
    Worker metrics http://127.0.0.1:$WORKER_METRICS_PORT/metrics   (the Temporal SDK's own)
    Worker health  http://127.0.0.1:$WORKER_HEALTH_PORT/livez and /readyz; API health http://127.0.0.1:$API_PORT/health
    $MAIL_LINE
    Data           $DATA_DIR (Temporal) and PostgreSQL ($(redacted_url "${DATABASE_URL:-$DEFAULT_DATABASE_URL}"))

  People sign in at the workspace or with POST /auth/login (demo directory, development only; password $DEMO_PASSWORD):
    A-1001, A-1002 (agents), owner.liu (department owner, rnd), mgr.chen (after-sales manager),
    gm.wang (general manager), li.lei (sales owner), admin (administrator), ops (operator)
  e.g.  curl -c /tmp/cookies -H 'content-type: application/json' -d '{"username":"mgr.chen","password":"$DEMO_PASSWORD"}' http://127.0.0.1:$API_PORT/auth/login

  Service accounts and tools use bearer tokens. Tokens valid for one day:
    sales system (sales-system)       $(token sales_system sales-system)
    agent A-1001                      $(token agent A-1001)
    after-sales manager (mgr.chen)    $(token after_sales_manager mgr.chen)
    administrator (admin)             $(token administrator admin)
    operator (ops)                    $(token operator ops)
  e.g.  curl -H "Authorization: Bearer <token>" http://127.0.0.1:$API_PORT/callbacks
  More: npm run token -- --role <role> --id <who> [--days 30]   (roles: see README, Authentication and roles)

MSG
# Any process that exits takes the others down with it.
wait -n "${pids[@]}"
say "a process exited"
