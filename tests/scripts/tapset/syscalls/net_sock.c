// cflags: -O0 -D_GNU_SOURCE
// The socket system calls with fixed arguments (net_sock.stp prints their argstr and retstr): UDP over loopback
// (sent to itself), two TCP connections over loopback, a Unix socket pair and a bound Unix datagram socket, IPv6.
// Each call goes through syscall(2), so that glibc's choice of system call does not matter.
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	// Everything the entry probes read is on the stack and initialised.
	struct sockaddr_in udp = { .sin_family = AF_INET, .sin_port = htons(7777), .sin_addr = { htonl(INADDR_LOOPBACK) } };
	struct sockaddr_in tcp = { .sin_family = AF_INET, .sin_port = htons(7778), .sin_addr = { htonl(INADDR_LOOPBACK) } };
	struct sockaddr_in6 six = { .sin6_family = AF_INET6, .sin6_port = htons(7779), .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_un path = { .sun_family = AF_UNIX, .sun_path = "/tmp/stapper-net_sock" };
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	char hello[] = "hello", abc[] = "abc", buf[64] = "";
	struct iovec iov = { .iov_base = abc, .iov_len = 3 }, in = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr out = { .msg_iov = &iov, .msg_iovlen = 1 }, back = { .msg_iov = &in, .msg_iovlen = 1 };
	struct mmsghdr many[2] = { { .msg_hdr = out }, { .msg_hdr = out } }, got[2] = { { .msg_hdr = back }, { .msg_hdr = back } };
	// Whole seconds only: stap 4.8 reads a timespec as two 32-bit halves on these kernels (see net_ipc.c).
	struct timespec wait = { .tv_sec = 1, .tv_nsec = 0 };
	int one = 1, type = 0, sv[2] = { -1, -1 };
	socklen_t len = sizeof(type);
	struct ifreq lo = { .ifr_name = "lo" };
	long udp_fd, listener, client, second, server, unix_fd, six_fd;

	// Bring the loopback link up (the guest's may be down); its ioctls are not traced.
	int ctl = socket(AF_INET, SOCK_DGRAM, 0);
	if (ioctl(ctl, SIOCGIFFLAGS, &lo) == 0) {
		lo.ifr_flags |= IFF_UP;
		ioctl(ctl, SIOCSIFFLAGS, &lo);
	}
	close(ctl);
	unlink(path.sun_path);

	udp_fd = syscall(SYS_socket, AF_INET, SOCK_DGRAM, IPPROTO_UDP);
	syscall(SYS_setsockopt, udp_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	syscall(SYS_getsockopt, udp_fd, SOL_SOCKET, SO_TYPE, &type, &len);
	syscall(SYS_bind, udp_fd, &udp, sizeof(udp));
	syscall(SYS_getsockname, udp_fd, &from, &fromlen);
	syscall(SYS_sendto, udp_fd, hello, 5, 0, &udp, sizeof(udp));
	// The receives block (loopback delivery may come after the send returns), but the last, which finds nothing.
	syscall(SYS_recvfrom, udp_fd, buf, sizeof(buf), MSG_TRUNC, &from, &fromlen);
	syscall(SYS_connect, udp_fd, &udp, sizeof(udp));
	syscall(SYS_getpeername, udp_fd, &from, &fromlen);
	syscall(SYS_sendmsg, udp_fd, &out, MSG_DONTWAIT);
	syscall(SYS_recvmsg, udp_fd, &back, MSG_WAITALL);
	syscall(SYS_sendmmsg, udp_fd, many, 2, 0);
	syscall(SYS_recvmmsg, udp_fd, got, 2, 0, &wait);
	syscall(SYS_recvmmsg, udp_fd, got, 2, MSG_DONTWAIT, NULL);
	syscall(SYS_shutdown, udp_fd, SHUT_RDWR);

	// Two connections, one after the other, each accepted by a blocking accept (the handshake's end may come after
	// connect returns; with both pending, which is accepted first would vary).
	listener = syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	syscall(SYS_bind, listener, &tcp, sizeof(tcp));
	syscall(SYS_listen, listener, 5);
	client = syscall(SYS_socket, AF_INET, SOCK_STREAM, IPPROTO_TCP);
	syscall(SYS_connect, client, &tcp, sizeof(tcp));
	server = syscall(SYS_accept, listener, NULL, NULL);
	second = syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
	syscall(SYS_connect, second, &tcp, sizeof(tcp));
	syscall(SYS_accept4, listener, &from, &fromlen, SOCK_NONBLOCK | SOCK_CLOEXEC);
	syscall(SYS_sendto, client, abc, 3, MSG_NOSIGNAL, NULL, 0);
	syscall(SYS_recvfrom, server, buf, sizeof(buf), 0, NULL, NULL);
	syscall(SYS_shutdown, client, SHUT_WR);

	syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, sv);
	unix_fd = syscall(SYS_socket, AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	syscall(SYS_bind, unix_fd, &path, sizeof(path));
	six_fd = syscall(SYS_socket, AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
	syscall(SYS_connect, six_fd, &six, sizeof(six));
	// Errors: a descriptor that is not open, a length too short for the family.
	syscall(SYS_connect, 99, &udp, sizeof(udp));
	syscall(SYS_bind, six_fd, &six, 8);
	unlink(path.sun_path);
	return 0;
}
