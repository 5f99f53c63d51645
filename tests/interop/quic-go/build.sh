#!/usr/bin/env bash
# Builds the quic-go 0.29 interop peer (GOPATH mode against Debian's /usr/share/gocode) into bin/quicgo-peer.
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$dir/bin"
export GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="${GOCACHE:-$dir/bin/.gocache}" GOFLAGS=
cd "$dir"
go build -o bin/quicgo-peer peer.go peer_tls.go
