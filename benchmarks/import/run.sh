#!/usr/bin/env bash
# The import benchmark: `recommender import segment` (Release) on a generated Segment-spec export of LINES lines
# (default 10,000,000, about 5 GB; generated once into $IMPORT_BENCH_DIR, default /tmp/import-bench), with the mapping
# file beside this script. Prints lines read, wall time, lines/s, CPU time (user + system) and lines per CPU-second, and
# the process's peak resident memory (GNU time's maximum RSS).
# Usage: benchmarks/import/run.sh [LINES]
set -euo pipefail
cd "$(dirname "$0")/../.."
lines="${1:-10000000}"
dir="${IMPORT_BENCH_DIR:-/tmp/import-bench}"
mkdir -p "$dir"
input="$dir/segment-$lines.jsonl"
out="$dir/out-$lines"
dotnet build src/Recommender.Cli -c Release -nologo -v q >/dev/null
[ -f "$input" ] || dotnet fsi --optimize+ benchmarks/import/generate-segment.fsx "$lines" "$input"
rm -rf "$out"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f '%e %U %S %M' -o "$dir/time-$lines.txt" \
  dotnet src/Recommender.Cli/bin/Release/net10.0/recommender.dll import segment --in "$input" --out "$out" \
  --mapping benchmarks/import/mapping.json > "$dir/summary-$lines.txt"
grep -m1 'lines read' "$dir/summary-$lines.txt"
read -r wall user sys rss_kb < "$dir/time-$lines.txt"
awk -v n="$lines" -v wall="$wall" -v user="$user" -v sys="$sys" -v rss="$rss_kb" 'BEGIN {
  cpu = user + sys
  printf "lines %d, wall %.1f s (process), %.0f lines/s; CPU %.1f s (user %.1f, system %.1f), %.0f lines per CPU-second; peak RSS %.0f MiB\n",
    n, wall, n / wall, cpu, user, sys, n / cpu, rss / 1024 }'
echo "input $(du -h "$input" | cut -f1), events.parquet $(du -h "$out/events.parquet" | cut -f1), profiles.parquet $(du -h "$out/profiles.parquet" | cut -f1)"
