/* Pass-5 per-hit load: THREADS threads each call getpid (the raw syscall, no libc caching) and user_hit (the
 * user-space function the uprobe variants probe) CALLS times; prints the mean wall nanoseconds per call and
 * thread. Built static so it runs unchanged in the guest. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long calls = 2000000;

/* Kept out of line and called: a uprobe on its first instruction is hit once per iteration. */
__attribute__((noinline, used)) long user_hit(long i)
{
	__asm__ volatile("" : : "r"(i) : "memory");
	return i;
}

static void *hammer(void *unused)
{
	(void)unused;
	for (long i = 0; i < calls; i++) {
		syscall(SYS_getpid);
		user_hit(i);
	}
	return NULL;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int threads = argc > 2 ? atoi(argv[2]) : 1;
	pthread_t tid[64];
	if (argc > 1)
		calls = atol(argv[1]);
	if (calls <= 0 || threads < 1 || threads > 64) {
		fprintf(stderr, "usage: getpid_loop [CALLS [THREADS]]\n");
		return 2;
	}
	double start = now_ns();
	for (int t = 1; t < threads; t++)
		pthread_create(&tid[t], NULL, hammer, NULL);
	hammer(NULL);
	for (int t = 1; t < threads; t++)
		pthread_join(tid[t], NULL);
	printf("%.1f\n", (now_ns() - start) / calls);
	return 0;
}
