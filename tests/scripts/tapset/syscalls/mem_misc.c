// cflags: -O0 -D_GNU_SOURCE
// The scheduling and process-control calls of formats_mem.py with fixed arguments (the case mem_misc). What would
// change the guest (reboot, kexec, modules, accounting, host names) is called so that it fails: bad magic, bad
// descriptors, lengths or names.
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/reboot.h>
#include <linux/membarrier.h>
#include <linux/seccomp.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <linux/kcmp.h>
#include <linux/kexec.h>
#include <linux/module.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <asm/prctl.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <linux/keyctl.h>

/* struct sched_attr as the kernel reads it (SCHED_ATTR_SIZE_VER0): glibc's headers lack it. */
struct sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
};

int main(void)
{
	struct sched_param param = { .sched_priority = 0 };
	struct sched_attr attr = { .size = sizeof(struct sched_attr), .sched_policy = SCHED_OTHER, .sched_nice = 0 };
	struct sched_attr got = { .size = sizeof(struct sched_attr), .sched_policy = SCHED_BATCH, .sched_nice = 3 };
	uint64_t mask = 1;
	struct timespec ts = { 0, 0 };
	unsigned cpu = 0, node = 0;
	struct utsname uts;
	char name[16] = "mem_misc";
	char random[16] = "abcdefgh";
	unsigned int action = SECCOMP_RET_KILL_PROCESS;
	struct perf_event_attr pattr;
	unsigned long fs = 0;
	void *head = 0;
	size_t len = 0;
	int tid = 0;
	char umod[4] = "\177EL";
	char ldt[16];
	char ktype[] = "nosuchtype", kdesc[] = "stapper", payload[] = "payload";
	char kbuf[16];
	char opts[] = "opt=1", cmdline[] = "quiet", module[] = "nosuchmodule", acctfile[] = "/nonexistent/acct";

	memset(&pattr, 0, sizeof(pattr));
	memset(ldt, 0, sizeof(ldt));
	memset(kbuf, 0, sizeof(kbuf));
	syscall(SYS_getppid);	/* the script's marker */
	syscall(SYS_sched_get_priority_max, 77);	/* EINVAL */
	syscall(SYS_sched_get_priority_max, SCHED_FIFO);
	syscall(SYS_sched_get_priority_min, SCHED_RR);
	syscall(SYS_sched_getscheduler, 0);
	syscall(SYS_sched_setparam, 0, &param);
	syscall(SYS_sched_getparam, 0, &param);
	syscall(SYS_sched_setscheduler, 0, SCHED_BATCH | SCHED_RESET_ON_FORK, &param);
	syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &param);
	syscall(SYS_sched_setscheduler, 0, 99, &param);	/* EINVAL */
	syscall(SYS_sched_setaffinity, 0, sizeof(mask), &mask);
	syscall(SYS_sched_getaffinity, 0, 4, &mask);	/* EINVAL: not a multiple of a long */
	syscall(SYS_sched_rr_get_interval, 0, &ts);
	syscall(SYS_sched_setattr, 0, &attr, 0);
	syscall(SYS_sched_getattr, 0, &got, sizeof(got), 0);
	syscall(SYS_getcpu, &cpu, &node, 0);
	syscall(SYS_ioprio_set, 1, 0, (2 << 13) | 3);
	syscall(SYS_ioprio_get, 1, 0);
	syscall(SYS_ioprio_get, 9, 0);	/* EINVAL */
	syscall(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	syscall(SYS_prctl, PR_GET_NAME, name, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_TIMERSLACK, 50000, 0, 0, 0);
	syscall(SYS_prctl, PR_SET_NAME, name, 0, 0, 0);	/* the same name */
	syscall(SYS_prctl, PR_CAPBSET_READ, 21, 0, 0, 0);
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
	syscall(SYS_arch_prctl, 0x1234, 0);	/* EINVAL */
	syscall(SYS_uname, &uts);
	syscall(SYS_sethostname, name, 1000);	/* EINVAL: too long */
	syscall(SYS_setdomainname, name, -1);	/* EINVAL */
	syscall(SYS_syslog, 99, 0, 0);	/* EINVAL */
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, 0x1234, LINUX_REBOOT_CMD_RESTART, 0);	/* EINVAL: bad magic */
	syscall(SYS_ptrace, PTRACE_PEEKDATA, 0, 0x1000, 0);	/* ESRCH */
	syscall(SYS_ptrace, PTRACE_ATTACH, 0, 0, 0);	/* ESRCH */
	syscall(SYS_ptrace, PTRACE_SETOPTIONS, 0, 0, PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL);	/* ESRCH */
	syscall(SYS_unshare, CLONE_FILES | CLONE_FS);
	syscall(SYS_unshare, 0);
	syscall(SYS_setns, -1, CLONE_NEWNET);	/* EBADF */
	syscall(SYS_set_tid_address, &tid);
	syscall(SYS_set_robust_list, 0, 0);	/* EINVAL */
	syscall(SYS_get_robust_list, 0, &head, &len);
	syscall(SYS_getrandom, random, 8, GRND_NONBLOCK);
	syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 1);	/* EINVAL */
	syscall(SYS_membarrier, 999, 0);	/* EINVAL */
	syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action);
	syscall(SYS_seccomp, 99, 0, 0);	/* EINVAL */
	syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 1, 0);	/* EINVAL: strict mode takes no flags */
	syscall(SYS_memfd_secret, 0x1234);	/* EINVAL */
	syscall(SYS_userfaultfd, 0x1234);	/* EINVAL */
	syscall(SYS_kcmp, 0, 0, KCMP_FILE, 0, 0);	/* ESRCH */
	syscall(SYS_bpf, BPF_MAP_CREATE, 0, 0);	/* EINVAL */
	syscall(SYS_perf_event_open, &pattr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC | 0x100);	/* EINVAL */
	syscall(SYS_add_key, ktype, kdesc, payload, 7, -2);	/* ENODEV */
	syscall(SYS_request_key, ktype, kdesc, 0, 0);	/* ENODEV */
	syscall(SYS_init_module, umod, sizeof(umod), opts);	/* ENOEXEC: too short */
	syscall(SYS_finit_module, -1, opts, MODULE_INIT_IGNORE_VERMAGIC);	/* EBADF */
	syscall(SYS_delete_module, module, O_NONBLOCK);	/* ENOENT */
	syscall(SYS_kexec_load, 0, 0, 0, KEXEC_ON_CRASH | KEXEC_ARCH_386);	/* EINVAL: not this arch */
	syscall(SYS_kexec_file_load, -1, -1, 6, cmdline, KEXEC_FILE_NO_INITRAMFS);	/* EBADF */
	syscall(SYS_acct, acctfile);	/* ENOENT */
	syscall(SYS_ioperm, 0x80, 1, 0);
	syscall(SYS_iopl, 5);	/* EINVAL */
	syscall(SYS_modify_ldt, 0, ldt, sizeof(ldt));
	/* keyctl on keys that do not exist (12345) or keyrings the process lacks */
	syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_REQKEY_AUTH_KEY, 0);
	syscall(SYS_keyctl, KEYCTL_READ, KEY_SPEC_THREAD_KEYRING, kbuf, sizeof(kbuf));
	syscall(SYS_keyctl, KEYCTL_UPDATE, 12345, payload, 7);
	syscall(SYS_keyctl, KEYCTL_REVOKE, 12345);
	syscall(SYS_keyctl, KEYCTL_LINK, 12345, 12346);
	syscall(SYS_keyctl, KEYCTL_SEARCH, 12345, ktype, kdesc, 0);
	syscall(SYS_keyctl, KEYCTL_CHOWN, 12345, -1, -1);
	syscall(SYS_keyctl, KEYCTL_SETPERM, 12345, 0x3f010000 | 0x40);
	syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, 12345, 60);
	syscall(SYS_keyctl, KEYCTL_SET_REQKEY_KEYRING, KEY_REQKEY_DEFL_NO_CHANGE);
	syscall(SYS_keyctl, 9999, 1, 2, 3, 4);
	/* vhangup in a child of its own session, without a terminal to hang up */
	if (fork() == 0) {
		setsid();
		syscall(SYS_vhangup);
		_exit(0);
	}
	wait(0);
	return 0;
}
