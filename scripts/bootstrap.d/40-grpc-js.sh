#!/usr/bin/env bash
# grpc-js (npm @grpc/grpc-js + @grpc/proto-loader, pinned by tests/interop/grpc-js/package-lock.json): the real gRPC
# peer of the gRPC interop tests and of the grpc-js baseline benchmark. Test-only; `npm ci` when node_modules is
# missing or older than the lockfile.
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
[ "${BOOTSTRAP_FOR:-run}" = "test" ] || exit 0
dir="$TRANSPORTS_ROOT/tests/interop/grpc-js"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  need_apt nodejs npm
fi
if [ ! -d "$dir/node_modules/@grpc/grpc-js" ] || newer_than "$dir/node_modules/.package-lock.json" "$dir/package-lock.json"; then
  say "installing grpc-js interop peer: npm ci in tests/interop/grpc-js"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || { say "npm ci in tests/interop/grpc-js failed"; exit 1; }
fi
