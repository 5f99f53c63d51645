#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian 12 machine, idempotently: each step in bootstrap.d/ checks
# first and only installs what is missing, saying what it installs. Usage: scripts/bootstrap.sh [run|test]
#   run  - what `./run.sh` needs (default)
#   test - also what the test suite needs (interop peers, browser)
# Steps see BOOTSTRAP_FOR=run|test. A step that fails prints why; optional steps (charts, QUIC) make their
# feature unavailable with a message instead of failing the whole bootstrap.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export BOOTSTRAP_FOR=${1:-run}
export TRANSPORTS_ROOT=$root
. "$root/scripts/lib.sh"
for step in "$root"/scripts/bootstrap.d/*.sh; do
  [ -e "$step" ] || continue
  bash "$step"
done
