#!/bin/sh
# Compiles every NAME.c under tests/scripts into /var/tmp/stapper-programs/NAME, when missing or older than its
# source: the programs user-space cases probe (process("/var/tmp/stapper-programs/NAME"), -c ...). A fixed absolute
# path keeps stap's messages that name the file (its debuginfo warning) the same in every checkout. Not /tmp: the
# guest's /tmp is an overlay, on whose files stap 4.8 cannot put uprobes; /var/tmp is the host's, over 9p.
# A line "// cflags: ..." in the source gives its compiler flags; lines "// program: OUT: FLAGS" instead build one
# program each from the same source (one C file for the PIE, non-PIE and static builds of a test program).
# The sources' directory is named /stapper/tests/scripts in the DWARF (-fdebug-prefix-map), so file names that
# stap prints from it (statement probe names, usymfileline) are the same in every checkout.
# The kernel suite and tools/oracle run this first.
set -e
root=$(cd "$(dirname "$0")" && pwd)
bin=/var/tmp/stapper-programs
cd "$root"
mkdir -p "$bin"
build() { # SOURCE OUT FLAGS
	[ "$2" -nt "$1" ] && return 0
	# shellcheck disable=SC2086 # the flags are words
	cc $3 -fdebug-prefix-map="$root"=/stapper/tests/scripts -o "$2.$$" "$1"
	mv "$2.$$" "$2"
}
find "$root" -name '*.c' | sort | while read -r src; do
	if grep -q '^// program: ' "$src"; then
		sed -n 's|^// program: ||p' "$src" | while IFS=: read -r name flags; do
			build "$src" "$bin/$name" "$flags"
		done
	else
		build "$src" "$bin/$(basename "$src" .c)" "$(sed -n 's|^// cflags: ||p' "$src" | head -n 1)"
	fi
done
