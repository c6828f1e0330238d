#!/usr/bin/env bash
#! Memory benchmark: peak resident set size of `shoebox scan` and `shoebox thumbs` over the real
#! corpus plus a hostile set of large images (PNG, 16-bit PNG, TIFF, WebP, GIF, a 280 MP JPEG, a
#! progressive JPEG and a 16k x 16k PNG over the pixel limit), made once with vips. `shoebox thumbs`
#! runs twice: with the default decode budget and with the budget off (`SHOEBOX_DECODE_BUDGET_MB=0`,
#! the reference: decodes bounded only by the pool's width). Release build.
#! Usage: scripts/bench-memory.sh [OUTDIR]   Env: CORPUS (../shared/corpus beside the repo),
#! BEFORE (another `shoebox` binary, e.g. an older build, measured the same way as a third run).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mkdir -p "${1:-${TMPDIR:-/tmp}/shoebox-bench-memory}" && cd "${1:-${TMPDIR:-/tmp}/shoebox-bench-memory}" && pwd)"
CORPUS="${CORPUS:-$ROOT/../shared/corpus}"
for tool in vips /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench-memory: $tool is missing (scripts/install-deps.sh)" >&2; exit 1; }
done
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
(cd "$ROOT" && cargo build --release -q -p shoebox-cli --locked)
SHOEBOX="$TARGET_DIR/release/shoebox"
LABELS=(budget unbounded)

# The hostile set: each file decodes to hundreds of MB at full size. Made once, kept in $OUT/hostile.
HOSTILE="$OUT/hostile"
if [ ! -f "$HOSTILE/.done" ]; then
  rm -rf "$HOSTILE" && mkdir -p "$HOSTILE"
  tmp="$OUT/tmp" && rm -rf "$tmp" && mkdir -p "$tmp"
  # An RGB picture with structure (perlin noise in each band), so files compress like photos do.
  rgb() { # W H OUT.v
    for b in 0 1 2; do
      vips perlin "$tmp/p$b.v" "$1" "$2" --cell-size $((96 + 64 * b)) --seed "$b"
      vips linear "$tmp/p$b.v" "$tmp/u$b.v" 127 128 --uchar
    done
    vips bandjoin "$tmp/u0.v $tmp/u1.v $tmp/u2.v" "$3"
    rm -f "$tmp"/p?.v "$tmp"/u?.v
  }
  rgb 14000 14000 "$tmp/196.v"
  vips pngsave "$tmp/196.v" "$HOSTILE/png-196mp.png" --compression 1
  vips tiffsave "$tmp/196.v" "$HOSTILE/tiff-196mp.tif" --compression deflate
  rm -f "$tmp/196.v"
  rgb 12000 10000 "$tmp/webp.v"
  vips webpsave "$tmp/webp.v" "$HOSTILE/webp-120mp.webp" --Q 70 --effort 0
  rm -f "$tmp/webp.v"
  rgb 20000 14000 "$tmp/pano.v"
  vips jpegsave "$tmp/pano.v" "$HOSTILE/jpeg-280mp.jpg" --Q 85
  rm -f "$tmp/pano.v"
  rgb 12000 10000 "$tmp/prog.v"
  vips jpegsave "$tmp/prog.v" "$HOSTILE/jpeg-progressive-120mp.jpg" --Q 85 --interlace
  rm -f "$tmp/prog.v"
  rgb 7000 7000 "$tmp/49.v"
  vips bandjoin_const "$tmp/49.v" "$tmp/49a.v" 255
  vips cast "$tmp/49a.v" "$tmp/49a16.v" ushort --shift
  vips pngsave "$tmp/49a16.v" "$HOSTILE/png16-rgba-49mp.png" --compression 1
  rm -f "$tmp"/49*.v
  rgb 8000 8000 "$tmp/gif.v"
  vips gifsave "$tmp/gif.v" "$HOSTILE/gif-64mp.gif" --effort 1
  rm -f "$tmp/gif.v"
  vips black "$tmp/huge.v" 16384 16384 --bands 3
  vips pngsave "$tmp/huge.v" "$HOSTILE/png-16k-over-limit.png"
  rm -rf "$tmp"
  touch "$HOSTILE/.done"
fi

run() { # LABEL BINARY BUDGET_MB: scan, then thumbs (all tiers) with that decode budget ("" = default)
  local label="$1" bin="$2" budget="$3" lib="$OUT/$1"
  rm -rf "$lib" && mkdir -p "$lib"
  local args=(--library "$lib/lib.db" --cache-dir "$lib/cache")
  /usr/bin/time -v "$bin" "${args[@]}" scan "$CORPUS" "$HOSTILE" --json > "$lib/scan.json" 2> "$OUT/$label-scan.time"
  if [ -n "$budget" ]; then export SHOEBOX_DECODE_BUDGET_MB="$budget"; else unset SHOEBOX_DECODE_BUDGET_MB; fi
  /usr/bin/time -v "$bin" "${args[@]}" thumbs --json > "$lib/thumbs.json" 2> "$OUT/$label.time"
  unset SHOEBOX_DECODE_BUDGET_MB
}
cat "$HOSTILE"/* > /dev/null # warm the page cache
run budget "$SHOEBOX" ""
run unbounded "$SHOEBOX" 0
if [ -n "${BEFORE:-}" ]; then run before "$BEFORE" ""; LABELS+=(before); fi

python3 - "$OUT" "${LABELS[@]}" <<'PY'
import json, re, sys
out, labels = sys.argv[1], sys.argv[2:]
def time_v(name):
    text = open(f"{out}/{name}.time").read()
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    parts = [float(p) for p in wall.split(":")]
    secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return kb / 1024, secs
report = {}
for label in labels:
    scan_mb, scan_s = time_v(f"{label}-scan")
    mb, secs = time_v(label)
    thumbs = json.load(open(f"{out}/{label}/thumbs.json"))
    report[label] = {"scan_peak_rss_mb": round(scan_mb), "thumbs_peak_rss_mb": round(mb),
                     "thumbs_s": round(secs, 1), "variants": thumbs["variants"], "failed": thumbs["failed"]}
    print(f"{label:>9}: scan peak {scan_mb:.0f} MB; thumbs peak {mb:.0f} MB, {secs:.1f} s, "
          f"{thumbs['variants']} variants, {thumbs['failed']} failed")
print(json.dumps(report))
PY
