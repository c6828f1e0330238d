#!/usr/bin/env bash
#! Restore benchmark: `shoebox restore` against a plain parallel download of the same originals by
#! another client (boto3, `scripts/lib/s3_download.py`), side by side in one run, on one moto_server
#! on loopback, with the same number of requests in flight. Each restore goes into a fresh folder and a
#! fresh library (so every original is downloaded, BLAKE3-checked, flushed and renamed, and the library
#! rebuilt); boto3 only writes the bytes. Prints both times per run, the medians, and the throughput
#! ratio (boto3 seconds / shoebox seconds for the same originals; goal >= 0.9).
#! Release build. Usage: scripts/bench-restore.sh [OUTDIR]
#! Env: PHOTOS (default 400) generated JPEGs with long edge EDGE (2400), RUNS (3; medians kept),
#! PARALLEL (4), SHOEBOX_MOTO_SERVER (else installed by scripts/install-moto.sh; its virtualenv's
#! Python, which has boto3 as moto's own dependency, runs the other client).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-${TMPDIR:-/tmp}/shoebox-bench-restore}" && cd "${1:-${TMPDIR:-/tmp}/shoebox-bench-restore}" && pwd)"
PHOTOS="${PHOTOS:-400}"; EDGE="${EDGE:-2400}"; RUNS="${RUNS:-3}"; PARALLEL="${PARALLEL:-4}"
MOTO="${SHOEBOX_MOTO_SERVER:-$(bash "$ROOT/scripts/install-moto.sh")}"
PY="$(dirname "$MOTO")/python"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
(cd "$ROOT" && cargo build --release -q -p shoebox-cli)
SHOEBOX="$TARGET_DIR/release/shoebox"

now() { python3 -c 'import time; print(time.monotonic())'; }
median() { python3 -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ENDPOINT="http://127.0.0.1:$PORT"
"$MOTO" -H 127.0.0.1 -p "$PORT" > "$OUT/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill "$MOTO_PID" 2>/dev/null || true' EXIT
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
for _ in $(seq 100); do curl -s -o /dev/null "$ENDPOINT" && break; sleep 0.1; done
"$PY" -c "import boto3; boto3.client('s3', endpoint_url='$ENDPOINT').create_bucket(Bucket='bench')"

# The library to back up: generated photos, scanned and synced once (untimed).
[ -f "$OUT/photos-$PHOTOS-$EDGE/.done" ] || {
  rm -rf "$OUT/photos-$PHOTOS-$EDGE"
  "$SHOEBOX" bench generate "$OUT/photos-$PHOTOS-$EDGE" --photos "$PHOTOS" --per-folder 100 --long-edge "$EDGE" >&2
  touch "$OUT/photos-$PHOTOS-$EDGE/.done"
}
rm -rf "$OUT/source" && mkdir -p "$OUT/source"
export SHOEBOX_LIBRARY="$OUT/source/library.db" SHOEBOX_CACHE_DIR="$OUT/source/cache"
"$SHOEBOX" scan "$OUT/photos-$PHOTOS-$EDGE" --json > /dev/null
"$SHOEBOX" sync --to s3://bench/lib --endpoint "$ENDPOINT" --parallel "$PARALLEL" --json > "$OUT/sync.json"
BYTES=$(du -sb --exclude=.done "$OUT/photos-$PHOTOS-$EDGE" | cut -f1)

# One restore into a fresh folder and library; prints seconds.
shoebox_once() {
  rm -rf "$OUT/restored" && mkdir -p "$OUT/restored"
  local t0; t0=$(now)
  SHOEBOX_LIBRARY="$OUT/restored/library.db" SHOEBOX_CACHE_DIR="$OUT/restored/cache" \
    "$SHOEBOX" restore --from s3://bench/lib --to "$OUT/restored/Photos" --endpoint "$ENDPOINT" \
    --parallel "$PARALLEL" --json > "$OUT/restore.json"
  python3 -c "print($(now) - $t0)"
}

# boto3: every original, PARALLEL at a time, into a fresh folder; prints seconds.
boto3_once() {
  rm -rf "$OUT/boto3" && mkdir -p "$OUT/boto3"
  "$PY" "$ROOT/scripts/lib/s3_download.py" "$ENDPOINT" bench lib/originals/ "$OUT/boto3" "$PARALLEL" \
    > "$OUT/boto3.json"
  python3 -c "import json; print(json.load(open('$OUT/boto3.json'))['seconds'])"
}

declare -a S B
for ((i = 0; i < RUNS; i++)); do
  if ((i % 2 == 0)); then S+=("$(shoebox_once)"); B+=("$(boto3_once)")
  else B+=("$(boto3_once)"); S+=("$(shoebox_once)"); fi
  echo "run $((i + 1)): shoebox restore ${S[-1]} s, boto3 download ${B[-1]} s" >&2
done
python3 - "$OUT/restore.json" "$OUT/boto3.json" "$BYTES" "$(median "${S[@]}")" "$(median "${B[@]}")" <<'EOF'
import json, sys
restore, boto3, photo_bytes = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
s, b = float(sys.argv[4]), float(sys.argv[5])
assert restore["failed"] == 0 and restore["downloaded"] == boto3["objects"], (restore, boto3)
mib = boto3["bytes"] / 2**20
print(f"{boto3['objects']} originals, {mib:.1f} MiB (photos on disk: {photo_bytes / 2**20:.1f} MiB)")
print(f"shoebox restore (files + library data + library): median {s:.2f} s = {mib / s:.1f} MiB/s")
print(f"boto3 parallel download (files only):            median {b:.2f} s = {mib / b:.1f} MiB/s")
print(f"throughput ratio shoebox / boto3: {b / s:.2f} (goal >= 0.9)")
EOF
