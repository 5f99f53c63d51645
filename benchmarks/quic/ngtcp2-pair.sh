#!/usr/bin/env bash
# Anchor for the quic transport's goodput: Debian's ngtcp2 0.12 example pair (GnuTLS) on loopback.
# gtlsserver serves a file of SIZE bytes over HTTP/3, gtlsclient downloads it; both with their default settings.
#   benchmarks/quic/ngtcp2-pair.sh [SIZE_MIB=1024] [REPEATS=3]
# Prints per run: goodput (Gbit/s and MiB/s, payload bytes / client wall time) and CPU seconds of client+server,
# verifies the downloaded file byte for byte, and ends with the median. Not a test: numbers depend on machine load.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export TRANSPORTS_ROOT=$root
. "$root/scripts/lib.sh"
need_apt ngtcp2-server ngtcp2-client openssl
size_mib=${1:-1024}
repeats=${2:-3}
# In RAM (/dev/shm) where possible, so disk speed does not limit the download.
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/htdocs" "$work/download"
say "ngtcp2: writing a ${size_mib} MiB random file"
head -c "$((size_mib << 20))" /dev/urandom > "$work/htdocs/file.bin"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
port=$((20000 + RANDOM % 20000))
gtlsserver -q --no-quic-dump --no-http-dump -d "$work/htdocs" 127.0.0.1 "$port" "$work/key.pem" "$work/cert.pem" >/dev/null 2>&1 &
server_pid=$!
sleep 0.5
cpu_of() { awk '{ print ($14 + $15) / '"$(getconf CLK_TCK)"' }' "/proc/$1/stat"; }
results=()
for i in $(seq 1 "$repeats"); do
  rm -f "$work/download/file.bin"
  server_cpu_before=$(cpu_of "$server_pid")
  start=$(date +%s.%N)
  TIMEFORMAT="%U %S"
  client_cpu=$( { time gtlsclient -q --no-quic-dump --no-http-dump --exit-on-all-streams-close --download "$work/download" \
      127.0.0.1 "$port" "https://127.0.0.1:$port/file.bin" >/dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2 }')
  end=$(date +%s.%N)
  server_cpu=$(awk -v a="$(cpu_of "$server_pid")" -v b="$server_cpu_before" 'BEGIN { print a - b }')
  if ! cmp -s "$work/htdocs/file.bin" "$work/download/file.bin"; then
    echo "run $i: downloaded file differs from the original: not a result" >&2
    exit 1
  fi
  line=$(awk -v s="$start" -v e="$end" -v mib="$size_mib" -v cc="$client_cpu" -v sc="$server_cpu" 'BEGIN {
    t = e - s; gib = mib / 1024;
    printf "%.3f Gbit/s  %.1f MiB/s  %.2f s  cpu client %.2f s + server %.2f s = %.2f s/GiB", mib * 1048576 * 8 / t / 1e9, mib / t, t, cc, sc, (cc + sc) / gib }')
  echo "ngtcp2 run $i: $line"
  results+=("$line")
done
printf '%s\n' "${results[@]}" | sort -n | awk -v n="$repeats" 'NR == int((n + 1) / 2) { print "ngtcp2 median: " $0 }'
