#!/usr/bin/env bash
# Installs one Debian package quietly: `apt-get update` only when the package is unknown or the
# lists are stale, output shown only on failure. Needs root (or sudo) and apt-get.
# Usage: scripts/tools/apt-install.sh <package>
set -euo pipefail
pkg=$1
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive

run() { # runs quietly; shows the output only if the command fails
  if ! "$@" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "apt-install.sh: failed: $*" >&2
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
    echo "apt-install.sh: failed to install $pkg" >&2
    exit 1
  fi
fi
