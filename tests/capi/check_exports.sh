#!/usr/bin/env bash
# The shared C library exports exactly the functions redact.h declares (no
# C++ core, no libstdc++ instance), each under the version node REDACT_1,
# and its SONAME carries the ABI number of redact.h.
set -euo pipefail
lib=$1 header=$2
abi=$(sed -n 's/^#define REDACT_ABI_VERSION \([0-9]*\).*/\1/p' "$header")
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
[[ $soname == "libredact-c.so.$abi" ]] || { echo "SONAME is '$soname', expected libredact-c.so.$abi"; exit 1; }
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | grep -v '^REDACT_1$' | sort)
declared=$(grep -oE '^REDACT_API [^(]*\b(redact_[a-z_]+)\(' "$header" | grep -oE 'redact_[a-z_]+\($' |
  tr -d '(' | sort)
unversioned=$(grep -v '@@REDACT_1$' <<<"$exported" || true)
[[ -z $unversioned ]] || { echo "exported without the REDACT_1 version:"; echo "$unversioned"; exit 1; }
exported=$(sed 's/@@REDACT_1$//' <<<"$exported")
if [[ $exported != "$declared" ]]; then
  echo "exported symbols differ from the functions redact.h declares:"
  diff <(echo "$declared") <(echo "$exported") || true
  exit 1
fi
echo "capi exports: $(wc -l <<<"$exported") functions, all declared in redact.h, SONAME $soname"
