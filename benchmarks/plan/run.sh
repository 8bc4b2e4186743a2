#!/usr/bin/env bash
# The plan benchmark: `recommender plan` (Release) over a SQLite store of USERS users of the synthetic world with DAYS
# days of history (defaults 1,000,000 and 14; the store is built once into $PLAN_BENCH_DIR, default /tmp/plan-bench, by
# `generate` and `serve --bootstrap`, which takes long at 1M: the history is short for that reason). Then, on the same
# store: a dry-run plan of SMALL users (default 100,000, named in a --users file), a dry-run plan of every user, and a
# plan of every user that records its sends as pending. For each: users, sends, the plan phase's users/s (from the
# command's own summary), wall time, CPU time (user + system: on a shared machine the figure that load does not
# change) and peak resident memory (GNU time's maximum RSS), so that the audiences' peaks can be compared. The bundle is models/sample (the world's catalog and profile columns are the sample's).
# Usage: benchmarks/plan/run.sh [USERS] [DAYS] [SMALL]
set -euo pipefail
cd "$(dirname "$0")/../.."
users="${1:-1000000}"
days="${2:-14}"
small="${3:-100000}"
dir="${PLAN_BENCH_DIR:-/tmp/plan-bench}/u$users-d$days"
mkdir -p "$dir"
cli=src/Recommender.Cli/bin/Release/net10.0/recommender.dll
dotnet build src/Recommender.Cli -c Release -nologo -v q >/dev/null
if [ ! -f "$dir/world/events.parquet" ]; then
  /usr/bin/time -f '%e s, peak RSS %M KB' dotnet "$cli" generate --users "$users" --days "$days" --seed 7 --out "$dir/world"
fi
if [ ! -f "$dir/state.db.done" ]; then
  rm -f "$dir"/state.db*
  port=$((20000 + RANDOM % 20000))
  start=$(date +%s)
  dotnet "$cli" serve --urls "http://127.0.0.1:$port" --store "sqlite:$dir/state.db" --bootstrap "$dir/world" --model models/sample \
    > "$dir/serve.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do
    kill -0 "$server" 2>/dev/null || { cat "$dir/serve.log"; exit 1; }
    sleep 5
  done
  kill -TERM "$server"; wait "$server" || true
  echo "bootstrapped $users users x $days days into SQLite in $(( $(date +%s) - start )) s"
  cp "$dir/state.db" "$dir/state.clean.db"
  touch "$dir/state.db.done"
fi
# Every run starts from the bootstrapped store, so that the recording run does not change what the others decide.
cp "$dir/state.clean.db" "$dir/state.db"; rm -f "$dir/state.db-wal" "$dir/state.db-shm"
# The first SMALL users of the store (its own order), as a --users file.
sqlite3 "$dir/state.db" "SELECT user_id FROM users ORDER BY user_id LIMIT $small" > "$dir/small-users.txt"
# The world starts on 2026-01-05 (generate's default): plan for noon of the day after its last day.
at="${PLAN_AT:-$(date -u -d "2026-01-05 + $days days" +%FT12:00:00Z)}"
run() {
  local name="$1"; shift
  cp "$dir/state.clean.db" "$dir/state.db"; rm -f "$dir/state.db-wal" "$dir/state.db-shm"
  echo "load average before $name: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f '%e %M %U %S' -o "$dir/time-$name.txt" dotnet "$cli" plan --store "sqlite:$dir/state.db" \
    --catalog "$dir/world/catalog.json" --model models/sample --at "$at" "$@" > "$dir/plan-$name.log"
  read -r wall rss_kb user sys < "$dir/time-$name.txt"
  grep -E '^(wrote|recorded)' "$dir/plan-$name.log"
  awk -v name="$name" -v wall="$wall" -v rss="$rss_kb" -v user="$user" -v sys="$sys" \
    'BEGIN { printf "%s: wall %.1f s (process), CPU %.1f s, peak RSS %.0f MiB\n", name, wall, user + sys, rss / 1024 }'
  echo "load average after $name: $(cut -d' ' -f1-3 /proc/loadavg)"
}
run "small-dry" --users "$dir/small-users.txt" --dry-run --out "$dir/plan-small.parquet"
run "all-dry" --dry-run --out "$dir/plan-all.parquet"
run "all-recorded" --out "$dir/plan-all-recorded.parquet"
