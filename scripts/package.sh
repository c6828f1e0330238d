#!/usr/bin/env bash
# Builds Shoebox's .deb with the Tauri bundler, offline (nothing is downloaded): the app with its UI
# embedded, the `shoebox` CLI beside it in /usr/bin, a desktop entry that opens photos ("Open with
# Shoebox" for the image types in tauri.conf.json), and the icons at every size.
# Usage: scripts/package.sh [--debug]
#   (default) a release build, what a user installs;
#   --debug   packages the dev build that scripts/test.sh has already made (CI's install check).
# Prints the .deb's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cargo-args.sh
PROFILE=release
[ "${1:-}" = "--debug" ] && PROFILE=debug

[ -x ui/node_modules/.bin/tauri ] || npm --prefix ui install --no-audit --no-fund --loglevel=error
if [ "$PROFILE" = release ]; then
  npm --prefix ui run build >&2
  cargo build --release --locked -p shoebox-cli -p shoebox-app --features shoebox-app/custom-protocol >&2
  BUNDLE_FLAGS=()
else
  [ -f ui/dist/index.html ] || npm --prefix ui run build >&2
  # The test build (a no-op after scripts/test.sh's): its binaries are the ones the e2e tests ran.
  # SHOEBOX_PACKAGE_PREBUILT=1 takes the binaries as they are (scripts/test.sh has just built them).
  if [ "${SHOEBOX_PACKAGE_PREBUILT:-0}" != "1" ]; then
    cargo test "${CARGO_WORKSPACE_ARGS[@]}" --no-run >&2
  fi
  BUNDLE_FLAGS=(--debug)
fi
CLI="$PWD/target/$PROFILE/shoebox"
[ -x "$CLI" ] || { echo "package: $CLI was not built" >&2; exit 1; }
# The CLI rides along; its path depends on the profile, so it is given here rather than in tauri.conf.json.
EXTRA_CONFIG="{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/shoebox\":\"$CLI\"}}}}}"
rm -rf "target/$PROFILE/bundle/deb"
(cd src-tauri && ../ui/node_modules/.bin/tauri bundle "${BUNDLE_FLAGS[@]}" --bundles deb --ci --config "$EXTRA_CONFIG" >&2)
DEB="$(ls "$PWD/target/$PROFILE/bundle/deb/"*.deb)"
echo "$DEB"
