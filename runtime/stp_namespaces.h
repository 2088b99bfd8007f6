/* The target namespaces of the namespace-aware tapset functions (ns_pid(), task_ns_uid(), ...): as stap's
 * default, those of the process that started the session, here the one loading the module. */
#ifndef STP_NAMESPACES_H
#define STP_NAMESPACES_H

#include <linux/pid_namespace.h>
#include <linux/user_namespace.h>
#include <linux/cred.h>

static struct pid_namespace *stp_target_pid_ns;
static struct user_namespace *stp_target_user_ns;

static void stp_namespaces_init(void)
{
	stp_target_pid_ns = get_pid_ns(task_active_pid_ns(current));
	stp_target_user_ns = get_user_ns(current_user_ns());
}

static void stp_namespaces_exit(void)
{
	if (stp_target_pid_ns)
		put_pid_ns(stp_target_pid_ns);
	if (stp_target_user_ns)
		put_user_ns(stp_target_user_ns);
	stp_target_pid_ns = NULL;
	stp_target_user_ns = NULL;
}

enum stp_ns_id { STP_NS_PID, STP_NS_TID, STP_NS_PGRP, STP_NS_SID };

/* TASK's id in the target pid namespace; 0 when TASK is not visible there (the kernel's answer). */
static __maybe_unused long stp_ns_task_id(struct task_struct *task, enum stp_ns_id which)
{
	switch (which) {
	case STP_NS_PID: return task_tgid_nr_ns(task, stp_target_pid_ns);
	case STP_NS_TID: return task_pid_nr_ns(task, stp_target_pid_ns);
	case STP_NS_PGRP: return task_pgrp_nr_ns(task, stp_target_pid_ns);
	default: return task_session_nr_ns(task, stp_target_pid_ns);
	}
}

/* Is T a task on the task list? A guru function's task argument is checked before the kernel's helpers use it. */
static __maybe_unused int stp_task_listed(struct task_struct *t)
{
	struct task_struct *g, *p;
	int found = 0;
	rcu_read_lock();
	for_each_process_thread(g, p) {
		if (p == t) {
			found = 1;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

#endif
