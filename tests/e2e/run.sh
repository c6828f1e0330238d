#!/usr/bin/env bash
# End-to-end tests of the real app: the dev build in WebKitGTK, driven by tauri-driver +
# WebKitWebDriver under Xvfb, on a generated 20,000-photo library with no thumbnails; the backup test
# gets a small library of its own and a local S3-compatible server (moto), the organize test one of
# 3,000 generated photos; the new-user tests run on a
# copy of the 222 real photos of ../shared/corpus, the find test on another copy, the clean-up test on
# five of them and an exact copy. Bounded: each test has its
# own deadline (in the test files), the whole node run has one here, and the cleanup below always runs
# (on success, failure, Ctrl-C and SIGTERM), killing moto and whatever the drivers left behind.
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/cargo-args.sh
ART="$PWD/.artifacts/e2e"
rm -rf "$ART" && mkdir -p "$ART"
APP="$PWD/target/debug/shoebox-app"
CLI="$PWD/target/debug/shoebox"
NODE_DEADLINE_SECS="${SHOEBOX_E2E_DEADLINE_SECS:-1500}"
# SHOEBOX_E2E_FILES: which test files to run (default: all of tests/e2e/), e.g. tests/e2e/gallery.test.mjs

command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked
[ -f ui/dist/index.html ] || npm --prefix ui run build
if [ "${SHOEBOX_E2E_PREBUILT:-0}" != "1" ] || [ ! -x "$APP" ] || [ ! -x "$CLI" ]; then
  # The same build as scripts/test.sh's (so there it is already done): the app with its embedded UI.
  cargo test "${CARGO_WORKSPACE_ARGS[@]}" --no-run
fi
MOTO="${SHOEBOX_MOTO_SERVER:-$(bash scripts/install-moto.sh)}"

WORK="$(mktemp -d)"
MOTO_PID=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # The drivers run in process groups of their own and are killed by the test files; this catches
  # what a killed test file could not (its app, WebKitWebDriver, tauri-driver).
  pkill -KILL -f "^$APP" 2>/dev/null || true
  pkill -KILL -x WebKitWebDriver 2>/dev/null || true
  pkill -KILL -x tauri-driver 2>/dev/null || true
  if [ -n "$MOTO_PID" ]; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$CLI" bench generate "$WORK/photos" --photos 20000 --per-folder 500 --long-edge 320 >/dev/null
SHOEBOX_LIBRARY="$WORK/lib.db" "$CLI" scan "$WORK/photos" --json >"$ART/scan.json"
"$CLI" bench generate "$WORK/dropped" --photos 24 --per-folder 24 --long-edge 320 >/dev/null

# Organize: 3,000 photos of its own (selection, marks, an album, undo, a restart).
"$CLI" bench generate "$WORK/org-photos" --photos 3000 --per-folder 300 --long-edge 320 >/dev/null
SHOEBOX_LIBRARY="$WORK/org-lib.db" "$CLI" scan "$WORK/org-photos" >/dev/null

# Backup: 60 photos to a bucket on a moto server on a free loopback port (killed on exit).
BACKUP_PHOTOS=60
"$CLI" bench generate "$WORK/backup-photos" --photos "$BACKUP_PHOTOS" --per-folder 30 --long-edge 320 >/dev/null
SHOEBOX_LIBRARY="$WORK/backup-lib.db" "$CLI" scan "$WORK/backup-photos" >/dev/null
# The real photos of the shared corpus (copied: a test adds a file to one of its folders), scanned.
CORPUS_SRC="${SHOEBOX_CORPUS:-$PWD/../shared/corpus}"
cp -r "$CORPUS_SRC" "$WORK/corpus" && chmod -R u+w "$WORK/corpus"
SHOEBOX_LIBRARY="$WORK/corpus-lib.db" "$CLI" scan "$WORK/corpus" --json >"$ART/corpus-scan.json"
# Find: another copy of the corpus (real cameras and GPS positions; the test copies a photo into it).
cp -r "$CORPUS_SRC" "$WORK/find-corpus" && chmod -R u+w "$WORK/find-corpus"
SHOEBOX_LIBRARY="$WORK/find-lib.db" "$CLI" scan "$WORK/find-corpus" >/dev/null

# Clean up: five real photos, one of them copied byte for byte into another folder (an exact duplicate;
# the copy is newer). The app's system trash is the freedesktop one under its own XDG_DATA_HOME.
mkdir -p "$WORK/clean-photos/camera" "$WORK/clean-photos/backup" "$WORK/clean-xdg"
for f in exif-org/canon-ixus.jpg exif-org/fujifilm-dx10.jpg exif-org/nikon-e950.jpg exif-org/ricoh-rdc5300.jpg gps/DSCN0010.jpg; do
  cp "$CORPUS_SRC/exif-samples/jpg/$f" "$WORK/clean-photos/camera/"
done
touch -d '2020-01-01 12:00' "$WORK/clean-photos/camera/"*.jpg
cp "$WORK/clean-photos/camera/nikon-e950.jpg" "$WORK/clean-photos/backup/nikon-e950.jpg"
chmod -R u+w "$WORK/clean-photos"
SHOEBOX_LIBRARY="$WORK/clean-lib.db" "$CLI" scan "$WORK/clean-photos" >/dev/null

MOTO_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$MOTO" -H 127.0.0.1 -p "$MOTO_PORT" >"$ART/moto.log" 2>&1 &
MOTO_PID=$!
for _ in $(seq 150); do
  curl -fsS --max-time 2 "http://127.0.0.1:$MOTO_PORT/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS --max-time 10 -X PUT "http://127.0.0.1:$MOTO_PORT/shoebox-e2e" >/dev/null

export SHOEBOX_LIBRARY="$WORK/lib.db" SHOEBOX_CACHE_DIR="$WORK/cache"
export SHOEBOX_APP="$APP" SHOEBOX_E2E_DROP="$WORK/dropped" SHOEBOX_E2E_ARTIFACTS="$ART"
export SHOEBOX_E2E_BACKUP_LIBRARY="$WORK/backup-lib.db" SHOEBOX_E2E_BACKUP_CACHE="$WORK/backup-cache"
export SHOEBOX_E2E_BACKUP_PHOTOS="$BACKUP_PHOTOS" SHOEBOX_E2E_S3_BUCKET=shoebox-e2e
export SHOEBOX_E2E_S3_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
export SHOEBOX_E2E_ORG_LIBRARY="$WORK/org-lib.db" SHOEBOX_E2E_ORG_CACHE="$WORK/org-cache" SHOEBOX_E2E_CLI="$CLI"
export SHOEBOX_E2E_CORPUS="$WORK/corpus" SHOEBOX_E2E_CORPUS_LIBRARY="$WORK/corpus-lib.db" SHOEBOX_E2E_CORPUS_CACHE="$WORK/corpus-cache"
export SHOEBOX_E2E_FIND_CORPUS="$WORK/find-corpus" SHOEBOX_E2E_FIND_LIBRARY="$WORK/find-lib.db" SHOEBOX_E2E_FIND_CACHE="$WORK/find-cache"
export SHOEBOX_E2E_CLEAN_PHOTOS="$WORK/clean-photos" SHOEBOX_E2E_CLEAN_LIBRARY="$WORK/clean-lib.db"
export SHOEBOX_E2E_CLEAN_CACHE="$WORK/clean-cache" SHOEBOX_E2E_CLEAN_XDG="$WORK/clean-xdg"
# Per test file the runner allows 600 s (each test has a shorter deadline of its own); the whole run
# gets NODE_DEADLINE_SECS, then TERM, then KILL 20 s later.
timeout --kill-after=20 "$NODE_DEADLINE_SECS" \
  xvfb-run -a -s "-screen 0 1400x900x24" \
  node --test --test-concurrency=1 --test-timeout=600000 ${SHOEBOX_E2E_FILES:-tests/e2e/}
