#!/usr/bin/env bash
# Baseline: grpc-js client -> grpc-js server upload goodput on this machine (h2c, loopback).
# Usage: benchmarks/grpc/run-grpcjs-upload.sh [BYTES=1073741824] [MESSAGE_BYTES=262144] [REPEATS=3]
# Needs tests/interop/grpc-js/node_modules (scripts/bootstrap.sh test). Each run is bounded by `timeout 600`.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bytes=${1:-1073741824}; message=${2:-262144}; repeats=${3:-3}
[ -d "$root/tests/interop/grpc-js/node_modules/@grpc/grpc-js" ] || { echo "run scripts/bootstrap.sh test first" >&2; exit 1; }
fifo=$(mktemp -u); mkfifo "$fifo"
BENCH_NO_HASH=1 node "$root/tests/interop/grpc-js/server.js" < "$fifo" > "$fifo.out" 2>&1 &
server=$!
exec 3>"$fifo"   # keeps the server's stdin open; closing it stops the server
trap 'exec 3>&-; wait $server 2>/dev/null; rm -f "$fifo" "$fifo.out"' EXIT
for _ in $(seq 50); do grep -q LISTENING "$fifo.out" 2>/dev/null && break; sleep 0.1; done
port=$(awk '/LISTENING/ {print $2}' "$fifo.out")
[ -n "$port" ] || { echo "grpc-js server did not start: $(cat "$fifo.out")" >&2; exit 1; }
echo "# grpc-js $(node -p "require('$root/tests/interop/grpc-js/node_modules/@grpc/grpc-js/package.json').version") upload, node $(node --version): $bytes B in $message B messages"
node "$root/benchmarks/grpc/grpcjs-upload-client.js" "127.0.0.1:$port" $((64 << 20)) "$message" > /dev/null  # warm-up
results=(); cpus=()
for r in $(seq "$repeats"); do
  line=$(timeout 600 node "$root/benchmarks/grpc/grpcjs-upload-client.js" "127.0.0.1:$port" "$bytes" "$message")
  sleep 0.2
  server_us=$(awk '/UPLOAD_CPU_US/ {v=$2} END {print v}' "$fifo.out")
  cpu=$(node -p "const j=JSON.parse(process.argv[1]); ((j.clientCpuSeconds + $server_us/1e6) / (j.bytes / 2**30)).toFixed(2)" "$line")
  echo "run $r: $line server_cpu_us=$server_us => $cpu CPU-s/GiB (client+server)"
  results+=("$(node -p "JSON.parse(process.argv[1]).mibps.toFixed(1)" "$line")"); cpus+=("$cpu")
done
printf '%s\n' "${results[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median: %s MiB/s over %d runs (min %s, max %s)", a[int((NR+1)/2)], NR, a[1], a[NR]}'
printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {printf "; median CPU %s CPU-s/GiB\n", a[int((NR+1)/2)]}'
