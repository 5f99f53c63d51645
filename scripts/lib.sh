#!/usr/bin/env bash
# Shared shell helpers for bootstrap steps. Source it; do not run it.

# say MESSAGE: one line on stderr, prefixed, so users see what is being installed and why.
say() { printf 'bootstrap: %s\n' "$*" >&2; }

# need_apt PACKAGE...: installs the Debian packages that are not installed yet (idempotent, one apt-get update per run).
need_apt() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "installing Debian packages: ${missing[*]}"
  if [ -z "${TRANSPORTS_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >&2 || { say "apt-get update failed"; return 1; }
    export TRANSPORTS_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
    || { say "apt-get install ${missing[*]} failed"; return 1; }
}

# newer_than TARGET SOURCE...: true when TARGET is missing or any source file below SOURCE is newer
# (build outputs bin/ obj/ target/ node_modules/ are not sources).
newer_than() {
  local target=$1; shift
  [ -e "$target" ] || return 0
  [ -n "$(find "$@" \( -name bin -o -name obj -o -name target -o -name node_modules \) -prune -o -type f -newer "$target" -print -quit 2>/dev/null)" ]
}

# The PowerShell that scripts/bootstrap.d/60-pwsh.sh installs (NuGet global tool; 7.7.0 does not run on net10.0).
PWSH_VERSION=7.6.10

# pwsh_path: prints the pwsh to use: $TRANSPORTS_PWSH, else the bootstrap's .tools/pwsh, else pwsh on PATH.
pwsh_path() {
  local root=${TRANSPORTS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
  if [ -n "${TRANSPORTS_PWSH:-}" ]; then printf '%s\n' "$TRANSPORTS_PWSH"
  elif [ -x "$root/.tools/pwsh" ]; then printf '%s\n' "$root/.tools/pwsh"
  else command -v pwsh
  fi
}
