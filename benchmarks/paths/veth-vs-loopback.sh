#!/usr/bin/env bash
# The two-host path on one machine against loopback, measured by the anchors: iperf3 (one TCP stream, memory to memory)
# and sockperf (64 B ping-pong RTT) between two network namespaces joined by a veth pair, alternated with the same
# tools on loopback. Needs root. Usage: benchmarks/paths/veth-vs-loopback.sh [ROUNDS] [SECONDS]
# The namespaces (trpbench<PID>a/b) are removed on exit, also on failure or Ctrl-C.
set -euo pipefail
rounds=${1:-3}; seconds=${2:-5}
a="trpbench$$a"; b="trpbench$$b"
cleanup() { ip netns delete "$a" 2>/dev/null || true; ip netns delete "$b" 2>/dev/null || true; pkill -f "iperf3 -s -1 -p 5399" 2>/dev/null || true; pkill -f "sockperf server -i .* -p 5398" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
ip netns add "$a"; ip netns add "$b"
ip -n "$a" link add veth0 mtu 1500 type veth peer name veth0 netns "$b" mtu 1500
ip -n "$a" address add 10.213.250.1/30 dev veth0; ip -n "$b" address add 10.213.250.2/30 dev veth0
for ns in "$a" "$b"; do ip -n "$ns" link set veth0 up; ip -n "$ns" link set lo up; done

iperf() { # PREFIX_SERVER PREFIX_CLIENT ADDRESS -> Gbit/s
  $1 iperf3 -s -1 -p 5399 >/dev/null 2>&1 & sleep 0.5
  $2 iperf3 -c "$3" -p 5399 -t "$seconds" -J | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9,2))'
  wait
}
sockperf_rtt() { # PREFIX_SERVER PREFIX_CLIENT ADDRESS -> "p50 p99" in µs
  $1 sockperf server -i "$3" -p 5398 >/dev/null 2>&1 & local pid=$!; sleep 0.5
  $2 sockperf ping-pong -i "$3" -p 5398 -m 64 -t "$seconds" --full-rtt 2>&1 \
    | awk '/percentile 99.000/{p99=$NF} /percentile 50.000/{p50=$NF} END{print p50, p99}'
  kill $pid; wait $pid 2>/dev/null || true
}
echo "round path iperf3_gbit_s sockperf_rtt_p50_us sockperf_rtt_p99_us"
for r in $(seq 1 "$rounds"); do
  echo "$r loopback $(iperf '' '' 127.0.0.1) $(sockperf_rtt '' '' 127.0.0.1)"
  echo "$r veth $(iperf "ip netns exec $a" "ip netns exec $b" 10.213.250.1) $(sockperf_rtt "ip netns exec $a" "ip netns exec $b" 10.213.250.1)"
done
