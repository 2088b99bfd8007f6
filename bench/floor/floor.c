// SPDX-License-Identifier: GPL-2.0
/* The floor for bench/: the least a kprobe module can be. Pass 4 compares kbuild of this file with
 * stapper's; pass 5 loads it with an empty handler on the probed function to price a bare kprobe hit. */
#include <linux/kprobes.h>
#include <linux/module.h>

static char *symbol = "__do_sys_getpid";
module_param(symbol, charp, 0444);

static int on_hit(struct kprobe *p, struct pt_regs *regs)
{
	return 0;
}

static struct kprobe probe = { .pre_handler = on_hit };

static int __init floor_init(void)
{
	probe.symbol_name = symbol;
	return register_kprobe(&probe);
}

static void __exit floor_exit(void)
{
	unregister_kprobe(&probe);
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_LICENSE("GPL");
