#!/usr/bin/env bash
# The Debian package, installed as a user would get it: `cpack -G DEB` in a
# build tree (the `package` preset), `dpkg-deb -x` into a temporary root,
# then the installed `redact` runs (version, a redaction, its man page and
# completions are there) and a consumer builds against the installed
# library with plain c++ and the installed redact.pc.
#   tests/packaging/deb.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build_dir=$(cd "$1" && pwd) source_dir=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "deb: $*" >&2; exit 1; }

(cd "$build_dir" && cpack -G DEB -B "$tmp/out" >/dev/null)
deb=$(find "$tmp/out" -maxdepth 1 -name 'redact_*.deb')
[ -n "$deb" ] || fail "cpack made no .deb"
# Read whole (grep -q would close the pipe early and, under pipefail, fail).
info=$(dpkg-deb --info "$deb")
grep -q '^ Package: redact$' <<<"$info" || fail "not the redact package"
grep -q '^ Depends: .*libre2' <<<"$info" || fail "Depends lacks RE2"
root=$tmp/root
dpkg-deb -x "$deb" "$root"

redact=$root/usr/bin/redact
[ -x "$redact" ] || fail "no /usr/bin/redact in the package"
"$redact" --version | grep -qx "redact [0-9.]* (contract version [0-9]*)" || fail "redact --version"
got=$(printf 'key=qbt_AbCdEf0123456789xyz\n' | "$redact")
[ "$got" = "key=qbt_***" ] || fail "redaction by the installed redact: $got"
[ -f "$root/usr/share/man/man1/redact.1" ] || fail "no man page"
[ -f "$root/usr/share/bash-completion/completions/redact" ] || fail "no bash completion"
[ -f "$root/usr/share/zsh/vendor-completions/_redact" ] || fail "no zsh completion"
if command -v man >/dev/null; then
  page=$(MANWIDTH=80 man -l "$root/usr/share/man/man1/redact.1" 2>/dev/null)
  grep -q -- '--secret-env' <<<"$page" || fail "man redact does not render"
fi

pc=$(find "$root" -name redact.pc)
[ -n "$pc" ] || fail "no redact.pc"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$pc")
read -r -a pc_flags <<<"$(pkg-config --cflags --libs redact)"
c++ -std=c++17 "$source_dir/tests/packaging/consumer/main.cpp" -o "$tmp/consumer" "${pc_flags[@]}"
"$tmp/consumer" >/dev/null || fail "the pkg-config consumer failed"
echo "deb: $(basename "$deb") installs; redact runs; a pkg-config consumer builds and runs"
