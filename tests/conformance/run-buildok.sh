#!/usr/bin/env bash
# Runs SystemTap's buildok scripts through a stap-compatible command at one pass, one at a time,
# and counts the successes: how issue 14 measures the tapset library (-p2 for all, -p4 for a sample).
# Usage: tests/conformance/run-buildok.sh COMMAND KVER SYSTEMTAP_SRC PASS OUT.tsv [SCRIPT...]
#   COMMAND is ./stapper or stap (with its -R/-r options folded into a wrapper); SCRIPT names
#   (e.g. one.stp) choose a sample (BOK_TIMEOUT: seconds per script, default 600), default every buildok/*.stp whose first line is "#! stap OPTS"
#   (the others are shell tests). OUT.tsv gets "name<TAB>exit status" per script; stderr of each
#   failure goes to OUT.tsv.d/NAME.err.
set -u
cmd=${1:?usage} kver=${2:?usage} src=${3:?usage} pass=${4:?usage} out=${5:?usage}
shift 5
dir="$src/testsuite/buildok"
names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  for f in "$dir"/*.stp; do
    head -1 "$f" | grep -q '^#! *stap' && names+=("$(basename "$f")")
  done
fi
: > "$out"; mkdir -p "$out.d"
passed=0
for n in "${names[@]}"; do
  opts=$(head -1 "$dir/$n" | sed -n 's/^#! *stap//p')
  # The script's own -pN becomes the pass asked for (alone or in a cluster such as -wp4).
  opts=$(sed -E "s/(^|[[:space:]])-([a-zA-Z]*)p[0-9]/\1-\2p$pass/" <<<"$opts")
  grep -qE "(^|[[:space:]])-[a-zA-Z]*p$pass" <<<"$opts" || opts="$opts -p$pass"
  # shellcheck disable=SC2086 # the options are words, as stap's testsuite splits them
  (cd "$dir" && timeout ${BOK_TIMEOUT:-600} $cmd -r "$kver" $opts "$n") > /dev/null 2> "$out.d/$n.err" < /dev/null
  rc=$?
  printf '%s\t%s\n' "$n" "$rc" >> "$out"
  if [[ $rc = 0 ]]; then passed=$((passed + 1)); rm -f "$out.d/$n.err"; fi
done
echo "buildok at -p$pass: $passed of ${#names[@]}"
