#!/usr/bin/env bash
# Runs the benchmarks (issue #2 point 11; figures in docs/performance.md).
#
#   bench/run.sh                 everything: replay, durable append (SQLite and PostgreSQL), cap table
#   bench/run.sh '*Replay*'      BenchmarkDotNet --filter globs (e.g. '*CapTable*' '*DurableAppend*')
#
# Builds bench/Proviso.Benchmarks in Release, starts a throwaway PostgreSQL server for the PostgreSQL append benchmark
# (durable: fsync=on, synchronous_commit=on; installing the Debian `postgresql` package first when it is missing and we
# are root), runs BenchmarkDotNet in this process (in-process toolchain), and prints BenchmarkDotNet's tables followed
# by the targets table (also written to bench/BenchmarkDotNet.Artifacts/targets.md). The server and its files are
# removed on exit, also on failure. Set PROVISO_BENCH_PG to use an existing server instead (it must be durable), or
# PROVISO_BENCH_NO_PG=1 to skip PostgreSQL. PROVISO_BENCH_ROUNDS sets the number of append rounds (default 3).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="$repo_root/bench"
project="$bench_dir/Proviso.Benchmarks/Proviso.Benchmarks.csproj"
if [[ $# -gt 0 ]]; then filters=("$@"); else filters=("*"); fi
filter="${filters[*]}"
pg_dir=""
pg_bin=""

say() { printf 'run.sh: %s\n' "$*" >&2; }

as_pg_user() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
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
trap stop_postgres EXIT
trap 'say "interrupted"; exit 130' INT TERM

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/pg_isready" ]]; then printf '%s\n' "$dir"; return 0; fi
  done
  return 1
}

install_postgres() {
  if [[ $EUID -ne 0 ]]; then
    say "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin and not running as root to install them."
    return 1
  fi
  say "installing PostgreSQL (apt-get install postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { say "apt-get update failed"; return 1; }
  apt-get install -y -qq postgresql >/dev/null || say "apt-get install reported an error; checking for the binaries anyway"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_postgres() {
  if ! pg_bin="$(find_pg_bin)"; then
    install_postgres
    pg_bin="$(find_pg_bin)" || { say "PostgreSQL is still missing after installation"; return 1; }
  fi
  if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
    say "running as root but there is no 'postgres' system user to run the throwaway server as"
    return 1
  fi
  # On the same disk as the SQLite temp files (TMPDIR or /tmp), so both stores pay for the same fsync.
  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/proviso-bench-pg.XXXXXX")" || return 1
  mkdir -p "$pg_dir/socket" || return 1
  if [[ $EUID -eq 0 ]]; then chown -R postgres: "$pg_dir" || return 1; fi
  as_pg_user "$pg_bin/initdb" -D "$pg_dir/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; say "initdb failed"; return 1; }
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 40000 ))
    if port_in_use "$port"; then continue; fi
    # Durable, unlike the test server: every commit waits for its WAL to be flushed to disk.
    if as_pg_user "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir/socket -c fsync=on -c synchronous_commit=on -c full_page_writes=on" \
        start >/dev/null; then
      local waited
      for waited in $(seq 1 60); do
        if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
          export PROVISO_BENCH_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
          say "started a throwaway PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (fsync=on, synchronous_commit=on)"
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

say "building $project (Release)"
dotnet build "$project" -c Release -nologo -v quiet

needs_pg=0
case "$filter" in
  '*' | *Append* | *append* | *Postgres* | *postgres* | *Durable* | *durable*) needs_pg=1 ;;
esac
if [[ "${PROVISO_BENCH_NO_PG:-0}" == 1 ]]; then
  unset PROVISO_BENCH_PG
  say "PROVISO_BENCH_NO_PG=1: PostgreSQL append benchmarks skipped"
elif [[ $needs_pg -eq 1 && -z "${PROVISO_BENCH_PG:-}" ]]; then
  start_postgres
elif [[ -n "${PROVISO_BENCH_PG:-}" ]]; then
  say "using the PostgreSQL server in PROVISO_BENCH_PG"
fi

say "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2 " GiB"}'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$bench_dir"
export PROVISO_BENCH_ARTIFACTS="$bench_dir/BenchmarkDotNet.Artifacts"
status=0
dotnet "$bench_dir/Proviso.Benchmarks/bin/Release/net10.0/Proviso.Benchmarks.dll" --filter "${filters[@]}" || status=$?
say "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
