#!/usr/bin/env bash
# Debian's python3-grpcio (gRPC C-core): the third gRPC peer of the interop tests (tests/interop/python). Test-only.
set -euo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
[ "${BOOTSTRAP_FOR:-run}" = "test" ] || exit 0
need_apt python3 python3-grpcio
