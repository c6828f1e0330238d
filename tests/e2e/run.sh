#!/usr/bin/env bash
# End-to-end tests of the real app: the release-like debug build in WebKitGTK, driven by
# tauri-driver + WebKitWebDriver under Xvfb, on a generated 20,000-photo library with no thumbnails.
set -euo pipefail
cd "$(dirname "$0")/../.."
ART="$PWD/.artifacts/e2e"
rm -rf "$ART" && mkdir -p "$ART"

command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
[ -f ui/dist/index.html ] || npm --prefix ui run build
cargo build --locked -p shoebox-cli -p shoebox-app --features shoebox-app/custom-protocol

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
./target/debug/shoebox bench generate "$WORK/photos" --photos 20000 --per-folder 500 --long-edge 320 >/dev/null
SHOEBOX_LIBRARY="$WORK/lib.db" ./target/debug/shoebox scan "$WORK/photos" --json >"$ART/scan.json"
./target/debug/shoebox bench generate "$WORK/dropped" --photos 24 --per-folder 24 --long-edge 320 >/dev/null

export SHOEBOX_LIBRARY="$WORK/lib.db" SHOEBOX_CACHE_DIR="$WORK/cache"
export SHOEBOX_APP="$PWD/target/debug/shoebox-app" SHOEBOX_E2E_DROP="$WORK/dropped" SHOEBOX_E2E_ARTIFACTS="$ART"
status=0
xvfb-run -a -s "-screen 0 1400x900x24" node --test --test-concurrency=1 --test-timeout=300000 tests/e2e/ || status=$?
# The app normally exits with its WebDriver session; make sure no instance of this build outlives the run.
pkill -f "^$SHOEBOX_APP" 2>/dev/null || true
exit "$status"
