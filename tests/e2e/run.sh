#!/usr/bin/env bash
# End-to-end tests of the real app: the release-like debug build in WebKitGTK, driven by
# tauri-driver + WebKitWebDriver under Xvfb, on a generated 20,000-photo library with no thumbnails;
# the backup test gets a small library of its own and a local S3-compatible server (moto).
set -euo pipefail
cd "$(dirname "$0")/../.."
ART="$PWD/.artifacts/e2e"
rm -rf "$ART" && mkdir -p "$ART"

command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
[ -f ui/dist/index.html ] || npm --prefix ui run build
cargo build --locked -p shoebox-cli -p shoebox-app --features shoebox-app/custom-protocol
MOTO="${SHOEBOX_MOTO_SERVER:-$(bash scripts/install-moto.sh)}"

WORK="$(mktemp -d)"
MOTO_PID=""
cleanup() {
  if [ -n "$MOTO_PID" ]; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
./target/debug/shoebox bench generate "$WORK/photos" --photos 20000 --per-folder 500 --long-edge 320 >/dev/null
SHOEBOX_LIBRARY="$WORK/lib.db" ./target/debug/shoebox scan "$WORK/photos" --json >"$ART/scan.json"
./target/debug/shoebox bench generate "$WORK/dropped" --photos 24 --per-folder 24 --long-edge 320 >/dev/null

# Backup: 60 photos to a bucket on a moto server on a free loopback port (killed on exit).
BACKUP_PHOTOS=60
./target/debug/shoebox bench generate "$WORK/backup-photos" --photos "$BACKUP_PHOTOS" --per-folder 30 --long-edge 320 >/dev/null
SHOEBOX_LIBRARY="$WORK/backup-lib.db" ./target/debug/shoebox scan "$WORK/backup-photos" >/dev/null
MOTO_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$MOTO" -H 127.0.0.1 -p "$MOTO_PORT" >"$ART/moto.log" 2>&1 &
MOTO_PID=$!
for _ in $(seq 150); do
  curl -fsS "http://127.0.0.1:$MOTO_PORT/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS -X PUT "http://127.0.0.1:$MOTO_PORT/shoebox-e2e" >/dev/null

export SHOEBOX_LIBRARY="$WORK/lib.db" SHOEBOX_CACHE_DIR="$WORK/cache"
export SHOEBOX_APP="$PWD/target/debug/shoebox-app" SHOEBOX_E2E_DROP="$WORK/dropped" SHOEBOX_E2E_ARTIFACTS="$ART"
export SHOEBOX_E2E_BACKUP_LIBRARY="$WORK/backup-lib.db" SHOEBOX_E2E_BACKUP_CACHE="$WORK/backup-cache"
export SHOEBOX_E2E_BACKUP_PHOTOS="$BACKUP_PHOTOS" SHOEBOX_E2E_S3_BUCKET=shoebox-e2e
export SHOEBOX_E2E_S3_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
status=0
xvfb-run -a -s "-screen 0 1400x900x24" node --test --test-concurrency=1 --test-timeout=300000 tests/e2e/ || status=$?
# The app normally exits with its WebDriver session; make sure no instance of this build outlives the run.
pkill -f "^$SHOEBOX_APP" 2>/dev/null || true
exit "$status"
