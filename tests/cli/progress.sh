#!/usr/bin/env bash
# The status line of long steps (`make test-wrapper`): on a terminal (a pty from script(1)) a --vm run shows
# "Pass 5: booting KVER in a virtual machine... Ns" and erases it before the script's first output; with stderr in a
# file, or CI set, nothing of it is written.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
stapper=$root/out/stapper/stapper
[ -x "$stapper" ] || { echo "progress.sh: $stapper is missing (make build)"; exit 1; }
command -v script >/dev/null || { echo "progress.sh: script(1) is missing (bsdutils)"; exit 1; }
kver=$("$stapper" --prep --vm 2>/dev/null | sed -n 's/^kernel \(.*\):$/\1/p')

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/stapper-progress.XXXXXX")
trap 'rm -rf "$dir"' EXIT
esc=$'\033'
run='probe begin { printf("hello\n"); exit() }'

# On a terminal: at least one frame, then the erase, then the output.
env -u CI TERM=xterm script -qfec "$stapper --vm -e '$run'" /dev/null </dev/null >"$dir/tty" 2>&1 || true
tty=$(tr -d '\r' <"$dir/tty" | tr "$esc" '^')
if [[ $tty == *"Pass 5: booting $kver in a virtual machine... "[0-9]*"s^[K^[Khello"* ]]; then
  pass "terminal: the boot's status line, erased before the output"
else
  fail "terminal: expected the status line then hello, got: $(od -c "$dir/tty" | head -20)"
fi

# Not a terminal, and CI on a terminal: no status line.
env -u CI "$stapper" --vm -e "$run" >"$dir/out" 2>"$dir/err"
if [ "$(cat "$dir/out")" = hello ] && [ ! -s "$dir/err" ]; then
  pass "pipe: no status line"
else
  fail "pipe: stdout $(cat "$dir/out"), stderr $(od -c "$dir/err" | head)"
fi
CI=true TERM=xterm script -qfec "$stapper --vm -e '$run'" /dev/null </dev/null >"$dir/ci" 2>&1 || true
if ! grep -q "booting" "$dir/ci"; then
  pass "CI: no status line"
else
  fail "CI: $(od -c "$dir/ci" | head)"
fi
[ "$failures" = 0 ] || { echo "progress.sh: $failures failed"; exit 1; }
