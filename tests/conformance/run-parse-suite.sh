#!/usr/bin/env bash
# Runs stap's parser testsuite against stapper:
#   testsuite/parseok/*.stp must exit 0; testsuite/parseko/*.stp must exit non-zero within 1 s, no
#   "Unhandled exception", and fail as stap 4.8 does: the same first error line and the same
#   "Pass N: ... failed" line as parseko-expected.txt, which stap 4.8 wrote (REGENERATE=1).
# Usage: tests/conformance/run-parse-suite.sh SYSTEMTAP_SRC [STAPPER]
#   STAPPER defaults to ./stapper (or $STAPPER). Files starting "#! stap OPTS" run as
#   "STAPPER OPTS FILE"; shell-script tests run with a "stap" shim on PATH that calls STAPPER.
#   The time limit applies to files run directly; shell-script tests run stap many times.
#   Set VERBOSE=1 to list every failure with its stderr; TIME_LIMIT_MS changes the 1 s limit.
#   REGENERATE=1 runs the installed stap (-r KVER, default 6.1.0-57-amd64) instead and rewrites
#   parseko-expected.txt: one line per script, NAME<TAB>PASS LINE<TAB>FIRST ERROR LINE.
#   parseko-known.txt lists the scripts whose first line still differs, each with why: they must
#   still fail with a diagnostic, and are counted and listed apart.
set -u
src=${1:?usage: run-parse-suite.sh SYSTEMTAP_SRC [STAPPER]}
stapper=${2:-${STAPPER:-./stapper}}
case "$stapper" in /*) ;; *) stapper="$PWD/$stapper" ;; esac
expected_file="$(cd "$(dirname "$0")" && pwd)/parseko-expected.txt"
known_file="$(dirname "$expected_file")/parseko-known.txt"
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
if [[ ${REGENERATE:-0} = 1 ]]; then
  printf '#!/bin/sh\nexec /usr/bin/stap -r "%s" "$@"\n' "${KVER:-6.1.0-57-amd64}" > "$shim/real-stap"
  chmod +x "$shim/real-stap"
  stapper="$shim/real-stap"
  : > "$expected_file.new"
fi
printf '#!/bin/sh\nexec "%s" "$@"\n' "$stapper" > "$shim/stap"
chmod +x "$shim/stap"

run_one() { # FILE -> sets rc, errtext, secs, direct (1 when run as "STAPPER OPTS FILE")
  local file=$1 first opts start end
  first=$(head -n1 "$file")
  err=$(mktemp)
  start=$(date +%s%N)
  if [[ $first =~ ^\#\![[:space:]]*stap([[:space:]].*)?$ ]]; then
    opts=${BASH_REMATCH[1]:-}
    direct=1
    # shellcheck disable=SC2086
    timeout 10 "$stapper" $opts "$file" >/dev/null 2>"$err" </dev/null
    rc=$?
  elif [[ $first =~ ^\#\! ]]; then
    direct=0
    (cd "$(dirname "$file")" && PATH="$shim:$PATH" timeout 120 bash "$file" >/dev/null 2>"$err" </dev/null)
    rc=$?
  else
    direct=1
    timeout 10 "$stapper" -p1 "$file" >/dev/null 2>"$err" </dev/null
    rc=$?
  fi
  end=$(date +%s%N)
  secs=$(( (end - start) / 1000000 ))
  errtext=$(head -c 4000 "$err")
  rm -f "$err"
}

# How a run failed: "PASS LINE<TAB>FIRST ERROR LINE" of its stderr, leaving out what stap prints about
# its environment (no symbol table, README.Debian, a missing .config) and warnings.
failure() {
  local clean
  clean=$(grep -v -e '^WARNING' -e '^Tip: ' -e '^Checking "' -e '^[[:space:]]*$' <<<"$errtext" | sed "s|$src/testsuite/parseko/||g")
  printf '%s\t%s' "$(grep -m1 -E '^Pass [0-9]: .*failed' <<<"$clean")" "$(head -n1 <<<"$clean")"
}

ok_pass=0; ok_total=0; ko_pass=0; ko_total=0; ko_known=()
for f in "$src"/testsuite/parseok/*.stp; do
  ok_total=$((ok_total + 1))
  run_one "$f"
  if [[ $rc -eq 0 ]] && ! grep -q "Unhandled exception" <<<"$errtext"; then
    ok_pass=$((ok_pass + 1))
  elif [[ ${VERBOSE:-0} = 1 ]]; then
    echo "FAIL parseok/$(basename "$f") rc=$rc"; sed 's/^/    /' <<<"$errtext" | head -8
  fi
done
for f in "$src"/testsuite/parseko/*.stp; do
  ko_total=$((ko_total + 1))
  name=$(basename "$f")
  run_one "$f"
  got=$(failure)
  if [[ ${REGENERATE:-0} = 1 ]]; then
    printf '%s\t%s\n' "$name" "$got" >> "$expected_file.new"
    continue
  fi
  want=$(grep -m1 "^$name"$'\t' "$expected_file" | cut -f2-)
  known=$(grep -m1 "^$name"$'\t' "$known_file" | cut -f2-)
  if [[ $rc -ne 0 && $rc -lt 124 ]] && [[ -n $errtext ]] && ! grep -q "Unhandled exception" <<<"$errtext" \
     && [[ $direct -eq 0 || $secs -lt ${TIME_LIMIT_MS:-1000} ]] && [[ -n $want ]] && [[ $got == "$want" || -n $known ]]; then
    ko_pass=$((ko_pass + 1))
    if [[ $got == "$want" && -n $known ]]; then
      echo "parseko/$name now fails as stap does: remove it from parseko-known.txt"; ko_pass=$((ko_pass - 1))
    elif [[ -n $known ]]; then
      ko_known+=("$name: $known")
    fi
  elif [[ ${VERBOSE:-0} = 1 ]]; then
    echo "FAIL parseko/$name rc=$rc ${secs}ms"
    printf '    want: %s\n    got:  %s\n' "${want:-(no line in parseko-expected.txt)}" "$got"
    sed 's/^/    /' <<<"$errtext" | head -8
  fi
done
if [[ ${REGENERATE:-0} = 1 ]]; then
  mv "$expected_file.new" "$expected_file"
  echo "wrote $expected_file ($ko_total scripts)"
  exit 0
fi
echo "parseok: $ok_pass/$ok_total passed"
echo "parseko: $ko_pass/$ko_total passed, $((ko_pass - ${#ko_known[@]})) with stap 4.8's first error line; known differences (parseko-known.txt):"
printf '  %s\n' "${ko_known[@]}"
[[ $ok_pass -eq $ok_total && $ko_pass -eq $ko_total ]]
