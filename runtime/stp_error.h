/* Warnings and errors on the err stream, in stap's text. */
#ifndef STP_ERROR_H
#define STP_ERROR_H

static __maybe_unused void stp_log(const char *prefix, const char *fmt, va_list ap)
{
	char buf[MAXSTRINGLEN + 64];
	int n = scnprintf(buf, sizeof(buf), "%s", prefix);
	n += vscnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	if (n > 0 && buf[n - 1] != '\n' && n < (int)sizeof(buf) - 1)
		buf[n++] = '\n';
	stp_transport_write(STP_ERR, buf, n);
}

static __maybe_unused __printf(1, 2) void stp_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	stp_log("WARNING: ", fmt, ap);
	va_end(ap);
}

/* A session-level error (not from a probe handler), as stap's _stp_error: printed and the session asked to end;
 * not in "Number of errors" (handler errors only), but the run fails, as staprun fails on a printed ERROR. */
static __maybe_unused __printf(1, 2) void stp_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	stp_log("ERROR: ", fmt, ap);
	va_end(ap);
	atomic_inc(&stp_session_errors);
	atomic_set(&stp_exit_requested, 1);
}

#endif
