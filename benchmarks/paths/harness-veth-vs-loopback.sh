#!/usr/bin/env bash
# Two-host mode on one machine against one process on loopback, back to back: tcp and quic bigfile goodput (1 GiB,
# -sink null, medians of 3 repeats) and tcp pingpong RTT (64 B, closed loop), first with both sides in this process on
# loopback, then with the client in namespace A and the agent (harness serve) in namespace B across a veth pair
# (-server). The anchors iperf3 and sockperf run across the same pair and on loopback in the same rounds
# (veth-vs-loopback.sh), so each path's harness figure can be read against its anchor. Needs root.
# Usage: benchmarks/paths/harness-veth-vs-loopback.sh [ROUNDS] [SECONDS]
# The namespaces (trpbench<PID>a/b) and the agent are removed on exit, also on failure or Ctrl-C.
set -euo pipefail
rounds=${1:-3}; seconds=${2:-5}
here=$(cd "$(dirname "$0")/../.." && pwd)
harness=(dotnet "$here/harness/Harness/bin/Release/net10.0/harness.dll")
a="trpbench$$a"; b="trpbench$$b"; agent_pid=""
work=$(mktemp -d); token="$work/token"
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null || true
  ip netns delete "$a" 2>/dev/null || true; ip netns delete "$b" 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT INT TERM
ip netns add "$a"; ip netns add "$b"
ip -n "$a" link add veth0 mtu 1500 type veth peer name veth0 netns "$b" mtu 1500
ip -n "$a" address add 10.213.251.1/30 dev veth0; ip -n "$b" address add 10.213.251.2/30 dev veth0
for ns in "$a" "$b"; do ip -n "$ns" link set veth0 up; ip -n "$ns" link set lo up; done
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$token"
ip netns exec "$b" "${harness[@]}" serve -listen 10.213.251.2:47311 -token-file "$token" > "$work/agent.log" 2>&1 &
agent_pid=$!
for _ in $(seq 1 100); do grep -q "agent listening" "$work/agent.log" && break; sleep 0.2; done

# figures RESULTS_ROOT -> "tcp_gbit quic_gbit" (bigfile) or "p50_us p99_us" (pingpong) of the run folder just written
bigfile() { python3 - "$1" <<'PY'
import json, glob, sys
d = json.load(open(sorted(glob.glob(sys.argv[1] + "/*/results.json"))[-1]))
g = {t["transport"]: t["summary"]["metrics"]["goodput_bits_per_s"]["median"] / 1e9 for t in d["transports"] if t["status"] == "ok"}
print(f'{g.get("tcp", float("nan")):.2f} {g.get("quic", float("nan")):.2f}')
PY
}
pingpong() { python3 - "$1" <<'PY'
import json, glob, sys
d = json.load(open(sorted(glob.glob(sys.argv[1] + "/*/results.json"))[-1]))
m = d["transports"][0]["summary"]["metrics"]
print(f'{m["rtt_p50_ms"]["median"] * 1000:.1f} {m["rtt_p99_ms"]["median"] * 1000:.1f}')
PY
}
run() { # PATH_LABEL PREFIX EXTRA_ARGS... -> one line
  local label=$1 prefix=$2; shift 2
  local out="$work/$label"; mkdir -p "$out"
  TRANSPORTS_RESULTS="$out/bigfile" $prefix "${harness[@]}" bigfile -transports tcp,quic -size 1G -sink null -repeat 3 -no-progress -no-charts "$@" > "$out/bigfile.log" 2>&1
  TRANSPORTS_RESULTS="$out/pingpong" $prefix "${harness[@]}" pingpong -transports tcp -duration "$seconds" -repeat 1 -no-progress -no-charts "$@" > "$out/pingpong.log" 2>&1
  echo "$label $(bigfile "$out/bigfile") $(pingpong "$out/pingpong")"
}
echo "round path harness_tcp_bigfile_gbit_s harness_quic_bigfile_gbit_s harness_tcp_rtt_p50_us harness_tcp_rtt_p99_us"
for r in $(seq 1 "$rounds"); do
  echo "$r $(run loopback '')"
  echo "$r $(run veth "ip netns exec $a" -server 10.213.251.2:47311 -token-file "$token")"
done
echo "anchors, same session:"
"$here/benchmarks/paths/veth-vs-loopback.sh" "$rounds" "$seconds"
