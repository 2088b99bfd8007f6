/* perf.* probes: perf event counters whose overflow handler runs the probe. System-wide, one counter per online CPU;
 * bound to a program (.process), one counter per process running that file: those running it at start and those that
 * exec it later (sched_process_exec). A counter is created in process context, so an exec queues its creation on the
 * site's workqueue; counters live until the session stops (an exited task's counter stays until it is released).
 * A .counter("NAME") site has no handler: its counters count, and @perf reads the current thread's in a uprobe
 * handler (stp_perf_counter_read), creating it there for a thread that has none yet. */
#ifndef STP_PERF_H
#define STP_PERF_H

#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/sched/signal.h>
#include "stp_process.h"

#define STP_PERF_TASKS 256

struct stp_perf_site {
	struct perf_event_attr attr;
	perf_overflow_handler_t handler;
	const char *pp;
	const char *path;		/* .process: the program's file; NULL: every CPU (a counter: each thread reading it) */
	int counter;			/* .counter("NAME"): counts for @perf, no handler */
	struct perf_event **cpu_events;	/* nr_cpu_ids of them */
	struct inode *inode;
	struct tracepoint *exec_tp;
	struct workqueue_struct *wq;
	spinlock_t lock;
	struct perf_event *task_events[STP_PERF_TASKS];
	struct task_struct *task_owners[STP_PERF_TASKS]; /* held: a pointer not reused while the counter lives */
	int tasks;
	int warned;
};

struct stp_perf_attach {
	struct work_struct work;
	struct stp_perf_site *site;
	struct task_struct *task;
};

static void stp_perf_release_cpus(struct stp_perf_site *s)
{
	int cpu;
	if (!s->cpu_events)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (s->cpu_events[cpu])
			perf_event_release_kernel(s->cpu_events[cpu]);
	kfree(s->cpu_events);
	s->cpu_events = NULL;
}

static int stp_perf_register_cpus(struct stp_perf_site *s)
{
	int cpu;
	s->cpu_events = kcalloc(nr_cpu_ids, sizeof(*s->cpu_events), GFP_KERNEL);
	if (!s->cpu_events)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		struct perf_event *e = perf_event_create_kernel_counter(&s->attr, cpu, NULL, s->handler, NULL);
		if (IS_ERR(e)) {
			/* as stap: a counter the CPU cannot count fails the session */
			stp_perf_release_cpus(s);
			return PTR_ERR(e);
		}
		s->cpu_events[cpu] = e;
	}
	return 0;
}

static struct perf_event *stp_perf_task_event(struct stp_perf_site *s, struct task_struct *task)
{
	struct perf_event *e = NULL;
	unsigned long flags;
	int i;
	spin_lock_irqsave(&s->lock, flags);
	for (i = 0; i < s->tasks; i++)
		if (s->task_owners[i] == task) {
			e = s->task_events[i];
			break;
		}
	spin_unlock_irqrestore(&s->lock, flags);
	return e;
}

/* A counter on TASK (process context), unless it has one. A kind of event the kernel does not count is stap's
 * warning, once, not an error. */
static void stp_perf_attach_task(struct stp_perf_site *s, struct task_struct *task)
{
	struct perf_event *e;
	unsigned long flags;
	int i;
	if (stp_perf_task_event(s, task))
		return;
	e = perf_event_create_kernel_counter(&s->attr, -1, task, s->handler, NULL);
	if (IS_ERR(e)) {
		long rc = PTR_ERR(e);
		if ((rc == -EINVAL || rc == -ENOSYS || rc == -ENOENT || rc == -EOPNOTSUPP || rc == -ENXIO) && !xchg(&s->warned, 1))
			stp_warn("perf probe '%s' is not supported by this kernel (%ld).", s->pp, rc);
		return;
	}
	spin_lock_irqsave(&s->lock, flags);
	for (i = 0; i < s->tasks && s->task_owners[i] != task; i++)
		;
	if (i == s->tasks && s->tasks < STP_PERF_TASKS) {
		get_task_struct(task);
		s->task_owners[s->tasks] = task;
		s->task_events[s->tasks++] = e;
		e = NULL;
	}
	spin_unlock_irqrestore(&s->lock, flags);
	if (e)
		perf_event_release_kernel(e);
}

/* @perf("NAME"): the current thread's count of counter site S, read before the probe runs (the read may sleep). */
static __maybe_unused long stp_perf_counter_read(struct stp_perf_site *s)
{
	struct perf_event *e;
	u64 enabled, running;
	if (s->path && !s->inode)
		return 0;
	e = stp_perf_task_event(s, current);
	if (!e) {
		stp_perf_attach_task(s, current);
		e = stp_perf_task_event(s, current);
	}
	if (!e) {
		/* as stap's read of a counter the kernel would not create (after its warning) */
		stp_error("_stp_perf_read - probe '%s' is not supported by this kernel", s->pp);
		return 0;
	}
#ifdef STAPCONF_PERF_EVENT_READ_VALUE
	return (long)perf_event_read_value(e, &enabled, &running);
#else
	/* the kernel does not export it: as stap's read of a counter it could not create */
	(void)e; (void)enabled; (void)running;
	if (!xchg(&s->warned, 1))
		stp_warn("perf counter '%s' cannot be read: this kernel does not export perf_event_read_value.", s->pp);
	return 0;
#endif
}

static void stp_perf_attach_work(struct work_struct *work)
{
	struct stp_perf_attach *a = container_of(work, struct stp_perf_attach, work);
	stp_perf_attach_task(a->site, a->task);
	put_task_struct(a->task);
	kfree(a);
}

static void notrace stp_perf_exec(void *data, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct stp_perf_site *s = data;
	struct stp_perf_attach *a;
	if (!bprm->file || d_real_inode(bprm->file->f_path.dentry) != s->inode)
		return;
	a = kmalloc(sizeof(*a), GFP_ATOMIC);
	if (!a)
		return;
	INIT_WORK(&a->work, stp_perf_attach_work);
	a->site = s;
	get_task_struct(p);
	a->task = p;
	queue_work(s->wq, &a->work);
}

static void stp_perf_release_tasks(struct stp_perf_site *s)
{
	int i;
	for (i = 0; i < s->tasks; i++) {
		perf_event_release_kernel(s->task_events[i]);
		put_task_struct(s->task_owners[i]);
	}
	s->tasks = 0;
}

/* The processes already running the program, then those that exec it. A file that does not exist matches nothing, as stap. */
static int stp_perf_register_program(struct stp_perf_site *s)
{
	struct tracepoint *found[3] = { NULL, NULL, NULL };
	struct task_struct *p, *running[16];
	int n = 0, i, rc;
	spin_lock_init(&s->lock);
	if (stp_path_inode(s->path, &s->inode))
		return 0;
	s->wq = alloc_workqueue("stp_perf", 0, 0);
	if (!s->wq) {
		rc = -ENOMEM;
		goto fail;
	}
	for_each_kernel_tracepoint(stp_process_lookup, found);
	rc = found[0] ? tracepoint_probe_register(found[0], (void *)stp_perf_exec, s) : -ENOENT;
	if (rc)
		goto fail;
	s->exec_tp = found[0];
	rcu_read_lock();
	for_each_process(p) {
		if (n < ARRAY_SIZE(running) && stp_task_runs(p, s->inode)) {
			get_task_struct(p);
			running[n++] = p;
		}
	}
	rcu_read_unlock();
	for (i = 0; i < n; i++) {
		stp_perf_attach_task(s, running[i]);
		put_task_struct(running[i]);
	}
	return 0;
fail:
	if (s->wq)
		destroy_workqueue(s->wq);
	s->wq = NULL;
	iput(s->inode);
	s->inode = NULL;
	return rc;
}

static void stp_perf_unregister_program(struct stp_perf_site *s)
{
	if (s->exec_tp) {
		tracepoint_probe_unregister(s->exec_tp, (void *)stp_perf_exec, s);
		tracepoint_synchronize_unregister();
		s->exec_tp = NULL;
	}
	if (s->wq)
		destroy_workqueue(s->wq); /* runs what exec queued first */
	s->wq = NULL;
	stp_perf_release_tasks(s);
	if (s->inode)
		iput(s->inode);
	s->inode = NULL;
}

static __maybe_unused int stp_perf_register(struct stp_perf_site *s)
{
	if (s->counter && !s->path) {
		spin_lock_init(&s->lock);
		return 0;
	}
	return s->path ? stp_perf_register_program(s) : stp_perf_register_cpus(s);
}

static __maybe_unused void stp_perf_unregister(struct stp_perf_site *s)
{
	if (s->counter && !s->path)
		stp_perf_release_tasks(s);
	else if (s->path)
		stp_perf_unregister_program(s);
	else
		stp_perf_release_cpus(s);
}

#endif
