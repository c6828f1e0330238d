#!/usr/bin/env bash
#! Thumbnail benchmark: `shoebox thumbs` against vipsthumbnail on camera-sized JPEGs, side by side in one
#! run, both using every core (xargs -P for vips, the rayon pool for shoebox). Reports time ratios
#! (shoebox / vips; lower is better), the peak RSS of `shoebox thumbs` and the memory-hit p99 of
#! `shoebox bench scroll`. Release build. Usage: scripts/bench-thumbs.sh [OUTDIR]
#! Env: N24 (default 8) and N12 (4) camera JPEGs, RUNS (3; the median is kept), JOBS (nproc),
#! MAKE_CORPUS (../shared/bench/make_corpus.sh beside the repo).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-${TMPDIR:-/tmp}/shoebox-bench-thumbs}" && cd "${1:-${TMPDIR:-/tmp}/shoebox-bench-thumbs}" && pwd)"
N24="${N24:-8}"; N12="${N12:-4}"; RUNS="${RUNS:-3}"; JOBS="${JOBS:-$(nproc)}"
MAKE_CORPUS="${MAKE_CORPUS:-$ROOT/../shared/bench/make_corpus.sh}"
CORPUS="$OUT/corpus-$N24-$N12"
for tool in vipsthumbnail /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench-thumbs: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
[ -f "$CORPUS/MANIFEST.sha256" ] || "$MAKE_CORPUS" "$CORPUS" "$N24" "$N12" "$JOBS" >&2
(cd "$ROOT" && cargo build --release -q -p shoebox-cli)
SHOEBOX="$ROOT/target/release/shoebox"
mapfile -t FILES < <(find "$CORPUS" -name '*.jpg' | sort)
cat "${FILES[@]}" > /dev/null # warm the page cache: both sides read from memory

now() { python3 -c 'import time; print(time.monotonic())'; }
median() { python3 -c 'import sys, statistics; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

# A fresh library and store (scan + hash untimed), then `shoebox thumbs $1`; prints seconds.
shoebox_once() {
  rm -rf "$OUT/sb" && mkdir -p "$OUT/sb"
  export SHOEBOX_LIBRARY="$OUT/sb/library.db" SHOEBOX_CACHE_DIR="$OUT/sb/cache"
  "$SHOEBOX" scan "$CORPUS" --json > /dev/null
  local t0; t0=$(now)
  "$SHOEBOX" thumbs --only "$1" --json > "$OUT/sb/thumbs.json"
  python3 -c "print($(now) - $t0)"
}

# vipsthumbnail over every file at each size given, $JOBS at a time; prints seconds.
vips_once() {
  rm -rf "$OUT/vips" && mkdir -p "$OUT/vips"
  local t0; t0=$(now)
  for size in "$@"; do
    printf '%s\n' "${FILES[@]}" | xargs -P "$JOBS" -I{} vipsthumbnail {} --size "$size" -o "$OUT/vips/%s-$size.webp[Q=80]"
  done
  python3 -c "print($(now) - $t0)"
}

declare -a SG VG SA VA
for ((i = 0; i < RUNS; i++)); do
  SG+=("$(shoebox_once grid)"); VG+=("$(vips_once 256)")
  SA+=("$(shoebox_once all)"); VA+=("$(vips_once 256 512 1024 1920 2560)")
done
sg=$(median "${SG[@]}"); vg=$(median "${VG[@]}"); sa=$(median "${SA[@]}"); va=$(median "${VA[@]}")

# Peak memory of a full run, then the serving path over the finished store.
rm -rf "$OUT/sb" && mkdir -p "$OUT/sb"
export SHOEBOX_LIBRARY="$OUT/sb/library.db" SHOEBOX_CACHE_DIR="$OUT/sb/cache"
"$SHOEBOX" scan "$CORPUS" --json > /dev/null
/usr/bin/time -v "$SHOEBOX" thumbs --json > "$OUT/sb/thumbs.json" 2> "$OUT/sb/time.txt"
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$OUT/sb/time.txt")
"$SHOEBOX" bench scroll --json > "$OUT/sb/scroll.json"

python3 - "$sg" "$vg" "$sa" "$va" "$rss_kb" "$OUT/sb/scroll.json" "$OUT/sb/thumbs.json" "${#FILES[@]}" "$JOBS" <<'PY'
import json, sys
sg, vg, sa, va, rss_kb = (float(x) for x in sys.argv[1:6])
scroll = json.load(open(sys.argv[6])); thumbs = json.load(open(sys.argv[7]))
files, jobs = int(sys.argv[8]), int(sys.argv[9])
warm = scroll["passes"][-1]
report = {
    "files": files, "jobs": jobs,
    "grid_shoebox_s": round(sg, 3), "grid_vips_256_s": round(vg, 3), "grid_ratio": round(sg / vg, 3),
    "all_shoebox_s": round(sa, 3), "all_vips_5_sizes_s": round(va, 3), "all_ratio": round(sa / va, 3),
    "thumbs_peak_rss_mb": round(rss_kb / 1024, 1), "thumbs_failed": thumbs["failed"],
    "scroll_requests_per_pass": warm["requests"], "scroll_warm_memory_hit_rate": warm["memory_hit_rate"],
    "memory_hit_p50_us": warm["memory_hit_p50_us"], "memory_hit_p99_us": scroll["memory_hit_p99_us"],
}
print(f"{files} JPEGs, {jobs} jobs per side, median of runs")
print(f"grid tier (256+512) {sg:.2f} s vs vipsthumbnail 256 {vg:.2f} s: ratio {sg/vg:.2f} (goal <= 1.0, stretch 0.8)")
print(f"all five variants   {sa:.2f} s vs vipsthumbnail x5 {va:.2f} s: ratio {sa/va:.2f} (goal <= 0.5)")
print(f"peak RSS of shoebox thumbs: {rss_kb/1024:.0f} MB (goal <= 1536)")
print(f"bench scroll warm pass: memory-hit p99 {scroll['memory_hit_p99_us']:.0f} us (goal <= 1000)")
print(json.dumps(report))
PY
