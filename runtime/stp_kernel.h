/* The kernel headers every stapper module reads, in one place: pass 4 precompiles this header once per
 * kernel build tree (a GCC precompiled header) when it replays kbuild's commands. Script code never goes here. */
#ifndef STP_KERNEL_H
#define STP_KERNEL_H

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/types.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/cred.h>
#include <linux/uidgid.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/umh.h>
#include <linux/workqueue.h>
#include <linux/poll.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/timer.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/percpu.h>
#include <linux/cpumask.h>
#include <linux/kprobes.h>
#include <linux/ftrace.h>
#include <linux/kallsyms.h>
#include <linux/math64.h>
#include <linux/sort.h>
#include <asm/irq_regs.h>
#include <linux/sched/clock.h>

#endif
