// program: markers: -O2
// program: markers_nopie: -O0 -no-pie
/* SDT markers (sys/sdt.h) probed by the process/mark_* cases: none, two and six arguments of several sizes and
 * signs (registers, stack slots, constants), and one whose semaphore the program tests before the
 * work only a probe needs. It writes nothing, so the script's output is all there is. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

/* With _SDT_HAS_SEMAPHORES every marker has one; the kernel counts a marker's up while a probe is on it. */
#define SEMAPHORE(name) unsigned short stapper_##name##_semaphore __attribute__((unused)) __attribute__((section(".probes")))
SEMAPHORE(start);
SEMAPHORE(pair);
SEMAPHORE(six);
SEMAPHORE(guarded);
static volatile long sink;

static __attribute__((noinline)) void work(int i)
{
	signed char small = (signed char)(-i);
	short mid = (short)(1000 * i);
	long big = 1L << (32 + i);
	unsigned int u = 4000000000u;
	char text[] = "marker";
	STAP_PROBE(stapper, start);
	STAP_PROBE2(stapper, pair, i, -i);
	STAP_PROBE6(stapper, six, small, mid, big, u, text, 42);
	if (__builtin_expect(stapper_guarded_semaphore, 0))
		STAP_PROBE1(stapper, guarded, i * 10);
	sink += small + mid + big + u + text[0];
}

int main(void)
{
	for (int i = 1; i <= 2; i++)
		work(i);
	return 0;
}
