-- POST /v1/decisions for a user drawn from u000000 .. u(N-1), the ids generated worlds and data-samples use.
-- BENCH_USERS (default 2000): N. BENCH_DIST: "uniform" (default) or "zipf" (rank r drawn with weight 1/r, s = 1, and
-- ranks spread over the ids by a fixed permutation, so the hot users are not simply the first ids).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "bench-key"

local users = tonumber(os.getenv("BENCH_USERS") or "2000")
local zipf = (os.getenv("BENCH_DIST") or "uniform") == "zipf"
local cumulative = nil

local function id_of(index)
  return string.format("u%06d", index)
end

local function zipf_index()
  local u = math.random() * cumulative[users]
  local lo, hi = 1, users
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cumulative[mid] < u then lo = mid + 1 else hi = mid end
  end
  -- 7919 is prime and does not divide N for the sizes used here, so rank -> id is a bijection.
  return ((lo - 1) * 7919 + 13) % users
end

-- Each wrk thread draws its own sequence, and each run its own (BENCH_SEED, set by run.sh: the warm-up and the measured
-- run differ). wrk has no thread id in init(), so setup() numbers the threads; without it every thread drew the same
-- users in the same order, and the measured run repeated the warm-up's, so a "uniform" run asked for each user twice
-- in quick succession and the second request was served from the store's cache.
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("thread_index", threads)
end

init = function(args)
  math.randomseed((tonumber(os.getenv("BENCH_SEED") or "7")) * 1000 + (thread_index or 0))
  if zipf then
    cumulative = {}
    local total = 0
    for r = 1, users do
      total = total + 1 / r
      cumulative[r] = total
    end
  end
end

request = function()
  local index = zipf and zipf_index() or math.random(0, users - 1)
  return wrk.format(nil, "/v1/decisions", nil, '{"user_id":"' .. id_of(index) .. '"}')
end
