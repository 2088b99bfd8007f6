/* User-space probes: a uprobe_consumer on a file's inode at a file offset, fired in every process that maps it.
 * The kernel API is probed from the build tree (stp_autoconf.h): 6.12 returns the struct uprobe from
 * uprobe_register (which takes the reference-counter offset) and unregisters in two steps. */
#ifndef STP_UPROBE_H
#define STP_UPROBE_H

#include <linux/uprobes.h>
#include <linux/namei.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <linux/mm_types.h>
#include <linux/rcupdate.h>

struct stp_uprobe {
	const char *path;
	long pid;		/* process(PID): hits only in it; 0 for any */
	const char *program;	/* process("P").library("L"): hits only in processes running P; NULL for any */
	struct inode *program_inode;
	loff_t offset;
	loff_t ref_ctr_offset; /* an SDT semaphore, 0 for none */
	struct uprobe_consumer consumer;
	struct inode *inode;
#ifdef STAPCONF_UPROBE_UNREGISTER_NOSYNC
	struct uprobe *uprobe;
#endif
	int registered;
};

/* With -c or -x, process probes fire only in the target's process hierarchy: TASK is the target or descends from it. */
static __maybe_unused int stp_in_target_tree(struct task_struct *task)
{
	int found = 0;
	if (!_stp_target)
		return 1;
	rcu_read_lock();
	/* up to init, which is the target too under -x 1 */
	for (; task; task = rcu_dereference(task->real_parent)) {
		if (task->tgid == _stp_target) {
			found = 1;
			break;
		}
		if (task->pid <= 1)
			break;
	}
	rcu_read_unlock();
	return found;
}

/* The file NAME's own inode, held: not an overlay's, whose address space cannot be read (as the kernel's
 * uprobe_events). */
static __maybe_unused int stp_path_inode(const char *name, struct inode **inode)
{
	struct path path;
	int rc = kern_path(name, LOOKUP_FOLLOW, &path);
	if (rc)
		return rc;
	*inode = igrab(d_real_inode(path.dentry));
	path_put(&path);
	return *inode ? 0 : -ENOENT;
}

/* Does TASK run the program whose (real) inode is INODE: its executable's. Another task's mm can go while it is read:
 * task_lock holds it (current's cannot, and a probe hit in it takes no lock). */
static __maybe_unused int stp_task_runs(struct task_struct *task, struct inode *inode)
{
	struct file *exe;
	int same = 0;
	if (task != current)
		task_lock(task);
	rcu_read_lock();
	exe = task->mm ? rcu_dereference(task->mm->exe_file) : NULL;
	if (exe && d_real_inode(exe->f_path.dentry) == inode)
		same = 1;
	rcu_read_unlock();
	if (task != current)
		task_unlock(task);
	return same;
}

/* Does a hit in the current thread count for the site: its process, its program and the -c/-x hierarchy. */
static __maybe_unused int stp_uprobe_covers(struct uprobe_consumer *self)
{
	struct stp_uprobe *u = container_of(self, struct stp_uprobe, consumer);
	if (u->pid && current->tgid != u->pid)
		return 0;
	if (u->program_inode && !stp_task_runs(current, u->program_inode))
		return 0;
	return stp_in_target_tree(current);
}

static __maybe_unused int stp_uprobe_register(struct stp_uprobe *u)
{
	int rc;
	if (u->program) {
		rc = stp_path_inode(u->program, &u->program_inode);
		if (rc)
			return rc;
	}
	rc = stp_path_inode(u->path, &u->inode);
	if (rc)
		goto fail;
#ifdef STAPCONF_UPROBE_UNREGISTER_NOSYNC
	u->uprobe = uprobe_register(u->inode, u->offset, u->ref_ctr_offset, &u->consumer);
	rc = IS_ERR(u->uprobe) ? PTR_ERR(u->uprobe) : 0;
#elif defined(STAPCONF_UPROBE_REGISTER_REFCTR)
	rc = uprobe_register_refctr(u->inode, u->offset, u->ref_ctr_offset, &u->consumer);
#else
	rc = u->ref_ctr_offset ? -EOPNOTSUPP : uprobe_register(u->inode, u->offset, &u->consumer);
#endif
	if (rc) {
		iput(u->inode);
		u->inode = NULL;
		goto fail;
	}
	u->registered = 1;
	return 0;
fail:
	if (u->program_inode)
		iput(u->program_inode);
	u->program_inode = NULL;
	return rc;
}

static __maybe_unused void stp_uprobe_unregister(struct stp_uprobe *u)
{
	if (!u->registered)
		return;
#ifdef STAPCONF_UPROBE_UNREGISTER_NOSYNC
	uprobe_unregister_nosync(u->uprobe, &u->consumer);
	uprobe_unregister_sync();
#else
	uprobe_unregister(u->inode, u->offset, &u->consumer);
#endif
	iput(u->inode);
	u->inode = NULL;
	if (u->program_inode)
		iput(u->program_inode);
	u->program_inode = NULL;
	u->registered = 0;
}

#endif
