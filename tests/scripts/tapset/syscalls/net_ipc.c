// cflags: -O0 -D_GNU_SOURCE
// System V IPC, POSIX message queues, polling and the event/signal/timer descriptors with fixed arguments
// (net_ipc.stp prints their argstr and retstr). Each call goes through syscall(2), so that glibc's choice of system
// call does not matter. A private IPC namespace makes the first queue, semaphore set and segment id 0.
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/select.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

struct message { long mtype; char mtext[16]; };

int main(void)
{
	// Everything the entry probes read is on the stack and initialised.
	struct message msg = { .mtype = 1, .mtext = "hello" }, got = { 0 };
	struct msqid_ds mds;
	struct shmid_ds sds;
	struct sembuf up = { .sem_num = 0, .sem_op = 1, .sem_flg = 0 };
	struct sembuf down = { .sem_num = 0, .sem_op = -1, .sem_flg = IPC_NOWAIT };
	struct timespec second = { .tv_sec = 1, .tv_nsec = 0 }, zero = { 0, 0 };
	struct timeval tv = { .tv_sec = 0, .tv_usec = 0 };
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 }, old;
	char qname[] = "/stapper-net_ipc", ping[] = "ping", buf[64] = "";
	unsigned int prio = 0;
	// stap 4.8 reads a timespec, timeval or itimerspec in the old 32-bit layout on these kernels (its aux_syscalls.stp
	// maps them to old_timespec32 etc.), Stapper in the real one: the values below read the same both ways (whole
	// seconds below 2^31; an itimerspec whose value is zero).
	struct itimerspec arm = { .it_interval = { 5, 0 }, .it_value = { 0, 0 } }, disarm = { { 0, 0 }, { 0, 0 } }, now;
	struct epoll_event ev = { .events = EPOLLIN, .data = { .u64 = 7 } }, evs[4];
	struct pollfd pfd;
	fd_set rset;
	sigset_t usr1;
	long efd, efd2, ep, ep1, sfd, sfd4, tfd, mq, mq2;
	void *at = (void *)0x200000000000;

	unshare(CLONE_NEWIPC);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);

	syscall(SYS_msgget, IPC_PRIVATE, IPC_CREAT | 0600);
	syscall(SYS_msgsnd, 0, &msg, 6, IPC_NOWAIT);
	syscall(SYS_msgrcv, 0, &got, sizeof(got.mtext), 0, IPC_NOWAIT | MSG_NOERROR);
	syscall(SYS_msgrcv, 0, &got, sizeof(got.mtext), 2, IPC_NOWAIT);
	syscall(SYS_msgctl, 0, IPC_STAT, &mds);
	syscall(SYS_msgctl, 0, IPC_RMID, NULL);

	syscall(SYS_semget, IPC_PRIVATE, 2, IPC_CREAT | IPC_EXCL | 0600);
	syscall(SYS_semop, 0, &up, 1);
	syscall(SYS_semtimedop, 0, &down, 1, &second);
	syscall(SYS_semtimedop, 0, &down, 1, NULL);
	syscall(SYS_semctl, 0, 0, GETVAL, 0);
	syscall(SYS_semctl, 0, 0, IPC_RMID, 0);

	syscall(SYS_shmget, IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	syscall(SYS_shmat, 0, at, SHM_RDONLY);
	syscall(SYS_shmdt, at);
	syscall(SYS_shmctl, 0, IPC_STAT, &sds);
	syscall(SYS_shmctl, 0, IPC_RMID, NULL);

	mq = syscall(SYS_mq_open, qname, O_CREAT | O_RDWR, 0600, &attr);
	mq2 = syscall(SYS_mq_open, qname, O_RDONLY, 0, NULL);
	syscall(SYS_mq_timedsend, mq, ping, 4, 3, &second);
	syscall(SYS_mq_timedreceive, mq, buf, sizeof(buf), &prio, NULL);
	syscall(SYS_mq_notify, mq, NULL);
	syscall(SYS_mq_getsetattr, mq, NULL, &old);
	syscall(SYS_mq_unlink, qname);
	close(mq2);

	efd = syscall(SYS_eventfd, 5);
	efd2 = syscall(SYS_eventfd2, 3, EFD_NONBLOCK | EFD_CLOEXEC);
	pfd.fd = efd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	FD_ZERO(&rset);
	FD_SET(efd, &rset);
	syscall(SYS_poll, &pfd, 1, 0);
	syscall(SYS_ppoll, &pfd, 1, &zero, NULL, 8);
	syscall(SYS_select, efd + 1, &rset, NULL, NULL, &tv);
	syscall(SYS_pselect6, efd + 1, &rset, NULL, NULL, &zero, NULL);

	ep = syscall(SYS_epoll_create1, 0);
	ep1 = syscall(SYS_epoll_create1, EPOLL_CLOEXEC);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, efd2, &ev);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, efd2, &ev);
	syscall(SYS_epoll_wait, ep, evs, 4, 0);
	syscall(SYS_epoll_pwait, ep, evs, 4, 0, NULL, 8);
	syscall(SYS_epoll_ctl, ep, EPOLL_CTL_DEL, efd2, NULL);

	sfd = syscall(SYS_signalfd4, -1, &usr1, 8, 0);
	sfd4 = syscall(SYS_signalfd4, -1, &usr1, 8, SFD_NONBLOCK | SFD_CLOEXEC);

	tfd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_CLOEXEC);
	syscall(SYS_timerfd_settime, tfd, 0, &arm, NULL);
	syscall(SYS_timerfd_gettime, tfd, &now);
	syscall(SYS_timerfd_settime, tfd, 0, &disarm, &now);
	syscall(SYS_timerfd_create, CLOCK_REALTIME, TFD_NONBLOCK);
	(void)ep1; (void)sfd; (void)sfd4;
	return 0;
}
