/* The types of the user-space symbol and unwind tables pass 3 embeds (Translate/UserSymbolTables.cs): one
 * stp_ufile per executable or library, its PT_LOAD segments (file offset -> link-time address), its symbols
 * in address order and its CFI reduced to rows for an x86_64 walk (CFA = rsp or rbp + offset, return address
 * at CFA-8, the caller's rbp at CFA+rbp_off when saved); with usymfileline() and friends, its line table (address
 * ranges in address order, each running to the next row's address; line 0: no line there) and source file names. */
#ifndef STP_USYMTAB_H
#define STP_USYMTAB_H

#include <linux/types.h>

struct stp_useg {
	unsigned long vaddr, offset, filesz;
};

struct stp_usym {
	unsigned long addr;
	const char *name;
};

#define STP_UCFI_UNKNOWN 1	/* no rule the walker can follow: the walk ends */
#define STP_UCFI_OUTERMOST 2	/* return address undefined: the outermost frame */
#define STP_UCFI_RBP 4		/* the caller's rbp is saved at CFA + rbp_off */

struct stp_ucfi {
	u32 start;
	s32 cfa_off;
	s16 rbp_off;
	u8 cfa_reg;
	u8 flags;
};

struct stp_uline {
	unsigned long addr;
	unsigned line;
	unsigned file;
};

struct stp_ufile {
	const char *path;
	const struct stp_useg *segs;
	unsigned nsegs;
	const struct stp_usym *syms;
	unsigned nsyms;
	const struct stp_ucfi *cfi;
	unsigned ncfi;
	const struct stp_uline *lines;
	unsigned nlines;
	const char *const *srcs;
	const char *build_id;	/* the GNU build-id note's bytes in hex, "" when the file has none (umodbuildid) */
};

#endif
