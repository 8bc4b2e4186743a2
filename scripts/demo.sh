#!/usr/bin/env bash
# The main job on the embedded default, for a newcomer: generate a seeded synthetic data set and check it
# against the data contract. Nothing to install beyond the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/demo}
dotnet run --project src/Recommender.Cli -c Release -- generate --users 2000 --days 60 --seed 7 --out "$out"
dotnet run --project src/Recommender.Cli -c Release --no-build -- validate --data "$out"
