#!/usr/bin/env bash
# The reference tools `-anchors` runs next to the transports: Debian's iperf3 (bigfile over tcp) and sockperf
# (closed-loop pingpong over tcp and udp). Optional: without them those anchors are reported as skipped.
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
need_apt iperf3 sockperf || say "anchors: iperf3/sockperf could not be installed; -anchors will report them as skipped"
