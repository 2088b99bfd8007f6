// cflags: -O0 -pthread
/* Probed by the process/ lifecycle cases: two threads that start and end one after the other, then the process
 * ends. It writes nothing. */
#include <pthread.h>

static void *work(void *arg) { return arg; }

int main(void)
{
	for (int i = 0; i < 2; i++) {
		pthread_t t;
		if (pthread_create(&t, 0, work, 0) || pthread_join(t, 0))
			return 1;
	}
	return 0;
}
