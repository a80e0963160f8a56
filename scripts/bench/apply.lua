-- wrk script: POST eligible applications from unique people to one cohort.
-- Usage: wrk ... -s apply.lua URL -- COHORT_ID
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = {"1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"}
local threads = {}
local tid = 0
local counter = 0
local path = "/"

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  tid = tonumber(wrk.thread:get("tid")) or 0
  path = "/api/v1/cohorts/" .. (args[1] or "1") .. "/applications"
end

-- A valid GB 11643 ID: 330602 + birth date + sequence + check character.
local function national_id(n)
  local seq = n % 1000
  local d = math.floor(n / 1000)
  local day = 1 + d % 28
  local month = 1 + math.floor(d / 28) % 12
  local year = 1960 + math.floor(d / 336) % 40
  local first17 = string.format("330602%04d%02d%02d%03d", year, month, day, seq)
  local sum = 0
  for i = 1, 17 do
    sum = sum + tonumber(first17:sub(i, i)) * weights[i]
  end
  return first17 .. checks[(sum % 11) + 1]
end

request = function()
  counter = counter + 1
  local n = tid * 3000000 + counter
  local body = string.format(
    '{"full_name":"张焊工","national_id":"%s","phone":"139%08d","email":"w%d@example.com",' ..
    '"employer":"绍兴钢构有限公司","trade":"welder","started_trade_on":"2015-03-01",' ..
    '"certificate":{"trade":"welder","level":4},"processes":["SMAW"],"locale":"zh","consent":true}',
    national_id(n), n % 100000000, n)
  return wrk.format("POST", path, {["Content-Type"] = "application/json"}, body)
end

statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- Every status each thread saw, so a non-2xx count says which status it was.
done = function(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses") or {}
    for code, n in pairs(s) do
      total[code] = (total[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(total) do
    table.insert(parts, string.format("%s=%d", code, n))
  end
  table.sort(parts)
  io.write(string.format("statuses: %s\n", table.concat(parts, " ")))
  io.write(string.format("socket errors: connect %d read %d write %d timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("non2xx/3xx: %d\n", summary.errors.status))
end
