#!/usr/bin/env bash
# QUIC, quinn backend: Debian's Rust toolchain and quinn 0.9 crates (offline cargo build against
# /usr/share/cargo/registry), then builds transports/Quic/native/libtransports_quinn.so. Idempotent: apt installs
# only what is missing, cargo rebuilds only when a source changed. If this step fails, the quic transports
# report themselves unavailable and every other transport still runs, so it is not fatal for `run`.
set -uo pipefail
. "$TRANSPORTS_ROOT/scripts/lib.sh"
packages=(cargo rustc librust-quinn-dev librust-tokio-dev librust-rustls-dev librust-ring-dev librust-socket2-dev librust-once-cell-dev librust-bytes-dev)
if ! need_apt "${packages[@]}"; then
  say "quic: could not install ${packages[*]}; the quic and quic-dgram transports will be unavailable"
  [ "$BOOTSTRAP_FOR" = test ] && exit 1 || exit 0
fi
native="$TRANSPORTS_ROOT/transports/Quic/native"
lib="$native/target/release/libtransports_quinn.so"
if newer_than "$lib" "$native/src" "$native/Cargo.toml" "$native/build.rs"; then
  say "quic: building the quinn backend (cargo build --release --offline in transports/Quic/native; first build takes a few minutes)"
  if ! bash "$native/build.sh"; then
    say "quic: native build failed; the quic and quic-dgram transports will be unavailable"
    [ "$BOOTSTRAP_FOR" = test ] && exit 1 || exit 0
  fi
  say "quic: built $lib"
else
  say "quic: quinn backend up to date ($lib)"
fi
