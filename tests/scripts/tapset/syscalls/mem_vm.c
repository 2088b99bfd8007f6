// cflags: -O0 -D_GNU_SOURCE
// The memory calls of formats_mem.py with fixed arguments: a mapping at a fixed address, then each call on it
// (the case mem_vm). Calls that need what the guest may lack (protection keys, NUMA) fail the same on both kernels.
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/mempolicy.h>

#define AT ((void *)0x200000000UL)
#define TO ((void *)0x300000000UL)

int main(void)
{
	unsigned char vec[4] = {0, 0, 0, 0};
	int mode = 0;
	void *p;

	syscall(SYS_getppid);	/* the script's marker */
	p = (void *)syscall(SYS_mmap, AT, 16384, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	syscall(SYS_mmap, 0, 4096, PROT_NONE, MAP_SHARED, -1, 8192);	/* EBADF */
	syscall(SYS_mprotect, p, 4096, PROT_READ);
	syscall(SYS_mprotect, p, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
	syscall(SYS_madvise, 0, 0, MADV_NORMAL);
	syscall(SYS_madvise, p, 4096, MADV_DONTNEED);
	syscall(SYS_madvise, p, 8192, 1234);	/* EINVAL */
	syscall(SYS_msync, p, 4096, MS_ASYNC | MS_INVALIDATE);
	syscall(SYS_msync, p, 4096, 0);
	syscall(SYS_mincore, p, 4096, vec);
	syscall(SYS_mlock, p, 4096);
	syscall(SYS_munlock, p, 4096);
	syscall(SYS_mlock2, p, 4096, MLOCK_ONFAULT);
	syscall(SYS_mlock2, p, 4096, 0);
	syscall(SYS_mlockall, 0);	/* EINVAL */
	syscall(SYS_mlockall, MCL_CURRENT | MCL_ONFAULT);
	syscall(SYS_munlockall);
	syscall(SYS_mremap, p, 4096, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, TO);
	syscall(SYS_mremap, TO, 8192, 4096, 0, 0);
	syscall(SYS_remap_file_pages, p, 4096, 0, 0, 0);	/* EINVAL: not a shared file mapping */
	syscall(SYS_mbind, (char *)p + 4096, 4096, MPOL_DEFAULT, 0, 0, 0);
	syscall(SYS_mbind, (char *)p + 4096, 4096, 77, 0, 0, MPOL_MF_STRICT | MPOL_MF_MOVE);	/* EINVAL */
	syscall(SYS_set_mempolicy, MPOL_DEFAULT, 0, 0);
	syscall(SYS_get_mempolicy, &mode, 0, 0, 0, 0);
	syscall(SYS_get_mempolicy, 0, 0, 0, (char *)p + 4096, MPOL_F_ADDR | MPOL_F_NODE);
	syscall(SYS_migrate_pages, 0, 0, 0, 0);
	syscall(SYS_move_pages, 0, 0, 0, 0, 0, MPOL_MF_MOVE);
	syscall(SYS_process_vm_readv, 1, 0, 0, 0, 0, 0);
	syscall(SYS_process_vm_writev, 1, 0, 0, 0, 0, 7);	/* EINVAL */
	syscall(SYS_pkey_alloc, 0, PKEY_DISABLE_WRITE);
	syscall(SYS_pkey_alloc, 1, 0);	/* EINVAL */
	syscall(SYS_pkey_mprotect, p, 4096, PROT_READ, -1);
	syscall(SYS_pkey_free, 15);
	syscall(SYS_munmap, p, 16384);
	syscall(SYS_munmap, TO, 4096);
	syscall(SYS_brk, 0);
	return 0;
}
