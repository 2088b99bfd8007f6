/* process.syscall and process.syscall.return (templates/probes/process_syscall.liquid): handlers on the
 * raw_syscalls tracepoints sys_enter / sys_exit, which pass the user's registers and the system call's number or
 * return value. A site covers the user threads of every process, of one program (the inode of the process's
 * executable, so processes already running count) or of one process, within the -c/-x hierarchy. */
#ifndef STP_SYSCALL_SITE_H
#define STP_SYSCALL_SITE_H

#include <linux/tracepoint.h>
#include <linux/namei.h>
#include <linux/fs.h>
#include "stp_uprobe.h"

struct stp_syscall_site {
	const char *tracepoint;	/* "sys_enter" or "sys_exit" */
	const char *path;	/* NULL: any program */
	long pid;		/* 0: any process */
	struct inode *inode;
	struct tracepoint *tp;
};

static void stp_syscall_lookup(struct tracepoint *tp, void *priv)
{
	struct stp_syscall_site *s = priv;
	if (strcmp(tp->name, s->tracepoint) == 0)
		s->tp = tp;
}

/* Does the site cover the current thread: a user thread, of its process, running its program, in the hierarchy. */
static __maybe_unused int stp_syscall_covers(struct stp_syscall_site *s)
{
	struct task_struct *task = current;
	if (task->flags & PF_KTHREAD)
		return 0;
	if (s->pid && task->tgid != s->pid)
		return 0;
	if (s->inode && !stp_task_runs(task, s->inode))
		return 0;
	return stp_in_target_tree(task);
}

static __maybe_unused int stp_syscall_register(struct stp_syscall_site *s, void *probe)
{
	int rc;
	if (s->path) {
		rc = stp_path_inode(s->path, &s->inode);
		if (rc)
			return rc;
	}
	s->tp = NULL;
	for_each_kernel_tracepoint(stp_syscall_lookup, s);
	rc = s->tp ? tracepoint_probe_register(s->tp, probe, s) : -ENOENT;
	if (rc) {
		s->tp = NULL;
		if (s->inode)
			iput(s->inode);
		s->inode = NULL;
	}
	return rc;
}

static __maybe_unused void stp_syscall_unregister(struct stp_syscall_site *s, void *probe)
{
	if (!s->tp)
		return;
	tracepoint_probe_unregister(s->tp, probe, s);
	tracepoint_synchronize_unregister();
	s->tp = NULL;
	if (s->inode)
		iput(s->inode);
	s->inode = NULL;
}

#endif
