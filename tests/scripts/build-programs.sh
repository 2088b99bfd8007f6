#!/bin/sh
# Compiles every NAME.c under tests/scripts into /var/tmp/stapper-programs/NAME, when missing or older than its
# source: the programs user-space cases probe (process("/var/tmp/stapper-programs/NAME"), -c ...). A fixed absolute
# path keeps stap's messages that name the file (its debuginfo warning) the same in every checkout. Not /tmp: the
# guest's /tmp is an overlay, on whose files stap 4.8 cannot put uprobes; /var/tmp is the host's, over 9p.
# A line "// cflags: ..." in the source gives its compiler flags. The kernel suite and tools/oracle run this first.
set -e
root=$(cd "$(dirname "$0")" && pwd)
bin=/var/tmp/stapper-programs
mkdir -p "$bin"
find "$root" -name '*.c' | sort | while read -r src; do
	out="$bin/$(basename "$src" .c)"
	[ "$out" -nt "$src" ] && continue
	flags=$(sed -n 's|^// cflags: ||p' "$src" | head -n 1)
	# shellcheck disable=SC2086 # the flags are words
	cc $flags -o "$out.$$" "$src"
	mv "$out.$$" "$out"
done
