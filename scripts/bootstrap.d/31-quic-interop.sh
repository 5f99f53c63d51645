#!/usr/bin/env bash
# QUIC interop peer for the test suite (BOOTSTRAP_FOR=test only): quic-go 0.29 from Debian
# (golang-github-lucas-clemente-quic-go-dev, GOPATH mode, offline), built into tests/interop/quic-go/bin/ (git-ignored).
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
[ "$BOOTSTRAP_FOR" = test ] || exit 0
need_apt golang-go golang-github-lucas-clemente-quic-go-dev
peer="$TRANSPORTS_ROOT/tests/interop/quic-go"
if newer_than "$peer/bin/quicgo-peer" "$peer"/*.go "$peer/build.sh"; then
  say "quic: building the quic-go interop peer (tests/interop/quic-go/bin/quicgo-peer)"
  bash "$peer/build.sh"
else
  say "quic: quic-go interop peer up to date"
fi
