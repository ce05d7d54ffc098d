#!/usr/bin/env bash
# Installs Debian's headless LibreOffice Calc (libreoffice-calc-nogui: no X11/GTK, no Java),
# used by test/support/libreoffice.ts to recalculate generated workbooks.
# Idempotent: returns at once when soffice or libreoffice is already on PATH.
# Prints nothing but errors. Needs root (or sudo) and apt-get (Debian/Ubuntu).
set -euo pipefail
if command -v soffice >/dev/null 2>&1 || command -v libreoffice >/dev/null 2>&1; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" libreoffice-calc-nogui
if ! command -v soffice >/dev/null 2>&1; then
  echo "libreoffice.sh: libreoffice-calc-nogui installed but soffice is not on PATH" >&2
  exit 1
fi
