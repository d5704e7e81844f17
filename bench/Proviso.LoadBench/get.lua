-- bench/load.sh: a GET load for wrk. Sends the API token from LOADBENCH_TOKEN (if set); done() prints one
-- machine-readable RESULT line (latencies in microseconds, from wrk's own latency record of every request).
local token = os.getenv("LOADBENCH_TOKEN")
if token and #token > 0 then wrk.headers["Authorization"] = "Bearer " .. token end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d non2xx=%d socket_errors=%d ok=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, e.status, e.connect + e.read + e.write + e.timeout, summary.requests - e.status))
end
