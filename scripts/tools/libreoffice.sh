#!/usr/bin/env bash
# Installs Debian's headless LibreOffice Calc (libreoffice-calc-nogui: no X11/GTK, no Java),
# used by test/support/libreoffice.ts to recalculate generated workbooks.
# Idempotent: returns at once when soffice or libreoffice is already on PATH.
# Prints nothing but errors. Needs root (or sudo) and apt-get (Debian/Ubuntu).
set -euo pipefail
if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  exit 0
fi
pkg=libreoffice-calc-nogui
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive

run() { # runs quietly; shows the output only if the command fails
  if ! "$@" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "libreoffice.sh: failed: $*" >&2
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
    echo "libreoffice.sh: failed to install $pkg" >&2
    exit 1
  fi
fi
if ! command -v soffice >/dev/null 2>&1; then
  echo "libreoffice.sh: $pkg installed but soffice is not on PATH" >&2
  exit 1
fi
