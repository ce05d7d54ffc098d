#!/usr/bin/env bash
# Backs up the application database: pg_dump in custom format (compressed, restorable table by
# table, in parallel) of DATABASE_URL into a file, with a SHA-256 checksum file beside it.
#
#   DATABASE_URL=postgres://user:pw@host:5432/foerderwerk scripts/backup.sh [out-dir]
#
# Writes <out-dir>/foerderwerk-<database>-<UTC timestamp>.dump and .dump.sha256 (out-dir default:
# ./backups) and prints the dump's path. pg_dump must be of the server's major version or newer:
# PG_BIN names the folder of pg_dump/pg_restore; otherwise the newest of /usr/lib/postgresql/*/bin,
# then PATH. The dump is a consistent snapshot (one repeatable-read transaction); the api and the
# worker keep running. Exit 2 on bad usage, 1 when pg_dump fails (no partial file is left).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/pg-tools.sh
source "$here/pg-tools.sh"

[ -n "${DATABASE_URL:-}" ] || usage_error "DATABASE_URL is required (postgres://user:password@host:port/database)"
out_dir=${1:-backups}
mkdir -p "$out_dir"
pg_dump=$(pg_tool pg_dump)
check_server_version "$pg_dump" "$DATABASE_URL"

database=$(database_name "$DATABASE_URL")
file="$out_dir/foerderwerk-$database-$(date -u +%Y%m%dT%H%M%SZ).dump"
tmp="$file.partial"
trap 'rm -f "$tmp"' EXIT
"$pg_dump" --format=custom --compress=6 --no-owner --no-privileges --serializable-deferrable --file="$tmp" --dbname="$DATABASE_URL"
mv "$tmp" "$file"
(cd "$(dirname "$file")" && sha256sum "$(basename "$file")" > "$(basename "$file").sha256")
echo "$file"
