#!/usr/bin/env bash
# Load benchmark of the inference API: wrk (Debian) at 16 connections against one `recommender serve` (Release,
# serving the trained models/sample bundle, decision log on), /health/live and POST /v1/decisions in the same run.
# wrk shares the machine's cores with the server, as the load target assumes; other work on the machine changes the
# figures a lot, so the load average is printed with them.
# Usage: benchmarks/api-load/run.sh [seconds per endpoint, default 15]
# Environment (all optional):
#   BENCH_DATA   data folder bootstrapped into the store and whose catalog serves (default data-samples/, 2,000 users)
#   BENCH_USERS  users the requests are drawn from, ids u000000.. (default 2000)
#   BENCH_DIST   uniform (default) or zipf (see decisions.lua)
#   BENCH_STORE  sqlite (default) or redis (a private redis-server, append-only with fsync on every write)
#   BENCH_STATE  an SQLite file bootstrapped before from BENCH_DATA: served as it is, without bootstrapping again
#                (a million users take minutes to load); the run's recorded sends change it
#   BENCH_REDIS  host:port of a Redis server loaded before from BENCH_DATA (with BENCH_STORE=redis): served as it is,
#                without a private server or bootstrapping again; the run's recorded sends change it
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-15}"
data="${BENCH_DATA:-data-samples}"
export BENCH_USERS="${BENCH_USERS:-2000}" BENCH_DIST="${BENCH_DIST:-uniform}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
dotnet build src/Recommender.Cli -c Release -nologo -v q >/dev/null

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done; rm -rf "$work"' EXIT
case "${BENCH_STORE:-sqlite}" in
  sqlite)
    if [ -n "${BENCH_STATE:-}" ]; then store="sqlite:$BENCH_STATE"; bootstrap=(); else store="sqlite:$work/state.db"; bootstrap=(--bootstrap "$data"); fi ;;
  redis)
    if [ -n "${BENCH_REDIS:-}" ]; then
      store="redis:$BENCH_REDIS"; bootstrap=()
    else
      redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$work" --appendonly yes --appendfsync always --save "" \
        --pidfile "$work/redis.pid" >/dev/null
      cleanup+=("redis-cli -p $redis_port shutdown nosave >/dev/null 2>&1 || true")
      store="redis:127.0.0.1:$redis_port"; bootstrap=(--bootstrap "$data")
    fi ;;
  *) echo "BENCH_STORE must be sqlite or redis" >&2; exit 2 ;;
esac
# One client at full speed: the per-key rate limits (RateLimits:*, for many callers sharing a server) are lifted.
Auth__ClientKeys__0=bench-key DecisionLog__Folder="$work/decision-log" Catalog__Path="$data/catalog.json" \
  RateLimits__RequestsPerSecond=10000000 RateLimits__RequestBurst=10000000 \
  dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll serve \
  --urls "http://127.0.0.1:$port" --store "$store" "${bootstrap[@]}" --model models/sample \
  >"$work/server.log" 2>&1 &
server=$!
cleanup=("kill $server 2>/dev/null; wait $server 2>/dev/null" "${cleanup[@]}")
started=$(date +%s)
for _ in $(seq 36000); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; kill -0 $server 2>/dev/null || { cat "$work/server.log"; exit 1; }; sleep 0.2; done
echo "store $store, ready after $(( $(date +%s) - started )) s; $BENCH_DIST over $BENCH_USERS users"
grep -o "Bootstrapped from.*" "$work/server.log" || true

# Warm-up, not measured: JIT and tiered compilation, SQLite's page cache, the store's decoded states, and the first
# sends of each user (recorded in the store) before the daily caps hold. Decisions need longer than health: under
# wrk on the same two cores their hot methods reach optimised (dynamic PGO) code only after 15-20 s; measured over
# 5 s rounds, throughput climbed from about 2,000 to 5,500 req/s and then stayed.
wrk -t2 -c16 -d5s "http://127.0.0.1:$port/health/live" >/dev/null
BENCH_SEED=1 wrk -t2 -c16 -d20s -s benchmarks/api-load/decisions.lua "http://127.0.0.1:$port" >/dev/null

# The server's own CPU time (user + system, clock ticks) per request: unlike req/s it barely moves when other work
# shares the cores, so it tells whether a change made a request cheaper even on a busy machine.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
cpu_per_request() { # ticks before, ticks after, wrk output
  local n; n=$(echo "$3" | awk '/requests in/ { print $1 }')
  awk -v a="$1" -v b="$2" -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "server CPU per request: %.1f us\n", (b - a) / hz * 1e6 / n }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== GET /health/live, 16 connections, ${duration}s"
t0=$(cpu_ticks)
health=$(wrk -t2 -c16 -d"${duration}s" --latency "http://127.0.0.1:$port/health/live")
t1=$(cpu_ticks)
echo "$health" | grep -E "Requests/sec|^ +(50|99)%"
cpu_per_request "$t0" "$t1" "$health"
echo "== POST /v1/decisions, 16 connections, ${duration}s"
t0=$(cpu_ticks)
decisions=$(BENCH_SEED=2 wrk -t2 -c16 -d"${duration}s" --latency -s benchmarks/api-load/decisions.lua "http://127.0.0.1:$port")
t1=$(cpu_ticks)
echo "$decisions" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
cpu_per_request "$t0" "$t1" "$decisions"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
h=$(echo "$health" | awk '/Requests\/sec/{print $2}')
d=$(echo "$decisions" | awk '/Requests\/sec/{print $2}')
echo "decisions / health = $(awk -v d="$d" -v h="$h" 'BEGIN { printf "%.1f %%", 100 * d / h }')"
curl -s "http://127.0.0.1:$port/metrics" | awk '/^recommender_decisions_total/ { n += $2; if ($1 ~ /outcome="send"/) s += $2 } END { printf "decisions served: %d, of which sends (recorded in the store before answering): %d\n", n, s }'
