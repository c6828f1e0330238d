#!/usr/bin/env bash
# Sets up everything (system packages, npm packages, tauri-driver) and runs the whole test suite:
# formatting, lints, type check, Rust unit/integration tests, UI unit tests, and the end-to-end tests
# of the real app in a real webview under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*"; }

step "system packages"
bash scripts/install-deps.sh

step "S3-compatible server for the sync tests (moto, in a private virtualenv)"
SHOEBOX_MOTO_SERVER="$(bash scripts/install-moto.sh)"
export SHOEBOX_MOTO_SERVER

step "UI: npm ci, type check, unit tests, build"
# `npm ci` rejects the lock this npm writes (it omits other platforms' optional rollup builds).
npm --prefix ui install --no-audit --no-fund --loglevel=error
npm --prefix ui run typecheck
npm --prefix ui test
npm --prefix ui run build

step "Rust: format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust: tests (engine, CLI, app shell with the mock runtime)"
# The CLI and the app enable the engine's `heif` feature, so the workspace build tests HEIC/HEIF/AVIF too.
cargo test --workspace --locked

if [ "${SHOEBOX_SKIP_E2E:-0}" != "1" ] && [ -f tests/e2e/run.sh ]; then
  step "end-to-end: the real app in WebKitGTK under Xvfb"
  bash tests/e2e/run.sh
fi
echo
echo "all tests passed"
