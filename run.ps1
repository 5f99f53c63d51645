#!/usr/bin/env pwsh
# Twin of run.sh: forwards every argument to the harness CLI (built in Release) as a PowerShell user typed it.
#   ./run.ps1 -scenario bigfile -transports tcp,ws
# The harness accepts PowerShell-style single-dash options (-scenario) as aliases of --scenario.
# On Linux, `scripts/bootstrap.sh test` installs PowerShell 7.6.10 into .tools/ (`.tools/pwsh ./run.ps1 ...`).
#
# Typed at a PowerShell prompt, `-transports tcp,ws` arrives in $args as an ARRAY ('tcp','ws'), and a native command
# would receive it as two arguments (tcp ws); `-size:64M` arrives as the token '-size:' and the value. So before
# forwarding, each array is joined with commas into one argument ("tcp,ws") and '-name:' is split into '-name' and
# its value. Strings (64M, --name=value, quoted paths with spaces) pass through unchanged.
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot

function ConvertTo-HarnessArgument($value) {
    if ($value -is [System.Collections.IList]) {
        return ($value | ForEach-Object { ConvertTo-HarnessArgument $_ }) -join ','
    }
    if ($value -is [bool]) { return $value.ToString().ToLowerInvariant() }
    if ($value -is [System.IFormattable]) { return $value.ToString($null, [System.Globalization.CultureInfo]::InvariantCulture) }
    return [string]$value
}

$forward = [System.Collections.Generic.List[string]]::new()
foreach ($a in $args) {
    if ($a -is [string] -and $a -match '^(--?[^:\s=]+):$') { $forward.Add($Matches[1]); continue } # '-name:' then its value
    $forward.Add((ConvertTo-HarnessArgument $a))
}

if ($IsLinux -or $IsMacOS) {
    & bash (Join-Path $root 'run.sh') @forward
    exit $LASTEXITCODE
}
$project = Join-Path $root 'harness/Harness/Transports.Harness.csproj'
dotnet build $project -c Release -nologo -v q -clp:ErrorsOnly | Out-Host
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
& dotnet (Join-Path $root 'harness/Harness/bin/Release/net10.0/harness.dll') @forward
exit $LASTEXITCODE
