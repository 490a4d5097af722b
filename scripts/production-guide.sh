#!/usr/bin/env bash
# Runs the commands of docs/production.md against a PostgreSQL server and Redis (CI calls it): the
# secrets, npm run build, createdb, npm run migrate, the parallel-worker setting of big draws, npx kinoyu doctor, and the pg_dump /
# pg_restore round trip.
# Usage: scripts/production-guide.sh <postgres server URL> <redis URL>. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
server="${1:?postgres server URL}"
redis="${2:?redis URL}"
base="${server%/*}"
guide_db="kinoyu_guide_$$"
restore_db="kinoyu_guide_restore_$$"
work="$(mktemp -d)"
cleanup() {
  dropdb --if-exists --force --maintenance-db="$server" "$guide_db" || true
  dropdb --if-exists --force --maintenance-db="$server" "$restore_db" || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "-- the secrets (openssl rand -base64 32)"
API_TOKEN="$(openssl rand -base64 32)"
TOKEN_ENCRYPTION_KEY="$(openssl rand -base64 32)"
SESSION_SECRET="$(openssl rand -base64 32)"
export API_TOKEN TOKEN_ENCRYPTION_KEY SESSION_SECRET

echo "-- npm run build (the bundle the start commands run)"
npm run --silent build
[ -s dist/kinoyu.mjs ]

echo "-- createdb, npm run migrate (twice: the second changes nothing)"
createdb --maintenance-db="$server" "$guide_db"
export DATABASE_URL="$base/$guide_db" REDIS_URL="$redis" DATA_DIR="$work/data" NODE_ENV=development
npm run --silent migrate
npm run --silent migrate

echo "-- more parallel workers for big draws on a host with cores to spare (ALTER FUNCTION … SET)"
workers() {
  psql "$DATABASE_URL" -Atc "select array_to_string(proconfig, ',') from pg_proc where proname = 'draw_ranked_entrants_wide'" |
    tr ',' '\n' | sed -n 's/^max_parallel_workers_per_gather=//p'
}
[ "$(workers)" = "1" ]
psql "$DATABASE_URL" -qc 'ALTER FUNCTION draw_ranked_entrants_wide(bigint, text, integer) SET max_parallel_workers_per_gather = 3'
[ "$(workers)" = "3" ]

echo "-- npx kinoyu doctor"
npx kinoyu doctor

echo "-- pg_dump and pg_restore into an empty database"
pg_dump --format=custom --file="$work/kinoyu.dump" "$DATABASE_URL"
createdb --maintenance-db="$server" "$restore_db"
pg_restore --no-owner --dbname="$base/$restore_db" "$work/kinoyu.dump"
tables() { psql "$1" -Atc "select count(*) from information_schema.tables where table_schema = 'public'"; }
original="$(tables "$DATABASE_URL")"
restored="$(tables "$base/$restore_db")"
echo "tables: $original in the original, $restored restored"
[ "$original" = "$restored" ] && [ "$original" -gt 10 ]
echo "-- the restored database passes the doctor too"
DATABASE_URL="$base/$restore_db" npx kinoyu doctor
echo "production guide: OK"
