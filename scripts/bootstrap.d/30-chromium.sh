#!/usr/bin/env bash
# Tests only: Debian's Chromium, which the report's browser test drives with Playwright for .NET
# (tests/Transports.Tests/Report/ReportBrowserTests.cs uses /usr/bin/chromium; Playwright's own browser
# download is never used).
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
[ "${BOOTSTRAP_FOR:-run}" = test ] || exit 0
need_apt chromium || { say "could not install chromium (needed by the report browser test)"; exit 1; }
