# Sourced by scripts/test.sh and bench/run.sh: a throwaway PostgreSQL server on a free loopback port, its files in a
# temporary directory, stopped and deleted by pg_stop. Installs the Debian `postgresql` package first when the binaries
# are missing and we are root. The sourcing script defines `say` (messages to stderr).
#
#   pg_start NAME OPTION...   initdb + pg_ctl start with these server options (-c ...); sets pg_port; 0 on success
#   pg_stop                   stops the server (fast, else immediate) and deletes its files; safe to call twice
#
# initdb and postgres refuse to run as root, so as root they run as the `postgres` system user.

pg_dir=""
pg_bin=""
pg_port=""

as_pg_user() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/pg_isready" ]]; then printf '%s\n' "$dir"; return 0; fi
  done
  return 1
}

pg_install() {
  if [[ $EUID -ne 0 ]]; then
    say "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin and not running as root to install them."
    say "Install the 'postgresql' package, or point the script at an existing server (see its header)."
    return 1
  fi
  say "installing PostgreSQL (apt-get install postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { say "apt-get update failed"; return 1; }
  # The package's own cluster may fail to auto-start (no init system) or start on 5432; neither matters here, so a
  # non-zero status from its post-install start is tolerated and the binaries are checked instead.
  apt-get install -y -qq postgresql >/dev/null || say "apt-get install reported an error; checking for the binaries anyway"
}

pg_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_start() { # NAME OPTION...
  local name="$1"; shift
  if ! pg_bin="$(pg_find_bin)"; then
    pg_install || return 1
    pg_bin="$(pg_find_bin)" || { say "PostgreSQL is still missing after installation"; return 1; }
  fi
  if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
    say "running as root but there is no 'postgres' system user to run the throwaway server as"
    return 1
  fi
  # Under TMPDIR (or /tmp): the benchmarks' SQLite files are there too, so both stores pay for the same disk.
  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")" || return 1
  mkdir -p "$pg_dir/socket" || return 1
  if [[ $EUID -eq 0 ]]; then chown -R postgres: "$pg_dir" || return 1; fi
  as_pg_user "$pg_bin/initdb" -D "$pg_dir/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; say "initdb failed"; return 1; }
  local attempt port waited
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 40000 ))
    if pg_port_in_use "$port"; then continue; fi
    if as_pg_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir/socket $*" start >/dev/null; then
      for waited in $(seq 1 60); do
        if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
          pg_port="$port"
          say "started a throwaway PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($*)"
          return 0
        fi
        sleep 1
      done
      say "PostgreSQL started but did not accept connections within 60 seconds"
      cat "$pg_dir/server.log" >&2 || true
      return 1
    fi
    say "PostgreSQL did not start on port $port (attempt $attempt); trying another port"
  done
  cat "$pg_dir/server.log" >&2 || true
  say "could not start PostgreSQL"
  return 1
}

pg_stop() {
  if [[ -n "$pg_dir" ]]; then
    if [[ -f "$pg_dir/data/postmaster.pid" ]]; then
      as_pg_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
        as_pg_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}
