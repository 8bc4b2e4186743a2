#!/usr/bin/env bash
# The soak: a real `recommender serve` (Release, SQLite store bootstrapped from data-samples/, models/sample, decision
# log on) under mixed load (decisions 60 %, event batches 30 %, user reads 10 %) from 8 concurrent callers, reporting
# throughput, p50/p99, errors and the server's memory every interval. Exit code 1 on any error.
# Usage: benchmarks/soak/run.sh [minutes, default 10] [report interval in seconds, default 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes="${1:-10}"
interval="${2:-30}"
dotnet build benchmarks/soak -c Release -nologo -v q >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet benchmarks/soak/bin/Release/net10.0/recommender-soak.dll --minutes "$minutes" --interval "$interval" --workers 8 --out "${SOAK_OUT:-/tmp/soak.json}"
