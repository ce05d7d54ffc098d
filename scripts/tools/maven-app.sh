#!/usr/bin/env bash
# Installs a Java command line program from Maven Central into a project-local folder: the
# artifact and its runtime dependencies in <dir>/lib, and a launcher <dir>/<launcher> that runs
# <main-class> on them with `java ${<opts-variable>} -cp "lib/*"`. <opts-variable> may carry the
# options used while the variable is unset, as NAME=OPTIONS (set it empty for none).
# Maven checks every artifact against Central's checksums (--strict-checksums); the main jar is
# also pinned by sha256. Needs Java 17+ and Maven.
# Idempotent: a second run finds the launcher and returns at once. Prints nothing but errors.
# Usage: scripts/tools/maven-app.sh [--source <File.java>] <group:artifact:version> <main-jar-sha256> <main-class> <dir> <launcher> <opts-variable>[=<options>] [<group:artifact:version> ...]
#   --source: an entry point of our own, compiled (javac) against the artifacts into <dir>/classes,
#   which comes first on the class path; further coordinates are put on the class path as well
#   (e.g. a logging binding the program leaves open)
set -euo pipefail
usage="usage: maven-app.sh [--source <File.java>] <group:artifact:version> <main-jar-sha256> <main-class> <dir> <launcher> <opts-variable>[=<options>] [<group:artifact:version> ...]"
source_file=
if [ "${1:-}" = --source ]; then
  [ $# -ge 2 ] && [ -f "$2" ] || { echo "maven-app.sh: --source needs an existing .java file" >&2; exit 2; }
  source_file=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
  shift 2
fi
[ $# -ge 6 ] || { echo "$usage" >&2; exit 2; }
coordinates=$1 main_jar_sha256=$2 main_class=$3 dir=$4 launcher=$5 opts_variable=${6%%=*} default_opts=
[ "$opts_variable" = "$6" ] || default_opts=${6#*=}
[[ "$opts_variable" =~ ^[A-Z_][A-Z0-9_]*$ ]] || { echo "maven-app.sh: <opts-variable> must be NAME or NAME=OPTIONS, got $6" >&2; exit 2; }
options_pattern='^[A-Za-z0-9:=+._/ -]*$' # no quoting or expansion needed in the launcher
[[ "$default_opts" =~ $options_pattern ]] || { echo "maven-app.sh: default options may hold only letters, digits, spaces and :=+._/-, got $default_opts" >&2; exit 2; }
shift 6
extras=("$@")
IFS=: read -r _ artifact version <<<"$coordinates"

[ -x "$dir/$launcher" ] && [ -f "$dir/.installed" ] && exit 0

command -v java >/dev/null || { echo "maven-app.sh: java not found (Java 17+ needed for $artifact)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "maven-app.sh: mvn not found (Maven needed to install $artifact)" >&2; exit 1; }
[ -z "$source_file" ] || command -v javac >/dev/null || { echo "maven-app.sh: javac not found (a JDK 17+ is needed to compile $(basename "$source_file"))" >&2; exit 1; }

dependency() { # group:artifact:version
  local g a v
  IFS=: read -r g a v <<<"$1"
  [ -n "$g" ] && [ -n "$a" ] && [ -n "$v" ] || { echo "maven-app.sh: coordinates must be group:artifact:version, got $1" >&2; exit 2; }
  printf '    <dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>\n' "$g" "$a" "$v"
}
dependencies=$(dependency "$coordinates"; for extra in "${extras[@]}"; do dependency "$extra"; done)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.foerderwerk</groupId>
  <artifactId>$artifact-install</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
$dependencies
  </dependencies>
</project>
POM

if ! (cd "$tmp" && mvn -B -q --strict-checksums \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$tmp/stage/lib" >"$tmp/mvn.log" 2>&1); then
  cat "$tmp/mvn.log" >&2
  echo "maven-app.sh: maven could not fetch $coordinates" >&2
  exit 1
fi

jar="$tmp/stage/lib/$artifact-$version.jar"
[ -f "$jar" ] || { echo "maven-app.sh: $jar missing after download" >&2; exit 1; }
actual=$(sha256sum "$jar" | cut -d' ' -f1)
if [ "$actual" != "$main_jar_sha256" ]; then
  echo "maven-app.sh: sha256 mismatch for $artifact-$version.jar: expected $main_jar_sha256, got $actual" >&2
  exit 1
fi

class_path='$here/lib/*'
if [ -n "$source_file" ]; then
  if ! javac -nowarn -d "$tmp/stage/classes" -cp "$tmp/stage/lib/*" "$source_file" >"$tmp/javac.log" 2>&1; then
    cat "$tmp/javac.log" >&2
    echo "maven-app.sh: $(basename "$source_file") does not compile against $coordinates" >&2
    exit 1
  fi
  class_path='$here/classes:$here/lib/*'
fi

cat > "$tmp/stage/$launcher" <<SH
#!/usr/bin/env bash
# $coordinates ($main_class), installed by scripts/tools/maven-app.sh
here=\$(cd "\$(dirname "\$0")" && pwd)
exec java \${$opts_variable-$default_opts} -cp "$class_path" $main_class "\$@"
SH
chmod +x "$tmp/stage/$launcher"
touch "$tmp/stage/.installed"

mkdir -p "$(dirname "$dir")"
rm -rf "$dir"
mv "$tmp/stage" "$dir"
