/* Process lifecycle probes (process.begin/.end, .thread.begin/.end) on the scheduler's tracepoints:
 * sched_process_exec (a program starts), sched_process_fork (a thread or process is created) and
 * sched_process_exit (a thread ends; the process with its last thread). A site limited to a file
 * remembers the processes that exec'd it (and their forks) until they end or exec another, and those running it at
 * start. A new process or thread begins at its fork, a task that exists at start then, each in its own context
 * (stp_process_work.h); an exec ends the old image and begins the new one, as stap's task finder reports them. */
#ifndef STP_PROCESS_H
#define STP_PROCESS_H

#include <linux/tracepoint.h>
#include <linux/binfmts.h>
#include <linux/namei.h>
#include <linux/fs.h>
#include "stp_uprobe.h"
#include "stp_process_work.h"

#define STP_PROCESS_TRACKED 256

struct stp_process_site {
	const char *path;	/* NULL: any file */
	long pid;		/* 0: any process */
	int ends;		/* an .end site: at an exec, the old image ends before the new one begins (as stap) */
	int detached;		/* process(PID) after its exec: stap's task finder lets such a process go */
	struct inode *inode;
	spinlock_t lock;
	pid_t tracked[STP_PROCESS_TRACKED];
	struct tracepoint *exec_tp, *fork_tp, *exit_tp;
};

static void stp_process_lookup(struct tracepoint *tp, void *priv)
{
	struct tracepoint **found = priv;
	if (strcmp(tp->name, "sched_process_exec") == 0)
		found[0] = tp;
	else if (strcmp(tp->name, "sched_process_fork") == 0)
		found[1] = tp;
	else if (strcmp(tp->name, "sched_process_exit") == 0)
		found[2] = tp;
}

static __maybe_unused void stp_process_track(struct stp_process_site *s, pid_t tgid, int add)
{
	unsigned long flags;
	int i, free = -1;
	spin_lock_irqsave(&s->lock, flags);
	for (i = 0; i < STP_PROCESS_TRACKED; i++) {
		if (s->tracked[i] == tgid) {
			if (!add)
				s->tracked[i] = 0;
			free = -2;
			break;
		}
		if (!s->tracked[i] && free == -1)
			free = i;
	}
	if (add && free >= 0)
		s->tracked[free] = tgid;
	spin_unlock_irqrestore(&s->lock, flags);
}

static __maybe_unused int stp_process_tracked(struct stp_process_site *s, pid_t tgid)
{
	int i;
	for (i = 0; i < STP_PROCESS_TRACKED; i++)
		if (READ_ONCE(s->tracked[i]) == tgid)
			return 1;
	return 0;
}

/* Does the site cover TASK: its process, its file (as exec'd, or inherited by fork) and the -c/-x hierarchy. */
static __maybe_unused int stp_process_covers(struct stp_process_site *s, struct task_struct *task)
{
	if (s->pid && (task->tgid != s->pid || READ_ONCE(s->detached)))
		return 0;
	if (s->path && !stp_process_tracked(s, task->tgid))
		return 0;
	return stp_in_target_tree(task);
}

/* A program starts in P (current): a site limited to a file starts covering P when P runs that file; a process(PID)
 * site lets its process go (stap: `.end` at the exec, then nothing more). */
static __maybe_unused void stp_process_exec(struct stp_process_site *s, struct task_struct *p, struct linux_binprm *bprm)
{
	if (s->pid && p->tgid == s->pid)
		WRITE_ONCE(s->detached, 1);
	if (!s->path)
		return;
	if (bprm->file && d_real_inode(bprm->file->f_path.dentry) == s->inode)
		stp_process_track(s, p->tgid, 1);
	else
		stp_process_track(s, p->tgid, 0);
}

/* A new process runs its parent's file until it execs another. */
static __maybe_unused void stp_process_fork(struct stp_process_site *s, struct task_struct *parent, struct task_struct *child)
{
	if (s->path && child->tgid != parent->tgid && stp_process_tracked(s, parent->tgid))
		stp_process_track(s, child->tgid, 1);
}

static __maybe_unused int stp_process_register(struct stp_process_site *s, void *on_exec, void *on_fork, void *on_exit)
{
	struct tracepoint *found[3] = { NULL, NULL, NULL };
	int rc;
	spin_lock_init(&s->lock);
	if (s->path) {
		rc = stp_path_inode(s->path, &s->inode);
		if (rc)
			return rc;
	}
	for_each_kernel_tracepoint(stp_process_lookup, found);
	rc = -ENOENT;
	if (found[0] && found[1] && found[2]) {
		rc = tracepoint_probe_register_prio(found[0], on_exec, s, TRACEPOINT_DEFAULT_PRIO + !!s->ends);
		if (rc == 0) {
			rc = tracepoint_probe_register(found[1], on_fork, s);
			if (rc == 0) {
				rc = tracepoint_probe_register(found[2], on_exit, s);
				if (rc == 0) {
					s->exec_tp = found[0];
					s->fork_tp = found[1];
					s->exit_tp = found[2];
					return 0;
				}
				tracepoint_probe_unregister(found[1], on_fork, s);
			}
			tracepoint_probe_unregister(found[0], on_exec, s);
		}
	}
	if (s->inode)
		iput(s->inode);
	s->inode = NULL;
	return rc;
}

#define STP_PROCESS_BEGIN 1
#define STP_PROCESS_THREAD_BEGIN 2
#define STP_PROCESS_STARTED_SITES 64

/* The sites that look at the tasks existing when the session runs: EVENT (0, STP_PROCESS_BEGIN or
 * STP_PROCESS_THREAD_BEGIN) and what runs the site's probe then in a task. */
static struct {
	struct stp_process_site *site;
	int event;
	void (*fire)(struct stp_process_site *);
} stp_process_started_sites[STP_PROCESS_STARTED_SITES];
static int stp_process_started_count;

static __maybe_unused void stp_process_on_start(struct stp_process_site *s, int event, void (*fire)(struct stp_process_site *))
{
	/* process context: look task_work_cancel up before a fork can queue a begin */
	if (event)
		stp_process_work_ready();
	if (stp_process_started_count < STP_PROCESS_STARTED_SITES) {
		stp_process_started_sites[stp_process_started_count].site = s;
		stp_process_started_sites[stp_process_started_count].event = event;
		stp_process_started_sites[stp_process_started_count].fire = fire;
		stp_process_started_count++;
	}
}

/* The session runs (its probes registered, its state RUNNING): a site on a file tracks the processes running it;
 * a begin site has each process it covers run its probe, a thread.begin site each thread but the main one. */
static __maybe_unused void stp_process_existing_start(void)
{
	struct task_struct *p, *t;
	int i, ready = stp_task_work_cancel != NULL;
	rcu_read_lock();
	for_each_process(p) {
		if (p->flags & PF_KTHREAD)
			continue;
		for (i = 0; i < stp_process_started_count; i++) {
			struct stp_process_site *s = stp_process_started_sites[i].site;
			int event = stp_process_started_sites[i].event;
			if (s->path) {
				if (!stp_task_runs(p, s->inode))
					continue;
				stp_process_track(s, p->tgid, 1);
			}
			if (ready != 1 || !event || !stp_process_covers(s, p))
				continue;
			if (event == STP_PROCESS_BEGIN)
				stp_process_queue(p, s, stp_process_started_sites[i].fire, TWA_SIGNAL);
			else
				for_each_thread(p, t)
					if (t != p)
						stp_process_queue(t, s, stp_process_started_sites[i].fire, TWA_SIGNAL);
		}
	}
	rcu_read_unlock();
}

static __maybe_unused void stp_process_unregister(struct stp_process_site *s, void *on_exec, void *on_fork, void *on_exit)
{
	stp_process_works_stop();
	if (!s->exec_tp)
		return;
	tracepoint_probe_unregister(s->exec_tp, on_exec, s);
	tracepoint_probe_unregister(s->fork_tp, on_fork, s);
	tracepoint_probe_unregister(s->exit_tp, on_exit, s);
	tracepoint_synchronize_unregister();
	s->exec_tp = NULL;
	if (s->inode)
		iput(s->inode);
	s->inode = NULL;
}

#endif
