#!/usr/bin/env bash
# Installs the npm dependencies exactly as locked, once: a second run with the same
# package-lock.json finds the stamp and returns at once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
want=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.foerderwerk-lock-sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
echo "installing npm dependencies (package-lock.json)…" >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$want" > "$stamp"
