#!/usr/bin/env bash
# Runs the whole test suite: ./test.sh  (extra arguments go to `dotnet test`, e.g. --filter Conformance)
# First use bootstraps what the tests need (interop peers, browser, native builds). Ends with the line
# "N passed, N failed, N skipped".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root"
bash scripts/bootstrap.sh test || { echo "bootstrap failed"; echo "0 passed, 1 failed"; exit 1; }
# The run.ps1 tests run ./run.ps1 in this pwsh (the bootstrap's .tools/pwsh, else pwsh on PATH).
. scripts/lib.sh
if TRANSPORTS_PWSH=$(TRANSPORTS_ROOT=$root pwsh_path); then export TRANSPORTS_PWSH; else unset TRANSPORTS_PWSH; fi
log=$(mktemp)
dotnet test Transports.sln -c Release -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Sum the per-assembly lines: "Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13, ..."
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
  }
  END { printf "%d %d %d\n", p, f, s }' "$log")
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # build failure or crashed test host
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
