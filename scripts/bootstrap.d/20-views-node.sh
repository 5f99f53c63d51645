#!/usr/bin/env bash
# Charts: Node.js renders the harness's Vega-Lite specs to SVG and PNG (views/node, see docs/REPORT.md).
# Installs DejaVu Sans (the charts' font), Node.js when absent, and the npm packages pinned in
# views/node/package-lock.json (npm ci) when node_modules is missing or older than the lockfile.
# Optional for `run`: without it the harness still writes results.json, CSV and Markdown and prints
# "charts skipped: ...". Required for `test`: the report tests render real charts.
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
dir="$TRANSPORTS_ROOT/views/node"

unavailable() {
  say "charts: $*"
  if [ "${BOOTSTRAP_FOR:-run}" = test ]; then exit 1; fi
  say "charts will be skipped; results.json, CSV and Markdown are still written"
  exit 0
}

need_apt fonts-dejavu-core || unavailable "could not install fonts-dejavu-core"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  need_apt nodejs npm || unavailable "could not install nodejs and npm"
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$major" -ge 18 ] || unavailable "Node.js 18 or newer is needed, found $(node --version 2>/dev/null || echo none)"

# npm ci leaves node_modules/.package-lock.json; reinstall when it is missing or the lockfile changed since.
if newer_than "$dir/node_modules/.package-lock.json" "$dir/package-lock.json" "$dir/package.json"; then
  say "installing the chart renderer's npm packages (npm ci in views/node: vega, vega-lite, vega-embed, resvg-js, opentype.js)"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >&2 || unavailable "npm ci in views/node failed"
fi
