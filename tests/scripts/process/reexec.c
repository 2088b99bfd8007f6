// cflags: -O0 -g
// reexec FIFO: waits for a line on FIFO, calls step(2) and execs itself (the same file) once, whose new image calls
// step(3): process/pid_exec_same checks that process(PID).function still fires in the new image, as in stap 4.8.
#include <stdio.h>
#include <unistd.h>

int step(int n)
{
	return n * 2;
}

int main(int argc, char **argv)
{
	char line[16];
	FILE *fifo;
	if (argc > 2) {
		step(argc);
		return 0;
	}
	if (argc != 2 || !(fifo = fopen(argv[1], "r")) || !fgets(line, sizeof line, fifo))
		return 1;
	step(argc);
	execl(argv[0], argv[0], argv[1], "again", (char *)NULL);
	return 1;
}
