/* process.begin and .thread.begin run in the task they report, as stap's task finder runs them: a task_work queued
 * on a task that exists when the probes start (TWA_SIGNAL: a sleeping task wakes to run it, and its system call
 * restarts) or on a new one at its fork (TWA_RESUME: it runs before the task's first user instruction). A work runs
 * for the image the task had when it was queued, and not in a task already exiting (stap's quiesce worker skips those).
 * A work still queued when the session ends is taken back with task_work_cancel, which modules reach only by name:
 * where it cannot be called (not found, or IBT on and the function without an ENDBR to land on), nothing is queued
 * and a warning says so. */
#ifndef STP_PROCESS_WORK_H
#define STP_PROCESS_WORK_H

#include <linux/delay.h>
#include <linux/list.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include "stp_globals.h"

struct stp_process_site;

struct stp_process_work {
	struct callback_head cb;	/* first: task_work_cancel_func hands this back */
	struct task_struct *task;	/* held until the work ran or was taken back */
	struct stp_process_site *site;
	void (*fire)(struct stp_process_site *);
	u64 exec_id;			/* the task's self_exec_id when queued: an exec since starts another image */
	struct list_head node;		/* on stp_process_works while queued */
};

static LIST_HEAD(stp_process_works);
static DEFINE_SPINLOCK(stp_process_works_lock);
static atomic_t stp_process_works_live = ATOMIC_INIT(0);	/* queued or running */
static int stp_process_works_closed;

#ifdef STAPCONF_TASK_WORK_CANCEL_CB
typedef bool (*stp_task_work_cancel_t)(struct task_struct *, struct callback_head *);
#else
typedef struct callback_head *(*stp_task_work_cancel_t)(struct task_struct *, task_work_func_t);
#endif
static stp_task_work_cancel_t stp_task_work_cancel;
static int stp_task_work_cancel_looked_up;

/* task_work_cancel's entry, or NULL when it cannot be called through a pointer. The kprobe lookup gives the address
 * past an ENDBR: the entry is 4 bytes before it then. */
static stp_task_work_cancel_t stp_task_work_cancel_entry(void)
{
	const u32 endbr64 = 0xfa1e0ff3;	/* f3 0f 1e fa */
	unsigned long addr = stp_kernel_symbol_address("task_work_cancel");
	u32 before = 0;
	if (!addr)
		return NULL;
	if (copy_from_kernel_nofault(&before, (void *)(addr - 4), 4) == 0 && before == endbr64)
		return (stp_task_work_cancel_t)(addr - 4);
#ifdef X86_FEATURE_IBT
	if (cpu_feature_enabled(X86_FEATURE_IBT))
		return NULL;
#endif
	return (stp_task_work_cancel_t)addr;
}

static void stp_process_work_free(struct stp_process_work *w)
{
	put_task_struct(w->task);
	kfree(w);
	atomic_dec(&stp_process_works_live);
}

/* In the task's own context, on its way back to user space. */
static void stp_process_work_run(struct callback_head *cb)
{
	struct stp_process_work *w = container_of(cb, struct stp_process_work, cb);
	unsigned long flags;
	spin_lock_irqsave(&stp_process_works_lock, flags);
	list_del_init(&w->node);
	spin_unlock_irqrestore(&stp_process_works_lock, flags);
	if (!(current->flags & PF_EXITING) && current->self_exec_id == w->exec_id)
		w->fire(w->site);
	stp_process_work_free(w);
}

/* Queue FIRE(SITE) to run in TASK, NOTIFY being TWA_SIGNAL or TWA_RESUME; atomic context (no sleeping). */
static __maybe_unused void stp_process_queue(struct task_struct *task, struct stp_process_site *site,
					     void (*fire)(struct stp_process_site *), int notify)
{
	struct stp_process_work *w;
	unsigned long flags;
	if (!stp_task_work_cancel || (task->flags & (PF_KTHREAD | PF_EXITING)))
		return;
	w = kzalloc(sizeof(*w), GFP_ATOMIC);
	if (!w)
		return;
	init_task_work(&w->cb, stp_process_work_run);
	w->task = get_task_struct(task);
	w->site = site;
	w->fire = fire;
	w->exec_id = READ_ONCE(task->self_exec_id);
	atomic_inc(&stp_process_works_live);
	spin_lock_irqsave(&stp_process_works_lock, flags);
	if (stp_process_works_closed) {
		spin_unlock_irqrestore(&stp_process_works_lock, flags);
		stp_process_work_free(w);
		return;
	}
	list_add(&w->node, &stp_process_works);
	spin_unlock_irqrestore(&stp_process_works_lock, flags);
	if (task_work_add(task, &w->cb, notify)) {
		/* the task is exiting: it will run no more works */
		spin_lock_irqsave(&stp_process_works_lock, flags);
		list_del_init(&w->node);
		spin_unlock_irqrestore(&stp_process_works_lock, flags);
		stp_process_work_free(w);
	}
}

/* Whether begin probes can run in their tasks: looks task_work_cancel up once (process context) and warns when not. */
static int stp_process_work_ready(void)
{
	if (!stp_task_work_cancel_looked_up) {
		stp_task_work_cancel_looked_up = 1;
		stp_task_work_cancel = stp_task_work_cancel_entry();
		if (!stp_task_work_cancel)
			stp_warn("process.begin and .thread.begin do not run for processes that exist before the probes start "
				 "or that fork: this kernel's task_work_cancel cannot be called from a module\n");
	}
	return stp_task_work_cancel != NULL;
}

/* The session ends: take back the works not run yet, then wait for those running. Process context. */
static __maybe_unused void stp_process_works_stop(void)
{
	struct stp_process_work *w;
	unsigned long flags;
	spin_lock_irqsave(&stp_process_works_lock, flags);
	stp_process_works_closed = 1;
	spin_unlock_irqrestore(&stp_process_works_lock, flags);
	for (;;) {
		struct task_struct *task = NULL;
		spin_lock_irqsave(&stp_process_works_lock, flags);
		if (!list_empty(&stp_process_works)) {
			w = list_first_entry(&stp_process_works, struct stp_process_work, node);
			list_del_init(&w->node);
			task = w->task;
		}
		spin_unlock_irqrestore(&stp_process_works_lock, flags);
		if (!task)
			break;
#ifdef STAPCONF_TASK_WORK_CANCEL_CB
		if (stp_task_work_cancel(task, &w->cb))
			stp_process_work_free(w);
#else
		{
			struct callback_head *cb;
			/* by function: takes back this task's works of every site, each freed once */
			while ((cb = stp_task_work_cancel(task, stp_process_work_run))) {
				struct stp_process_work *x = container_of(cb, struct stp_process_work, cb);
				spin_lock_irqsave(&stp_process_works_lock, flags);
				list_del_init(&x->node);
				spin_unlock_irqrestore(&stp_process_works_lock, flags);
				stp_process_work_free(x);
			}
		}
#endif
		/* not taken back: the task is running it now, and frees it */
	}
	while (atomic_read(&stp_process_works_live))
		msleep(1);
	synchronize_rcu();
}

#endif
