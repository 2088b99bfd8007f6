#!/bin/sh
# Runs inside the --vm guest after perhit.sh: where a probe hit's time goes, from `perf record` (cpu-clock
# sampling: TCG has no PMU) over bench/getpid_loop under the floor (b) and stapper's (c) and (d).
# Usage: profile.sh DIR STAPPER CALLS
dir=$1 stapper=$2 calls=$3
# The loop's own samples (user and its syscalls), not the whole guest's.
rec() { perf record -q -e cpu-clock -F 4000 -o /tmp/perf.data -- "$dir/getpid_loop" "$calls" 1 >/dev/null 2>&1; }
show() {
  # An empty --symfs: symbols from /proc/kallsyms, which has the modules' too (and no 1 GB vmlinux over 9p).
  mkdir -p /tmp/nosymfs
  perf report -i /tmp/perf.data --symfs=/tmp/nosymfs --kallsyms=/proc/kallsyms --stdio --sort sym --percent-limit 1.5 2>/dev/null |
    grep -E '^ +[0-9]' | head -n 25 | sed "s/^/profile $1 /"
}
if [ "$1" = --under ]; then
  dir=$3 calls=$4
  rec
  show "$2" >/tmp/profile.out
  exit 0
fi
command -v perf >/dev/null || { echo "profile skip perf is not installed"; exit 0; }
insmod "$dir/floor.ko" && { rec; show b; rmmod floor; }
# The report runs while the module is still loaded, so its symbols are in /proc/kallsyms.
for v in c:perhit_count d:perhit_map; do
  "$stapper" --run-module="$dir/${v#*:}.ko" -c "sh $0 --under ${v%%:*} $dir $calls" >/dev/null 2>/tmp/profile.err
  cat /tmp/profile.out
done
