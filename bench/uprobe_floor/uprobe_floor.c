// SPDX-License-Identifier: GPL-2.0
/* The per-hit floor for user-space probes (bench/): a uprobe with an empty handler on the file PATH at OFFSET,
 * the mechanism stapper's process("PATH").function entry uses, and nothing else. */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/uprobes.h>

static char *path;
module_param(path, charp, 0444);
static ulong offset;
module_param(offset, ulong, 0444);

static struct inode *inode;
#ifdef FLOOR_UPROBE_NOSYNC
static struct uprobe *uprobe;
#endif

static int on_hit(struct uprobe_consumer *self, struct pt_regs *regs)
{
	return 0;
}

static struct uprobe_consumer consumer = { .handler = on_hit };

static int __init floor_init(void)
{
	struct path p;
	int rc;
	if (!path)
		return -EINVAL;
	rc = kern_path(path, LOOKUP_FOLLOW, &p);
	if (rc)
		return rc;
	inode = igrab(d_real_inode(p.dentry));
	path_put(&p);
	if (!inode)
		return -ENOENT;
#ifdef FLOOR_UPROBE_NOSYNC
	uprobe = uprobe_register(inode, offset, 0, &consumer);
	rc = IS_ERR(uprobe) ? PTR_ERR(uprobe) : 0;
#else
	rc = uprobe_register(inode, offset, &consumer);
#endif
	if (rc)
		iput(inode);
	return rc;
}

static void __exit floor_exit(void)
{
#ifdef FLOOR_UPROBE_NOSYNC
	uprobe_unregister_nosync(uprobe, &consumer);
	uprobe_unregister_sync();
#else
	uprobe_unregister(inode, offset, &consumer);
#endif
	iput(inode);
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_LICENSE("GPL");
