// SPDX-License-Identifier: GPL-2.0
/* The floor for bench/: the least a probe module can be. Pass 4 compares kbuild of this file with stapper's;
 * pass 5 loads it with an empty handler on the probed function to price a bare hit: a kprobe (mode=kprobe, the
 * default) or an ftrace_ops callback (mode=ftrace), the two mechanisms stapper's kernel.function entry uses. */
#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>

static char *symbol = "__do_sys_getpid";
module_param(symbol, charp, 0444);
static char *mode = "kprobe";
module_param(mode, charp, 0444);

static int on_hit(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static struct kprobe probe = { .pre_handler = on_hit };

static void notrace on_call(unsigned long ip, unsigned long parent_ip, struct ftrace_ops *op, struct ftrace_regs *fregs)
{
}

static struct ftrace_ops ops = { .func = on_call };

static int __init floor_init(void)
{
	int rc;
	if (strcmp(mode, "ftrace") == 0) {
		rc = ftrace_set_filter(&ops, symbol, strlen(symbol), 1);
		return rc ? rc : register_ftrace_function(&ops);
	}
	probe.symbol_name = symbol;
	return register_kprobe(&probe);
}

static void __exit floor_exit(void)
{
	if (strcmp(mode, "ftrace") == 0) {
		unregister_ftrace_function(&ops);
		ftrace_free_filter(&ops);
	} else {
		unregister_kprobe(&probe);
	}
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_LICENSE("GPL");
