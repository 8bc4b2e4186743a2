-- POST /v1/decisions for a random user of data-samples (u000000 .. u001999, the ids its profiles and events use).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "bench-key"
math.randomseed(7)
request = function()
  local id = string.format("u%06d", math.random(0, 1999))
  return wrk.format(nil, "/v1/decisions", nil, '{"user_id":"' .. id .. '"}')
end
