/* User-space stacks of the current task, for ubacktrace() and friends: a walk by the CFI rows pass 3 embedded
 * for each file (stp_usymtab.h), since Debian's binaries keep no frame pointers. Each step finds the file of the
 * frame's pc through the task's VMAs, the row for its link-time address (pc-1 past the first frame: a return
 * address is after its call) and reads the return address and saved rbp with copy_from_user_nofault, so a bad
 * stack ends the walk instead of faulting. A frame outside the embedded files, or without a usable rule, is the
 * last one, as in stap. */
#ifndef STP_UUNWIND_H
#define STP_UUNWIND_H

#include <linux/uaccess.h>
#include <linux/stringhash.h>
#include "stp_usymbols.h"

#ifndef MAXBACKTRACE
#define MAXBACKTRACE 20
#endif

static __maybe_unused const struct stp_ucfi *stp_ucfi_lookup(const struct stp_ufile *f, unsigned long link)
{
	unsigned lo = 0, hi = f->ncfi;
	if (!f->ncfi || link < f->cfi[0].start)
		return NULL;
	while (lo + 1 < hi) {
		unsigned mid = (lo + hi) / 2;
		if (link < f->cfi[mid].start)
			hi = mid;
		else
			lo = mid;
	}
	return &f->cfi[lo];
}

/* stap's warning where a walk leaves the embedded files, once per file (stap's staprun drops repeated warnings). */
static __maybe_unused void stp_uunwind_warn(const char *path)
{
	static u32 warned[32];
	u32 h = full_name_hash(NULL, path ? path : "", path ? strlen(path) : 0) | 1;
	int i;
	for (i = 0; i < ARRAY_SIZE(warned); i++) {
		u32 seen = READ_ONCE(warned[i]);
		if (seen == h)
			return;
		if (!seen && cmpxchg(&warned[i], 0, h) == 0)
			break;
	}
	stp_warn("Missing unwind data for a module, rerun with 'stap -d %s'", path ? path : "(unknown; retry with -DDEBUG_UNWIND)");
}

/* The stack from user registers REGS, the current pc first; returns how many addresses it wrote to ADDRS. */
static __maybe_unused int stp_ustack(struct pt_regs *regs, unsigned long *addrs, int max)
{
	struct mm_struct *mm = stp_umm();
	unsigned long pc, sp, bp;
	struct stp_uloc loc;
	int n = 0;

	if (!regs || !mm || max <= 0)
		return 0;
	pc = regs->ip;
	sp = regs->sp;
	bp = regs->bp;
	addrs[n++] = pc;
	if (!mmap_read_trylock(mm))
		return n;
	while (n < max) {
		const struct stp_ucfi *row;
		unsigned long cfa, ra;
		if (!stp_ulocate_locked(mm, n == 1 ? pc : pc - 1, &loc) || !loc.file) {
			stp_uunwind_warn(loc.path);
			break;
		}
		row = stp_ucfi_lookup(loc.file, loc.link);
		if (!row || (row->flags & (STP_UCFI_UNKNOWN | STP_UCFI_OUTERMOST)))
			break;
		cfa = (row->cfa_reg == 7 ? sp : bp) + (long)row->cfa_off;
		if (copy_from_user_nofault(&ra, (const void __user *)(cfa - 8), sizeof(ra)))
			break;
		if ((row->flags & STP_UCFI_RBP) && copy_from_user_nofault(&bp, (const void __user *)(cfa + (long)row->rbp_off), sizeof(bp)))
			break;
		if (!ra || cfa <= sp)
			break;
		sp = cfa;
		pc = ra;
		addrs[n++] = pc;
	}
	mmap_read_unlock(mm);
	return n;
}

#endif
