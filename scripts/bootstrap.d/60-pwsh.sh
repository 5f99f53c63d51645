#!/usr/bin/env bash
# Tests only: PowerShell 7 runs ./run.ps1 in the run.ps1 tests (tests/Transports.Tests/Cli/RunPs1Tests.cs). Where no
# pwsh 7 is on PATH, installs NuGet's PowerShell global tool, pinned to 7.6.10 (7.7.0 does not run on net10.0), with
# `dotnet tool install --tool-path .tools` into the git-ignored .tools/ of this checkout: the scripts and tests find
# it as .tools/pwsh, so nothing depends on the user's PATH. Idempotent: a .tools/pwsh of another version is replaced.
# By hand: `BOOTSTRAP_FOR=test bash scripts/bootstrap.d/60-pwsh.sh`, then `.tools/pwsh ./run.ps1 -scenario bigfile`.
set -euo pipefail
: "${TRANSPORTS_ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
. "$TRANSPORTS_ROOT/scripts/lib.sh"
[ "${BOOTSTRAP_FOR:-run}" = test ] || exit 0
version=$PWSH_VERSION
tools="$TRANSPORTS_ROOT/.tools"
if [ -x "$tools/pwsh" ] && [ -d "$tools/.store/powershell/$version" ]; then
  say "pwsh: PowerShell $version up to date ($tools/pwsh)"
  exit 0
fi
if [ ! -e "$tools/pwsh" ] && command -v pwsh >/dev/null 2>&1; then
  found=$(pwsh -NoProfile -NoLogo -Command '$PSVersionTable.PSVersion.Major' 2>/dev/null || echo 0)
  if [ "${found:-0}" -ge 7 ] 2>/dev/null; then
    say "pwsh: using PowerShell $found on PATH ($(command -v pwsh))"
    exit 0
  fi
fi
if [ -e "$tools/pwsh" ]; then
  say "pwsh: replacing the PowerShell in $tools with $version"
  dotnet tool uninstall PowerShell --tool-path "$tools" >&2 || rm -rf "$tools/pwsh" "$tools/.store/powershell"
fi
say "pwsh: installing PowerShell $version (NuGet global tool 'PowerShell': dotnet tool install --tool-path $tools)"
dotnet tool install PowerShell --version "$version" --tool-path "$tools" >&2 \
  || { say "pwsh: dotnet tool install PowerShell --version $version failed; the run.ps1 tests need it"; exit 1; }
say "pwsh: installed $tools/pwsh"
