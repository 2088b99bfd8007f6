/* Per-CPU probe context. The generated module defines union stp_locals (one member per probe
 * and function frame) before including this header. */
#ifndef STP_CONTEXT_H
#define STP_CONTEXT_H

#include <asm/local.h>
#include "stp_timing.h"

struct stp_context {
	/* Only its own CPU changes it, with preemption off (the runner): a CPU-local counter, no bus lock. An
	 * interrupt or NMI between two handler instructions sees it set; stp_wait_idle reads it from other CPUs. */
	local_t busy;
	int nesting;
	int actionremaining;
	int probe_type;
	const char *probe_point;
	const char *last_error;
	int aborted; /* abort(): last_error is set so the handler unwinds, but no catch stops it and nothing is reported;
		      * stp_leave_error clears it */
	const char *last_stmt[MAXNESTING + 2];
	struct pt_regs *regs;
	unsigned long ip;
	const unsigned long *probe_args; /* a tracepoint handler's arguments, on its stack */
#ifdef STP_TIMING
	u64 timing_start; /* -t: cycles when the handler was entered */
#endif
	char error_buf[MAXSTRINGLEN];
	char report_buf[MAXSTRINGLEN + 64];
	struct stp_tokenize_state tokenize; /* tokenize() state, per CPU as in stap */
#ifdef STP_REGEX_MAX_INSNS
	struct stp_regex_match last_match; /* the last =~, for matched()/ngroups(), per CPU as in stap */
	struct stp_regex_vm regex_vm; /* the regex matcher's thread lists: too big for the stack */
#endif
	struct stp_buf print;
	char print_storage[STP_PRINT_BUF_SIZE];
	union stp_locals locals[MAXNESTING + 1];
};

#define CONTEXT c
static struct stp_context *stp_contexts[NR_CPUS];

static __maybe_unused int stp_contexts_alloc(void)
{
	int cpu;
	for_each_possible_cpu(cpu) {
		struct stp_context *c = vzalloc(sizeof(struct stp_context));
		if (!c)
			return -ENOMEM;
		stp_buf_init(&c->print, c->print_storage, sizeof(c->print_storage));
		stp_contexts[cpu] = c;
	}
	return 0;
}

static __maybe_unused void stp_contexts_free(void)
{
	int cpu;
	for_each_possible_cpu(cpu) {
		vfree(stp_contexts[cpu]);
		stp_contexts[cpu] = NULL;
	}
}

static atomic_t stp_skipped_reentrant = ATOMIC_INIT(0);

static __maybe_unused void stp_skip(void)
{
	/* --suppress-handler-errors: skips are still counted for the closing warning, never fatal. */
	if (atomic_inc_return(&stp_skipped_count) == MAXSKIPPED + 1 && !STP_SUPPRESS_HANDLER_ERRORS) {
		/* as stap: the session is in error (no end probes run), then the message */
		atomic_cmpxchg(&stp_session_state, STP_SESSION_RUNNING, STP_SESSION_ERROR);
		stp_error("Skipped too many probes, check MAXSKIPPED or try again with stap -t for more details.");
	}
}

/* Probe prologue: the caller has preemption disabled. NULL: do not run (wrong state or reentered). ACTIONS is
 * the body's statement count when it has no loops or calls, else -1: a bounded body never reads the budget.
 * One notrace copy (as all before the busy count must be) for every runner: a copy inline in each probe's runner
 * cost gcc about 3 ms per probe, more than the call costs a hit. */
static __maybe_unused noinline notrace struct stp_context *stp_enter(int state, const char *pp, int actions)
{
	struct stp_context *c;
	if (unlikely(atomic_read(&stp_session_state) != state))
		return NULL;
	c = stp_contexts[smp_processor_id()];
	if (unlikely(local_inc_return(&c->busy) != 1)) {
		local_dec(&c->busy);
		/* As stap's probes (INTERRUPTIBLE, its default): a probe hit inside another probe's handler, on this
		 * CPU in any context, is not run, and not counted as skipped, so it never reaches MAXSKIPPED; -t
		 * reports it. */
		atomic_inc(&stp_skipped_reentrant);
		return NULL;
	}
	c->probe_point = pp;
	c->last_error = NULL;
	c->last_stmt[0] = NULL;
	c->last_stmt[1] = NULL;
	c->nesting = 0;
	if (!STP_ACTIONS_BOUNDED(actions))
		c->actionremaining = STP_SUPPRESS_TIME_LIMITS ? INT_MAX : MAXACTION_INTERRUPTIBLE;
	c->regs = NULL;
	c->ip = 0;
#ifdef STP_TIMING
	c->timing_start = stp_timing_start();
#endif
	return c;
}

static __maybe_unused noinline void stp_print_flush(struct stp_context *c)
{
	if (c->print.len) {
		stp_transport_write(STP_OUT, c->print.data, c->print.len);
		c->print.len = 0;
		c->print.data[0] = 0;
	}
}

static inline void stp_print_reserve(struct stp_context *c)
{
	if (unlikely(c->print.len > STP_PRINT_FLUSH_AT))
		stp_print_flush(c);
}

/* Format the pending error as stap 4.8 does: "ERROR: MSG near TOKEN at FILE:LINE:COL", innermost statement. */
static __maybe_unused void stp_report_error(struct stp_context *c)
{
	char *buf = c->report_buf;
	size_t size = sizeof(c->report_buf);
	int inner = -1, i, pos;
	for (i = MAXNESTING; i >= 0; i--)
		if (c->last_stmt[i]) {
			inner = i;
			break;
		}
	pos = scnprintf(buf, size, "ERROR: %s", c->last_error);
	if (inner >= 0)
		pos += scnprintf(buf + pos, size - pos, " near %s", c->last_stmt[inner]);
	pos += scnprintf(buf + pos, size - pos, "\n");
	stp_transport_write(STP_ERR, buf, pos);
}

/* A handler's error, once it has run: reported (or counted), and too many stop the session. */
static __maybe_unused noinline void stp_leave_error(struct stp_context *c)
{
	/* abort() unwinds as an error does, but is no error; aborted is only ever set with last_error, so it is
	 * cleared here, off the hot path */
	if (c->aborted) {
		c->aborted = 0;
		c->last_error = NULL;
		return;
	}
	if (!STP_SUPPRESS_HANDLER_ERRORS)
		stp_report_error(c);
	else
		atomic_inc(&stp_suppressed_errors);
	atomic_inc(&stp_error_count);
	if (!STP_SUPPRESS_HANDLER_ERRORS && atomic_read(&stp_error_count) > MAXERRORS) {
		atomic_set(&stp_session_state, STP_SESSION_ERROR);
		atomic_set(&stp_exit_requested, 1);
	}
	c->last_error = NULL;
}

/* Probe epilogue, one copy as stp_enter: the error and the flush are calls only when there is one to do. */
static __maybe_unused noinline notrace void stp_leave(struct stp_context *c)
{
#ifdef STP_TIMING
	stp_timing_add(c->probe_point, c->timing_start);
#endif
	if (unlikely(c->last_error))
		stp_leave_error(c);
	if (c->print.len)
		stp_print_flush(c);
	c->probe_point = NULL;
	local_dec(&c->busy);
}

/* Raise a runtime error at nesting level c->nesting; WHERE is "TOKEN at FILE:L:C". */
static inline void stp_raise(struct stp_context *c, const char *msg, const char *where)
{
	int i;
	c->last_error = msg;
	c->last_stmt[c->nesting] = where;
	for (i = c->nesting + 1; i <= MAXNESTING; i++)
		c->last_stmt[i] = NULL;
}

static __maybe_unused __printf(2, 3) void stp_raise_fmt(struct stp_context *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vscnprintf(c->error_buf, sizeof(c->error_buf), fmt, ap);
	va_end(ap);
	c->last_error = c->error_buf;
}

static inline int64_t stp_div(struct stp_context *c, int64_t a, int64_t b, const char *where)
{
	if (unlikely(b == 0)) {
		stp_raise(c, "division by 0", where);
		return 0;
	}
	if (unlikely(b == -1))
		return -a;
	return div64_s64(a, b);
}

static inline int64_t stp_mod(struct stp_context *c, int64_t a, int64_t b, const char *where)
{
	int64_t q;
	if (unlikely(b == 0)) {
		stp_raise(c, "division by 0", where);
		return 0;
	}
	if (unlikely(b == -1))
		return 0;
	q = div64_s64(a, b);
	return a - q * b;
}

/* String helpers for generated code: copy/concat into MAXSTRINGLEN buffers. */
static inline char *stp_strcpy(char *dst, const char *src)
{
	if (dst != src)
		strscpy(dst, src, MAXSTRINGLEN);
	return dst;
}

static inline char *stp_strcat(char *dst, const char *src)
{
	size_t n = strnlen(dst, MAXSTRINGLEN - 1);
	if (dst != src)
		strscpy(dst + n, src, MAXSTRINGLEN - n);
	else {
		size_t m = min_t(size_t, n, MAXSTRINGLEN - 1 - n);
		memmove(dst + n, dst, m);
		dst[n + m] = 0;
	}
	return dst;
}

static inline char *stp_long_to_str(char *dst, int64_t v)
{
	snprintf(dst, MAXSTRINGLEN, "%lld", (long long)v);
	return dst;
}

#endif
