#!/usr/bin/env bash
# Installs Debian's Java 17 JDK (headless: java and javac) and Maven when one of java, javac or mvn
# is missing: scripts/tools/maven-app.sh needs them for veraPDF and the JVM build of the Temporal
# test server (scripts/tools/temporal.sh test-server-jvm).
# Idempotent: returns at once when all three are on PATH.
# Prints nothing but errors. Needs root (or sudo) and apt-get (Debian/Ubuntu).
set -euo pipefail
here=$(dirname "$0")
if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
  bash "$here/apt-install.sh" openjdk-17-jdk-headless
fi
if ! command -v mvn >/dev/null 2>&1; then
  bash "$here/apt-install.sh" maven
fi
for tool in java javac mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "java.sh: $tool still not on PATH after installing" >&2; exit 1; }
done
