#!/usr/bin/env bash
# ./stapper, its out/stapper/watch and src/publish (`make test-wrapper`): no publish when nothing changed, one
# publish after an edit however many callers wait for it, and out/stapper/stapper never missing. The checkout's own
# ./stapper is only checked for not publishing; the rest runs in a copy of the tree whose `dotnet` stands in for the
# publish by copying the real build (so -p1 output is real) after a delay, and logs each publish.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
real=$root/out/stapper
[ -x "$real/stapper" ] || { echo "wrapper.sh: $real/stapper is missing (make build)"; exit 1; }

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
state() { stat -c '%i %Y.%y' "$1/out/stapper/stapper" "$1/out/stapper/.sources"; readlink "$1/out/stapper"; }

# 1. The checkout: after a publish, ./stapper -V runs the same build without publishing.
"$root/src/publish"
before=$(state "$root")
out=$("$root/stapper" -V 2>&1)
"$root/stapper" -V >/dev/null 2>&1
if [ "$(state "$root")" = "$before" ] && [[ $out == "Stapper translator/driver"* ]]; then
  pass "checkout: ./stapper -V did not publish"
else
  fail "checkout: ./stapper -V changed out/stapper or printed: $out"
fi

# 1b. Through ./stapper the binary names its files as out/stapper/..., not by the build's own directory: the module's
# Makefile, and so the kbuild recipe and module cache keys, are the same as for out/stapper/stapper (mangled private
# tapset names show the tapset's path).
# Any installed kernel with a build tree: target_set.stp's target variables need one.
kver=
for makefile in /lib/modules/*/build/Makefile; do
  if [ -f "$makefile" ]; then
    kver=${makefile#/lib/modules/}
    kver=${kver%%/*}
    break
  fi
done
private=$(cd /tmp && "$root/stapper" -r "$kver" -p2 -e 'probe begin { printf("%d", target_set_pid(1)) }' 2>&1 | grep -m1 __private || true)
if [[ $private == "__private_${root//\//_}_out_stapper_tapsets_target_set_stp_"* ]]; then
  pass "./stapper: tapsets named under out/stapper"
else
  fail "./stapper: a private tapset function is named $private"
fi

export S
S=$(mktemp -d "${TMPDIR:-/tmp}/stapper-wrapper.XXXXXX")
export REAL=$real FAKE_PUBLISH_SECONDS=1
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$S"
}
trap cleanup EXIT
mkdir -p "$S/bin" "$S/src/Stapper" "$S/tapsets" "$S/runtime" "$S/templates"
cp "$root/stapper" "$S/"
cp "$root/src/publish" "$root/src/watch.c" "$S/src/"
echo 'class Program {}' >"$S/src/Stapper/Program.cs"
echo '<Project/>' >"$S/src/Stapper/Stapper.csproj"
echo '<Project/>' >"$S/Directory.Build.props"
echo 'probe never {}' >"$S/tapsets/a.stp"
echo '/* runtime */' >"$S/runtime/r.h"
echo '{{ body }}' >"$S/templates/t.liquid"
echo 'obj-m := x.o' >"$S/Makefile.template"
cat >"$S/bin/dotnet" <<'EOF'
#!/usr/bin/env bash
# `dotnet publish ... -o DIR`: copies the real build (without its debug file) to DIR after FAKE_PUBLISH_SECONDS.
set -e
while [ $# -gt 0 ]; do if [ "$1" = -o ]; then out=$2; fi; shift; done
mkdir "$S/publishing" 2>/dev/null || { echo overlap >>"$S/publish.log"; exit 1; }
echo publish >>"$S/publish.log"
sleep "$FAKE_PUBLISH_SECONDS"
if [ -n "${FAKE_PUBLISH_FAIL:-}" ]; then rmdir "$S/publishing"; echo "error CS0000: fake failure"; exit 1; fi
mkdir -p "$out"
for f in "$REAL"/*; do case $f in *.dbg) ;; *) cp -a "$f" "$out/" ;; esac; done
cp /bin/sleep "$out/sleeper"
rmdir "$S/publishing"
EOF
chmod +x "$S/bin/dotnet"
export PATH=$S/bin:$PATH
touch "$S/publish.log"
publishes() { grep -c . "$S/publish.log" || true; }
builds() { find "$S/out/stapper-builds" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tr '\n' ' '; }
current() { basename "$(readlink "$S/out/stapper")"; }
expected=$("$real/stapper" -p1 -e 'probe begin{}' 2>&1)

# 0. A fresh tree: the first call publishes.
out=$("$S/stapper" -V 2>/dev/null)
if [ "$(publishes)" = 1 ] && [ -L "$S/out/stapper" ] && [[ $out == "Stapper translator/driver"* ]] && [ -x "$S/out/stapper/watch" ]; then
  pass "fresh tree: published once, out/stapper is a symlink to the build, with its watch program"
else
  fail "fresh tree: $(publishes) publishes, out/stapper: $(ls -ld "$S/out/stapper" 2>&1), output: $out"
fi

# 1. Nothing changed: no publish, the build's files untouched.
before=$(state "$S")
"$S/stapper" -V >/dev/null
"$S/stapper" -V >/dev/null
if [ "$(publishes)" = 1 ] && [ "$(state "$S")" = "$before" ]; then
  pass "unchanged sources: no publish"
else
  fail "unchanged sources: $(publishes) publishes; before: $before; after: $(state "$S")"
fi

# 1b. Touched, obj/ and bin/ written: no publish; the touch is checked once, then the quick path holds again.
touch "$S/src/Stapper/Program.cs" "$S/tapsets/a.stp"
mkdir -p "$S/src/Stapper/obj/Release" "$S/src/Stapper/bin"
touch "$S/src/Stapper/obj/Release/PublishOutputs.txt" "$S/src/Stapper/bin/x.dll"
"$S/stapper" -V >/dev/null
settled=$(state "$S")
"$S/stapper" -V >/dev/null
if [ "$(publishes)" = 1 ] && [ "$(state "$S")" = "$settled" ]; then
  pass "touched sources and obj/, bin/ output: no publish"
else
  fail "touched sources: $(publishes) publishes; $settled; $(state "$S")"
fi

# 2. An edited .cs: the next call publishes, once.
echo '// edit 2' >>"$S/src/Stapper/Program.cs"
"$S/stapper" -V >/dev/null 2>&1
"$S/stapper" -V >/dev/null 2>&1
[ "$(publishes)" = 2 ] && pass "edited .cs: published once" || fail "edited .cs: $(publishes) publishes (want 2)"

# An added and a removed tapset file: each publishes.
echo 'probe also {}' >"$S/tapsets/b.stp"
"$S/stapper" -V >/dev/null 2>&1
rm "$S/tapsets/b.stp"
"$S/stapper" -V >/dev/null 2>&1
[ "$(publishes)" = 4 ] && pass "added, removed tapset: published each time" || fail "added/removed tapset: $(publishes) publishes (want 4)"

# A new directory publishes nothing; a source added to it later does.
mkdir "$S/src/Stapper/Probes"
"$S/stapper" -V >/dev/null 2>&1
n=$(publishes)
echo 'class Probe {}' >"$S/src/Stapper/Probes/Probe.cs"
"$S/stapper" -V >/dev/null 2>&1
[ "$n" = 4 ] && [ "$(publishes)" = 5 ] && pass "new directory, then a .cs in it: one publish" ||
  fail "new directory: $n publishes (want 4), then $(publishes) (want 5)"

# 3. Eight calls at once right after an edit: one publish, every call prints the -p1 tree.
echo '// edit 3' >>"$S/src/Stapper/Program.cs"
for i in 1 2 3 4 5 6 7 8; do
  ("$S/stapper" -p1 -e 'probe begin{}' >"$S/out.$i" 2>"$S/err.$i"; echo $? >"$S/rc.$i") &
done
wait
bad=0
for i in 1 2 3 4 5 6 7 8; do
  if [ "$(cat "$S/rc.$i")" != 0 ] || [ "$(cat "$S/out.$i")" != "$expected" ]; then
    bad=$((bad + 1))
    echo "  call $i: exit $(cat "$S/rc.$i"), stdout: $(head -c 300 "$S/out.$i"), stderr: $(head -c 300 "$S/err.$i")"
  fi
done
if [ $bad = 0 ] && [ "$(publishes)" = 6 ] && ! grep -q overlap "$S/publish.log"; then
  pass "8 concurrent calls after an edit: all right, one publish"
else
  fail "8 concurrent calls: $bad wrong, $(publishes) publishes (want 6), log: $(tr '\n' ' ' <"$S/publish.log")"
fi

# 4. out/stapper/stapper keeps working while a publish runs and swaps.
echo '// edit 4' >>"$S/src/Stapper/Program.cs"
FAKE_PUBLISH_SECONDS=2 "$S/stapper" -V >/dev/null 2>&1 &
publisher=$!
calls=0 bad=0
while kill -0 $publisher 2>/dev/null; do
  "$S/out/stapper/stapper" -V >/dev/null 2>&1 || bad=$((bad + 1))
  calls=$((calls + 1))
done
wait $publisher
if [ $bad = 0 ] && [ $calls -gt 0 ] && [ "$(publishes)" = 7 ]; then
  pass "out/stapper/stapper during a publish: $calls calls, all ran"
else
  fail "during a publish: $bad of $calls calls failed, $(publishes) publishes (want 7)"
fi

# 5. Old builds go, except the one just replaced and any a process still runs from.
first=$(current)
"$S/out/stapper/sleeper" 60 &
sleeper=$!
echo '// edit 5a' >>"$S/src/Stapper/Program.cs"
"$S/stapper" -V >/dev/null 2>&1
second=$(current)
echo '// edit 5b' >>"$S/src/Stapper/Program.cs"
"$S/stapper" -V >/dev/null 2>&1
third=$(current)
kept=$(builds)
kill $sleeper
wait $sleeper 2>/dev/null || true
echo '// edit 5c' >>"$S/src/Stapper/Program.cs"
"$S/stapper" -V >/dev/null 2>&1
fourth=$(current)
if [ "$kept" = "$(printf '%s\n' "$first" "$second" "$third" | sort | tr '\n' ' ')" ] &&
  [ "$(builds)" = "$(printf '%s\n' "$third" "$fourth" | sort | tr '\n' ' ')" ]; then
  pass "old builds removed unless running or just replaced"
else
  fail "old builds: with a process in $first, kept $kept (want $first $second $third); then $(builds) (want $third $fourth)"
fi

# 6. A failed publish: the error shows, the exit status is not 0, the last build stays and runs.
echo '// edit 6' >>"$S/src/Stapper/Program.cs"
err=$(FAKE_PUBLISH_FAIL=1 "$S/stapper" -V 2>&1 >/dev/null) && rc=0 || rc=$?
if [ $rc != 0 ] && [[ $err == *"fake failure"* ]] && [ "$(current)" = "$fourth" ] &&
  "$S/out/stapper/stapper" -V >/dev/null && [ -z "$(find "$S/out/stapper-builds" -name 'tmp.*')" ]; then
  pass "failed publish: reported (exit $rc), last build kept"
else
  fail "failed publish: exit $rc, stderr: $err, current $(current) (want $fourth)"
fi
"$S/stapper" -V >/dev/null 2>&1

# 7. A build from before out/stapper was a symlink (a directory there) is replaced by one.
cp -a "$S/out/stapper/." "$S/old"
rm "$S/out/stapper" "$S/old/.sources"
mv "$S/old" "$S/out/stapper"
if "$S/stapper" -V >/dev/null 2>&1 && [ -L "$S/out/stapper" ]; then
  pass "a directory at out/stapper: replaced by the symlink"
else
  fail "a directory at out/stapper: $(ls -ld "$S/out/stapper")"
fi

# 8. Without the watch program (no C compiler at publish), the script's own loop finds an edit and publishes.
rm "$S/out/stapper/watch"
n=$(publishes)
"$S/stapper" -V >/dev/null 2>&1
echo '// edit 8' >>"$S/src/Stapper/Program.cs"
out=$("$S/stapper" -p1 -e 'probe begin{}' 2>/dev/null)
if [ "$(publishes)" = $((n + 1)) ] && [ "$out" = "$expected" ]; then
  pass "no watch program: unchanged sources ran, an edit published once"
else
  fail "no watch program: $(publishes) publishes (want $((n + 1))), -p1: $out"
fi

if [ $failures != 0 ]; then
  echo "wrapper.sh: $failures failed"
  exit 1
fi
echo "wrapper.sh: all passed"
