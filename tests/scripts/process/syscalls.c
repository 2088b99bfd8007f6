// cflags: -O0
/* Probed by process/syscalls: system calls with known arguments and results. It writes nothing. */
#include <unistd.h>

int main(void)
{
	close(-1);
	close(12345);
	return 0;
}
