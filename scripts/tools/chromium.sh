#!/usr/bin/env bash
# Installs Debian's Chromium (package `chromium`, /usr/bin/chromium), the browser that
# bench/council-paper.bench.ts drives through playwright-core to compare HTML-to-PDF printing
# with our pdfkit builder. Benchmarks only: the test suite does not need it.
# Idempotent: returns at once when /usr/bin/chromium exists. Prints nothing but errors.
# Needs root (or sudo) and apt-get (Debian/Ubuntu).
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
pkg=chromium
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive

run() { # runs quietly; shows the output only if the command fails
  if ! "$@" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "chromium.sh: failed: $*" >&2
    return 1
  fi
}

candidate() { apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }'; }
updated=no
if [ -z "$(candidate)" ] || [ "$(candidate)" = "(none)" ]; then
  run $sudo apt-get update -qq
  updated=yes
fi
install() { $sudo apt-get install -y -qq --no-install-recommends "$pkg"; }
if ! install >>"$log" 2>&1; then
  # stale package lists (a mirror no longer has the listed version): refresh once and retry
  if [ "$updated" = no ]; then
    : >"$log"
    run $sudo apt-get update -qq
    run install
  else
    cat "$log" >&2
    echo "chromium.sh: failed to install $pkg" >&2
    exit 1
  fi
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: $pkg installed but /usr/bin/chromium is missing" >&2
  exit 1
fi
