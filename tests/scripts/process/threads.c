// cflags: -O0 -pthread
/* Probed by the process/ lifecycle cases: two threads that start and end one after the other, then the process
 * ends. It writes nothing. */
#include <pthread.h>
#include <unistd.h>

static void *work(void *arg) { return arg; }

int main(void)
{
	for (int i = 0; i < 2; i++) {
		pthread_t t;
		if (pthread_create(&t, 0, work, 0) || pthread_join(t, 0))
			return 1;
	}
	/* pthread_join returns when the thread's memory is released, which do_exit does before the thread's exit
	 * tracepoint: without a pause, the process's own exit can run first on another CPU. */
	usleep(200000);
	return 0;
}
