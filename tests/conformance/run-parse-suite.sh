#!/usr/bin/env bash
# Runs stap's parser testsuite against stapper:
#   testsuite/parseok/*.stp must exit 0; testsuite/parseko/*.stp must exit non-zero with a
#   diagnostic on stderr, no "Unhandled exception", within 1 s.
# Usage: tests/conformance/run-parse-suite.sh SYSTEMTAP_SRC [STAPPER]
#   STAPPER defaults to ./stapper (or $STAPPER). Files starting "#! stap OPTS" run as
#   "STAPPER OPTS FILE"; shell-script tests run with a "stap" shim on PATH that calls STAPPER.
#   The time limit applies to files run directly; shell-script tests run stap many times.
#   Set VERBOSE=1 to list every failure with its stderr; TIME_LIMIT_MS changes the 1 s limit.
set -u
src=${1:?usage: run-parse-suite.sh SYSTEMTAP_SRC [STAPPER]}
stapper=${2:-${STAPPER:-./stapper}}
case "$stapper" in /*) ;; *) stapper="$PWD/$stapper" ;; esac
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
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

ok_pass=0; ok_total=0; ko_pass=0; ko_total=0
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
  run_one "$f"
  if [[ $rc -ne 0 && $rc -lt 124 ]] && [[ -n $errtext ]] && ! grep -q "Unhandled exception" <<<"$errtext" \
     && [[ $direct -eq 0 || $secs -lt ${TIME_LIMIT_MS:-1000} ]]; then
    ko_pass=$((ko_pass + 1))
  elif [[ ${VERBOSE:-0} = 1 ]]; then
    echo "FAIL parseko/$(basename "$f") rc=$rc ${secs}ms"; sed 's/^/    /' <<<"$errtext" | head -8
  fi
done
echo "parseok: $ok_pass/$ok_total passed"
echo "parseko: $ko_pass/$ko_total passed"
[[ $ok_pass -eq $ok_total && $ko_pass -eq $ko_total ]]
