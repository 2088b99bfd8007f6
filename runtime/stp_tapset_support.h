/* Helpers for tapset functions (the %{ %} bodies in tapsets) and embedded C. Included after
 * stp_context.h and the generated script-argument table. */
#ifndef STP_TAPSET_SUPPORT_H
#define STP_TAPSET_SUPPORT_H

static __maybe_unused __printf(2, 3) void stp_print_printf(struct stp_context *c, const char *fmt, ...)
{
	va_list ap;
	unsigned room;
	int n;
	stp_print_reserve(c);
	room = stp_buf_room(&c->print);
	va_start(ap, fmt);
	n = vsnprintf(c->print.data + c->print.len, room + 1, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->print.len += min_t(unsigned, n, room);
}

/* exit(): stop after this probe; end probes run when the runner writes stop. */
static __maybe_unused void stp_exit(void)
{
	int s = atomic_read(&stp_session_state);
	if (s == STP_SESSION_STARTING || s == STP_SESSION_RUNNING)
		atomic_cmpxchg(&stp_session_state, s, STP_SESSION_STOPPING);
	atomic_set(&stp_exit_requested, 1);
}

static inline int stp_argc(void)
{
	return stp_script_argc;
}

static inline const char *stp_argv(int i)
{
	return i >= 0 && i < stp_script_argc ? stp_script_argv[i] : "";
}

static inline int64_t stp_gettime_ns(void)
{
	return ktime_get_real_ns();
}

/* The function name of the probed address, for probefunc(). */
static __maybe_unused void stp_probefunc(struct stp_context *c, char *out)
{
	unsigned long ip = c->ip;
	out[0] = 0;
	if (!ip && c->regs)
		ip = instruction_pointer(c->regs);
	if (ip) {
		char sym[KSYM_SYMBOL_LEN];
		char *plus;
		sprint_symbol_no_offset(sym, ip);
		plus = strchr(sym, ' ');
		if (plus)
			*plus = 0;
		strscpy(out, sym, MAXSTRINGLEN);
	}
}

#endif
