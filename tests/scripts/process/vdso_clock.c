// cflags: -O0
/* Probed by process/vdso: clock_gettime of a CPU-time clock, which the vDSO does not serve itself, so the vDSO
 * makes the system call (from its own text). It writes nothing. */
#include <time.h>

int main(void)
{
	struct timespec ts;
	return clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0;
}
