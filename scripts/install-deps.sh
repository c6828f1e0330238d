#!/usr/bin/env bash
# Installs every system package Shoebox needs to build, test and benchmark on Debian (idempotent).
set -euo pipefail
PKGS=(
  # Tauri 2 on Linux
  libwebkit2gtk-4.1-dev build-essential file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  # codecs: libjpeg-turbo (scaled decode), libwebp (lossy WebP), libheif (HEIC), libjxl (JPEG XL)
  libturbojpeg0-dev libjpeg62-turbo-dev libwebp-dev libheif-dev libjxl-dev cmake nasm
  # end-to-end tests in a real webview
  xvfb xauth webkit2gtk-driver
  # reference tools for tests and benchmarks
  imagemagick libvips-tools webp libjpeg-turbo-progs libimage-exiftool-perl desktop-file-utils python3-venv hyperfine
  # the end-to-end run creates its moto bucket with curl
  curl
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "install-deps: all ${#PKGS[@]} packages present"; exit 0; fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
ARCHIVES="${TMPDIR:-/tmp}/shoebox-apt-archives"; mkdir -p "$ARCHIVES/partial"
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Dir::Cache::Archives="$ARCHIVES")
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get "${APT_OPTS[@]}" update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT_OPTS[@]}" install -y -qq --no-install-recommends "${missing[@]}"
