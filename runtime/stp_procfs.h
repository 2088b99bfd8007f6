/* procfs("PATH").read / .write: files under /proc/systemtap/MODULE/.
 *
 * Each site registers a handler on its file; the sites of one path share it, its mode being the union of theirs
 * (read 0444, write 0222, less each site's umask). A read runs the read probe when it starts at offset 0, which
 * fills the file's buffer through $value; later reads of that open are served from it. A write copies the data
 * in (at most MAXSTRINGLEN - 1 bytes), then runs every write probe with it as $value. Probes run through the
 * runner's argument pointer (c->probe_args), which points at the file's struct stp_procfs_data while they run.
 * Needs nothing of the probe context, so the procfs tapset's functions include it before stp_context.h.
 * /proc/systemtap itself is left in place at unload: another module may be using it. */
#ifndef STP_PROCFS_H
#define STP_PROCFS_H

#include <linux/proc_fs.h>
#include <linux/uaccess.h>
#include <linux/namei.h>

#ifdef STAPCONF_PDE_DATA_LOWER
#define stp_pde_data(inode) pde_data(inode)
#else
#define stp_pde_data(inode) PDE_DATA(inode)
#endif

/* What $value reads (a write probe) or fills (a read probe). */
struct stp_procfs_data {
	char *buffer;
	size_t bufsize;
	size_t count;
};

struct stp_procfs_file;

struct stp_procfs_site {
	const char *path;	/* relative to /proc/systemtap/MODULE */
	int write;
	umode_t mode;
	size_t maxsize;		/* read probes: the buffer's size, 0 for MAXSTRINGLEN */
	void (*run)(struct stp_procfs_data *data);
	struct stp_procfs_file *file;
	struct list_head link;	/* on its file's sites */
};

struct stp_procfs_file {
	char name[256];		/* "systemtap/MODULE/PATH" */
	umode_t mode;
	struct proc_dir_entry *entry;
	struct mutex lock;
	struct list_head sites;
	struct list_head link;	/* on stp_procfs_files */
	size_t bufsize;
	char *buffer;		/* the read probe's output, bufsize bytes */
	size_t count;
};

static LIST_HEAD(stp_procfs_files);
static DEFINE_MUTEX(stp_procfs_mutex);
static int stp_procfs_module_dir;	/* /proc/systemtap/MODULE exists */

static ssize_t stp_procfs_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct stp_procfs_file *f = stp_pde_data(file_inode(file));
	struct stp_procfs_site *s;
	ssize_t rc;
	mutex_lock(&f->lock);
	if (*ppos == 0) {
		f->buffer[0] = 0;
		f->count = 0;
		list_for_each_entry(s, &f->sites, link)
			if (!s->write) {
				struct stp_procfs_data data = { f->buffer, f->bufsize, 0 };
				s->run(&data);
				f->count = strnlen(f->buffer, f->bufsize);
			}
	}
	rc = simple_read_from_buffer(ubuf, count, ppos, f->buffer, f->count);
	mutex_unlock(&f->lock);
	return rc;
}

static ssize_t stp_procfs_write(struct file *file, const char __user *ubuf, size_t count, loff_t *ppos)
{
	struct stp_procfs_file *f = stp_pde_data(file_inode(file));
	struct stp_procfs_site *s;
	char *data = kmalloc(MAXSTRINGLEN, GFP_KERNEL | __GFP_NOWARN);
	size_t n = min_t(size_t, count, MAXSTRINGLEN - 1);
	if (!data)
		return -ENOMEM;
	if (copy_from_user(data, ubuf, n)) {
		kfree(data);
		return -EFAULT;
	}
	data[n] = 0;
	mutex_lock(&f->lock);
	list_for_each_entry(s, &f->sites, link)
		if (s->write) {
			struct stp_procfs_data d = { data, MAXSTRINGLEN, n };
			s->run(&d);
		}
	mutex_unlock(&f->lock);
	kfree(data);
	return n;
}

static const struct proc_ops stp_procfs_ops = {
	.proc_read = stp_procfs_read,
	.proc_write = stp_procfs_write,
	.proc_lseek = default_llseek,
};

/* Makes the directories below /proc that NAME's path needs (proc_mkdir takes paths), skipping those that exist:
 * /proc/systemtap may be another module's, and making an entry twice makes the kernel warn. */
static int stp_procfs_mkdirs(const char *name)
{
	char dir[256], full[sizeof(dir) + 8];
	const char *slash = name;
	struct path p;
	while ((slash = strchr(slash, '/'))) {
		size_t n = slash++ - name;
		if (n >= sizeof(dir))
			return -ENAMETOOLONG;
		memcpy(dir, name, n);
		dir[n] = 0;
		snprintf(full, sizeof(full), "/proc/%s", dir);
		if (kern_path(full, 0, &p) == 0) {
			path_put(&p);
			continue;
		}
		if (!proc_mkdir(dir, NULL))
			return -ENOMEM;
		if (strchr(dir, '/') == strrchr(dir, '/') && strchr(dir, '/'))
			stp_procfs_module_dir = 1;	/* systemtap/MODULE: removed with everything below at the end */
	}
	return 0;
}

static int stp_procfs_create(struct stp_procfs_file *f)
{
	int rc = stp_procfs_mkdirs(f->name);
	if (rc)
		return rc;
	f->entry = proc_create_data(f->name, f->mode, NULL, &stp_procfs_ops, f);
	return f->entry ? 0 : -ENOMEM;
}

static __maybe_unused int stp_procfs_register(struct stp_procfs_site *site)
{
	struct stp_procfs_file *f;
	umode_t mode = (site->write ? 0222 : 0444) & site->mode;
	size_t bufsize = site->write ? 0 : (site->maxsize ? site->maxsize : MAXSTRINGLEN);
	char name[256];
	int rc = 0;
	snprintf(name, sizeof(name), "systemtap/%s/%s", STP_MODULE_NAME, site->path);
	mutex_lock(&stp_procfs_mutex);
	list_for_each_entry(f, &stp_procfs_files, link)
		if (!strcmp(f->name, name))
			goto found;
	f = kzalloc(sizeof(*f), GFP_KERNEL | __GFP_NOWARN);
	if (!f) {
		rc = -ENOMEM;
		goto out;
	}
	strscpy(f->name, name, sizeof(f->name));
	mutex_init(&f->lock);
	INIT_LIST_HEAD(&f->sites);
	list_add_tail(&f->link, &stp_procfs_files);
found:
	if (bufsize > f->bufsize) {
		char *buffer = kzalloc(bufsize, GFP_KERNEL | __GFP_NOWARN);
		if (!buffer) {
			rc = -ENOMEM;
			goto out;
		}
		kfree(f->buffer);
		f->buffer = buffer;
		f->bufsize = bufsize;
	}
	if (!f->buffer) {
		f->buffer = kzalloc(1, GFP_KERNEL | __GFP_NOWARN);
		f->bufsize = 1;
		if (!f->buffer) {
			rc = -ENOMEM;
			goto out;
		}
	}
	list_add_tail(&site->link, &f->sites);
	site->file = f;
	/* Registration precedes any use, so a file whose mode grows is made again with the union. */
	if (!f->entry || (f->mode | mode) != f->mode) {
		f->mode |= mode;
		if (f->entry)
			proc_remove(f->entry);
		rc = stp_procfs_create(f);
		if (rc) {
			list_del(&site->link);
			site->file = NULL;
		}
	}
out:
	mutex_unlock(&stp_procfs_mutex);
	return rc;
}

static __maybe_unused void stp_procfs_unregister(struct stp_procfs_site *site)
{
	struct stp_procfs_file *f = site->file;
	char dir[sizeof("systemtap/") + sizeof(STP_MODULE_NAME)];
	if (!f)
		return;
	mutex_lock(&stp_procfs_mutex);
	list_del(&site->link);
	site->file = NULL;
	if (list_empty(&f->sites)) {
		/* proc_remove waits for reads and writes in progress */
		proc_remove(f->entry);
		list_del(&f->link);
		kfree(f->buffer);
		kfree(f);
	}
	if (list_empty(&stp_procfs_files) && stp_procfs_module_dir) {
		snprintf(dir, sizeof(dir), "systemtap/%s", STP_MODULE_NAME);
		remove_proc_subtree(dir, NULL);
		stp_procfs_module_dir = 0;
	}
	mutex_unlock(&stp_procfs_mutex);
}

/* $value in a write probe: what was written. ARGS: the running probe's c->probe_args. */
static __maybe_unused void stp_procfs_value_get(const unsigned long *args, char *out)
{
	const struct stp_procfs_data *d = (const void *)args;
	strscpy(out, d ? d->buffer : "", MAXSTRINGLEN);
}

/* $value = v (append: $value .= v) in a read probe. Too long for the buffer: what is kept is cut, and the size
 * it would need is returned for stap's error (else 0). */
static __maybe_unused unsigned long stp_procfs_value_set(const unsigned long *args, const char *value, int append)
{
	struct stp_procfs_data *d = (void *)args;
	size_t have, len = strlen(value);
	if (!d)
		return 0;
	have = append ? strnlen(d->buffer, d->bufsize) : 0;
	if (have < d->bufsize - 1)
		strscpy(d->buffer + have, value, d->bufsize - have);
	d->count = strnlen(d->buffer, d->bufsize);
	return have + len > d->bufsize - 1 ? have + len + 1 : 0;
}

#endif
