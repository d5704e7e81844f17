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

say() { printf 'run.sh: %s\n' "$*" >&2; }

# shellcheck source=scripts/throwaway-postgres.sh
source "$repo_root/scripts/throwaway-postgres.sh"
trap pg_stop EXIT
trap 'say "interrupted"; exit 130' INT TERM

start_postgres() {
  # Durable, unlike the test server: every commit waits for its WAL to be flushed to disk.
  pg_start proviso-bench-pg -c fsync=on -c synchronous_commit=on -c full_page_writes=on || return 1
  export PROVISO_BENCH_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
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
