#!/bin/sh
# check_docs_cite_tests.sh DOC TEST_SOURCE... — every test docs/adapters.md
# names for a placement rule (a `CamelCase` name in backquotes) is a test in
# one of the given sources, so the rules and their tests cannot drift apart.
set -eu
doc=$1
shift
names=$(grep -o '`[A-Z][a-z]\{1,\}[A-Z][A-Za-z]*`' "$doc" | tr -d '`' | sort -u)
[ -n "$names" ] || { echo "FAIL: $doc names no test" >&2; exit 1; }
missing=0
for name in $names; do
  if ! grep -q "TEST[_PF]*([A-Za-z]*, *$name)" "$@"; then
    echo "FAIL: $doc names $name, which no test defines" >&2
    missing=1
  fi
done
[ "$missing" -eq 0 ] && echo "ok: $(echo "$names" | wc -l) tests named in $doc exist"
