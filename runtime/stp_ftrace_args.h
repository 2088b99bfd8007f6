/* stp_ftrace_args.h: an ftrace_ops callback's view of its function's argument registers.
 * With DYNAMIC_FTRACE_WITH_ARGS, ftrace saves them (and no more: cs stays 0, so ftrace_get_regs is NULL) in
 * the ftrace_regs it passes; on x86_64 that holds a pt_regs. Newer kernels make struct ftrace_regs opaque
 * and reach the pt_regs through linux/ftrace_regs.h (tested in the build tree: STAPCONF_FTRACE_REGS_H). */
#ifndef STP_FTRACE_ARGS_H
#define STP_FTRACE_ARGS_H

#include <linux/ftrace.h>

static __always_inline const struct pt_regs *stp_ftrace_arg_regs(struct ftrace_regs *fregs)
{
#if !defined(CONFIG_HAVE_DYNAMIC_FTRACE_WITH_ARGS)
	return ftrace_get_regs(fregs); /* never attached this way there (templates/probes/kprobe.liquid) */
#elif defined(STAPCONF_FTRACE_REGS_H)
	return &arch_ftrace_regs(fregs)->regs;
#else
	return &fregs->regs;
#endif
}

#endif
