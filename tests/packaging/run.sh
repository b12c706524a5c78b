#!/usr/bin/env bash
# Packaging test: install the build tree to a temporary prefix and build a
# C++17 consumer with find_package(redact); build the same consumer with
# plain c++ and `pkg-config --cflags --libs redact`, and a C program with
# plain cc and `pkg-config --cflags --libs redact-c`; then build both with
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
"$tmp/find/consumer_c"
# The C API from plain cc with pkg-config: redact-c.pc gives -lredact-c alone.
read -r -a pc_c_flags <<<"$(pkg-config --cflags --libs redact-c)"
cc -std=c99 -Wall -Werror "$source_dir/tests/packaging/consumer/main.c" -o "$tmp/pc-consumer-c" \
  "${pc_c_flags[@]}" "${extra_link[@]}"
LD_LIBRARY_PATH=$(pkg-config --variable=libdir redact-c) "$tmp/pc-consumer-c"
cmake -S "$source_dir/tests/packaging/consumer" -B "$tmp/sub" -G Ninja \
  -DREDACT_CONSUME=subdirectory -DREDACT_SOURCE_DIR="$source_dir" \
  -DCMAKE_CXX_FLAGS="$cxx_flags" -DCMAKE_EXE_LINKER_FLAGS="$link_flags" >/dev/null
cmake --build "$tmp/sub" --target consumer consumer_c >/dev/null
"$tmp/sub/consumer"
"$tmp/sub/consumer_c"
echo "packaging: find_package, pkg-config (redact, redact-c) and add_subdirectory consumers built and ran"
