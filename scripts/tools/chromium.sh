#!/usr/bin/env bash
# Installs Debian's Chromium (package `chromium`, /usr/bin/chromium), the browser that
# bench/council-paper.bench.ts drives through playwright-core to compare HTML-to-PDF printing
# with our pdfkit builder. Benchmarks only: the test suite does not need it.
# Idempotent: returns at once when /usr/bin/chromium exists. Prints nothing but errors.
# Needs root (or sudo) and apt-get (Debian/Ubuntu).
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
bash "$(dirname "$0")/apt-install.sh" chromium
if [ ! -x /usr/bin/chromium ]; then
  echo "chromium.sh: chromium installed but /usr/bin/chromium is missing" >&2
  exit 1
fi
