#!/bin/sh
# One-shot (temporalio/admin-tools): creates the Temporal databases if missing and
# brings their schemas up to the version of this admin-tools image. Idempotent:
# create ignores an existing database, setup-schema -v 0.0 skips a database that
# is already versioned, and update-schema only applies the versions not yet applied.
# Connection settings come from SQL_PLUGIN, SQL_HOST, SQL_PORT, SQL_USER, SQL_PASSWORD.
set -eu

schema_root=/etc/temporal/schema/postgresql/v12

echo "waiting for PostgreSQL at ${SQL_HOST}:${SQL_PORT}..."
tries=0
until nc -z "${SQL_HOST}" "${SQL_PORT}"; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "PostgreSQL not reachable" >&2; exit 1; }
  sleep 2
done

for db in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  name=${db%%:*}
  dir=${db##*:}
  echo "== database ${name} (schema ${dir})"
  temporal-sql-tool --db "$name" create   # no-op when the database exists
  temporal-sql-tool --db "$name" setup-schema -v 0.0
  temporal-sql-tool --db "$name" update-schema -d "${schema_root}/${dir}/versioned"
done
echo "Temporal schemas are up to date"
