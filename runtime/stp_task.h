/* Reads of a task_struct given as a number (task_current(), task_parent(), pid2task()): every
 * field is copied without faulting, so a stale or wrong address is an error, not an oops. */
#ifndef STP_TASK_H
#define STP_TASK_H

#include <linux/fdtable.h>
#include <linux/pid.h>
#include <linux/sched/prio.h>

/* *out = the task's FIELD; nonzero when it cannot be read. */
#define STP_TASK_READ(task, field, out) \
	copy_from_kernel_nofault(&(out), &((struct task_struct *)(uintptr_t)(task))->field, sizeof(out))

/* The uid or gid (WHICH: uid, euid, gid, egid) of the task's real credentials, in the caller's user namespace. */
#define STP_TASK_CRED_ID(task, which, kind, out) ({ \
	const struct cred *__cred; \
	kind##_t __id; \
	int __rc = STP_TASK_READ(task, real_cred, __cred); \
	if (!__rc) \
		__rc = copy_from_kernel_nofault(&__id, &__cred->which, sizeof(__id)); \
	if (!__rc) \
		(out) = from_##kind##_munged(current_user_ns(), __id); \
	__rc; })

/* The task's open file table, or NULL (a kernel thread, an exiting task); call under rcu_read_lock. */
static __maybe_unused struct fdtable *stp_task_fdtable(unsigned long task)
{
	struct files_struct *files;
	struct fdtable *fdt;
	if (STP_TASK_READ(task, files, files) || !files)
		return NULL;
	if (copy_from_kernel_nofault(&fdt, &files->fdt, sizeof(fdt)))
		return NULL;
	return fdt;
}

#endif
