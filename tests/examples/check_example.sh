#!/bin/sh
# check_example.sh EXAMPLE — runs an adapter example twice (with a synthetic
# QUBITTRON_API_KEY in the environment, and without one) and checks its log:
# exit status 0, no key bytes, every masked line as SPEC.md says, every other
# line intact.
set -eu
example=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

check() {  # check LOG KEY_BODY
  log=$1 body=$2
  [ -s "$log" ] || fail "empty log"
  if grep -q -- "$body" "$log"; then fail "the key survived"; fi
  tr -d '\r' < "$log" > "$dir/lf.log"
  for line in \
    ': service starting, version 1.4.2' \
    '^Authorization: Bearer \*\*\*$' \
    '^Content-Type: application/json$' \
    ': upstream request headers: {"authorization": "Bearer \*\*\*", "accept": "\*/\*"}$' \
    ': retrying with key \*\*\* after HTTP 429$' \
    ': config loaded: QUBITTRON_API_KEY=\*\*\* region=eu-west-1$' \
    ': job 7f3a completed in 182 ms$'; do
    [ "$(grep -c -- "$line" "$dir/lf.log")" = 1 ] || fail "expected exactly one line matching: $line"
  done
  [ "$(wc -l < "$dir/lf.log")" -eq 8 ] || fail "expected 8 lines, got $(wc -l < "$dir/lf.log")"
}

QUBITTRON_API_KEY=qbt_TestOnly0123456789ZyXwVuTs "$example" "$dir/env.log"
check "$dir/env.log" TestOnly0123456789ZyXwVuTs

env -u QUBITTRON_API_KEY "$example" "$dir/default.log"
check "$dir/default.log" ExampleOnly0123456789abcdef
echo "ok: $example"
