#!/usr/bin/env bash
# Installs s3s-fs (crates.io; a Rust S3 server that keeps objects as files), the second, independent
# S3-compatible server the backup and restore tests run against besides moto, and prints the path of
# its program. Built once per machine (cargo install), then cached. Idempotent.
set -euo pipefail
ROOT="${SHOEBOX_TOOLS_DIR:-$HOME/.cache/shoebox-tools}/s3s"
if [ ! -x "$ROOT/bin/s3s-fs" ]; then
  # 0.14.1: the newest release that builds with this toolchain (0.17 wants a newer rustc).
  cargo install s3s-fs --version 0.14.1 --features binary --locked --root "$ROOT" \
    --target-dir "${CARGO_TARGET_DIR:-target}/s3s-fs" >&2
fi
echo "$ROOT/bin/s3s-fs"
