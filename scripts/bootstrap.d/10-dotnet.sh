#!/usr/bin/env bash
# The .NET SDK builds and runs everything. It ships with this machine kind; we only check it.
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET 10 SDK is required (dotnet not on PATH); install it from your distribution or Microsoft's packages"
  exit 1
fi
major=$(dotnet --version 2>/dev/null | cut -d. -f1)
if [ "${major:-0}" -lt 10 ]; then
  say "the .NET 10 SDK is required, found $(dotnet --version)"
  exit 1
fi
