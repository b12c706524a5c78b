#!/bin/sh
# check_readme_library.sh EXAMPLE — runs the README's library example as
# written: without QUBITTRON_API_KEY, with a synthetic one, and with one too
# short to be a secret (a configuration error, whose message must not show
# the value).
set -eu
example=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

printf '%s\n' 'x-api-key: abcdef0123456789' 'deploy with TestOnlySecretValue42 done' \
  'plain line' > "$dir/in"

env -u QUBITTRON_API_KEY "$example" < "$dir/in" > "$dir/out" 2> "$dir/err" ||
  fail "exit status $? without QUBITTRON_API_KEY"
printf '%s\n' 'GET /v1/models key=qbt_***' 'x-api-key: ***' \
  'deploy with TestOnlySecretValue42 done' 'plain line' > "$dir/want"
cmp -s "$dir/out" "$dir/want" || fail "without QUBITTRON_API_KEY: $(cat "$dir/out")"
printf '%s\n' 'field at 1:12' > "$dir/want"
cmp -s "$dir/err" "$dir/want" || fail "findings without QUBITTRON_API_KEY: $(cat "$dir/err")"

QUBITTRON_API_KEY=TestOnlySecretValue42 "$example" < "$dir/in" > "$dir/out" 2> "$dir/err" ||
  fail "exit status $? with QUBITTRON_API_KEY"
printf '%s\n' 'GET /v1/models key=qbt_***' 'x-api-key: ***' 'deploy with *** done' \
  'plain line' > "$dir/want"
cmp -s "$dir/out" "$dir/want" || fail "with QUBITTRON_API_KEY: $(cat "$dir/out")"
printf '%s\n' 'field at 1:12' 'secret at 2:13' > "$dir/want"
cmp -s "$dir/err" "$dir/want" || fail "findings with QUBITTRON_API_KEY: $(cat "$dir/err")"

status=0
QUBITTRON_API_KEY=zq9X "$example" < "$dir/in" > "$dir/out" 2> "$dir/err" || status=$?
[ "$status" -eq 2 ] || fail "a 4-byte QUBITTRON_API_KEY: exit status $status, expected 2"
[ -s "$dir/err" ] || fail "a 4-byte QUBITTRON_API_KEY: no error message"
if grep -q zq9X "$dir/err"; then fail "the error message shows the secret"; fi
echo "ok: $example"
