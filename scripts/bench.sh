#!/usr/bin/env bash
# Benchmarks (speed and memory targets live here, never in timed tests).
#   npm run bench              all benchmarks in bench/*.bench.ts
#   npm run bench -- workbook  only bench/workbook.bench.ts (extra arguments go to it)
# Compiled with tsc into dist-bench/ first, so what is measured is the same JavaScript that runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/ensure-deps.sh
bash scripts/tools/java.sh # Java and Maven for the test server's JVM build (scripts/tools/temporal.sh installs it)
bash scripts/tools/temporal.sh
rm -rf dist-bench
npx tsc -p tsconfig.bench.json
npx tsc-alias -p tsconfig.bench.json
only=${1:-}
[ $# -gt 0 ] && shift
for file in bench/*.bench.ts; do
  name=$(basename "$file" .bench.ts)
  [ -n "$only" ] && [ "$only" != "$name" ] && continue
  echo "== bench: $name"
  node --expose-gc "dist-bench/bench/$name.bench.js" "$@"
done
