#!/usr/bin/env bash
# Load benchmark of the inference API: wrk (Debian) at 16 connections against one `recommender serve` (Release,
# SQLite store bootstrapped from data-samples/, decision log on), /health/live and POST /v1/decisions in the same run.
# Usage: benchmarks/api-load/run.sh [seconds per endpoint, default 15]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-15}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet build src/Recommender.Cli -c Release -nologo -v q >/dev/null

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
Auth__ClientKeys__0=bench-key DecisionLog__Folder="$work/decision-log" \
  dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll serve \
  --urls "http://127.0.0.1:$port" --store "sqlite:$work/state.db" --bootstrap data-samples >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done

# Warm-up (JIT, tiered compilation, SQLite page cache), not measured.
wrk -t2 -c16 -d5s "http://127.0.0.1:$port/health/live" >/dev/null
wrk -t2 -c16 -d5s -s benchmarks/api-load/decisions.lua "http://127.0.0.1:$port" >/dev/null

echo "== GET /health/live, 16 connections, ${duration}s"
wrk -t2 -c16 -d"${duration}s" --latency "http://127.0.0.1:$port/health/live" | grep -E "Requests/sec|^ +(50|99)%"
echo "== POST /v1/decisions, 16 connections, ${duration}s"
wrk -t2 -c16 -d"${duration}s" --latency -s benchmarks/api-load/decisions.lua "http://127.0.0.1:$port" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
