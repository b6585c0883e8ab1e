-- Replays signed webhook deliveries (one "signature<TAB>body" per line), then prints JSON.
local deliveries = {}
for line in io.lines(os.getenv("WRK_DELIVERIES")) do
  local tab = line:find("\t", 1, true)
  deliveries[#deliveries + 1] = wrk.format("POST", nil,
    {["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = line:sub(1, tab - 1)},
    line:sub(tab + 1))
end
local next_one = 0

request = function()
  next_one = next_one % #deliveries + 1
  return deliveries[next_one]
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
