# Shared by backup.sh and restore.sh (sourced): finding the PostgreSQL client tools and URL helpers.

usage_error() { echo "$*" >&2; exit 2; }

# The newest client tool: $PG_BIN/<tool>, else the newest /usr/lib/postgresql/<major>/bin/<tool>, else PATH.
pg_tool() {
  local tool=$1 dir
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/$tool" ] || usage_error "PG_BIN=$PG_BIN has no $tool"
    echo "$PG_BIN/$tool"; return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    if [ -x "$dir/$tool" ]; then echo "$dir/$tool"; return; fi
  done
  command -v "$tool" || usage_error "$tool not found: install the PostgreSQL client (e.g. apt-get install postgresql-client) or set PG_BIN"
}

# pg_dump/pg_restore read only servers of their own major version or older: say so before starting.
check_server_version() {
  local tool=$1 url=$2 psql client server
  psql=$(pg_tool psql)
  client=$("$tool" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
  server=$("$psql" -XAtq -d "$url" -c "SHOW server_version_num") || { echo "cannot connect to the database" >&2; exit 1; }
  server=$((server / 10000))
  [ "$client" -ge "$server" ] || usage_error "$tool is PostgreSQL $client, the server $server: use client tools of version $server or newer (PG_BIN)"
}

database_name() { local path=${1#*://}; path=${path#*/}; echo "${path%%\?*}"; }

with_database() { echo "$1" | sed -E "s#^(postgres(ql)?://[^/]+)/[^?]*#\1/$2#"; }
