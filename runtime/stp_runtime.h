/* Stapper module runtime: defaults, kernel headers and the runtime headers in dependency order.
 * The generated module.c includes this first. */
#ifndef STP_RUNTIME_H
#define STP_RUNTIME_H

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
#include <linux/poll.h>
#include <linux/umh.h>
#include <linux/workqueue.h>
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

#include "stp_autoconf.h"

#ifndef MAXSTRINGLEN
#define MAXSTRINGLEN 512
#endif
#ifndef MAXACTION
#define MAXACTION 1000
#endif
/* stap's probes run interruptible by default and get ten times MAXACTION (its INTERRUPTIBLE rule) */
#ifndef MAXACTION_INTERRUPTIBLE
#define MAXACTION_INTERRUPTIBLE (MAXACTION * 10)
#endif
#ifndef MAXNESTING
#define MAXNESTING 10
#endif
#ifndef TRYLOCKDELAY
#define TRYLOCKDELAY 10
#endif
#ifndef MAXTRYLOCK
#define MAXTRYLOCK 100
#endif
#ifndef MAXMAPENTRIES
#define MAXMAPENTRIES 2048
#endif
#ifndef MAXERRORS
#define MAXERRORS 0
#endif
#ifndef MAXSKIPPED
#define MAXSKIPPED 100
#endif
#ifndef STP_PRINT_BUF_SIZE
#define STP_PRINT_BUF_SIZE 32768
#endif
#ifndef STP_PRINT_FLUSH_AT
#define STP_PRINT_FLUSH_AT 8192
#endif
#ifndef STP_DEFAULT_BUFSIZE
#define STP_DEFAULT_BUFSIZE (1024 * 1024)
#endif
#ifndef KRETACTIVE
#define KRETACTIVE 0
#endif

typedef char stp_string_t[MAXSTRINGLEN];

#include "stp_kcompat.h"
#include "stp_buf.h"
#include "stp_format.h"
#include "stp_stat.h"
#include "stp_string.h"
#include "stp_transport.h"
#include "stp_error.h"
#include "stp_lock.h"
#include "stp_map.h"
#include "stp_pstat.h"

#endif
