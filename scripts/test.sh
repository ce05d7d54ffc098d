#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs (pinned, cached), type-checks,
# then runs unit and integration tests on real PostgreSQL and a real Temporal test server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
t0=$(date +%s)
bash scripts/ensure-deps.sh
bash scripts/tools/temporal.sh test-server
bash scripts/tools/java.sh # Java and Maven for the JVM test server and veraPDF
bash scripts/tools/temporal.sh test-server-jvm
for tool in scripts/tools/verapdf.sh scripts/tools/libreoffice.sh scripts/tools/postgresql-tools.sh; do
  [ -f "$tool" ] && bash "$tool"
done
echo "type-checking…" >&2
npx tsc -p tsconfig.json --noEmit
npx jest --ci "$@"
echo "test suite finished in $(( $(date +%s) - t0 )) s" >&2
