/* Signal numbers and sets as stap's syscall decoders spell them: "SIGIO/SIGPOLL" for SIGIO, no SIGSTKFLT, ptrace's
 * syscall-stop value as TRACESYSGOOD, a set as "[SIGA|SIGB]" or "[EMPTY]". Shared by the aux_* syscall tapsets. */
#ifndef STP_SIGNAL_TEXT_H
#define STP_SIGNAL_TEXT_H

#include <linux/signal.h>

/* stap's signal table: SIGIO shown as "SIGIO/SIGPOLL", no SIGSTKFLT, ptrace's syscall-stop value by name. */
static const struct stp_named_value __maybe_unused stp_aux_signals[] = {
	{ 0, "SIG_0" }, STP_NAMED(SIGHUP), STP_NAMED(SIGINT), STP_NAMED(SIGQUIT), STP_NAMED(SIGILL),
	STP_NAMED(SIGTRAP), STP_NAMED(SIGABRT), STP_NAMED(SIGBUS), STP_NAMED(SIGFPE), STP_NAMED(SIGKILL),
	STP_NAMED(SIGUSR1), STP_NAMED(SIGSEGV), STP_NAMED(SIGPIPE), STP_NAMED(SIGUSR2), STP_NAMED(SIGALRM),
	STP_NAMED(SIGTERM), STP_NAMED(SIGCHLD), STP_NAMED(SIGCONT), STP_NAMED(SIGSTOP), STP_NAMED(SIGTSTP),
	STP_NAMED(SIGTTIN), STP_NAMED(SIGTTOU), STP_NAMED(SIGURG), STP_NAMED(SIGXCPU), STP_NAMED(SIGXFSZ),
	STP_NAMED(SIGVTALRM), STP_NAMED(SIGPROF), STP_NAMED(SIGWINCH), { SIGIO, "SIGIO/SIGPOLL" },
	STP_NAMED(SIGPWR), STP_NAMED(SIGSYS), { SIGTRAP | 0x80, "TRACESYSGOOD" },
};

/* Appends "[SIGA|SIGB]" for the members of SET that have a name, "[EMPTY]" for none. */
static __maybe_unused void stp_aux_sigset_str(const sigset_t *set, char *out)
{
	size_t i;
	int any = 0;
	for (i = 0; i < ARRAY_SIZE(stp_aux_signals); i++) {
		long sig = stp_aux_signals[i].value;
		if (sig <= 0 || sig > _NSIG || !sigismember((sigset_t *)set, sig))
			continue;
		strlcat(out, any ? "|" : "[", MAXSTRINGLEN);
		strlcat(out, stp_aux_signals[i].name, MAXSTRINGLEN);
		any = 1;
	}
	strlcat(out, any ? "]" : "[EMPTY]", MAXSTRINGLEN);
}

#endif
