#!/usr/bin/env bash
# npm run demo: fills the development database through the API of a running `npm start` (scripts/demo.ts).
source "$(dirname "$0")/lib.sh"

ensure_node
ensure_deps
[ -f "$ROOT/dist/scripts/demo.js" ] || ensure_build
cd "$ROOT"
exec node dist/scripts/demo.js "$@"
