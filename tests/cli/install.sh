#!/usr/bin/env bash
# `make test-install`: make install into a temporary PREFIX, then that stapper, from another directory and through
# PATH, finds its tapsets, runtime and templates, builds hello world (-p4) into ~/.cache/stapper and runs it in a
# guest (--vm); the man page and bash completion work. Then make deb: dpkg-deb -I/-c, and dpkg -i into a throwaway
# root (the postinst's stap alternative included). KVER picks the kernel (default: 6.1.0-57-amd64 if installed);
# STAPPER_INSTALL_VM=0 skips the guest run.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
kver=${KVER:-6.1.0-57-amd64}
[ -d "/lib/modules/$kver/build" ] || kver=$(ls /lib/modules | while read -r k; do [ -d "/lib/modules/$k/build" ] && echo "$k"; done | tail -1)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
prefix=$(mktemp -d "${TMPDIR:-/tmp}/stapper-prefix.XXXXXX")
elsewhere=$(mktemp -d "${TMPDIR:-/tmp}/stapper-elsewhere.XXXXXX")
dpkgroot=$(mktemp -d "${TMPDIR:-/tmp}/stapper-dpkg.XXXXXX")
trap 'rm -rf "$prefix" "$elsewhere" "$dpkgroot"' EXIT
hello='probe begin { printf("hello %s\n", execname()); exit() }'

make -s -C "$root" install PREFIX="$prefix" >/dev/null || { echo "FAIL: make install PREFIX=$prefix"; exit 1; }
for f in bin/stapper lib/stapper/stapper lib/stapper/tapsets lib/stapper/runtime/stp_runtime.h lib/stapper/templates \
  lib/stapper/Makefile.template share/man/man1/stapper.1.gz share/bash-completion/completions/stapper; do
  [ -e "$prefix/$f" ] || fail "make install: $f is missing"
done
cd "$elsewhere"

out=$("$prefix/bin/stapper" -p2 -e "$hello" 2>&1) && [[ $out == *"exit:unknown ()"* ]] &&
  pass "installed stapper -p2 from another directory (tapsets found)" || fail "-p2: $out"
out=$(PATH=$prefix/bin:$PATH stapper -p1 -e 'probe begin {}' 2>&1) && [[ $out == *"probe begin"* ]] &&
  pass "installed stapper through PATH" || fail "through PATH: $out"

out=$("$prefix/bin/stapper" -r "$kver" -p4 -e "$hello" 2>&1)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/stapper/modules/
if [[ $out == "$cache"*.ko ]] && [ -f "$out" ]; then
  pass "-p4 hello world: $out"
else
  fail "-p4 hello world did not build into $cache: $out"
fi

if [ "${STAPPER_INSTALL_VM:-1}" != 0 ]; then
  out=$("$prefix/bin/stapper" --vm="$kver" -e "$hello" 2>&1)
  [ "$out" = "hello stapper" ] && pass "--vm=$kver hello world" || fail "--vm hello world printed: $out"
fi

man -l "$prefix/share/man/man1/stapper.1.gz" 2>/dev/null | grep -q -- '--no-global-var-display' &&
  pass "man page renders and lists options" || fail "man page"
words=$(bash -c "source '$prefix/share/bash-completion/completions/stapper'
  COMP_WORDS=(stapper --no-glo); COMP_CWORD=1; _stapper; echo \"\${COMPREPLY[*]}\"" 2>&1)
[ "$words" = "--no-global-var-display" ] && pass "bash completion" || fail "bash completion gave: $words"

# The package.
cd "$root"
make -s deb >/dev/null || fail "make deb"
deb=$(ls -t out/stapper_*_amd64.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
  info=$(dpkg-deb -I "$deb")
  [[ $info == *"Package: stapper"* && $info == *"postinst"* ]] && pass "dpkg-deb -I $deb" || fail "dpkg-deb -I: $info"
  contents=$(dpkg-deb -c "$deb")
  for f in ./usr/bin/stapper ./usr/lib/stapper/stapper ./usr/lib/stapper/tapsets/ ./usr/share/man/man1/stapper.1.gz; do
    [[ $contents == *" $f"* ]] || fail "package lacks $f"
  done
  mkdir -p "$dpkgroot/var/lib/dpkg/updates" "$dpkgroot/var/lib/dpkg/info" "$dpkgroot/etc/alternatives" \
    "$dpkgroot/var/lib/dpkg/alternatives"
  touch "$dpkgroot/var/lib/dpkg/status"
  if out=$(dpkg --root="$dpkgroot" --force-depends --force-script-chrootless --force-not-root -i "$deb" 2>&1); then
    got=$(cd "$elsewhere" && "$dpkgroot/usr/bin/stapper" -p2 -e "$hello" 2>&1)
    [[ $got == *"exit:unknown ()"* ]] && pass "dpkg -i --root: the packaged stapper runs" || fail "packaged stapper: $got"
    [ "$(readlink "$dpkgroot/usr/bin/stap")" = /etc/alternatives/stap ] && pass "stap alternative registered" ||
      fail "no stap alternative: $(ls -l "$dpkgroot/usr/bin/stap" 2>&1)"
  else
    fail "dpkg -i --root: $out"
  fi
fi

if [ $failures != 0 ]; then
  echo "install.sh: $failures failed"
  exit 1
fi
echo "install.sh: all passed"
