#!/usr/bin/env bash
# The project's one test command.
#
# Builds Proviso.slnx once, then runs every test project under tests/ with `dotnet test --no-build`, writing one TRX
# file per project to TestResults/. The storage tests need a PostgreSQL server: if PROVISO_TEST_PG (an Npgsql
# connection string for a user that may CREATE DATABASE) is not set, this script starts a throwaway server on a free
# loopback port (installing the Debian `postgresql` package first when it is missing and we are root), and stops it and
# deletes its files on exit, also on failure.
#
# The last line of output is always `tests: N passed, N failed` (summed over the TRX files of the projects that ran).
# The exit status is non-zero if the build failed, a test project failed to run, or any test failed.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

solution="Proviso.slnx"
results_dir="$repo_root/TestResults"

passed=0
failed=0
status=0
pg_dir=""
pg_bin=""

say() { printf 'test.sh: %s\n' "$*" >&2; }

# Runs a PostgreSQL server program; initdb and postgres refuse to run as root, so as root they run as `postgres`.
as_pg_user() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_postgres() {
  if [[ -n "$pg_dir" ]]; then
    if [[ -f "$pg_dir/data/postmaster.pid" ]]; then
      as_pg_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
        as_pg_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}

on_exit() {
  local rc=$?
  stop_postgres
  if [[ $rc -ne 0 && $status -eq 0 ]]; then status=$rc; fi
  printf 'tests: %d passed, %d failed\n' "$passed" "$failed"
  exit "$status"
}
trap on_exit EXIT
trap 'say "interrupted"; status=130; exit 130' INT TERM

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/pg_isready" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}

install_postgres() {
  if [[ $EUID -ne 0 ]]; then
    say "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin and not running as root to install them."
    say "Install the 'postgresql' package, or set PROVISO_TEST_PG to a server where the user may CREATE DATABASE."
    return 1
  fi
  say "installing PostgreSQL (apt-get install postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { say "apt-get update failed"; return 1; }
  # The package's own cluster may fail to auto-start (no init system) or start on 5432; neither matters here, so a
  # non-zero status from its post-install start is tolerated and the binaries are checked instead.
  apt-get install -y -qq postgresql >/dev/null || say "apt-get install reported an error; checking for the binaries anyway"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_postgres() {
  if ! pg_bin="$(find_pg_bin)"; then
    install_postgres
    pg_bin="$(find_pg_bin)" || { say "PostgreSQL is still missing after installation"; return 1; }
  fi
  if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
    say "running as root but there is no 'postgres' system user to run the throwaway server as"
    return 1
  fi

  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/proviso-pg.XXXXXX")" || return 1
  mkdir -p "$pg_dir/socket" || return 1
  if [[ $EUID -eq 0 ]]; then chown -R postgres: "$pg_dir" || return 1; fi
  as_pg_user "$pg_bin/initdb" -D "$pg_dir/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; say "initdb failed"; return 1; }

  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 40000 ))
    if port_in_use "$port"; then continue; fi
    # fsync=off: this server holds only throwaway test databases, and every test creates and drops its own database.
    if as_pg_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir/socket -c fsync=off -c max_connections=200" \
        start >/dev/null; then
      local waited
      for waited in $(seq 1 60); do
        if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
          export PROVISO_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
          say "started a throwaway PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
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

# Reads one counter (passed, failed, ...) from the <Counters .../> element of a TRX file.
trx_counter() {
  local value
  value="$(grep -o "<Counters [^>]*" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' || true)"
  printf '%s\n' "${value:-0}"
}

if [[ -z "${PROVISO_TEST_PG:-}" ]]; then
  start_postgres || { status=1; exit 1; }
else
  say "using the PostgreSQL server in PROVISO_TEST_PG"
fi

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used), with DejaVu fonts so pages
# render readable text in screenshots: install both when missing and we are root (CI); otherwise those tests fail and say why.
ensure_debian_packages() {
  local missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  [[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $EUID -ne 0 ]]; then
    say "missing ${missing[*]} and not running as root to install them; the browser tests will fail"
    return 0
  fi
  say "installing ${missing[*]} (apt-get install)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq || say "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    say "apt-get install ${missing[*]} reported an error"
}
ensure_debian_packages

if ! dotnet build "$solution" -nologo; then
  say "build failed; no tests were run"
  status=1
  exit 1
fi

mkdir -p "$results_dir"
mapfile -t projects < <(find tests -name '*.Tests.csproj' | sort)
if [[ ${#projects[@]} -eq 0 ]]; then
  say "no test projects found under tests/"
  status=1
  exit 1
fi

for project in "${projects[@]}"; do
  name="$(basename "$project" .csproj)"
  trx="$results_dir/$name.trx"
  rm -f "$trx"
  project_rc=0
  dotnet test "$project" --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" ||
    project_rc=$?
  if [[ ! -f "$trx" ]]; then
    say "$name did not run (dotnet test exited with $project_rc and wrote no results)"
    status=1
    continue
  fi
  p="$(trx_counter "$trx" passed)"
  f="$(trx_counter "$trx" failed)"
  passed=$(( passed + p ))
  failed=$(( failed + f ))
  if [[ $project_rc -ne 0 ]]; then
    status=1
    if [[ $f -eq 0 ]]; then say "$name: dotnet test exited with $project_rc although no test failed"; fi
  fi
done

if [[ $failed -gt 0 ]]; then status=1; fi
exit "$status"
