-- wrk script of benchmarks/bench_exam_peak.py: candidates answering the v3 test over HTTP.
--
--   wrk -t N -c N -d 15s --timeout 10s -s benchmarks/exam_peak.lua URL -- DATA THINK_MS
--
-- One wrk thread = one connection = one seat: it plays the candidates of its seat one after
-- the other (DATA, a Lua file written by the benchmark, gives each seat its candidates: token,
-- course and first question; and for each challenge the JSON body of a right and of a wrong
-- answer with its calibration). Each reply carries the next question, which the next request
-- answers: right with the IRT probability of the candidate's capacity. With THINK_MS > 0 a
-- seat sends its answers at a steady pace, one every THINK_MS on average (uniformly 0.5 to 1.5
-- times), counted from the previous send, so N seats make N / THINK_MS answers per second
-- whatever the latency (unless a reply takes longer than the pause: then it sends at once).
-- done() prints one line, "EXAM_PEAK {json}", that the benchmark reads.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } exam_peak_timespec;
  int clock_gettime(int clock_id, exam_peak_timespec *tp);
]]
local timespec = ffi.new("exam_peak_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("seat", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

-- Per thread (each has its own Lua state): its seat, its candidates, its counters.
ok, failed, exhausted = 0, 0, 0
local data, queue, think_ms
local current, position, challenge, theta, headers, path
local next_at

local function start_candidate()
  current = queue[position]
  if current == nil then
    return false
  end
  challenge = current.first
  theta = current.theta
  headers = {
    ["Authorization"] = "Bearer " .. current.token,
    ["Content-Type"] = "application/json",
  }
  path = "/courses/" .. current.course .. "/answers"
  return true
end

function init(args)
  data = dofile(args[1])
  think_ms = tonumber(args[2]) or 0
  queue = data.seats[seat + 1] or {}
  position = 1
  math.randomseed(1000 + seat)
  if not start_candidate() then
    exhausted = 1
  end
end

function delay()
  if think_ms <= 0 then
    return 0
  end
  local now = now_ms()
  if next_at == nil then
    next_at = now + math.random() * think_ms -- seats start spread over one pause
  else
    next_at = next_at + think_ms * (0.5 + math.random())
  end
  if next_at < now then
    next_at = now
  end
  return math.floor(next_at - now)
end

function request()
  local c = data.challenges[challenge]
  local body = c.wrong
  if math.random() < 1 / (1 + math.exp(-c.a * (theta - c.b))) then
    body = c.right
  end
  return wrk.format("POST", path, headers, body)
end

function response(status, _, body)
  if status ~= 200 then
    failed = failed + 1
    io.stderr:write("exam_peak.lua: HTTP " .. status .. " " .. body:sub(1, 200) .. "\n")
    exhausted = 1
    wrk.thread:stop()
    return
  end
  ok = ok + 1
  local nxt = body:match('"next_question":{.-"challenge":{"id":"([^"]+)"')
  if nxt ~= nil then
    challenge = nxt
    return
  end
  position = position + 1 -- this candidate finished: the seat's next candidate sits down
  if not start_candidate() then
    exhausted = 1
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local answered, errors, seats_out = 0, 0, 0
  for _, t in ipairs(threads) do
    answered = answered + t:get("ok")
    errors = errors + t:get("failed")
    seats_out = seats_out + t:get("exhausted")
  end
  io.write(string.format(
    'EXAM_PEAK {"answers": %d, "errors": %d, "seats_exhausted": %d, "duration_us": %d, '
      .. '"requests": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, '
      .. '"timeouts": %d, "status_errors": %d}\n',
    answered, errors, seats_out, summary.duration, summary.requests,
    latency:percentile(50), latency:percentile(99), latency.max, latency.mean,
    summary.errors.timeout, summary.errors.status
  ))
end
