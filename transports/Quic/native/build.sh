#!/usr/bin/env bash
# Builds libtransports_quinn.so offline against Debian's crates (/usr/share/cargo/registry, see .cargo/config.toml).
# Prefers Debian's own cargo + rustc (the toolchain those crates are packaged for); falls back to cargo on PATH.
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -x /usr/bin/cargo ] && [ -x /usr/bin/rustc ]; then
  cargo=/usr/bin/cargo; export RUSTC=/usr/bin/rustc
elif command -v cargo >/dev/null 2>&1; then
  cargo=$(command -v cargo)
else
  echo "quinn native: cargo not found; run ./scripts/bootstrap.sh (installs Debian's cargo, rustc, librust-quinn-dev)" >&2
  exit 1
fi
if [ ! -d /usr/share/cargo/registry/quinn-0.9.3 ] && ! ls -d /usr/share/cargo/registry/quinn-0.9.* >/dev/null 2>&1; then
  echo "quinn native: Debian's quinn crate is missing; run ./scripts/bootstrap.sh (apt: librust-quinn-dev)" >&2
  exit 1
fi
cd "$dir"
"$cargo" build --release --offline --quiet
touch target/release/libtransports_quinn.so   # newer than the sources even when cargo had nothing to do
