/* stp_fprobe.h: kernel.function return probes on an fprobe's exit handler. Used where the kernel has fprobe
 * (CONFIG_FPROBE) in the form these handlers are written for, as the build tree's linux/fprobe.h shows it: handlers
 * given pt_regs, ret_ip and the per-call entry_data, an entry handler returning int, and nr_maxactive
 * (STAPCONF_FPROBE_* tests, KernelFunctionEmitter). Anywhere else (no CONFIG_FPROBE, or ftrace_regs handlers)
 * return probes stay kretprobes (templates/probes/kretprobe.liquid). */
#ifndef STP_FPROBE_H
#define STP_FPROBE_H

#if defined(CONFIG_FPROBE) && defined(STAPCONF_FPROBE_ENTRY_CB) && defined(STAPCONF_FPROBE_PT_REGS) \
	&& defined(STAPCONF_FPROBE_MAXACTIVE)
#include <linux/fprobe.h>
#define STP_FPROBE_EXIT 1

/* The calls in flight one fprobe can track: .maxactive(N), else kretprobe's default (fprobe's own would be two
 * per CPU), so that a probe misses returns at the same depth of sleeping callers either way. */
static __maybe_unused int stp_fprobe_maxactive(int maxactive)
{
	if (maxactive > 0)
		return maxactive;
	return max_t(int, 10, 2 * num_possible_cpus());
}
#endif

#endif
