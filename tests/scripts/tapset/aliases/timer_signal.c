// cflags: -O0
// A POSIX timer queues SIGUSR1 (blocked) to this process once; sigpending(2) then reads the pending set
// (signal_queue).
#include <signal.h>
#include <time.h>

int main(void)
{
	sigset_t set, pending;
	struct sigevent event = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	struct itimerspec once = { .it_value = { .tv_nsec = 1000000 } };
	struct timespec wait = { .tv_nsec = 50000000 };
	timer_t timer;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, 0);
	if (timer_create(CLOCK_MONOTONIC, &event, &timer) != 0 || timer_settime(timer, 0, &once, 0) != 0)
		return 1;
	nanosleep(&wait, 0);
	if (sigpending(&pending) != 0 || !sigismember(&pending, SIGUSR1))
		return 2;
	return 0;
}
