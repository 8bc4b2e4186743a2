#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: installs and starts what the tests need, builds
# with warnings as errors, runs all test projects, and ends with one line "N passed, N failed, N skipped".
# Fails (non-zero exit) when any test fails or is skipped: a skipped test is a check that did not happen.
set -euo pipefail
cd "$(dirname "$0")/.."

# Services and tools the tests use come from Debian; nothing is downloaded from elsewhere.
# redis-server: the Redis state-store contract tests and the two-process scale-out test need a real server.
# redis-tools (redis-cli): the tests also start 3-master Redis Clusters of their own (redis-server in cluster mode,
# joined with `redis-cli --cluster create`), and this script pings the shared server with it.
if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq redis-server redis-tools >/dev/null
fi
# chromium + fonts-dejavu-core: the evaluation report's browser test opens report.html in Debian's headless Chromium
# (Playwright drives it; no browser is downloaded), and the report's charts are set in DejaVu Sans.
if ! command -v chromium >/dev/null 2>&1 || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
# nodejs + npm: the OpenAPI document is linted with Redocly's CLI, installed from npm into tests/openapi.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The browser test launches this executable (Recommender.TestSupport's TestServices; /usr/bin/chromium otherwise).
RECOMMENDER_CHROMIUM="$(command -v chromium || true)"
export RECOMMENDER_CHROMIUM
REDIS_PORT="${RECOMMENDER_TEST_REDIS_PORT:-6390}"
if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  # appendfsync always: an acknowledged write is on disk, as the store promises. Data lives in a temp folder.
  redis_dir=$(mktemp -d)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$redis_dir" \
    --appendonly yes --appendfsync always --save ""
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
export RECOMMENDER_TEST_REDIS="127.0.0.1:$REDIS_PORT"
# A test whose service (Redis, Chromium) is missing fails here instead of skipping, as under a plain `dotnet test`.
export RECOMMENDER_TEST_REQUIRE_SERVICES=1

# Kiota (.config/dotnet-tools.json): the functional tests' build generates a client from docs/openapi.json with it.
dotnet tool restore >/dev/null

# Every warning is an error (NU1603, a registry artefact, is silenced in Directory.Build.props with its reason).
dotnet build Recommender.sln -c Release -warnaserror -nologo -v q

# The OpenAPI document (docs/openapi.json, which Recommender.Api.Tests holds equal to the served one) must lint clean
# with Redocly's recommended rules: no error and no warning.
npm ci --prefix tests/openapi --no-audit --no-fund --loglevel=error >/dev/null
lint=$(cd tests/openapi && npx --no-install redocly lint ../../docs/openapi.json --extends recommended --format=summary 2>&1) || { echo "$lint"; exit 1; }
if echo "$lint" | grep -qE "^(warning|error) "; then
  echo "$lint"; echo "error: docs/openapi.json has lint warnings" >&2; exit 1
fi
echo "docs/openapi.json: Redocly lint (recommended rules) clean"

log=$(mktemp)
status=0
dotnet test Recommender.sln -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# Sum the per-project summaries into the plain closing line CI reads.
read -r passed failed skipped < <(awk '
  /(Passed|Failed)!.*Failed:/ {
    for (i = 1; i <= NF; i++) {
      v = $(i+1); gsub(",", "", v)
      if ($i == "Failed:")  { f += v }
      if ($i == "Passed:")  { p += v }
      if ($i == "Skipped:") { s += v }
    }
  }
  END { printf "%d %d %d\n", p, f, s }
' "$log")
rm -f "$log"

# Reasons first, so that the summary stays the closing line.
if [ "$skipped" -ne 0 ]; then
  echo "error: $skipped test(s) skipped; every test must run here (the skip reasons are above)" >&2
  [ "$status" -ne 0 ] || status=1
fi
if [ "$passed" -eq 0 ]; then
  echo "error: no test ran" >&2
  [ "$status" -ne 0 ] || status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
