#!/usr/bin/env bash
# tcp bigfile goodput as a ratio to iperf3 on loopback, measured back to back in one session (issue 2's benchmark).
#   benchmarks/bigfile/compare-iperf3.sh [SIZE] [REPEATS] [extra harness options…]
# Runs: iperf3 -c 127.0.0.1 -t 10 (Debian iperf3, memory to memory), then the harness's tcp bigfile (median of
# REPEATS), then iperf3 again; prints both and the ratio to the mean of the two iperf3 runs. Bounded: two 10 s
# iperf3 runs and REPEATS transfers of SIZE.
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
TRANSPORTS_RESULTS=$out "$root/run.sh" -scenario bigfile -transports tcp -size "$size" -repeat "$repeats" -no-progress -no-charts "$@" >/dev/null
after=$(iperf)
run=$(ls -d "$out"/*/)
tcp=$(jq '.transports[0].summary.goodputBitsPerSecond.median' "$run/results.json")
cpu=$(jq '.transports[0].summary.cpuSecondsPerGiB.median' "$run/results.json")
peak=$(jq '[.transports[0].repeats[].cost.peakWorkingSetBytes] | max' "$run/results.json")
awk -v a="$before" -v b="$after" -v t="$tcp" -v c="$cpu" -v p="$peak" -v s="$size" -v r="$repeats" 'BEGIN {
  i = (a + b) / 2
  printf "iperf3 -t 10:           %.2f Gbit/s (before) %.2f Gbit/s (after)\n", a / 1e9, b / 1e9
  printf "harness tcp bigfile %s: %.2f Gbit/s (median of %d), %.2f CPU s/GiB, peak working set %.0f MiB\n", s, t / 1e9, r, c, p / 1048576
  printf "ratio tcp / iperf3:     %.2f\n", t / i
}'
echo "results: $run"
