#!/usr/bin/env bash
# Runs the -p1 level of stap's wider testsuite against stapper: every script of
# systemtap.base, systemtap.examples (**/*.stp), buildok and semok must parse (exit 0 at -p1).
# Usage: tests/conformance/run-p1-suite.sh SYSTEMTAP_SRC [STAPPER] [SUITE...]
#   SUITE is base, examples, buildok or semok (default: all four).
# How each file is run, first match wins:
#   - an entry in p1-expectations.txt: "ko" must fail with a diagnostic at -p1 (a script the
#     testsuite uses to test a parse failure), "skip" is not a parse test, "opts" gives the
#     options and arguments the testsuite's .exp passes;
#   - examples: the "test_check:" line of the .meta naming the script, run in its directory;
#   - "#! stap OPTS", "#! /usr/bin/env stap OPTS", "#!/usr/bin/stap OPTS": stapper OPTS FILE;
#   - "#! /bin/sh" (a shell test): run by bash with a "stap" on PATH that calls stapper;
#   - otherwise stapper FILE.
# Every stap call goes through a shim that turns -pN into -p1 (and adds -p1 when absent); a
# script that refers to $N/@N or $#/@# is given dummy arguments "1" up to its highest N.
# VERBOSE=1 lists every failure with its stderr.
set -u
src=${1:?usage: run-p1-suite.sh SYSTEMTAP_SRC [STAPPER] [SUITE...]}
stapper=${2:-${STAPPER:-./stapper}}
shift $(( $# >= 2 ? 2 : 1 ))
suites=("$@")
[[ ${#suites[@]} -gt 0 ]] || suites=(base examples buildok semok)
case "$stapper" in /*) ;; *) stapper="$PWD/$stapper" ;; esac
here=$(cd "$(dirname "$0")" && pwd)
ts="$src/testsuite"

shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
cat > "$shim/stap" <<EOF
#!/usr/bin/env bash
# -pN (alone or in a cluster like -gp4) becomes -p1; -p1 is added when no -p is given.
args=(); seen=0; next_is_pass=0
for a in "\$@"; do
  if [[ \$next_is_pass = 1 ]]; then args+=(1); next_is_pass=0; continue; fi
  if [[ \$a = -p ]]; then args+=(-p); next_is_pass=1; seen=1; continue; fi
  if [[ \$a =~ ^-([gwuWtvkqVb]*)p[0-9]\$ ]]; then args+=("-\${BASH_REMATCH[1]}p1"); seen=1; continue; fi
  if [[ \$a =~ ^--?p[0-9]?\$ ]]; then args+=(-p1); seen=1; continue; fi
  args+=("\$a")
done
[[ \$seen = 1 ]] || args=(-p1 "\${args[@]}")
exec "$stapper" "\${args[@]}"
EOF
chmod +x "$shim/stap"

declare -A verdict reason opts
while IFS= read -r line; do
  [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
  read -r key kind rest <<<"$line"
  verdict[$key]=$kind
  if [[ $kind = opts ]]; then opts[$key]=${rest%%|*}; reason[$key]=${rest#*|}; else reason[$key]=$rest; fi
done < "$here/p1-expectations.txt"

dummy_args() { # FILE -> "1 1 ..." up to the highest $N/@N it names
  local n
  n=$(grep -oE '[$@][1-9][0-9]*' "$1" | tr -d '$@' | sort -n | tail -n1)
  [[ -n $n ]] || { grep -qE '[$@]#' "$1" && n=1; }
  [[ -n ${n:-} ]] && printf '1 %.0s' $(seq "$n")
}

run_one() { # SUITE FILE -> rc, errtext
  local suite=$1 file=$2 key first dir base meta check
  key="$suite/${file#"$ts"/*/}"
  dir=$(dirname "$file"); base=$(basename "$file")
  first=$(head -n1 "$file"); first=${first%$'\r'}
  err=$(mktemp)
  if grep -q '\$\^' "$file"; then
    # A template the .exp fills in first: $^ADDR_sym becomes a hex address, $^PWD the directory.
    tmpl=$(mktemp -d); sed -e 's/\$^ADDR_[A-Za-z_0-9]*/1000/g' -e "s|\\\$^PWD|$dir|g" "$file" > "$tmpl/$base"
    dir=$tmpl; file=$tmpl/$base
  fi
  local -a cmd
  if [[ -n ${opts[$key]:-} ]]; then
    # shellcheck disable=SC2206
    cmd=(stap ${opts[$key]}); cmd=("${cmd[@]/\{\}/$base}")
    (cd "$dir" && PATH="$shim:$PATH" timeout 20 "${cmd[@]}" >/dev/null 2>"$err" </dev/null); rc=$?
  elif [[ $suite = examples ]] && meta=$(grep -lx "name: $base" "$dir"/*.meta | head -n1) && [[ -n $meta ]] \
       && check=$(grep -m1 '^test_check: *stap .*'"$base" "$meta"); then
    (cd "$dir" && PATH="$shim:$PATH" timeout 20 bash -c "${check#test_check:}" >/dev/null 2>"$err" </dev/null); rc=$?
  elif [[ $first =~ ^\#\![[:space:]]*(/usr/bin/env[[:space:]]+|/usr/s?bin/)?stap([[:space:]].*)?$ ]]; then
    # shellcheck disable=SC2046,SC2086
    (cd "$dir" && PATH="$shim:$PATH" timeout 20 stap ${BASH_REMATCH[2]:-} "$base" $(dummy_args "$file") >/dev/null 2>"$err" </dev/null); rc=$?
  elif [[ $first =~ ^\#\!.*/(ba)?sh ]] && ! grep -q '^//bin/true && exec stap' "$file"; then
    (cd "$dir" && PATH="$shim:$PATH" SRCDIR="$src" timeout 60 bash "$base" >/dev/null 2>"$err" </dev/null); rc=$?
  else
    local o=
    [[ $first =~ exec\ stap(.*)\ \$0 ]] && o=${BASH_REMATCH[1]}
    [[ $(sed -n 2,4p "$file") =~ exec\ stap([^\$]*)\ \$0 ]] && o=${BASH_REMATCH[1]}
    # shellcheck disable=SC2046,SC2086
    (cd "$dir" && PATH="$shim:$PATH" timeout 20 stap $o "$base" $(dummy_args "$file") >/dev/null 2>"$err" </dev/null); rc=$?
  fi
  errtext=$(head -c 4000 "$err")
  rm -f "$err"
  [[ -z ${tmpl:-} ]] || rm -rf "$tmpl"; tmpl=
}

files_of() {
  case $1 in
    base) ls "$ts"/systemtap.base/*.stp ;;
    examples) find "$ts"/systemtap.examples -name '*.stp' | sort ;;
    buildok|semok) ls "$ts/$1"/*.stp ;;
  esac
}

all_ok=1
for suite in "${suites[@]}"; do
  pass=0; total=0; kos=0; skips=0
  while IFS= read -r f; do
    key="$suite/${f#"$ts"/*/}"
    total=$((total + 1))
    case ${verdict[$key]:-} in
      skip) skips=$((skips + 1)); continue ;;
      ko)
        run_one "$suite" "$f"
        if [[ $rc -ne 0 && $rc -lt 124 && -n $errtext ]] && ! grep -q "Unhandled exception" <<<"$errtext"; then
          kos=$((kos + 1))
        else
          all_ok=0; echo "FAIL $key (expected a parse error) rc=$rc"; sed 's/^/    /' <<<"$errtext" | head -8
        fi
        continue ;;
    esac
    run_one "$suite" "$f"
    if [[ $rc -eq 0 ]] && ! grep -q "Unhandled exception" <<<"$errtext"; then
      pass=$((pass + 1))
    else
      all_ok=0
      if [[ ${VERBOSE:-0} = 1 ]]; then echo "FAIL $key rc=$rc"; sed 's/^/    /' <<<"$errtext" | head -8; fi
    fi
  done < <(files_of "$suite")
  echo "$suite: $pass/$((total - kos - skips)) parsed; $kos expected parse errors given; $skips skipped (not parse tests)"
done
[[ $all_ok = 1 ]]
