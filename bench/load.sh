#!/usr/bin/env bash
# Server load benchmark (issue #6 point 8; figures and how to read them in docs/performance.md, "Server load").
#
#   bench/load.sh            builds Release, runs everything (about 2 minutes), prints the report
#
# Starts the Proviso server (Release) on a free loopback port with a fresh temporary SQLite store (the Cloopen example
# is loaded on first start), issues an API token through the Application layer (bench/Proviso.LoadBench prepare),
# starts the bare ASP.NET Core endpoint (bench/Proviso.LoadBench/Bare) on another free loopback port, and loads each
# with wrk (installed with apt-get when missing and we are root): LOADBENCH_CONNECTIONS (64) connections,
# LOADBENCH_THREADS (2) threads, a LOADBENCH_WARMUP (5 s) warm-up, then LOADBENCH_DURATION (20 s) measured. Order: bare
# GET, cap-table GET, then transfer processes whose Option Period is open are set up (bench/Proviso.LoadBench elections:
# LOADBENCH_ELECTIONS valid elections, by default 30,000 for each second of warm-up and measurement, so that a server
# that fast does not run out; the report says so if they ran out), the latency of one durable SQLite commit alone on
# the store's disk is measured (LOADBENCH_COMMITS commits, 2,000: the floor under the POST's latency, in the report), the
# Proviso server is restarted so that it loads the prepared ledger at start-up (LOADBENCH_RESTART=0 keeps it running), and
# the election POST runs (each request a different valid election; with LOADBENCH_PREFER=return=minimal each sends that
# Prefer header, and the answers leave out the process view). Everything listens on 127.0.0.1 only; both servers are stopped and
# the temporary files removed on exit, also on failure. The report is printed and written to
# bench/LoadResults/report.md (wrk's own output beside it), with the 1-minute load average before and after each
# measured run: compare the endpoints within one run, and repeat a run made while the load average was high.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
connections="${LOADBENCH_CONNECTIONS:-64}"
threads="${LOADBENCH_THREADS:-2}"
warmup="${LOADBENCH_WARMUP:-5}"
duration="${LOADBENCH_DURATION:-20}"
elections="${LOADBENCH_ELECTIONS:-$(( (warmup + duration) * 30000 ))}"
results="$repo_root/bench/LoadResults"
work="$(mktemp -d /tmp/proviso-load.XXXXXX)"
server_pid=""
bare_pid=""

say() { printf 'load.sh: %s\n' "$*" >&2; }

cleanup() {
  for pid in "$server_pid" "$bare_pid"; do
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT TERM

if ! command -v wrk >/dev/null; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    say "wrk is required (apt-get install wrk)"; exit 2
  fi
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

wait_healthy() { # url pid name
  for _ in $(seq 300); do
    if curl -fsS "$1/healthz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$2" 2>/dev/null || { say "$3 exited"; cat "$work/$3.log" >&2; exit 4; }
    sleep 0.2
  done
  say "$3 did not start"; cat "$work/$3.log" >&2; exit 4
}

say "building (Release)"
dotnet build -c Release "$repo_root/src/Proviso.Server" -v q -nologo >/dev/null
dotnet build -c Release "$repo_root/bench/Proviso.LoadBench" -v q -nologo >/dev/null
dotnet build -c Release "$repo_root/bench/Proviso.LoadBench/Bare" -v q -nologo >/dev/null
harness="$repo_root/bench/Proviso.LoadBench/bin/Release/net10.0/Proviso.LoadBench.dll"
bare_dll="$repo_root/bench/Proviso.LoadBench/Bare/bin/Release/net10.0/Proviso.LoadBench.Bare.dll"
# The processor's speed now and after the runs (a fixed single-threaded piece of work, timed): shared processors run
# the same build at different speeds from one hour to the next, and the report shows how fast this run's were.
dotnet "$harness" processor-reference --dir "$work" --name before

admin_password="load-benchmark-$RANDOM$RANDOM"
start_server() {
  server_port="$(free_port)"
  server_url="http://127.0.0.1:$server_port"
  say "starting the Proviso server on $server_url (store $work/proviso.db)"
  (cd "$repo_root" && exec env Proviso__Store="$work/proviso.db" Proviso__AdminPassword="$admin_password" \
    Proviso__ExampleDirectory="$repo_root/examples/cloopen" ASPNETCORE_URLS="$server_url" Logging__LogLevel__Default=Warning \
    dotnet "$repo_root/src/Proviso.Server/bin/Release/net10.0/proviso-server.dll") >>"$work/server.log" 2>&1 &
  server_pid=$!
  wait_healthy "$server_url" "$server_pid" server
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$server_pid" 2>/dev/null && { say "the server did not stop"; exit 4; }
  server_pid=""
}
start_server

say "preparing: API token, cap table sample"
dotnet "$harness" prepare --url "$server_url" --store "$work/proviso.db" --out "$work"
token="$(cat "$work/token")"

bare_port="$(free_port)"
bare_url="http://127.0.0.1:$bare_port"
say "starting the bare endpoint on $bare_url"
dotnet "$bare_dll" --sample "$work/captable.json" --urls "$bare_url" >"$work/bare.log" 2>&1 &
bare_pid=$!
wait_healthy "$bare_url" "$bare_pid" bare

mkdir -p "$results"
run_wrk() { # name seconds script url [env...]
  local name="$1" seconds="$2" script="$3" url="$4"; shift 4
  local before; before="$(cut -d' ' -f1 /proc/loadavg)"
  env "$@" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$script" "$url" >"$results/$name.txt" 2>&1
  grep '^RESULT' "$results/$name.txt" >"$work/$name.result" || { say "wrk $name: no result"; cat "$results/$name.txt" >&2; exit 4; }
  # The 1-minute load average before and after (the report shows it: on a busy machine every figure is pessimistic).
  echo "$before $(cut -d' ' -f1 /proc/loadavg)" >"$work/$name.load"
}
lua_dir="$repo_root/bench/Proviso.LoadBench"
say "bare GET: ${warmup} s warm-up, ${duration} s measured"
run_wrk bare-warmup "$warmup" "$lua_dir/get.lua" "$bare_url/captable"
run_wrk bare "$duration" "$lua_dir/get.lua" "$bare_url/captable"
say "cap-table GET: ${warmup} s warm-up, ${duration} s measured"
run_wrk get-warmup "$warmup" "$lua_dir/get.lua" "$server_url/api/companies/cloopen/captable" LOADBENCH_TOKEN="$token"
run_wrk get "$duration" "$lua_dir/get.lua" "$server_url/api/companies/cloopen/captable" LOADBENCH_TOKEN="$token"
say "preparing: transfer processes for $elections elections"
dotnet "$harness" elections --url "$server_url" --store "$work/proviso.db" --out "$work" --elections "$elections"
total="$(wc -l <"$work/elections.txt")"
warm_lines=$(( total * warmup / (warmup + duration) ))
head -n "$warm_lines" "$work/elections.txt" >"$work/elections-warmup.txt"
tail -n +"$((warm_lines + 1))" "$work/elections.txt" >"$work/elections-measured.txt"
dotnet "$harness" commit-floor --dir "$work" --commits "${LOADBENCH_COMMITS:-2000}"
# The prepared processes were written by another writer (the harness), in a minute: a server that keeps running reads
# all of them (gigabytes, with their Transfer Notices) at the first POST and collects that heap during the measured run.
# Restarted, it loads the ledger at start-up as a server that has held it for a while would; LOADBENCH_RESTART=0 keeps
# it running instead. The report says which.
if [[ "${LOADBENCH_RESTART:-1}" != 0 ]]; then
  say "restarting the Proviso server (it loads the prepared ledger at start-up)"
  stop_server
  start_server
  echo "restarted after the elections were prepared (it loaded them at start-up)" >"$work/post.server"
else
  echo "kept running while the elections were prepared (it reads them at the first POST)" >"$work/post.server"
fi
# The ledger's version (the ETag of a company read) before and after the POST runs: it must grow by as many entries as
# the POST got 2xx answers, one election each, plus at most the requests in flight when each run stopped (recorded, but
# their answers not awaited); the report checks it, as post.lua only counts statuses.
ledger_version() {
  curl -fsS -o /dev/null -D - -H "Authorization: Bearer $token" "$server_url/api/companies/cloopen/captable" \
    | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: *"v\([0-9]*\)".*/\1/p'
}
version_before="$(ledger_version)"
say "election POST: ${warmup} s warm-up, ${duration} s measured ($total elections prepared)"
run_wrk post-warmup "$warmup" "$lua_dir/post.lua" "$server_url" LOADBENCH_TOKEN="$token" LOADBENCH_ELECTIONS="$work/elections-warmup.txt" LOADBENCH_THREADS="$threads" LOADBENCH_PREFER="${LOADBENCH_PREFER:-}"
run_wrk post "$duration" "$lua_dir/post.lua" "$server_url" LOADBENCH_TOKEN="$token" LOADBENCH_ELECTIONS="$work/elections-measured.txt" LOADBENCH_THREADS="$threads" LOADBENCH_PREFER="${LOADBENCH_PREFER:-}"
echo "$version_before $(ledger_version) $(( 2 * connections ))" >"$work/post.ledger"
dotnet "$harness" processor-reference --dir "$work" --name after

{
  echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(free -g | awk '/^Mem:/ {print $2}') GiB memory"
  echo ".NET SDK $(dotnet --version), $(uname -sr), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "load: wrk -t$threads -c$connections, ${warmup} s warm-up then ${duration} s measured per endpoint, loopback, client and servers on the same machine"
  echo "election POST: Prefer header ${LOADBENCH_PREFER:-not sent (each answer carries the process view)}"
  echo "store: SQLite (fresh temporary file), the Cloopen example; $total elections prepared on $(( (total + 1 + 16) / 17 )) transfer processes"
} >"$work/machine.txt"
dotnet "$harness" report --dir "$work" --out "$results/report.md"
