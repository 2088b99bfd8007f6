// cflags: -O0 -D_GNU_SOURCE
// Process, signal, time, credential and limit system calls with fixed arguments (proc_calls.stp prints their
// argstr and retstr). Calls that would change the machine (the clock, the ids, the limits) are made to fail
// with EINVAL; calls glibc routes elsewhere (vDSO, prlimit64) are made with syscall(2). Times have no fractional
// part: stap 4.8 reads struct timespec/timeval/itimerspec as their 32-bit old_* layouts on these kernels (its
// aux_syscalls #defines them so), which Stapper's decoders do not; whole seconds read the same either way.
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_signal(int sig) { (void)sig; }

int main(void)
{
	// Everything the entry probes read is on the stack and initialised.
	struct sigaction action = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	struct timespec nap = { .tv_sec = 0, .tv_nsec = 0 }, now = { 0, 0 }, one = { .tv_sec = 1, .tv_nsec = 0 };
	struct timeval epoch = { .tv_sec = 1, .tv_usec = 0 };
	struct timezone badzone = { .tz_minuteswest = 1000, .tz_dsttime = 0 };
	struct itimerval off = { { 0, 0 }, { 0, 0 } }, oldval;
	struct itimerspec spec = { .it_interval = { 0, 0 }, .it_value = { 0, 0 } }, got;
	struct rlimit wrong = { .rlim_cur = 200, .rlim_max = 100 }, lim;
	struct timex query, adjust = { .modes = ADJ_OFFSET | ADJ_TICK, .offset = 5, .freq = -7, .maxerror = 11,
		.esterror = 13, .status = 17, .constant = 19, .precision = 23, .tolerance = 29, .tick = 10000 };
	struct rusage usage;
	struct tms tms;
	struct sysinfo info;
	stack_t alt = { .ss_sp = 0, .ss_flags = SS_DISABLE, .ss_size = 0 };
	siginfo_t queued, waited;
	sigset_t usr1, none, usr2;
	char path[] = "/nonexistent/prog", arg0[] = "prog", arg1[] = "-x", env0[] = "A=1";
	char *argv[] = { arg0, arg1, 0 }, *envp[] = { env0, 0 };
	unsigned int gid;
	int word = 0, timer = -1;
	uid_t r, e, s;
	gid_t groups[4];

	memset(&queued, 0, sizeof(queued));
	memset(&waited, 0, sizeof(waited));
	memset(&query, 0, sizeof(query));
	memset(&usage, 0, sizeof(usage));
	memset(&tms, 0, sizeof(tms));
	memset(&info, 0, sizeof(info));
	memset(&lim, 0, sizeof(lim));
	memset(&oldval, 0, sizeof(oldval));
	memset(&got, 0, sizeof(got));
	queued.si_signo = SIGUSR2;
	queued.si_code = SI_QUEUE;

	// processes
	syscall(SYS_execveat, AT_FDCWD, path, argv, envp, 0);
	syscall(SYS_wait4, -1, 0, WNOHANG, 0);
	syscall(SYS_waitid, P_ALL, 0, 0, WEXITED | WNOHANG, 0);

	// signals
	sigaction(SIGUSR1, &action, 0);
	sigemptyset(&none);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr1, 0);
	syscall(SYS_kill, 0, 0);
	syscall(SYS_tkill, 0, SIGUSR1);          // tid 0: EINVAL
	syscall(SYS_tgkill, 0, 0, SIGUSR1);      // EINVAL
	syscall(SYS_rt_sigpending, 0, 8);        // EFAULT
	syscall(SYS_rt_sigtimedwait, &usr2, &waited, &nap, 8);   // nothing pending: EAGAIN
	syscall(SYS_rt_sigqueueinfo, 0, SIGUSR2, &queued);      // pid 0: ESRCH
	syscall(SYS_rt_tgsigqueueinfo, 0, 0, SIGUSR2, &queued); // EINVAL
	syscall(SYS_sigaltstack, &alt, 0);
	sigaction(SIGALRM, &action, 0);
	syscall(SYS_alarm, 1);
	syscall(SYS_rt_sigsuspend, &none, 8);    // SIGALRM's handler runs: EINTR
	syscall(SYS_alarm, 1);
	syscall(SYS_pause);                      // SIGALRM's handler runs: EINTR
	syscall(SYS_alarm, 0);
	syscall(SYS_futex, &word, FUTEX_WAKE, 1, 0, 0, 0);
	syscall(SYS_futex, &word, FUTEX_WAIT, 1, &one, 0, 0);   // word is 0: EAGAIN
	syscall(SYS_futex, &word, FUTEX_WAKE_BITSET, 1, 0, 0, 0xff);

	// time
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
	syscall(SYS_clock_getres, CLOCK_REALTIME, &now);
	syscall(SYS_clock_settime, CLOCK_MONOTONIC, &one);      // EINVAL
	syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &nap, 0);
	syscall(SYS_nanosleep, &nap, 0);
	syscall(SYS_adjtimex, &query);           // modes 0: reads only
	syscall(SYS_clock_adjtime, CLOCK_MONOTONIC, &adjust);   // not adjustable: EOPNOTSUPP
	syscall(SYS_gettimeofday, 0, 0);
	syscall(SYS_settimeofday, &epoch, &badzone);            // zone beyond 15 hours: EINVAL
	syscall(SYS_time, 0);
	syscall(SYS_times, &tms);
	syscall(SYS_getitimer, ITIMER_REAL, &oldval);
	syscall(SYS_setitimer, ITIMER_VIRTUAL, &off, 0);
	syscall(SYS_timer_create, CLOCK_MONOTONIC, 0, &timer);
	syscall(SYS_timer_settime, timer, 0, &spec, 0);
	syscall(SYS_timer_gettime, timer, &got);
	syscall(SYS_timer_getoverrun, timer);
	syscall(SYS_timer_delete, timer);

	// credentials and sessions
	syscall(SYS_getuid);
	syscall(SYS_geteuid);
	syscall(SYS_getgid);
	syscall(SYS_getegid);
	syscall(SYS_setuid, -1);                 // EINVAL
	syscall(SYS_setgid, -1);                 // EINVAL
	syscall(SYS_setreuid, -1, -1);
	syscall(SYS_setregid, -1, -1);
	syscall(SYS_setresuid, -1, -1, -1);
	syscall(SYS_setresgid, -1, -1, -1);
	syscall(SYS_getresuid, &r, &e, &s);
	syscall(SYS_getresgid, &gid, &gid, &gid);
	syscall(SYS_setfsuid, -1);
	syscall(SYS_setfsgid, -1);
	syscall(SYS_getgroups, 0, 0);
	syscall(SYS_setgroups, -1, groups);      // EINVAL
	syscall(SYS_capget, 0, 0);               // EFAULT
	syscall(SYS_capset, 0, 0);               // EFAULT
	syscall(SYS_getpgid, -1);                // ESRCH
	syscall(SYS_setpgid, 0, -1);             // EINVAL
	syscall(SYS_getsid, -1);                 // ESRCH
	syscall(SYS_getpgrp);                    // the group's id varies: its return is not printed

	// limits and accounting
	syscall(SYS_getrlimit, RLIMIT_NOFILE, &lim);
	syscall(SYS_setrlimit, RLIMIT_CORE, &wrong);            // EINVAL
	syscall(SYS_prlimit64, 0, RLIMIT_CORE, &wrong, 0);      // EINVAL
	syscall(SYS_getrusage, RUSAGE_SELF, &usage);
	syscall(SYS_getpriority, PRIO_PROCESS, 0);
	syscall(SYS_setpriority, PRIO_PROCESS, 0, 0);
	syscall(SYS_umask, 022);
	syscall(SYS_umask, 022);
	syscall(SYS_personality, 0xffffffff);
	syscall(SYS_sysinfo, &info);
	return 0;
}
