#!/usr/bin/env bash
# The main job on a fresh machine: installs what it needs, builds, then starts PostgreSQL
# (embedded unless DATABASE_URL is set), Temporal (local dev server with its Web UI unless
# TEMPORAL_ADDRESS is set), the api and the worker, and loads the demo data. Ctrl-C stops all.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/ensure-deps.sh
if [ -z "${TEMPORAL_ADDRESS:-}" ] && ! command -v temporal >/dev/null 2>&1; then
  bash scripts/tools/temporal.sh cli
fi
# Build unless nothing changed since the last build.
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find apps libs workflows templates tsconfig.json tsconfig.build.json package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  echo "building…" >&2
  npm run --silent build
  touch "$stamp"
fi
exec node dist/apps/cli/src/main.js start "$@"
