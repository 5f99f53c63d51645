#!/usr/bin/env pwsh
# Thin twin of run.sh: forwards every argument unchanged to the harness CLI (built in Release).
#   ./run.ps1 -scenario bigfile
# The harness accepts PowerShell-style single-dash options (-scenario) as aliases of --scenario.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
if ($IsLinux -or $IsMacOS) {
    & bash (Join-Path $root 'run.sh') @args
    exit $LASTEXITCODE
}
$project = Join-Path $root 'harness/Harness/Transports.Harness.csproj'
dotnet build $project -c Release -nologo -v q -clp:ErrorsOnly | Out-Host
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& dotnet (Join-Path $root 'harness/Harness/bin/Release/net10.0/harness.dll') @args
exit $LASTEXITCODE
