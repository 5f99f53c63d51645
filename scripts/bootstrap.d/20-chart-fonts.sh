#!/usr/bin/env bash
# Charts: ScottPlot 5 draws every chart in-process (SkiaSharp underneath, its native library comes with the NuGet
# package). It needs the charts' font, DejaVu Sans (Debian's fonts-dejavu-core), found through fontconfig: installs
# both when missing. Optional for `run`: without them the harness still writes results.json, CSV and Markdown and
# prints "charts skipped: font DejaVu Sans not found ...". Required for `test`: the report tests draw real charts.
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"

if ! need_apt fonts-dejavu-core fontconfig; then
  say "charts: could not install fonts-dejavu-core and fontconfig"
  if [ "${BOOTSTRAP_FOR:-run}" = test ]; then exit 1; fi
  say "charts will be skipped; results.json, CSV and Markdown are still written"
fi
