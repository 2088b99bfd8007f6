// cflags: -O0
/* Probed by process/fork_begin_path: a child that execs /bin/true, then one that exits without an exec, one after
 * the other. It writes nothing. */
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t child = fork();
	if (child == 0) {
		execl("/bin/true", "true", (char *)0);
		_exit(127);
	}
	waitpid(child, 0, 0);
	child = fork();
	if (child == 0)
		_exit(0);
	waitpid(child, 0, 0);
	return 0;
}
