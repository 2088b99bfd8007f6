// cflags: -O0
// Writes "hello" into one end of a Unix stream socket pair and reads it from the other (socket_iter).
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int fds[2];
	char buf[16];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
		return 1;
	if (write(fds[0], "hello", 5) != 5)
		return 2;
	if (read(fds[1], buf, sizeof(buf)) != 5)
		return 3;
	return 0;
}
