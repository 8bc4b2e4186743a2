-- POST /v1/decisions for a random user of data-samples (u_000001 .. u_002000).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "bench-key"
math.randomseed(7)
request = function()
  local id = string.format("u_%06d", math.random(1, 2000))
  return wrk.format(nil, "/v1/decisions", nil, '{"user_id":"' .. id .. '"}')
end
