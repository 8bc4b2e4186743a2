#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: installs and starts what the tests need, builds
# with warnings as errors, runs all test projects, and ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

# Services and tools the tests use come from Debian; nothing is downloaded from elsewhere.
# redis-server: the Redis state-store contract tests and the two-process scale-out test need a real server.
if ! command -v redis-server >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
fi
# chromium + fonts-dejavu-core: the evaluation report's browser test opens report.html in Debian's headless Chromium
# (Playwright drives it; no browser is downloaded), and the report's charts are set in DejaVu Sans.
if ! command -v chromium >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
REDIS_PORT="${RECOMMENDER_TEST_REDIS_PORT:-6390}"
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  # appendfsync always: an acknowledged write is on disk, as the store promises. Data lives in a temp folder.
  redis_dir=$(mktemp -d)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$redis_dir" \
    --appendonly yes --appendfsync always --save ""
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
export RECOMMENDER_TEST_REDIS="127.0.0.1:$REDIS_PORT"

# Every warning is an error (NU1603, a registry artefact, is silenced in Directory.Build.props with its reason).
dotnet build Recommender.sln -c Release -warnaserror -nologo -v q

log=$(mktemp)
status=0
dotnet test Recommender.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# Sum the per-project summaries into the plain closing line CI reads.
awk '
  /(Passed|Failed)!.*Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:")  { f += $(i+1) }
      if ($i == "Passed:")  { p += $(i+1) }
      if ($i == "Skipped:") { s += $(i+1) }
    }
  }
  END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
rm -f "$log"
exit "$status"
