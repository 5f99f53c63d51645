#!/usr/bin/env bash
# tcp bigfile goodput as a ratio to iperf3 on loopback, measured back to back in one session (issue 2's benchmark).
#   benchmarks/bigfile/compare-iperf3.sh [SIZE] [REPEATS] [extra harness options…]
# Runs: iperf3 -c 127.0.0.1 -t 10 (Debian iperf3, memory to memory), iperf3 -F with the same test file on both ends
# (file to file, into /dev/shm like bigfile's sink), the harness's tcp bigfile (median of REPEATS), and iperf3
# memory to memory again; prints all and the ratios. Bounded: three 10 s-or-one-file iperf3 runs and REPEATS transfers.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/lib.sh"
size=${1:-1G}; repeats=${2:-5}; shift $(( $# > 2 ? 2 : $# )) || true
need_apt iperf3 jq
port=5299
iperf() {
  iperf3 -s -1 -p $port >/dev/null 2>&1 &
  local server=$!
  sleep 0.5
  iperf3 -c 127.0.0.1 -p $port -t 10 -J | jq '.end.sum_received.bits_per_second'
  wait $server 2>/dev/null || true
}
before=$(iperf)
out=$(mktemp -d)
# Generate (or reuse) the cached test file through the harness, then give iperf3 the same file on both ends.
TRANSPORTS_RESULTS=$out/gen "$root/run.sh" -scenario bigfile -transports tcp -size "$size" -warmup 0 -no-progress -no-charts >/dev/null 2>&1
testfile=$(jq -r '.run.parameters.file' "$out"/gen/*/results.json)
iperf3 -s -1 -p $port -F /dev/shm/iperf3-received.bin >/dev/null 2>&1 &
server=$!
sleep 0.5
files=$(iperf3 -c 127.0.0.1 -p $port -F "$testfile" -J | jq '.end.sum_received.bits_per_second')
wait $server 2>/dev/null || true
rm -f /dev/shm/iperf3-received.bin
TRANSPORTS_RESULTS=$out "$root/run.sh" -scenario bigfile -transports tcp -size "$size" -repeat "$repeats" -no-progress -no-charts "$@" >/dev/null
after=$(iperf)
run=$(ls -d "$out"/2*/)
tcp=$(jq '.transports[0].summary.goodputBitsPerSecond.median' "$run/results.json")
cpu=$(jq '.transports[0].summary.cpuSecondsPerGiB.median' "$run/results.json")
peak=$(jq '[.transports[0].repeats[].cost.peakWorkingSetBytes] | max' "$run/results.json")
awk -v a="$before" -v b="$after" -v f="$files" -v t="$tcp" -v c="$cpu" -v p="$peak" -v s="$size" -v r="$repeats" 'BEGIN {
  i = (a + b) / 2
  printf "iperf3 -t 10:           %.2f Gbit/s (before) %.2f Gbit/s (after)\n", a / 1e9, b / 1e9
  printf "iperf3 -F file to file: %.2f Gbit/s\n", f / 1e9
  printf "harness tcp bigfile %s: %.2f Gbit/s (median of %d), %.2f CPU s/GiB, peak working set %.0f MiB\n", s, t / 1e9, r, c, p / 1048576
  printf "ratio tcp / iperf3:     %.2f (memory to memory), %.2f (file to file)\n", t / i, t / f
}'
echo "results: $run"
