// cflags: -O0 -D_GNU_SOURCE
// The native AIO calls through syscall(2) on a context of 8 events, none submitted (aio_calls.stp).
#include <linux/aio_abi.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	aio_context_t ctx = 0;
	struct io_event events[1];
	struct timespec wait = { .tv_sec = 1, .tv_nsec = 0 };

	syscall(SYS_io_setup, 8, &ctx);
	syscall(SYS_io_submit, ctx, 0L, (struct iocb **)0);
	syscall(SYS_io_getevents, ctx, 0L, 1L, events, &wait);
	syscall(SYS_io_cancel, ctx, (struct iocb *)0, events);
	syscall(SYS_io_destroy, ctx);
	return 0;
}
