// SPDX-License-Identifier: GPL-2.0
/* The return-probe floor for bench/: a bare return probe with an empty handler on the probed function, to price a
 * return hit: a kretprobe (mode=kretprobe, the default) or, where the kernel has fprobe, an fprobe's exit handler
 * (mode=fprobe), the two mechanisms stapper's kernel.function(...).return uses. */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/string.h>
#ifdef CONFIG_FPROBE
#include <linux/fprobe.h>
#endif

static char *symbol = "__do_sys_getpid";
module_param(symbol, charp, 0444);
static char *mode = "kretprobe";
module_param(mode, charp, 0444);

static int on_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	return 0;
}

static struct kretprobe probe = { .handler = on_return };

#if defined(CONFIG_FPROBE) && defined(FLOOR_FPROBE)
static void notrace on_exit(struct fprobe *fp, unsigned long entry_ip, unsigned long ret_ip, struct pt_regs *regs, void *data)
{
}

static struct fprobe fp = { .exit_handler = on_exit };
#endif

static int __init return_floor_init(void)
{
	if (strcmp(mode, "fprobe") == 0) {
#if defined(CONFIG_FPROBE) && defined(FLOOR_FPROBE)
		const char *syms[] = { symbol };
		return register_fprobe_syms(&fp, syms, 1);
#else
		return -EOPNOTSUPP;
#endif
	}
	probe.kp.symbol_name = symbol;
	return register_kretprobe(&probe);
}

static void __exit return_floor_exit(void)
{
	if (strcmp(mode, "fprobe") == 0) {
#if defined(CONFIG_FPROBE) && defined(FLOOR_FPROBE)
		unregister_fprobe(&fp);
#endif
	} else {
		unregister_kretprobe(&probe);
	}
}

module_init(return_floor_init);
module_exit(return_floor_exit);
MODULE_LICENSE("GPL");
