#!/usr/bin/env bash
# The QUIC bigfile comparison in one session: Debian's ngtcp2 example pair, our quic transport (quinn backend)
# and our tcp transport, each moving SIZE MiB server-to-client on loopback, REPEATS times (+1 warm-up for ours).
#   benchmarks/quic/compare.sh [SIZE_MIB=1024] [REPEATS=3] [CC=cubic]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
size=${1:-1024}; repeats=${2:-3}; cc=${3:-cubic}
dotnet build "$root/benchmarks/quic/QuicBench" -c Release -nologo -v quiet >/dev/null
bench="$root/benchmarks/quic/QuicBench/bin/Release/net10.0/quic-bench.dll"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/benchmarks/quic/ngtcp2-pair.sh" "$size" "$repeats"
dotnet "$bench" quic "$size" "$repeats" "$cc"
dotnet "$bench" tcp "$size" "$repeats"
echo "machine load after: $(cut -d' ' -f1-3 /proc/loadavg)"
