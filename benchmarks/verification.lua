-- wrk script of benchmarks/bench_verification.py: POST a verification code as JSON (the same
-- request to the FastAPI hello-world and to certledger), then print one machine-readable line.
-- Usage: wrk -t1 -c4 -d5s -s benchmarks/verification.lua http://127.0.0.1:PORT/shared-certifications
local code = os.getenv("CERTLEDGER_BENCH_CODE") or "P-BCDFGH23"

wrk.method = "POST"
wrk.body = '{"verification_code": "' .. code .. '"}'
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "non_2xx": %d, "socket_errors": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
