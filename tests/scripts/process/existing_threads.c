// cflags: -O0 -pthread
/* Started by existing_threads.before, before the probes: a process whose two threads already run when they start.
 * The command returns once both threads exist; the process goes on (in a session of its own) until it is killed, or
 * for 20 seconds. It writes nothing. */
#include <pthread.h>
#include <unistd.h>

static void *work(void *arg)
{
	pause();
	return arg;
}

int main(void)
{
	int ready[2];
	char c = 0;
	if (pipe(ready))
		return 1;
	pid_t child = fork();
	if (child < 0)
		return 1;
	if (child > 0) {
		close(ready[1]);
		return read(ready[0], &c, 1) == 1 ? 0 : 1;
	}
	close(ready[0]);
	setsid();
	for (int i = 0; i < 2; i++) {
		pthread_t t;
		if (pthread_create(&t, 0, work, 0))
			return 1;
	}
	if (write(ready[1], &c, 1) != 1)
		return 1;
	close(ready[1]);
	sleep(20);
	return 0;
}
