/* The transport: /proc/NAME/{ctl,out,err}, two byte rings filled from probe context,
 * the session state machine. See the contract in the translate brief:
 *   ctl write "start": begin probes, then register the others; "stop": unregister, end/error probes.
 *   ctl write "detach" (-F): the writer stops owning the session, which runs on, its rings keeping the newest output;
 *   "attach" (stapper -A): the writer owns it again (EBUSY while someone does, ESRCH once it is over).
 *   ctl read blocks until the module wants to stop ("exit\n"); finished: "done ERRORS SKIPPED\n" (ERRORS: printed ones).
 *   out/err read: blocks while empty; EOF once finished and drained.
 * Probe context never calls wake_up: a timer that runs every jiffy wakes readers. */
#ifndef STP_TRANSPORT_H
#define STP_TRANSPORT_H

enum {
	STP_SESSION_STARTING = 0,
	STP_SESSION_RUNNING = 1,
	STP_SESSION_ERROR = 2,
	STP_SESSION_STOPPING = 3,
	STP_SESSION_STOPPED = 4,
};

static atomic_t stp_session_state = ATOMIC_INIT(STP_SESSION_STARTING);
static atomic_t stp_error_count = ATOMIC_INIT(0);
/* Errors counted but not printed (--suppress-handler-errors): like staprun, the host fails only on printed ones. */
static atomic_t stp_suppressed_errors = ATOMIC_INIT(0);
/* Errors of the session itself (stp_error): printed, so the run fails, but not handler errors. */
static atomic_t stp_session_errors = ATOMIC_INIT(0);
static atomic_t stp_skipped_count = ATOMIC_INIT(0);
static atomic_t stp_exit_requested = ATOMIC_INIT(0);
static int stp_started;   /* under stp_ctl_mutex */
static int stp_finished;  /* set once everything is flushed */
static DEFINE_MUTEX(stp_ctl_mutex);

static int _stp_target = 0;
module_param(_stp_target, int, 0444);
MODULE_PARM_DESC(_stp_target, "target pid");
static int _stp_bufsize = 0;
module_param(_stp_bufsize, int, 0444);
MODULE_PARM_DESC(_stp_bufsize, "transport buffer size (MB)");
/* -b: every flush to out is a record (struct stp_bulk_header) that the reader files by CPU. */
static int _stp_bulkmode = 0;
module_param(_stp_bulkmode, int, 0444);
MODULE_PARM_DESC(_stp_bulkmode, "bulk mode: per-CPU output records");
static u32 stp_bulk_sequence;   /* under stp_rings[STP_OUT].lock */
static int stp_attached;        /* an open ctl file owns the session; under stp_ctl_mutex */
static int stp_detached;        /* -F: nobody owns it, so the rings overwrite their oldest output */
/* -F loads with this set: the begin probes' output is already kept as flight-recorder output. */
static int _stp_flight = 0;
module_param(_stp_flight, int, 0444);
MODULE_PARM_DESC(_stp_flight, "flight recorder: keep the newest output from the start");
/* what stapper tells the module about itself, for stp_pid(), tz_gmtoff() and tz_name() */
static int _stp_pid = 0;
module_param(_stp_pid, int, 0444);
static long _stp_tz_gmtoff = 0;
module_param(_stp_tz_gmtoff, long, 0444);
static char _stp_tz_name[16] = "UTC";
module_param_string(_stp_tz_name, _stp_tz_name, sizeof(_stp_tz_name), 0444);

struct stp_ring {
	struct stp_ring_bytes b;
	raw_spinlock_t lock;
	atomic_t dropped;
	wait_queue_head_t wq;
};

static struct stp_ring stp_rings[2]; /* 0 out, 1 err */
#define STP_OUT 0
#define STP_ERR 1
static wait_queue_head_t stp_ctl_wq;
static struct timer_list stp_wake_timer;
static struct proc_dir_entry *stp_proc_dir;

/* Safe from any context: no sleeping, no wakeups. A write that does not fit is dropped whole and counted once,
 * as stap counts its transport failures (one per message, not per byte). */
static __maybe_unused void stp_transport_write(int stream, const char *s, unsigned n)
{
	struct stp_ring *r = &stp_rings[stream];
	int framed = stream == STP_OUT && _stp_bulkmode;
	struct stp_bulk_header h;
	unsigned long flags;
	if (!n || !r->b.data)
		return;
	raw_spin_lock_irqsave(&r->lock, flags);
	if (!stp_ring_reserve(&r->b, n + (framed ? sizeof(h) : 0), READ_ONCE(stp_detached), framed)) {
		raw_spin_unlock_irqrestore(&r->lock, flags);
		atomic_inc(&r->dropped);
		return;
	}
	if (framed) {
		h.cpu = raw_smp_processor_id();
		h.sequence = ++stp_bulk_sequence;
		h.length = n;
		stp_ring_copy_in(&r->b, &h, sizeof(h));
	}
	stp_ring_copy_in(&r->b, s, n);
	raw_spin_unlock_irqrestore(&r->lock, flags);
}

static __maybe_unused int stp_ring_empty(struct stp_ring *r)
{
	return READ_ONCE(r->b.head) == READ_ONCE(r->b.tail);
}

static __maybe_unused int stp_wants_exit(void)
{
	return atomic_read(&stp_exit_requested) || READ_ONCE(stp_finished);
}

static __maybe_unused void stp_wake_readers(void)
{
	if (!stp_ring_empty(&stp_rings[0]))
		wake_up_interruptible(&stp_rings[0].wq);
	if (!stp_ring_empty(&stp_rings[1]))
		wake_up_interruptible(&stp_rings[1].wq);
	if (stp_wants_exit())
		wake_up_interruptible(&stp_ctl_wq);
}

static __maybe_unused void stp_wake_timer_fn(struct timer_list *t)
{
	stp_wake_readers();
	mod_timer(&stp_wake_timer, jiffies + 1);
}

/* Called from probe context: only flags, the timer wakes the runner. */
static __maybe_unused void stp_request_exit(void)
{
	atomic_cmpxchg(&stp_session_state, STP_SESSION_RUNNING, STP_SESSION_STOPPING);
	atomic_set(&stp_exit_requested, 1);
}

static __maybe_unused ssize_t stp_ring_read(int stream, struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct stp_ring *r = &stp_rings[stream];
	static char bounce[2][1024];
	static DEFINE_MUTEX(read_mutex);
	unsigned long flags;
	size_t n;
	int rc;
	for (;;) {
		if (!stp_ring_empty(r))
			break;
		if (READ_ONCE(stp_finished))
			return 0;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		rc = wait_event_interruptible(r->wq, !stp_ring_empty(r) || READ_ONCE(stp_finished));
		if (rc)
			return rc;
	}
	mutex_lock(&read_mutex);
	raw_spin_lock_irqsave(&r->lock, flags);
	n = min3(stp_ring_used(&r->b), count, sizeof(bounce[0]));
	stp_ring_copy_out(&r->b, r->b.tail, bounce[stream], n);
	r->b.tail += n;
	raw_spin_unlock_irqrestore(&r->lock, flags);
	rc = copy_to_user(ubuf, bounce[stream], n) ? -EFAULT : 0;
	mutex_unlock(&read_mutex);
	if (rc)
		return rc;
	*ppos += n;
	return n;
}

static __maybe_unused ssize_t stp_out_read(struct file *f, char __user *b, size_t c, loff_t *p) { return stp_ring_read(STP_OUT, f, b, c, p); }
static __maybe_unused ssize_t stp_err_read(struct file *f, char __user *b, size_t c, loff_t *p) { return stp_ring_read(STP_ERR, f, b, c, p); }

static __maybe_unused __poll_t stp_ring_poll(int stream, struct file *file, poll_table *wait)
{
	struct stp_ring *r = &stp_rings[stream];
	poll_wait(file, &r->wq, wait);
	if (!stp_ring_empty(r) || READ_ONCE(stp_finished))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}
static __maybe_unused __poll_t stp_out_poll(struct file *f, poll_table *w) { return stp_ring_poll(STP_OUT, f, w); }
static __maybe_unused __poll_t stp_err_poll(struct file *f, poll_table *w) { return stp_ring_poll(STP_ERR, f, w); }

/* Provided by the generated module. */
static __maybe_unused int stp_session_start(void);
static __maybe_unused void stp_session_stop(void);

/* owner: this open file wrote "start", so it belongs to the process that runs the session. */
struct stp_ctl_file { char msg[64]; int len; int finished; int owner; };

/*
 * The owner's ctl file closed while the session still runs: stapper died (even by SIGKILL) without "stop". The
 * session is stopped there and the module asks for its own removal through rmmod, so no module stays loaded with
 * probes armed and nobody reading (stap leaves it loaded). A work item, since release must not wait for rmmod,
 * which waits for release (proc_remove) to finish.
 */
static void stp_self_unload_fn(struct work_struct *work)
{
	static const char *const paths[] = { "/sbin/rmmod", "/usr/sbin/rmmod", "/bin/rmmod", "/usr/bin/rmmod" };
	static char *envp[] = { "HOME=/", "PATH=/sbin:/usr/sbin:/bin:/usr/bin", NULL };
	char *argv[3];
	size_t i;
	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		argv[0] = (char *)paths[i];
		argv[1] = THIS_MODULE->name;
		argv[2] = NULL;
		if (call_usermodehelper(argv[0], argv, envp, UMH_WAIT_EXEC) == 0)
			return;
	}
}
static DECLARE_WORK(stp_self_unload_work, stp_self_unload_fn);

static __maybe_unused int stp_ctl_open(struct inode *inode, struct file *file)
{
	struct stp_ctl_file *cf = kzalloc(sizeof(*cf), GFP_KERNEL);
	if (!cf)
		return -ENOMEM;
	file->private_data = cf;
	return 0;
}

static __maybe_unused int stp_ctl_release(struct inode *inode, struct file *file)
{
	struct stp_ctl_file *cf = file->private_data;
	int orphaned = 0;
	if (cf && cf->owner) {
		mutex_lock(&stp_ctl_mutex);
		stp_attached = 0;
		if (stp_started == 1) {
			stp_started = 2;
			stp_session_stop();
			orphaned = 1;
		}
		mutex_unlock(&stp_ctl_mutex);
	}
	kfree(cf);
	if (orphaned) {
		stp_wake_readers();
		wake_up_interruptible(&stp_ctl_wq);
		schedule_work(&stp_self_unload_work);
	}
	return 0;
}

/*
 * One reader sees "exit\n" (the script wants to stop) and later, on the same open file,
 * "done ERRORS SKIPPED\n": each change of state starts a fresh message.
 */
static __maybe_unused ssize_t stp_ctl_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	struct stp_ctl_file *cf = file->private_data;
	int rc, finished;
	size_t n;
	int consumed = cf->len && *ppos >= cf->len;
	if (file->f_flags & O_NONBLOCK) {
		if (consumed ? !READ_ONCE(stp_finished) : !stp_wants_exit())
			return -EAGAIN;
	} else {
		rc = consumed ? wait_event_interruptible(stp_ctl_wq, READ_ONCE(stp_finished))
			      : wait_event_interruptible(stp_ctl_wq, stp_wants_exit());
		if (rc)
			return rc;
	}
	finished = READ_ONCE(stp_finished);
	if (!cf->len || (finished && !cf->finished)) {
		cf->finished = finished;
		if (finished)
			cf->len = scnprintf(cf->msg, sizeof(cf->msg), "done %d %d\n",
					    atomic_read(&stp_error_count) - atomic_read(&stp_suppressed_errors)
						    + atomic_read(&stp_session_errors),
					    atomic_read(&stp_skipped_count));
		else
			cf->len = scnprintf(cf->msg, sizeof(cf->msg), "exit\n");
		*ppos = 0;
	}
	if (*ppos >= cf->len)
		return 0;
	n = min_t(size_t, count, cf->len - *ppos);
	if (copy_to_user(ubuf, cf->msg + *ppos, n))
		return -EFAULT;
	*ppos += n;
	return n;
}

static __maybe_unused __poll_t stp_ctl_poll(struct file *file, poll_table *wait)
{
	struct stp_ctl_file *cf = file->private_data;
	int readable;
	poll_wait(file, &stp_ctl_wq, wait);
	if (!cf->len)
		readable = stp_wants_exit();
	else if (cf->finished)
		readable = 1;
	else
		readable = file->f_pos < cf->len || READ_ONCE(stp_finished);
	return readable ? (EPOLLIN | EPOLLRDNORM) : 0;
}

static __maybe_unused ssize_t stp_ctl_write(struct file *file, const char __user *ubuf, size_t count, loff_t *ppos)
{
	char cmd[16];
	size_t n = min(count, sizeof(cmd) - 1);
	int rc = 0;
	if (copy_from_user(cmd, ubuf, n))
		return -EFAULT;
	cmd[n] = 0;
	while (n && (cmd[n - 1] == '\n' || cmd[n - 1] == ' '))
		cmd[--n] = 0;
	mutex_lock(&stp_ctl_mutex);
	if (!strcmp(cmd, "start")) {
		if (!stp_started) {
			stp_started = 1;
			rc = stp_session_start();
			if (!rc) {
				((struct stp_ctl_file *)file->private_data)->owner = 1;
				stp_attached = 1;
			}
		}
	} else if (!strcmp(cmd, "detach")) {
		struct stp_ctl_file *cf = file->private_data;
		if (!cf->owner) {
			rc = -EINVAL;
		} else {
			cf->owner = 0;
			stp_attached = 0;
			WRITE_ONCE(stp_detached, 1);
		}
	} else if (!strcmp(cmd, "attach")) {
		if (stp_started != 1) {
			rc = -ESRCH;
		} else if (stp_attached) {
			rc = -EBUSY;
		} else {
			((struct stp_ctl_file *)file->private_data)->owner = 1;
			stp_attached = 1;
			WRITE_ONCE(stp_detached, 0);
		}
	} else if (!strcmp(cmd, "stop")) {
		if (stp_started == 1) {
			stp_started = 2;
			stp_session_stop();
		} else if (!stp_started) {
			stp_started = 2;
			WRITE_ONCE(stp_finished, 1);
		}
		stp_wake_readers();
		wake_up_interruptible(&stp_rings[0].wq);
		wake_up_interruptible(&stp_rings[1].wq);
		wake_up_interruptible(&stp_ctl_wq);
	} else {
		rc = -EINVAL;
	}
	mutex_unlock(&stp_ctl_mutex);
	if (rc)
		return rc;
	*ppos += count;
	return count;
}

static const struct proc_ops stp_ctl_ops = {
	.proc_open = stp_ctl_open,
	.proc_release = stp_ctl_release,
	.proc_read = stp_ctl_read,
	.proc_write = stp_ctl_write,
	.proc_poll = stp_ctl_poll,
	.proc_lseek = noop_llseek,
};
static const struct proc_ops stp_out_ops = {
	.proc_read = stp_out_read,
	.proc_poll = stp_out_poll,
	.proc_lseek = noop_llseek,
};
static const struct proc_ops stp_err_ops = {
	.proc_read = stp_err_read,
	.proc_poll = stp_err_poll,
	.proc_lseek = noop_llseek,
};

static __maybe_unused int stp_transport_init(const char *name)
{
	size_t size = _stp_bufsize > 0 ? (size_t)_stp_bufsize << 20 : STP_DEFAULT_BUFSIZE;
	int i;
	size = roundup_pow_of_two(size);
	for (i = 0; i < 2; i++) {
		struct stp_ring *r = &stp_rings[i];
		r->b.size = i == STP_OUT ? size : 65536;
		r->b.data = __vmalloc(r->b.size, GFP_KERNEL | __GFP_NOWARN); /* -s too large: ENOMEM, no splat */
		if (!r->b.data)
			goto fail;
		raw_spin_lock_init(&r->lock);
		init_waitqueue_head(&r->wq);
	}
	init_waitqueue_head(&stp_ctl_wq);
	stp_detached = _stp_flight;
	stp_proc_dir = proc_mkdir(name, NULL);
	if (!stp_proc_dir)
		goto fail;
	if (!proc_create("ctl", 0600, stp_proc_dir, &stp_ctl_ops)
	    || !proc_create("out", 0400, stp_proc_dir, &stp_out_ops)
	    || !proc_create("err", 0400, stp_proc_dir, &stp_err_ops))
		goto fail;
	timer_setup(&stp_wake_timer, stp_wake_timer_fn, 0);
	mod_timer(&stp_wake_timer, jiffies + 1);
	return 0;
fail:
	if (stp_proc_dir)
		proc_remove(stp_proc_dir);
	stp_proc_dir = NULL;
	for (i = 0; i < 2; i++) {
		vfree(stp_rings[i].b.data);
		stp_rings[i].b.data = NULL;
	}
	return -ENOMEM;
}

static __maybe_unused void stp_transport_exit(void)
{
	int i;
	if (stp_proc_dir)
		proc_remove(stp_proc_dir);
	/* rmmod exec'd already if it is what unloads us: the work is done or about to return. */
	cancel_work_sync(&stp_self_unload_work);
	stp_timer_delete_sync(&stp_wake_timer);
	for (i = 0; i < 2; i++) {
		vfree(stp_rings[i].b.data);
		stp_rings[i].b.data = NULL;
	}
}

#endif
