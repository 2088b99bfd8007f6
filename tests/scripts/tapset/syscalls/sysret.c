// cflags: -O0 -D_GNU_SOURCE
// The calls whose retstr or return name stap 4.8 derives from more than the return value, and faccessat2's flags
// (sysret.stp prints their argstr and retstr): the flagged variants eventfd2, epoll_create1, signalfd4 and pipe2,
// adjtimex's clock state and wait4's status word. Each call goes through syscall(2), so that glibc's choice of
// system call does not matter; wait4 waits for any child (-1), so that no pid is printed.
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	// Everything the entry probes read is on the stack and initialised.
	char root[] = "/", none[] = "/nonexistent-sysret";
	int fds[2] = { -1, -1 }, status = 0;
	sigset_t usr1;
	struct timex query = { .modes = 0 }, badtick = { .modes = ADJ_TICK, .tick = 0 };
	pid_t child;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);

	// faccessat2: each flag, both, an unknown bit
	syscall(SYS_faccessat2, AT_FDCWD, root, R_OK, 0);
	syscall(SYS_faccessat2, AT_FDCWD, root, R_OK | X_OK, AT_EACCESS);
	syscall(SYS_faccessat2, AT_FDCWD, root, F_OK, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_faccessat2, AT_FDCWD, none, W_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW);
	syscall(SYS_faccessat2, AT_FDCWD, root, R_OK, AT_EACCESS | 0x1);        // EINVAL

	// the flagged variants, with and without flags
	syscall(SYS_eventfd, 5);
	syscall(SYS_eventfd2, 0, 0);
	syscall(SYS_eventfd2, 3, EFD_CLOEXEC);
	syscall(SYS_epoll_create1, 0);
	syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	syscall(SYS_signalfd4, -1, &usr1, 8, 0);
	syscall(SYS_signalfd4, -1, &usr1, 8, SFD_CLOEXEC);
	syscall(SYS_pipe, fds);
	fds[0] = fds[1] = -1;
	syscall(SYS_pipe2, fds, O_CLOEXEC);

	// adjtimex: a query (modes 0) and a tick out of range (EINVAL)
	syscall(SYS_adjtimex, &query);
	syscall(SYS_adjtimex, &badtick);

	// wait4: no child yet; an exit status; a NULL status word; stopped, continued, killed
	syscall(SYS_wait4, -1, &status, WNOHANG, 0);
	if ((child = fork()) == 0)
		_exit(3);
	syscall(SYS_wait4, -1, &status, 0, 0);
	if ((child = fork()) == 0)
		_exit(0);
	syscall(SYS_wait4, -1, 0, 0, 0);
	if ((child = fork()) == 0) {
		raise(SIGSTOP);
		for (;;)
			pause();
	}
	syscall(SYS_wait4, -1, &status, WUNTRACED, 0);
	kill(child, SIGCONT);
	syscall(SYS_wait4, -1, &status, WCONTINUED, 0);
	kill(child, SIGKILL);
	syscall(SYS_wait4, -1, &status, 0, 0);
	return 0;
}
