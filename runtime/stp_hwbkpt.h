/* kernel.data probes: a wide hardware breakpoint (one per CPU, in the debug registers) whose handler runs the probe.
 * A symbol's address comes from the running kernel (stp_kernel_symbol_address, runtime/stp_globals.h). */
#ifndef STP_HWBKPT_H
#define STP_HWBKPT_H

#include <linux/perf_event.h>
#include <linux/hw_breakpoint.h>
#include <linux/kprobes.h>
#include "stp_globals.h"

struct stp_hwbkpt_site {
	unsigned long address;	/* 0: look up symbol */
	const char *symbol;
	long length;
	int type;		/* HW_BREAKPOINT_W, or with HW_BREAKPOINT_R */
	const char *pp;
	struct perf_event * __percpu *events;
};

/* As stap: the length rounded up to one the debug registers hold; anything over 4 is 8. */
static int stp_hwbkpt_length(long length)
{
	switch (length) {
	case 1: return HW_BREAKPOINT_LEN_1;
	case 2: return HW_BREAKPOINT_LEN_2;
	case 3:
	case 4: return HW_BREAKPOINT_LEN_4;
	default: return HW_BREAKPOINT_LEN_8;
	}
}

/* 1: registered; 0: skipped (a symbol the kernel lacks, stap's warning); < 0: the kernel refused it. */
static __maybe_unused int stp_hwbkpt_register(struct stp_hwbkpt_site *s, perf_overflow_handler_t handler)
{
	struct perf_event_attr attr;
	unsigned long addr = s->address;
	struct perf_event * __percpu *events;
	if (!addr) {
		addr = stp_kernel_symbol_address(s->symbol);
		if (!addr) {
			stp_warn("Probe %s registration skipped: invalid symbol %s ", s->pp, s->symbol);
			return 0;
		}
	}
	hw_breakpoint_init(&attr);
	attr.bp_addr = addr;
	attr.bp_len = stp_hwbkpt_length(s->length);
	attr.bp_type = s->type;
	events = register_wide_hw_breakpoint(&attr, handler, NULL);
	if (IS_ERR(events)) {
		stp_warn("Hwbkpt probe %s: registration error [man warning::pass5] %ld, addr %p, name %s", s->pp, PTR_ERR(events),
			 (void *)s->address, s->address ? "(null)" : s->symbol);
		return PTR_ERR(events);
	}
	s->events = events;
	return 1;
}

static __maybe_unused void stp_hwbkpt_unregister(struct stp_hwbkpt_site *s)
{
	if (s->events)
		unregister_wide_hw_breakpoint(s->events);
	s->events = NULL;
}

#endif
