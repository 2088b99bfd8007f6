/* Kernel symbols and stacks at run time, for symname(), symdata(), backtrace() and friends: names
 * come from the running kernel's kallsyms (sprint_symbol), frames from its unwinder, so nothing of
 * the build host's System.map (a placeholder on Debian) is needed. Layouts are stap's. */
#ifndef STP_SYMBOLS_H
#define STP_SYMBOLS_H

#include <linux/kallsyms.h>
#include <asm/unwind.h>

#ifndef MAXBACKTRACE
#define MAXBACKTRACE 20
#endif

struct stp_symbol {
	char name[KSYM_NAME_LEN];
	char module[MODULE_NAME_LEN];
	unsigned long offset, size;
	int found;
};

/* Splits sprint_symbol's "name+0xOFF/0xSIZE [module]"; vmlinux's symbols have no module, stap says "kernel". */
static __maybe_unused void stp_symbol_lookup(unsigned long addr, struct stp_symbol *s)
{
	char text[KSYM_SYMBOL_LEN];
	char *plus, *slash, *bracket;

	memset(s, 0, sizeof(*s));
	sprint_symbol(text, addr);
	plus = strrchr(text, '+');
	if (!plus || text[0] == '0')
		return;
	*plus = 0;
	strscpy(s->name, text, sizeof(s->name));
	slash = strchr(plus + 1, '/');
	if (!slash)
		return;
	*slash = 0;
	bracket = strchr(slash + 1, ' ');
	if (bracket)
		*bracket = 0;
	if (kstrtoul(plus + 1, 0, &s->offset) || kstrtoul(slash + 1, 0, &s->size))
		return;
	if (bracket && bracket[1] == '[') {
		char *close = strchr(bracket + 2, ']');
		if (close)
			*close = 0;
		strscpy(s->module, bracket + 2, sizeof(s->module));
	} else {
		strscpy(s->module, "kernel", sizeof(s->module));
	}
	s->found = 1;
}

/* symname(): the name alone, or the address in hex. */
static __maybe_unused void stp_symname(char *out, size_t size, unsigned long addr)
{
	struct stp_symbol s;
	stp_symbol_lookup(addr, &s);
	if (s.found)
		strscpy(out, s.name, size);
	else
		snprintf(out, size, "0x%lx", addr);
}

/* symdata(): "name+0xOFF/0xSIZE [module]". */
static __maybe_unused void stp_symdata(char *out, size_t size, unsigned long addr)
{
	struct stp_symbol s;
	stp_symbol_lookup(addr, &s);
	if (s.found)
		snprintf(out, size, "%s+0x%lx/0x%lx [%s]", s.name, s.offset, s.size, s.module);
	else
		snprintf(out, size, "0x%lx", addr);
}

/* modname(): the module an address is in ("kernel" for vmlinux), or NULL. */
static __maybe_unused const char *stp_modname(char *out, size_t size, unsigned long addr)
{
	struct stp_symbol s;
	stp_symbol_lookup(addr, &s);
	if (!s.found)
		return NULL;
	strscpy(out, s.module, size);
	return out;
}

/* The kernel stack of the probe: from its registers when it has them, the probed address first (IP,
 * a kprobe's own address: its regs' ip is past the breakpoint), else from here, skipping this module's
 * own frames. Returns how many addresses it wrote. */
static __maybe_unused int stp_kernel_stack(struct pt_regs *regs, unsigned long ip, unsigned long *addrs, int max)
{
	struct unwind_state state;
	int n = 0;

	if (regs && user_mode(regs))
		return 0;
	if (regs)
		addrs[n++] = ip ? ip : instruction_pointer(regs);
	for (unwind_start(&state, current, regs, NULL); !unwind_done(&state) && n < max; unwind_next_frame(&state)) {
		unsigned long a = unwind_get_return_address(&state);
		if (!a)
			break;
		if (!regs && within_module(a, THIS_MODULE))
			continue;
		/* the unwinder starts at the registers' own ip, which addrs[0] already stands for */
		if (regs && n == 1 && a == instruction_pointer(regs))
			continue;
		addrs[n++] = a;
	}
	return n;
}

#endif
