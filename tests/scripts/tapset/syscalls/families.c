// cflags: -O0 -D_GNU_SOURCE
// One or two system calls of each family with fixed arguments (families.stp prints their argstr and retstr):
// memory, network, signals, time, IPC, files and descriptors, process.
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }

int main(void)
{
	struct sigaction action = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	struct timespec nap = { .tv_sec = 0, .tv_nsec = 1000 };
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_port = htons(7777), .sin_addr = { htonl(INADDR_LOOPBACK) } };
	struct rlimit files;
	struct utsname host;
	sigset_t usr1;
	// Strings and the pipe's array on the stack: resident, and with known contents when the entry probe reads them.
	char dir[] = "/nonexistent/dir", file[] = "/nonexistent/file";
	int one = 1, fds[2] = { -1, -1 }, sock;

	mprotect(0, 0, PROT_READ);
	madvise(0, 0, MADV_NORMAL);

	sock = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(sock, (struct sockaddr *)&any, sizeof(any));
	shutdown(sock, SHUT_RDWR);

	sigaction(SIGUSR1, &action, 0);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, 0);
	kill(0, 0);

	clock_nanosleep(CLOCK_MONOTONIC, 0, &nap, 0);
	nanosleep(&nap, 0);

	msgget(IPC_PRIVATE, 0600);
	semget(IPC_PRIVATE, 1, 0600);

	pipe2(fds, O_CLOEXEC);
	dup3(fds[0], 10, O_CLOEXEC);
	fcntl(10, F_SETFD, FD_CLOEXEC);
	umask(022);
	mkdirat(AT_FDCWD, dir, 0755);
	unlinkat(AT_FDCWD, file, 0);

	getrlimit(RLIMIT_NOFILE, &files);
	uname(&host);
	setpriority(PRIO_PROCESS, 0, 0);
	waitid(P_ALL, 0, 0, WEXITED | WNOHANG);
	return 0;
}
