-- Shared by the wrk scenarios of scripts/bench-hooks.sh: the seeded rooms, SRS-shaped hook
-- requests, answer checking, and one RESULT line the script parses.
--
-- wrk runs this file in one Lua state per thread plus one for setup()/done(); request() and
-- response() are per thread, not per connection, so a scenario here must not need order
-- between its requests (the ordered publish/unpublish pairs are driven by HookBenchmarks).

threads = {}
local next_id = 0
function setup(thread)
  -- Threads start from the same seed unless told apart.
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

bad, first_bad = 0, nil
rooms = {}

function load_rooms()
  math.randomseed(os.time() * 100 + id)
  for line in io.lines(os.getenv("ROOMS_TSV")) do
    local live_id, key = line:match("^(%S+)\t(%S+)$")
    rooms[#rooms + 1] = { live = live_id, key = key }
  end
  wrk.method = "POST"
  wrk.path = "/hooks/srs"
  -- As SRS sends them (Fixtures/srs-hooks/srs-7.0.18).
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["User-Agent"] = "SRS/7.0.18(Hang)"
end

-- Requests are built before the run, not per request: wrk's own advice, and on a 2-core box
-- the load generator's per-request work takes CPU from the daemon being measured (building a
-- hook body in Lua cost wrk about twice its CPU per /healthz request). POOL requests per
-- thread, sent in a cycle: with 2 threads some 100,000 rooms are hit, most of them once.
POOL = 50000
local pool, sent = {}, 0

function prepare(make)
  for i = 1, POOL do pool[i] = make(i) end
end

function next_request()
  sent = sent + 1
  return pool[(sent - 1) % POOL + 1]
end

function random_room()
  return rooms[math.random(#rooms)]
end

-- Every field SRS 7 sends, so decoding costs what it does in production.
function hook(action, room, client, param, extra)
  return wrk.format(nil, nil, nil, string.format(
    '{"server_id":"vid-pq6240v","service_id":"2l022j17","action":"%s","client_id":"%s",' ..
    '"ip":"127.0.0.1","vhost":"__defaultVhost__","app":"live","tcUrl":"rtmp://127.0.0.1:1935/live",' ..
    '"stream":"%s","param":"%s",%s"stream_url":"/live/%s","stream_id":"vid-3xw6vb9"}',
    action, client, room.live, param, extra or "", room.live))
end

-- Counts answers that are not what the scenario expects (status and body).
function check(status, body, wanted)
  if status ~= 200 or not body:find(wanted, 1, true) then
    bad = bad + 1
    first_bad = first_bad or (status .. " " .. body)
  end
end

function done(summary, latency, requests)
  local wrong, first = 0, nil
  for _, thread in ipairs(threads) do
    wrong = wrong + thread:get("bad")
    first = first or thread:get("first_bad")
  end
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT label=%s requests=%d seconds=%.2f rps=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f non2xx_or_wrong=%d socket_errors=%d\n",
    label, summary.requests, seconds, summary.requests / seconds, latency:percentile(50),
    latency:percentile(99), latency:percentile(99.9), math.max(wrong, e.status),
    e.connect + e.read + e.write + e.timeout))
  if first then io.write("first wrong answer: " .. first .. "\n") end
end
