#!/usr/bin/env bash
# The install check: builds the .deb (scripts/package.sh), installs it with dpkg, checks what it put on
# the system (binaries, desktop entry, icons at every size), starts the INSTALLED app under Xvfb with a
# home of its own (library and cache in the user's data and cache folders: nothing from the source tree)
# and drives it (tests/install/installed.test.mjs: the gallery, "Open with Shoebox" for a photo the
# library has and for one it lacks, the first-run screen), then removes the package. Needs root (or sudo).
# Usage: tests/install/run.sh [--debug]   (--debug: package the dev build scripts/test.sh made)
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
ART="$PWD/.artifacts/install"
rm -rf "$ART" && mkdir -p "$ART"
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo -n)

DEB="$(bash scripts/package.sh "$@" | tail -n 1)"
echo "install check: $DEB ($(du -h "$DEB" | cut -f1))"
if dpkg -s shoebox >/dev/null 2>&1; then
  echo "install check: a shoebox package is installed already; remove it first (dpkg -r shoebox)" >&2
  exit 1
fi

WORK="$(mktemp -d)"
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  pkill -KILL -x shoebox-app 2>/dev/null || true
  pkill -KILL -x WebKitWebDriver 2>/dev/null || true
  pkill -KILL -x tauri-driver 2>/dev/null || true
  "${SUDO[@]}" dpkg -r shoebox >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${SUDO[@]}" dpkg -i "$DEB" >"$ART/dpkg.log" 2>&1 || { cat "$ART/dpkg.log" >&2; exit 1; }
dpkg -L shoebox >"$ART/files.txt"
DESKTOP=/usr/share/applications/Shoebox.desktop
for f in /usr/bin/shoebox-app /usr/bin/shoebox "$DESKTOP"; do
  [ -e "$f" ] || { echo "install check: $f was not installed" >&2; exit 1; }
done
for size in 16 24 32 48 64 96 128 256 512; do
  icon="/usr/share/icons/hicolor/${size}x${size}/apps/shoebox-app.png"
  [ -f "$icon" ] || { echo "install check: no ${size}px icon ($icon)" >&2; exit 1; }
done
desktop-file-validate "$DESKTOP"
grep -q '^Exec=shoebox-app %F$' "$DESKTOP" || { echo "install check: the desktop entry does not pass files (Exec)" >&2; exit 1; }
grep -q '^MimeType=.*image/jpeg;.*image/heic;' "$DESKTOP" || { echo "install check: the desktop entry claims no image types" >&2; exit 1; }
echo "install check: package contents ok ($(wc -l <"$ART/files.txt") paths)"

# A user of the installed app: a home of their own, nothing under the source tree.
export HOME="$WORK/home"
unset SHOEBOX_LIBRARY SHOEBOX_CACHE_DIR XDG_DATA_HOME XDG_CACHE_HOME XDG_CONFIG_HOME
mkdir -p "$HOME/.config"
/usr/bin/shoebox bench generate "$HOME/Pictures/2024" --photos 40 --per-folder 40 --long-edge 320 >/dev/null
/usr/bin/shoebox bench generate "$WORK/elsewhere" --photos 3 --per-folder 3 --long-edge 320 >/dev/null
/usr/bin/shoebox scan "$HOME/Pictures" --json >"$ART/scan.json"
[ -f "$HOME/.local/share/shoebox/library.db" ] || { echo "install check: the CLI did not keep its library in the data folder" >&2; exit 1; }
# A second user who has never run Shoebox: the first-run screen, with their Pictures folder offered.
NEW_HOME="$WORK/new-home"
mkdir -p "$NEW_HOME/.config"
/usr/bin/shoebox bench generate "$NEW_HOME/Pictures" --photos 12 --per-folder 12 --long-edge 320 >/dev/null
echo 'XDG_PICTURES_DIR="$HOME/Pictures"' >"$NEW_HOME/.config/user-dirs.dirs"

export SHOEBOX_APP=/usr/bin/shoebox-app SHOEBOX_E2E_ARTIFACTS="$ART"
export SHOEBOX_INSTALL_HOME="$HOME" SHOEBOX_INSTALL_NEW_HOME="$NEW_HOME" SHOEBOX_INSTALL_ELSEWHERE="$WORK/elsewhere"
timeout --kill-after=20 600 \
  xvfb-run -a -s "-screen 0 1400x900x24" \
  node --test --test-concurrency=1 --test-timeout=300000 tests/install/installed.test.mjs

"${SUDO[@]}" dpkg -r shoebox >"$ART/dpkg-remove.log" 2>&1
[ ! -e /usr/bin/shoebox-app ] || { echo "install check: dpkg -r left /usr/bin/shoebox-app" >&2; exit 1; }
echo "install check: installed, started, used and removed"
