#!/usr/bin/env bash
# Restores a dump of scripts/backup.sh into a NEW, EMPTY database (never over a live one):
#
#   scripts/restore.sh <file.dump> <postgres://user:pw@host:5432/new_database>
#
# Verifies the SHA-256 file beside the dump first, creates the database if it does not exist
# (refuses one that already has tables), restores in one transaction (all or nothing), and runs
# ANALYZE. Point the api and the worker at it afterwards. Exit 2 on bad usage or a checksum
# mismatch, 1 when pg_restore fails (the new database is then left empty).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/pg-tools.sh
source "$here/pg-tools.sh"

[ $# -eq 2 ] || usage_error "usage: scripts/restore.sh <file.dump> <postgres://…/new_database>"
file=$1
target=$2
[ -f "$file" ] || usage_error "no such dump: $file"
[ -f "$file.sha256" ] || usage_error "no checksum beside the dump: $file.sha256"
(cd "$(dirname "$file")" && sha256sum --quiet --check "$(basename "$file").sha256") || usage_error "checksum mismatch: $file is damaged or not the file that was backed up"

pg_restore=$(pg_tool pg_restore)
psql=$(pg_tool psql)
database=$(database_name "$target")
[[ "$database" =~ ^[A-Za-z0-9_]+$ ]] || usage_error "database name must match [A-Za-z0-9_]+; got \"$database\""
admin_url=$(with_database "$target" postgres)
check_server_version "$pg_restore" "$admin_url"
if [ -z "$("$psql" -XAtq -d "$admin_url" -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" ]; then
  "$psql" -XAtq -v ON_ERROR_STOP=1 -d "$admin_url" -c "CREATE DATABASE \"$database\""
fi
tables=$("$psql" -XAtq -d "$target" -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
[ "$tables" = "0" ] || usage_error "database \"$database\" is not empty ($tables tables): restore into a new database"

"$pg_restore" --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$target" "$file"
"$psql" -XAtq -v ON_ERROR_STOP=1 -d "$target" -c "ANALYZE" >/dev/null
echo "restored $file into $database"
