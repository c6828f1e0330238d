# Sourced by scripts/test.sh and tests/e2e/run.sh: the one way this project compiles its workspace in
# dev builds, so clippy, the tests and the end-to-end app share build scripts, proc macros and
# dependency artifacts (one feature set: the app with its embedded UI; `cargo test` adds the
# dev-dependencies' features, and the e2e run uses the binaries that build produced).
CARGO_WORKSPACE_ARGS=(--workspace --locked --features shoebox-app/custom-protocol)

# Runs every Rust test with a deadline per test (nextest: a hung test is killed and reported, see
# .config/nextest.toml); plain `cargo test` under a deadline for the whole run where nextest is absent.
run_rust_tests() {
  if cargo nextest --version >/dev/null 2>&1; then
    # (nextest runs no doctests; the project has none: examples live in tests.)
    cargo nextest run "${CARGO_WORKSPACE_ARGS[@]}" --profile ci
  else
    timeout --kill-after=30 2400 cargo test "${CARGO_WORKSPACE_ARGS[@]}"
  fi
}
