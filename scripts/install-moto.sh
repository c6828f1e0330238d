#!/usr/bin/env bash
# Installs moto's S3-compatible server (PyPI `moto[server]`) into a private virtualenv for the sync
# tests and benchmarks, and prints the path of its `moto_server`. Idempotent.
set -euo pipefail
VENV="${SHOEBOX_TOOLS_DIR:-$HOME/.cache/shoebox-tools}/moto-venv"
if [ ! -x "$VENV/bin/moto_server" ]; then
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'moto[server]>=5,<6' >&2
fi
echo "$VENV/bin/moto_server"
