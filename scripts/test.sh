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
say() { printf 'test.sh: %s\n' "$*" >&2; }

# shellcheck source=scripts/throwaway-postgres.sh
source "$repo_root/scripts/throwaway-postgres.sh"

on_exit() {
  local rc=$?
  pg_stop
  if [[ $rc -ne 0 && $status -eq 0 ]]; then status=$rc; fi
  printf 'tests: %d passed, %d failed\n' "$passed" "$failed"
  exit "$status"
}
trap on_exit EXIT
trap 'say "interrupted"; status=130; exit 130' INT TERM

start_postgres() {
  # fsync=off: this server holds only throwaway test databases, and every test creates and drops its own database.
  pg_start proviso-pg -c fsync=off -c max_connections=200 || return 1
  export PROVISO_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
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
