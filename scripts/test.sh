#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: installs and starts what the tests need, builds
# with warnings as errors, runs all test projects, and ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

# Services and tools the tests use come from Debian; nothing is downloaded from elsewhere.
# (None yet beyond the .NET SDK; later issues add redis-server and chromium here.)

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
