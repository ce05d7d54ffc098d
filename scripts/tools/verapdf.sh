#!/usr/bin/env bash
# Installs veraPDF (greenfield, the PDF/A and PDF/UA validator) from Maven Central into the
# project-local cache .tools/verapdf/<version>/ with the launcher .tools/verapdf/<version>/verapdf.
#   org.verapdf.apps:greenfield-apps:1.28.2, main class org.verapdf.apps.GreenfieldCliWrapper
# Needs Java 17+ and Maven (see scripts/tools/maven-app.sh). Idempotent; prints nothing but errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
version=1.28.2
exec bash "$root/scripts/tools/maven-app.sh" "org.verapdf.apps:greenfield-apps:$version" \
  687d4d8bcfec48c9f7e931cf78ed061f1eeccfba55d4cdc000ba9b4d8aa46ce6 \
  org.verapdf.apps.GreenfieldCliWrapper "$root/.tools/verapdf/$version" verapdf VERAPDF_JAVA_OPTS
