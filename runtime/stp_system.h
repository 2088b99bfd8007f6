/* system(CMD): a probe queues the command; stapper's pass 5 reads /proc/NAME/cmd (NUL-ended commands, EOF once the
 * session is over and the queue drained) and starts each with sh -c in the background, as stapio does.
 * The queue is a byte ring; a command that does not fit is dropped with a warning, never waited for. */
#ifndef STP_SYSTEM_H
#define STP_SYSTEM_H

#define STP_SYSTEM_RING 16384

static struct {
	char data[STP_SYSTEM_RING];
	u32 head, tail;	/* free-running; tail .. head holds the queued bytes */
	raw_spinlock_t lock;
	wait_queue_head_t wq;
} stp_system_queue_ring = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(stp_system_queue_ring.lock),
};

static __maybe_unused void stp_system(const char *cmd)
{
	u32 len = strnlen(cmd, MAXSTRINGLEN - 1) + 1, i;
	unsigned long flags;

	raw_spin_lock_irqsave(&stp_system_queue_ring.lock, flags);
	if (STP_SYSTEM_RING - (stp_system_queue_ring.head - stp_system_queue_ring.tail) < len) {
		raw_spin_unlock_irqrestore(&stp_system_queue_ring.lock, flags);
		stp_warn("system() queue full, command dropped: %s\n", cmd);
		return;
	}
	for (i = 0; i < len; i++)
		stp_system_queue_ring.data[(stp_system_queue_ring.head + i) % STP_SYSTEM_RING] = i + 1 < len ? cmd[i] : 0;
	stp_system_queue_ring.head += len;
	raw_spin_unlock_irqrestore(&stp_system_queue_ring.lock, flags);
}

static __maybe_unused int stp_system_empty(void)
{
	return READ_ONCE(stp_system_queue_ring.head) == READ_ONCE(stp_system_queue_ring.tail);
}

/* Blocks up to 50 ms at a time (probes never wake readers: they may run where waking is unsafe). */
static __maybe_unused ssize_t stp_system_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	static char bounce[1024];
	static DEFINE_MUTEX(read_mutex);
	unsigned long flags;
	size_t n, i;
	int rc;

	while (stp_system_empty()) {
		if (READ_ONCE(stp_finished))
			return 0;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		rc = wait_event_interruptible_timeout(stp_system_queue_ring.wq, !stp_system_empty() || READ_ONCE(stp_finished), HZ / 20);
		if (rc < 0)
			return rc;
	}
	mutex_lock(&read_mutex);
	raw_spin_lock_irqsave(&stp_system_queue_ring.lock, flags);
	n = min3((size_t)(stp_system_queue_ring.head - stp_system_queue_ring.tail), count, sizeof(bounce));
	for (i = 0; i < n; i++)
		bounce[i] = stp_system_queue_ring.data[(stp_system_queue_ring.tail + i) % STP_SYSTEM_RING];
	stp_system_queue_ring.tail += n;
	raw_spin_unlock_irqrestore(&stp_system_queue_ring.lock, flags);
	rc = copy_to_user(ubuf, bounce, n) ? -EFAULT : 0;
	mutex_unlock(&read_mutex);
	if (rc)
		return rc;
	*ppos += n;
	return n;
}

static const struct proc_ops stp_system_ops = {
	.proc_read = stp_system_read,
	.proc_lseek = noop_llseek,
};

/* /proc/NAME/cmd beside the transport's files (removed with their directory). */
static __maybe_unused int stp_system_init(struct proc_dir_entry *dir)
{
	init_waitqueue_head(&stp_system_queue_ring.wq);
	return proc_create("cmd", 0400, dir, &stp_system_ops) ? 0 : -ENOMEM;
}

#endif
