#!/usr/bin/env bash
#! Export benchmark: `shoebox export --preset web` (long edge 2048, progressive JPEG q85) against
#! `vipsthumbnail --size 2048 -o x.jpg[Q=85,interlace,strip]` on camera-sized JPEGs, side by side in
#! one run on the same cores (the rayon pool for shoebox, xargs -P for vips). Reports the time ratio
#! (shoebox / vips; goal <= 0.7) and each side's mean SSIM against a full-quality reference (the
#! original decoded at full size, turned upright and resized with Lanczos by Pillow).
#! Release build. Usage: scripts/bench-export.sh [OUTDIR]
#! Env: N24 (default 8) and N12 (4) camera JPEGs, RUNS (3; the median is kept), JOBS (nproc),
#! MAKE_CORPUS (../shared/bench/make_corpus.sh beside the repo), BENCH_VENV (its Python, with Pillow
#! and numpy, also used for SSIM).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-${TMPDIR:-/tmp}/shoebox-bench-export}" && cd "${1:-${TMPDIR:-/tmp}/shoebox-bench-export}" && pwd)"
N24="${N24:-8}"; N12="${N12:-4}"; RUNS="${RUNS:-3}"; JOBS="${JOBS:-$(nproc)}"
MAKE_CORPUS="${MAKE_CORPUS:-$ROOT/../shared/bench/make_corpus.sh}"
VENV="${BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/shoebox-bench-venv}"
CORPUS="$OUT/corpus-$N24-$N12"

# vipsthumbnail (Debian's libvips-tools), installed when missing, as install-deps.sh would.
if ! command -v vipsthumbnail >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends libvips-tools
fi
[ -f "$CORPUS/MANIFEST.sha256" ] || "$MAKE_CORPUS" "$CORPUS" "$N24" "$N12" "$JOBS" >&2
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
(cd "$ROOT" && cargo build --release -q -p shoebox-cli)
SHOEBOX="$TARGET_DIR/release/shoebox"
mapfile -t FILES < <(find "$CORPUS" -name '*.jpg' | sort)
cat "${FILES[@]}" > /dev/null # warm the page cache: both sides read from memory

now() { python3 -c 'import time; print(time.monotonic())'; }
median() { python3 -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

export SHOEBOX_LIBRARY="$OUT/sb/library.db" SHOEBOX_CACHE_DIR="$OUT/sb/cache"
rm -rf "$OUT/sb" && mkdir -p "$OUT/sb"
"$SHOEBOX" scan "$CORPUS" --json > /dev/null # untimed: the export reads the index

# `shoebox export` of the whole corpus into a fresh folder; prints seconds.
shoebox_once() {
  rm -rf "$OUT/sb-out"
  local t0; t0=$(now)
  "$SHOEBOX" export --folder "$CORPUS" --to "$OUT/sb-out" --preset web --json > "$OUT/sb/export.json"
  python3 -c "print($(now) - $t0)"
}

# vipsthumbnail over every file, $JOBS at a time; prints seconds.
vips_once() {
  rm -rf "$OUT/vips-out" && mkdir -p "$OUT/vips-out"
  local t0; t0=$(now)
  printf '%s\n' "${FILES[@]}" | xargs -P "$JOBS" -I{} vipsthumbnail {} --size 2048 -o "$OUT/vips-out/%s.jpg[Q=85,interlace,strip]"
  python3 -c "print($(now) - $t0)"
}

declare -a S V
for ((i = 0; i < RUNS; i++)); do
  S+=("$(shoebox_once)"); V+=("$(vips_once)")
done
s=$(median "${S[@]}"); v=$(median "${V[@]}")

"$VENV/bin/python" "$ROOT/scripts/lib/export_ssim.py" "$CORPUS" "$OUT/sb-out" "$OUT/vips-out" \
  "$s" "$v" "$JOBS" "$OUT/sb/export.json"
