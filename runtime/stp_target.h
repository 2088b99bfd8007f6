/* Target variables: function arguments from pt_regs and kernel reads that fail cleanly on a fault. */
#ifndef STP_TARGET_H
#define STP_TARGET_H

/* Arguments saved by a kretprobe's entry handler, for $param in the return probe now running on this CPU. */
static DEFINE_PER_CPU(unsigned long *, stp_entry_args);

#define STP_SAVED_ARGS 6

/* x86_64 SysV: the first six integer arguments travel in rdi, rsi, rdx, rcx, r8, r9. */
static __maybe_unused unsigned long stp_regs_arg(const struct pt_regs *r, int i)
{
	switch (i) {
	case 0: return r->di;
	case 1: return r->si;
	case 2: return r->dx;
	case 3: return r->cx;
	case 4: return r->r8;
	default: return r->r9;
	}
}

static __maybe_unused void stp_save_args(unsigned long *saved, const struct pt_regs *r)
{
	int i;
	for (i = 0; i < STP_SAVED_ARGS; i++)
		saved[i] = stp_regs_arg(r, i);
}

/* without pt_regs, an ftrace_ops entry passes the six argument registers as its probe arguments */
static __always_inline unsigned long stp_probe_arg(const struct pt_regs *regs, const unsigned long *args, int i)
{
	if (!regs)
		return args && i >= 0 && i < 6 ? args[i] : 0;
	return stp_regs_arg(regs, i);
}

static __maybe_unused unsigned long stp_target_arg(struct stp_context *c, int i)
{
	return stp_probe_arg(c->regs, c->probe_args, i);
}

static __maybe_unused unsigned long stp_target_saved_arg(int i)
{
	unsigned long *saved = __this_cpu_read(stp_entry_args);
	return saved ? saved[i] : 0;
}

static __maybe_unused unsigned long stp_target_return(struct stp_context *c)
{
	return c->regs ? regs_return_value(c->regs) : 0;
}

/* Guru-mode writes ($param = v at entry, $return = v, $p->m = v): the probe's pt_regs, or kernel memory. */
static __maybe_unused void stp_target_set_arg(struct stp_context *c, int i, unsigned long v)
{
	struct pt_regs *r = c->regs;
	if (!r)
		return;
	switch (i) {
	case 0: r->di = v; break;
	case 1: r->si = v; break;
	case 2: r->dx = v; break;
	case 3: r->cx = v; break;
	case 4: r->r8 = v; break;
	default: r->r9 = v; break;
	}
}

static __maybe_unused void stp_target_set_return(struct stp_context *c, unsigned long v)
{
	if (c->regs)
		regs_set_return_value(c->regs, v);
}

static __maybe_unused int stp_kwrite(struct stp_context *c, unsigned long addr, int size, int64_t value, const char *where)
{
	if (stp_kernel_write_nofault((void *)addr, (u64)value, size)) {
		snprintf(c->error_buf, sizeof(c->error_buf), "write fault [man error::fault] at 0x%lx", addr);
		stp_raise(c, c->error_buf, where);
		return -EFAULT;
	}
	return 0;
}

/* The probed process's memory (a user-space header's type, guru mode); a fault raises stap's write fault error. */
static __maybe_unused int stp_uwrite(struct stp_context *c, unsigned long addr, int size, int64_t value, const char *where)
{
	u64 v = (u64)value;

	if (copy_to_user_nofault((void __user *)addr, &v, size)) {
		snprintf(c->error_buf, sizeof(c->error_buf), "write fault [man error::fault] at 0x%lx", addr);
		stp_raise(c, c->error_buf, where);
		return -EFAULT;
	}
	return 0;
}

/* Reads size bytes at *word into *word, sign-extended when is_signed; a fault raises stap's read fault error.
 * user: the probed process's memory (an SDT marker's stack argument), else the kernel's. */
static __maybe_unused int stp_read_word(struct stp_context *c, unsigned long *word, int size, int is_signed, const char *where, int user)
{
	unsigned long addr = *word;
	union { u8 b; u16 h; u32 w; u64 q; } v;
	long rc = user ? copy_from_user_nofault(&v, (const void __user *)addr, size)
		: copy_from_kernel_nofault(&v, (const void *)addr, size);
	if (rc) {
#ifdef STP_SKIP_BADVARS
		/* --skip-badvars: a target variable that cannot be read reads as 0, without an error (stap). */
		*word = 0;
		return 0;
#endif
		snprintf(c->error_buf, sizeof(c->error_buf), "read fault [man error::fault] at 0x%lx", addr);
		stp_raise(c, c->error_buf, where);
		return -EFAULT;
	}
	switch (size) {
	case 1: *word = is_signed ? (unsigned long)(long)(s8)v.b : v.b; break;
	case 2: *word = is_signed ? (unsigned long)(long)(s16)v.h : v.h; break;
	case 4: *word = is_signed ? (unsigned long)(long)(s32)v.w : v.w; break;
	default: *word = v.q; break;
	}
	return 0;
}

static __always_inline int stp_kread(struct stp_context *c, unsigned long *word, int size, int is_signed, const char *where)
{
	return stp_read_word(c, word, size, is_signed, where, 0);
}

static __always_inline int stp_target_uread(struct stp_context *c, unsigned long *word, int size, int is_signed, const char *where)
{
	return stp_read_word(c, word, size, is_signed, where, 1);
}

/* Copies the NUL-terminated kernel string at ADDR into DST (at most SIZE bytes with the NUL); -EFAULT
 * on a bad address. strncpy_from_kernel_nofault is not exported to modules, so byte by byte. */
static __maybe_unused long stp_kernel_string(char *dst, unsigned long addr, size_t size)
{
	size_t i;
	if (!size)
		return 0;
	if (addr < TASK_SIZE_MAX)
		return -EFAULT;
	for (i = 0; i + 1 < size; i++) {
		char ch;
		if (get_kernel_nofault(ch, (const char *)(addr + i))) {
			dst[0] = 0;
			return -EFAULT;
		}
		dst[i] = ch;
		if (!ch)
			return i;
	}
	dst[i] = 0;
	return i;
}

/* The same for a user address of the current task; page faults are not served in probe context. */
static __maybe_unused long stp_user_string(char *dst, unsigned long addr, size_t size)
{
	long rc;
	if (!size)
		return 0;
	pagefault_disable();
	rc = strncpy_from_user(dst, (const char __user *)addr, size);
	pagefault_enable();
	if (rc < 0) {
		dst[0] = 0;
		return rc;
	}
	if ((size_t)rc >= size)
		dst[size - 1] = 0;
	return rc;
}

#include "stp_globals.h"

#endif
