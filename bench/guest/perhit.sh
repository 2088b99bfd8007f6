#!/bin/sh
# Runs inside the --vm guest (bench/run starts it with `stapper --vm -c`): times bench/getpid_loop
# under each pass-5 variant, RUNS times under one load of the probe (bpftrace's start-up in TCG is long).
# Prints "VARIANT RUN NS_PER_CALL", "wall VARIANT MS" (load, runs, unload) and "VARIANT note STDERR" when it
# complained; a variant that cannot run prints "VARIANT skip|fail REASON";
# each KIND=STAPPER given after VARIANTS also gets "startup KIND MS" lines (`stapper -V` in the guest).
# Usage: perhit.sh DIR STAPPER RUNS CALLS THREADS VARIANTS [KIND=STAPPER...]
# DIR holds getpid_loop, floor.ko, perhit_count.ko, perhit_map.ko, perhit_param.ko, uprobe_floor.ko (with the file
# offset of getpid_loop's user_hit in uprobe_offset), perhit_uprobe.ko, return_floor.ko and perhit_return.ko;
# VARIANTS is a subset of "abcdefghijklm".
dir=$1 stapper=$2 runs=$3 calls=$4 threads=$5 variants=$6
shift 6
# One file for all variants: bpftrace -c takes a plain command, not shell syntax.
loop=/tmp/perhit-loop.sh
echo "for i in \$(seq $runs); do $dir/getpid_loop $calls $threads; done" >$loop
# A uprobe hit costs tens of microseconds under TCG: the uprobe variants run a twentieth of the calls (the figure is
# per call either way).
uloop=/tmp/perhit-uloop.sh
ucalls=$((calls / 20 > 1000 ? calls / 20 : 1000))
echo "for i in \$(seq $runs); do $dir/getpid_loop $ucalls $threads; done" >$uloop
bt='kprobe:__do_sys_getpid { @calls[comm] = count(); @cpus = stats(cpu); }'
# (l) against stapper's .return { n++ }: BPF's fexit trampoline, one count
btret='kretfunc:vmlinux:__do_sys_getpid { @n = count(); }'
ns() { grep -E '^[0-9]+(\.[0-9]+)?$'; }

variant() {
  case $1 in
    a) sh $loop ;;
    b) insmod "$dir/floor.ko" || return 1; sh $loop; rmmod floor ;;
    c) "$stapper" --run-module="$dir/perhit_count.ko" -c "sh $loop" ;;
    d) "$stapper" --run-module="$dir/perhit_map.ko" -c "sh $loop" ;;
    e) bpftrace -e "$bt" -c "/bin/sh $loop" ;;
    f) insmod "$dir/floor.ko" mode=ftrace || return 1; sh $loop; rmmod floor ;;
    g) "$stapper" --run-module="$dir/perhit_param.ko" -c "sh $loop" ;;
    h) insmod "$dir/uprobe_floor.ko" path="$dir/getpid_loop" offset="$(cat "$dir/uprobe_offset")" || return 1; sh $uloop; rmmod uprobe_floor ;;
    i) "$stapper" --run-module="$dir/perhit_uprobe.ko" -c "sh $uloop" ;;
    j) insmod "$dir/return_floor.ko" || return 1; sh $loop; rmmod return_floor ;;
    k) "$stapper" --run-module="$dir/perhit_return.ko" -c "sh $loop" ;;
    l) bpftrace -e "$btret" -c "/bin/sh $loop" ;;
    m) insmod "$dir/return_floor.ko" mode=fprobe || return 1; sh $loop; rmmod return_floor ;;
  esac
}

skip=""
command -v bpftrace >/dev/null || { skip="e l"; for v in e l; do case $variants in *$v*) echo "$v skip bpftrace is not installed" ;; esac; done; }
# (m): a bare fprobe only where the kernel has one (its module refuses mode=fprobe elsewhere)
case $variants in *m*) grep -qs register_fprobe_syms /proc/kallsyms || { skip="$skip m"; echo "m skip the kernel has no fprobe"; } ;; esac
for v in $(echo "$variants" | sed 's/./& /g'); do
  case " $skip " in *" $v "*) continue ;; esac
  s=$(date +%s%N)
  r=$(variant "$v" 2>/tmp/perhit.err | ns)
  echo "wall $v $(( ($(date +%s%N) - s) / 1000000 ))"
  if [ -n "$r" ]; then
    echo "$r" | awk -v v="$v" '{ print v, NR, $1 }'
    # e.g. a script stopped early (skipped probes): its runs then did not all carry the probe
    grep -v '^Attaching' /tmp/perhit.err | grep -q . && echo "$v note $(grep -v '^Attaching' /tmp/perhit.err | tr '\n' ' ' | cut -c1-300)"
  else
    echo "$v fail $(tr '\n' ' ' </tmp/perhit.err | cut -c1-300)"
  fi
done
for build in "$@"; do
  kind=${build%%=*} exe=${build#*=}
  for i in 1 2 3; do
    s=$(date +%s%N); "$exe" -V >/dev/null 2>&1; e=$(date +%s%N)
    echo "startup $kind $(( (e - s) / 1000000 ))"
  done
done
