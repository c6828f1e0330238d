#!/usr/bin/env bash
# Sets up everything the desktop app needs and launches it (release build).
# Without a display, run it under a virtual one: xvfb-run -a scripts/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# `npm ci` rejects the lock this npm writes (it omits other platforms' optional rollup builds).
npm --prefix ui install --no-audit --no-fund --loglevel=error
npm --prefix ui run build
exec cargo run --release --locked -p shoebox-app --features custom-protocol -- "$@"
