#!/usr/bin/env bash
# Sets up everything (system packages, npm packages, moto, s3s-fs, tauri-driver) and runs the whole test suite:
# formatting, lints, type check, UI unit tests, Rust unit/integration tests (the tidy invariants among
# them), and the end-to-end tests of the real app in a real webview under Xvfb. Prints how long each
# phase took at the end, also when a phase fails. Nothing in it can wait forever: the Rust tests and the
# end-to-end run each have a deadline.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
source scripts/lib/cargo-args.sh

PHASES=()
STARTED=$(date +%s)
phase_start=0
phase_name=""
step() {
  finish_phase
  phase_name="$*"
  phase_start=$(date +%s)
  printf '\n==> %s\n' "$*"
}
finish_phase() {
  if [ -n "$phase_name" ]; then
    PHASES+=("$(printf '%5ss  %s' "$(($(date +%s) - phase_start))" "$phase_name")")
    phase_name=""
  fi
}
report() {
  local rc=$?
  finish_phase
  printf '\n==> phase timings (%s s in all)\n' "$(($(date +%s) - STARTED))"
  printf '%s\n' "${PHASES[@]}"
  mkdir -p .artifacts && printf '%s\n' "${PHASES[@]}" >.artifacts/phases.txt
  [ "$rc" -eq 0 ] || printf '\ntests FAILED (exit %s) in phase: %s\n' "$rc" "${FAILED_IN:-?}"
}
trap 'FAILED_IN="$phase_name"' ERR
trap report EXIT

step "system packages (apt)"
bash scripts/install-deps.sh

step "S3-compatible server for the sync tests (moto, in a private virtualenv)"
SHOEBOX_MOTO_SERVER="$(bash scripts/install-moto.sh)"
export SHOEBOX_MOTO_SERVER

step "second S3-compatible server for the backup and restore tests (s3s-fs, cargo install, once per machine)"
SHOEBOX_S3S_FS="$(bash scripts/install-s3s.sh)"
export SHOEBOX_S3S_FS

step "tauri-driver (cargo install, once per machine)"
command -v tauri-driver >/dev/null || cargo install tauri-driver --version '^2' --locked

step "UI: npm install, type check, unit tests, build"
# `npm ci` rejects the lock this npm writes (it omits other platforms' optional rollup builds).
npm --prefix ui install --no-audit --no-fund --loglevel=error
npm --prefix ui run typecheck
npm --prefix ui test
(cd ui && npx vite build --logLevel warn)  # the type check ran above; `npm run build` would repeat it

step "Rust: format"
cargo fmt --all -- --check

step "Rust: lints (clippy -D warnings, every target)"
cargo clippy "${CARGO_WORKSPACE_ARGS[@]}" --all-targets -- -D warnings

step "Rust: build the tests and the e2e programs (one build serves both)"
cargo test "${CARGO_WORKSPACE_ARGS[@]}" --no-run

step "Rust: tests (engine, CLI, app shell on the mock runtime, tidy invariants)"
run_rust_tests

if [ "${SHOEBOX_SKIP_E2E:-0}" != "1" ]; then
  step "end-to-end: the real app in WebKitGTK under Xvfb"
  SHOEBOX_E2E_PREBUILT=1 bash tests/e2e/run.sh
fi

if [ "${SHOEBOX_SKIP_INSTALL:-0}" != "1" ]; then
  step "install: the .deb built, installed with dpkg, the installed app driven under Xvfb, removed"
  SHOEBOX_PACKAGE_PREBUILT=1 bash tests/install/run.sh --debug
fi
finish_phase
echo
echo "all tests passed"
