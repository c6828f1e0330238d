#!/usr/bin/env bash
# Benchmarks the desktop app (release build) on a generated 100,000-photo library in WebKitGTK under
# Xvfb: first 20 tiles painted with no thumbnails made, then again with them cached on disk; jump to
# the oldest month; frame gaps while scrolling; keystroke to painted search results; DOM size; memory.
# Usage: scripts/bench-app.sh [PHOTOS]
set -euo pipefail
cd "$(dirname "$0")/.."
PHOTOS="${1:-100000}"
DATA="${SHOEBOX_BENCH_DATA:-${XDG_CACHE_HOME:-$HOME/.cache}/shoebox-bench-app-$PHOTOS}"
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
[ -f ui/dist/index.html ] || npm --prefix ui run build
cargo build --release --locked -p shoebox-cli -p shoebox-app --features shoebox-app/custom-protocol
BIN="$PWD/target/release"
if [ ! -f "$DATA/.done" ]; then
  rm -rf "$DATA" && mkdir -p "$DATA"
  "$BIN/shoebox" bench generate "$DATA/photos" --photos "$PHOTOS" --per-folder 500 --long-edge 320
  touch "$DATA/.done"
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export SHOEBOX_LIBRARY="$WORK/lib.db" SHOEBOX_CACHE_DIR="$WORK/cache" SHOEBOX_APP="$BIN/shoebox-app"
# The WebDriver logs go with the e2e artifacts, never into the repository root.
export SHOEBOX_E2E_ARTIFACTS="${SHOEBOX_E2E_ARTIFACTS:-$PWD/.artifacts/bench-app}"
mkdir -p "$SHOEBOX_E2E_ARTIFACTS"
"$BIN/shoebox" scan "$DATA/photos" --no-hash --json | head -c 120; echo
run() { xvfb-run -a -s "-screen 0 1400x900x24" node tests/e2e/bench.mjs "$1"; }
run "no thumbnails made"
run "thumbnails cached on disk"
