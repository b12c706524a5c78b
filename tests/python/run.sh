#!/usr/bin/env bash
# The Python package from a clean install, offline: installs the build tree
# to a temporary prefix, creates a virtual environment with Debian's python3
# (its venv module; no package index is used), installs ./bindings/python
# with pip against the installed libredact-c (found through pkg-config), and
# runs the package's tests with the standard logging module.
# Exits 77 (skipped) when python3's venv module is missing.
set -euo pipefail
build_dir=$1 source_dir=$2
python=/usr/bin/python3
[[ -x $python ]] || python=$(command -v python3)
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  echo "python3-venv is not installed; skipped"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build_dir" --prefix "$tmp/prefix" >/dev/null
pc=$(find "$tmp/prefix" -name redact-c.pc)
"$python" -m venv "$tmp/venv"
# --no-index: never reach for a package index; the in-tree build backend
# needs nothing but the standard library.
PKG_CONFIG_PATH=$(dirname "$pc") PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$tmp/venv/bin/pip" install --no-index --quiet "$source_dir/bindings/python"
cd "$tmp"  # import the installed package, not the source folder
"$tmp/venv/bin/python" -c 'import redact, sys; print("testing", redact.__file__, "over libredact-c", redact.library_version())'
"$tmp/venv/bin/python" -m unittest discover -s "$source_dir/bindings/python/tests" -t "$source_dir/bindings/python/tests" 2>&1
