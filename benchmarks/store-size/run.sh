#!/usr/bin/env bash
# Store bytes per user: does a user's footprint stay flat when the log doubles in length? Generates the synthetic
# world for USERS users over 90 and over 180 days (same seed), loads each into a fresh store with `serve --bootstrap`
# (the same path live events take: the fold, the idempotency keys, the horizon's trimming) and measures:
#   SQLite: the file after the server stopped (WAL checkpointed): its size, the pages in use, and the rows of the
#           `processed` table (remembered event ids);
#   Redis:  a private redis-server (no persistence): INFO memory used_memory minus that of the empty server, the sum of
#           MEMORY USAGE over the store's keys, and the ids held in the users' sorted sets (ZCARD).
# Each store is measured with the default Store:IdempotencyHorizon (7 days) and with a horizon of ten years, which
# keeps every id as the earlier versions did, for contrast.
# The last column is the bootstrap's own time in seconds (its log line), for the store's write path.
# Usage: benchmarks/store-size/run.sh [USERS, default 10000]; prints a Markdown table. Needs python3, redis-server, redis-cli.
set -euo pipefail
cd "$(dirname "$0")/../.."
users="${1:-10000}"
dotnet build src/Recommender.Cli -c Release -nologo -v q >/dev/null
cli="dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll"

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# serve --bootstrap DIR on STORE with HORIZON until it listens (the bootstrap runs before listening), then stop it.
load() { # store, data folder, horizon, log file
  local port; port=$(free_port)
  Auth__ClientKeys__0=bench Store__IdempotencyHorizon="$3" DecisionLog__Folder="$work/decision-log" \
    $cli serve --urls "http://127.0.0.1:$port" --store "$1" --bootstrap "$2" >"$4" 2>&1 &
  local server=$!
  for _ in $(seq 3000); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$port/health/live" >/dev/null || { cat "$4"; exit 1; }
  kill -TERM "$server"; wait "$server" || true
}

took() { grep -o 'in [0-9.]*s$' "$1" | head -1 | tr -d 'ins '; }

sqlite_figures() { # db file -> "file_bytes used_bytes processed_rows"
  python3 - "$1" <<'PY'
import os, sqlite3, sys
path = sys.argv[1]
c = sqlite3.connect(path)
page = c.execute("PRAGMA page_size").fetchone()[0]
pages = c.execute("PRAGMA page_count").fetchone()[0]
free = c.execute("PRAGMA freelist_count").fetchone()[0]
rows = c.execute("SELECT count(*) FROM processed").fetchone()[0]
c.close()
size = os.path.getsize(path) + (os.path.getsize(path + "-wal") if os.path.exists(path + "-wal") else 0)
print(size, (pages - free) * page, rows)
PY
}

redis_figures() { # port -> "used_memory_delta memory_usage_sum ids"
  local port=$1 base=$2
  local used; used=$(redis-cli -p "$port" info memory | awk -F: '/^used_memory:/ { gsub("\r", "", $2); print $2 }')
  local sums
  sums=$(redis-cli -p "$port" --scan --pattern 'rec:*' | python3 -c '
import subprocess, sys
keys = [k.strip() for k in sys.stdin if k.strip()]
port = sys.argv[1]
usage = ids = 0
for i in range(0, len(keys), 1000):
    chunk = keys[i:i + 1000]
    script = "".join(f"MEMORY USAGE \"{k}\" SAMPLES 0\n" for k in chunk)
    script += "".join(f"ZCARD \"{k}\"\n" for k in chunk if k.startswith("rec:e:"))
    out = subprocess.run(["redis-cli", "-p", port], input=script, capture_output=True, text=True, check=True).stdout.split()
    n = len(chunk)
    usage += sum(int(v) for v in out[:n])
    ids += sum(int(v) for v in out[n:])
print(usage, ids)
' "$port")
  echo "$((used - base)) $sums"
}

echo "store bytes per user, $users users, seed 7, $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo
echo "| store | horizon | days | events | events/user | bytes/user | of which ids/user | ids remembered/user | bootstrap |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for days in 90 180; do
  world="$work/world-$days"
  $cli generate --users "$users" --days "$days" --seed 7 --out "$world" --overwrite >/dev/null
  events=$(python3 - "$world/events.parquet" <<'PY' 2>/dev/null || echo "?"
import sys
try:
    import pyarrow.parquet as pq
    print(pq.ParquetFile(sys.argv[1]).metadata.num_rows)
except ImportError:
    print("?")
PY
)
  for horizon in "7.00:00:00" "3650.00:00:00"; do
    label=$([ "$horizon" = "7.00:00:00" ] && echo "7 days" || echo "10 years (ids kept)")
    # SQLite
    db="$work/sqlite-$days-${horizon%%.*}.db"
    load "sqlite:$db" "$world" "$horizon" "$work/sqlite.log"
    [ "$events" = "?" ] && events=$(grep -o '[0-9]* events applied' "$work/sqlite.log" | head -1 | cut -d' ' -f1)
    read -r size used rows < <(sqlite_figures "$db")
    # The ids' share of the file: the processed table's pages (its own B-tree, as dbstat would count them).
    ids_bytes=$(python3 - "$db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
try:
    print(c.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'processed'").fetchone()[0] or 0)
except sqlite3.OperationalError:
    print("?")
PY
)
    echo "| SQLite (file; pages in use) | $label | $days | $events | $((events / users)) | $((size / users)); $((used / users)) | $([ "$ids_bytes" = "?" ] && echo "?" || echo $((ids_bytes / users))) | $(awk -v r="$rows" -v u="$users" 'BEGIN { printf "%.1f", r / u }') | $(took "$work/sqlite.log") |"
    # Redis
    port=$(free_port)
    mkdir -p "$work/redis-$port"
    redis-server --port "$port" --bind 127.0.0.1 --dir "$work/redis-$port" --appendonly no --save "" >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    base=$(redis-cli -p "$port" info memory | awk -F: '/^used_memory:/ { gsub("\r", "", $2); print $2 }')
    load "redis:127.0.0.1:$port" "$world" "$horizon" "$work/redis.log"
    read -r delta usage ids < <(redis_figures "$port" "$base")
    ids_usage=$(redis-cli -p "$port" --scan --pattern 'rec:e:*' | awk '{ print "MEMORY USAGE \"" $0 "\" SAMPLES 0" }' | redis-cli -p "$port" | awk '{ s += $1 } END { print s + 0 }')
    echo "| Redis (used_memory; MEMORY USAGE) | $label | $days | $events | $((events / users)) | $((delta / users)); $((usage / users)) | $((ids_usage / users)) | $(awk -v r="$ids" -v u="$users" 'BEGIN { printf "%.1f", r / u }') | $(took "$work/redis.log") |"
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
done
