#!/usr/bin/env bash
# Installs veraPDF (greenfield, the PDF/A and PDF/UA validator) from Maven Central into the
# project-local cache .tools/verapdf/<version>/ and writes the launcher .tools/verapdf/<version>/verapdf.
#   org.verapdf.apps:greenfield-apps:1.28.2, main class org.verapdf.apps.GreenfieldCliWrapper
# Needs Java 17+ and Maven. Maven checks every artifact against Central's checksums (--strict-checksums);
# the main jar is also pinned by sha256 below.
# Idempotent: a second run finds the launcher and returns at once. Prints nothing but errors.
set -euo pipefail
version=1.28.2
main_jar_sha256=687d4d8bcfec48c9f7e931cf78ed061f1eeccfba55d4cdc000ba9b4d8aa46ce6
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/.tools/verapdf/$version"

[ -x "$dir/verapdf" ] && [ -f "$dir/.installed" ] && exit 0

command -v java >/dev/null || { echo "verapdf.sh: java not found (Java 17+ needed)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "verapdf.sh: mvn not found (Maven needed)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.foerderwerk</groupId>
  <artifactId>verapdf-install</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.verapdf.apps</groupId>
      <artifactId>greenfield-apps</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
</project>
POM

if ! (cd "$tmp" && mvn -B -q --strict-checksums \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$tmp/stage/lib" >"$tmp/mvn.log" 2>&1); then
  cat "$tmp/mvn.log" >&2
  echo "verapdf.sh: maven could not fetch org.verapdf.apps:greenfield-apps:$version" >&2
  exit 1
fi

jar="$tmp/stage/lib/greenfield-apps-$version.jar"
[ -f "$jar" ] || { echo "verapdf.sh: $jar missing after download" >&2; exit 1; }
actual=$(sha256sum "$jar" | cut -d' ' -f1)
if [ "$actual" != "$main_jar_sha256" ]; then
  echo "verapdf.sh: sha256 mismatch for greenfield-apps-$version.jar: expected $main_jar_sha256, got $actual" >&2
  exit 1
fi

cat > "$tmp/stage/verapdf" <<'SH'
#!/usr/bin/env bash
# veraPDF command line (installed by scripts/tools/verapdf.sh)
here=$(cd "$(dirname "$0")" && pwd)
exec java ${VERAPDF_JAVA_OPTS:-} -cp "$here/lib/*" org.verapdf.apps.GreenfieldCliWrapper "$@"
SH
chmod +x "$tmp/stage/verapdf"
touch "$tmp/stage/.installed"

mkdir -p "$(dirname "$dir")"
rm -rf "$dir"
mv "$tmp/stage" "$dir"
