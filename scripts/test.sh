#!/usr/bin/env bash
# npm test: provisions the real parts, then runs every tier: unit, workflow (time-skipping server),
# replay, integration (PostgreSQL) and end-to-end (API + worker + Temporal dev server + PostgreSQL).
source "$(dirname "$0")/lib.sh"

ensure_node
ensure_deps
ensure_build
ensure_web
ensure_chromium
ensure_test_server
ensure_temporal_cli
ensure_mailpit
ensure_postgres
ensure_prometheus

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://aftercare:aftercare@127.0.0.1:5432/aftercare_test}"
# The delivery tests start mailpit instances of their own, on free ports ($MAILPIT is the binary).
# The end-to-end worker loads its own business calendar; its database keeps that away from the other tiers.
export E2E_DATABASE_URL="${E2E_DATABASE_URL:-postgres://aftercare:aftercare@127.0.0.1:5432/aftercare_e2e}"
E2E_PORT="${E2E_TEMPORAL_PORT:-7243}"
export E2E_TEMPORAL_ADDRESS="127.0.0.1:$E2E_PORT"
LOG_DIR="$(mktemp -d)"

cleanup() { [ -n "${DEV_SERVER_PID:-}" ] && kill "$DEV_SERVER_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

cd "$ROOT"
say "linting (ESLint with type information)"
npx --no-install eslint .
say "checking the Prometheus configuration and alert rules, and testing the rules (promtool)"
promtool check rules ops/prometheus/alerts.yml
promtool check config ops/prometheus/prometheus.yml
promtool test rules ops/prometheus/alerts.test.yml
say "migrating the test databases"
DATABASE_URL="$TEST_DATABASE_URL" node dist/src/database/migrate.js
DATABASE_URL="$E2E_DATABASE_URL" node dist/src/database/migrate.js

# An in-memory dev server of its own, so a running `npm start` is never touched. Its long polls expire after 5 s (60 s
# by default), so that a stopped worker drops out of the task queue's pollers within seconds (test/e2e/operations).
start_dev_server "$E2E_PORT" $((E2E_PORT + 1000)) "$LOG_DIR/temporal-e2e.log" --headless \
  --dynamic-config-value 'matching.longPollExpirationInterval="5s"'

say "running the web app's unit tests (vitest)"
(cd web && npx vitest run --reporter=dot)

say "running the tests"
# Browser screenshots of each journey step land here (gitignored).
export BROWSER_ARTIFACTS="${BROWSER_ARTIFACTS:-$ROOT/test-artifacts/browser}"
node --test --test-reporter=spec "$@" \
  'dist/test/unit/**/*.test.js' \
  'dist/test/workflows/**/*.test.js' \
  'dist/test/replay/**/*.test.js' \
  'dist/test/integration/**/*.test.js' \
  'dist/test/e2e/**/*.test.js' \
  'dist/test/browser/**/*.test.js'
