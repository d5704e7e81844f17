-- bench/load.sh: the election POST for wrk. Each request is a different valid election: LOADBENCH_ELECTIONS names a
-- file of "process holder" lines (transfer processes whose Option Period is open; each Investor elects once per
-- process); thread t of n sends lines t, t+n, t+2n, ... so no election is sent twice. A thread that runs out sends
-- its last line again (refused, counted as not 2xx and as exhausted: the run then measured refusals, not elections, and
-- the report says so). done() prints one RESULT line like get.lua's, where ok counts the answers below 400, as get.lua
-- does (no response() callback, which would make wrk hand every answer's headers and body to Lua and spend the
-- machine's processor time on that): load.sh checks that the ledger grew by exactly that many elections.
local token = os.getenv("LOADBENCH_TOKEN")
local file = os.getenv("LOADBENCH_ELECTIONS")
local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  local n = tonumber(os.getenv("LOADBENCH_THREADS") or "1")
  local i = 0
  for line in io.lines(file) do
    if i % n == tid then lines[#lines + 1] = line end
    i = i + 1
  end
  next_line = 1
  exhausted = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  -- LOADBENCH_PREFER (e.g. return=minimal): sent as the Prefer header (RFC 7240); the answer then leaves out the process.
  local prefer = os.getenv("LOADBENCH_PREFER")
  if prefer ~= nil and prefer ~= "" then wrk.headers["Prefer"] = prefer end
end

function request()
  if next_line > #lines then exhausted = exhausted + 1 end
  local line = lines[math.min(next_line, #lines)]
  next_line = next_line + 1
  local process, holder = line:match("^(%S+) (%S+)$")
  return wrk.format("POST", "/api/companies/cloopen/transfers/" .. process .. "/elections", nil,
    '{"holder":"' .. holder .. '","shares":1}')
end

function done(summary, latency, requests)
  local out = 0
  for _, t in ipairs(threads) do out = out + t:get("exhausted") end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d non2xx=%d socket_errors=%d ok=%d exhausted=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, e.status, e.connect + e.read + e.write + e.timeout, summary.requests - e.status, out))
end
