#!/usr/bin/env bash
# Packaging test: install the build tree to a temporary prefix and build a
# consumer with find_package(redact); build the same consumer with plain c++
# and `pkg-config --cflags --libs redact`; then build it with
# add_subdirectory.
set -euo pipefail
build_dir=$1 source_dir=$2 cxx_flags=${3:-} link_flags=${4:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build_dir" --prefix "$tmp/prefix" >/dev/null
cmake -S "$source_dir/tests/packaging/consumer" -B "$tmp/find" -G Ninja \
  -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_CXX_FLAGS="$cxx_flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$link_flags" >/dev/null
cmake --build "$tmp/find" >/dev/null
"$tmp/find/consumer"
# Plain c++ with pkg-config (no CMake): the flags come from redact.pc alone.
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$(find "$tmp/prefix" -name redact.pc)")
read -r -a pc_flags <<<"$(pkg-config --cflags --libs redact)"
read -r -a extra_cxx <<<"$cxx_flags"
read -r -a extra_link <<<"$link_flags"
c++ -std=c++17 "${extra_cxx[@]}" "$source_dir/tests/packaging/consumer/main.cpp" \
  -o "$tmp/pc-consumer" "${pc_flags[@]}" "${extra_link[@]}"
"$tmp/pc-consumer"
cmake -S "$source_dir/tests/packaging/consumer" -B "$tmp/sub" -G Ninja \
  -DREDACT_CONSUME=subdirectory -DREDACT_SOURCE_DIR="$source_dir" \
  -DCMAKE_CXX_FLAGS="$cxx_flags" -DCMAKE_EXE_LINKER_FLAGS="$link_flags" >/dev/null
cmake --build "$tmp/sub" --target consumer >/dev/null
"$tmp/sub/consumer"
echo "packaging: find_package, pkg-config and add_subdirectory consumers built and ran"
