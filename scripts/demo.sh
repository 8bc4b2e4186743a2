#!/usr/bin/env bash
# The main job on the embedded default, for a newcomer: train on data-samples/ if no bundle is there yet, then
# serve the API on localhost with the SQLite store (one file, nothing to install), bootstrapped from the sample.
# Stop it with Ctrl-C. Try it from another terminal with the curl commands it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
state=${RECOMMENDER_DEMO_DIR:-out/demo}
port=${RECOMMENDER_DEMO_PORT:-8080}
mkdir -p "$state"
dotnet build src/Recommender.Cli -c Release -nologo -v q
cli="dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll"
if [ ! -f models/sample/manifest.json ]; then
  $cli train --data data-samples --out models/sample --seed 8
fi
export Auth__ClientKeys__0=${Auth__ClientKeys__0:-demo-client-key}
export Auth__AdminKeys__0=${Auth__AdminKeys__0:-demo-admin-key}
cat <<TXT
Serving on http://127.0.0.1:$port (docs at /scalar). Try:
  curl -s -X POST http://127.0.0.1:$port/v1/events -H 'X-Api-Key: $Auth__ClientKeys__0' -H 'Content-Type: application/json' \\
    -d '[{"event_id":"demo-1","user_id":"u000001","timestamp":"2026-03-05T10:00:00Z","event_type":"task_created"}]'
  curl -s -X POST http://127.0.0.1:$port/v1/decisions -H 'X-Api-Key: $Auth__ClientKeys__0' -H 'Content-Type: application/json' \\
    -d '{"user_id":"u000001","as_of":"2026-03-05T12:00:00Z"}'
TXT
exec $cli serve --urls "http://127.0.0.1:$port" --store "sqlite:$state/state.db" --bootstrap data-samples --model models/sample
