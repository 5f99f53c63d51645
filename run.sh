#!/usr/bin/env bash
# Runs the harness CLI, forwarding every argument unchanged: ./run.sh -scenario bigfile
# First use bootstraps what is missing and builds the harness in Release (later runs reuse the build).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$root/scripts/lib.sh"
bash "$root/scripts/bootstrap.sh" run
out="$root/harness/Harness/bin/Release/net10.0"
stamp="$out/.built"
if newer_than "$stamp" "$root/harness" "$root/transports" "$root/scenarios" "$root/schema" "$root/measure" "$root/views" "$root/Directory.Build.props" 2>/dev/null; then
  say "building the harness (Release)"
  dotnet build "$root/harness/Harness/Transports.Harness.csproj" -c Release -nologo -v q -clp:ErrorsOnly >&2
  touch "$stamp"
fi
exec dotnet "$out/harness.dll" "$@"
