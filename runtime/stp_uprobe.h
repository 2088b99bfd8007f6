/* User-space probes: a uprobe_consumer on a file's inode at a file offset, fired in every process that maps it.
 * The kernel API is probed from the build tree (stp_autoconf.h): 6.12 returns the struct uprobe from
 * uprobe_register (which takes the reference-counter offset) and unregisters in two steps. */
#ifndef STP_UPROBE_H
#define STP_UPROBE_H

#include <linux/uprobes.h>
#include <linux/namei.h>
#include <linux/fs.h>
#include <linux/path.h>

struct stp_uprobe {
	const char *path;
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
	for (; task && task->pid > 1; task = rcu_dereference(task->real_parent))
		if (task->tgid == _stp_target) {
			found = 1;
			break;
		}
	rcu_read_unlock();
	return found;
}

static __maybe_unused int stp_uprobe_register(struct stp_uprobe *u)
{
	struct path path;
	int rc = kern_path(u->path, LOOKUP_FOLLOW, &path);
	if (rc)
		return rc;
	/* The file's own inode, not an overlay's (whose address space cannot be read): as the kernel's uprobe_events. */
	u->inode = igrab(d_real_inode(path.dentry));
	path_put(&path);
	if (!u->inode)
		return -ENOENT;
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
		return rc;
	}
	u->registered = 1;
	return 0;
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
	u->registered = 0;
}

#endif
