#!/usr/bin/env bash
# h2load (Debian's nghttp2-client): the rpc scenario's anchor, HTTP/2 requests per second against our own Kestrel gRPC
# server (docs/SCENARIOS-RPC.md). Optional: without it the anchor is reported as skipped.
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
need_apt nghttp2-client || say "anchors: nghttp2-client (h2load) could not be installed; the rpc anchor will report it as skipped"
