// cflags: -O0 -D_GNU_SOURCE
// The file and file-system calls of the syscall tapset with fixed arguments (files_calls.stp prints their argstr
// and retstr). Every call is made through syscall(2), so the C library chooses no other call; close_range first
// makes the descriptors' numbers the same on every run. Files go under /tmp/files_calls (the guest's own /tmp);
// calls that need privileges or hardware (mount, swapon, pivot_root) are given paths that do not exist.
#include <fcntl.h>
#include <linux/fanotify.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

int main(void)
{
	// Strings and arrays on the stack, initialised: resident when the entry probe reads them.
	char dir[] = "/tmp/files_calls", tmp[] = "/tmp", a[] = "files_calls/a", b[] = "files_calls/b";
	char abs_a[] = "/tmp/files_calls/a", link_name[] = "files_calls/l", hard[] = "files_calls/h";
	char hard2[] = "files_calls/h2", fifo[] = "files_calls/fifo", fifo2[] = "files_calls/fifo2", target[] = "a";
	char none[] = "/nonexistent", none_a[] = "/nonexistent/a", none_b[] = "/nonexistent/b";
	char xname[] = "user.stapper", xvalue[] = "value", tmpfs[] = "tmpfs", source[] = "none", data[] = "size=1m";
	char memfd[] = "stapper", nofs[] = "nofs", empty[] = "", text[] = "hello world\n", buf[64] = "";
	char handle_space[sizeof(struct file_handle) + 16] = { 0 };
	struct file_handle *handle = (struct file_handle *)handle_space;
	struct utimbuf times = { .actime = 1000000000, .modtime = 1000000001 };
	// stap 4.8 reads the times arrays of utimes, futimesat and utimensat as pairs of 32-bit words on these kernels
	// (the first 64-bit second alone, then the next word as a second): times whose sub-second parts are 0 and
	// whose second time is 0 read the same either way.
	struct timeval tv[2] = { { 1000000000, 0 }, { 0, 0 } };
	struct timespec ts[2] = { { 1000000000, 0 }, { 0, 0 } };
	struct iovec iov = { .iov_base = buf, .iov_len = 12 };
	struct statx stx;
	struct statfs sfs;
	char ustat_space[64];
	loff_t off_in = 0, off_out = 0;
	int pfd[2] = { -1, -1 }, pfd2[2] = { -1, -1 }, mnt_id = 0;
	int fd, fd_b, in, fan;

	syscall(SYS_close_range, 3, ~0U, 0);
	syscall(SYS_chdir, tmp);
	syscall(SYS_unlinkat, AT_FDCWD, a, 0);
	syscall(SYS_unlinkat, AT_FDCWD, b, 0);
	syscall(SYS_unlinkat, AT_FDCWD, link_name, 0);
	syscall(SYS_unlinkat, AT_FDCWD, fifo, 0);
	syscall(SYS_unlinkat, AT_FDCWD, fifo2, 0);
	syscall(SYS_unlinkat, AT_FDCWD, hard2, 0);
	syscall(SYS_mkdir, dir, 0755);
	fd = syscall(SYS_openat, AT_FDCWD, a, O_CREAT | O_RDWR | O_TRUNC, 0644);          // 3
	syscall(SYS_write, fd, text, 12);

	// ownership, modes, access
	syscall(SYS_chown, abs_a, -1, -1);
	syscall(SYS_lchown, abs_a, 0, 0);
	syscall(SYS_fchown, fd, 0, -1);
	syscall(SYS_fchownat, AT_FDCWD, a, 0, 0, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_chroot, none);
	syscall(SYS_fchmodat, AT_FDCWD, a, 0640);
	syscall(SYS_faccessat, AT_FDCWD, a, R_OK | W_OK);

	// descriptors
	syscall(SYS_dup, fd);                                                          // 4
	syscall(SYS_dup2, fd, 10);
	syscall(SYS_dup3, fd, 11, O_CLOEXEC);
	syscall(SYS_fcntl, fd, F_GETFD, 0);
	syscall(SYS_fcntl, 10, F_SETFD, FD_CLOEXEC);
	syscall(SYS_flock, fd, LOCK_EX | LOCK_NB);
	syscall(SYS_pipe, pfd);                                                        // 5, 6
	syscall(SYS_pipe2, pfd2, O_CLOEXEC | O_NONBLOCK);                              // 7, 8
	fd_b = syscall(SYS_openat, AT_FDCWD, b, O_CREAT | O_RDWR | O_TRUNC, 0644);      // 9

	// data to disk, sizes
	syscall(SYS_fsync, fd);
	syscall(SYS_fdatasync, fd);
	syscall(SYS_syncfs, fd);
	syscall(SYS_sync_file_range, fd, 0, 12, SYNC_FILE_RANGE_WRITE);
	syscall(SYS_fadvise64, fd, 0, 12, POSIX_FADV_SEQUENTIAL);
	syscall(SYS_fallocate, fd, FALLOC_FL_KEEP_SIZE, 0, 4096);
	syscall(SYS_readahead, fd, 0, 4096);
	syscall(SYS_truncate, a, 100);
	syscall(SYS_ftruncate, fd, 12);

	// status
	syscall(SYS_statfs, tmp, &sfs);
	syscall(SYS_fstatfs, fd, &sfs);
	syscall(SYS_ustat, 0, ustat_space);
	syscall(SYS_statx, AT_FDCWD, a, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx);
	syscall(SYS_statx, fd, empty, AT_EMPTY_PATH | AT_STATX_FORCE_SYNC, 0, &stx);
	syscall(SYS_sysfs, 1, nofs);
	syscall(SYS_sysfs, 4, 1, 2);
	syscall(SYS_getcwd, buf, sizeof(buf));

	// names
	syscall(SYS_symlinkat, target, AT_FDCWD, link_name);
	syscall(SYS_readlinkat, AT_FDCWD, link_name, buf, sizeof(buf));
	syscall(SYS_linkat, AT_FDCWD, a, AT_FDCWD, hard, 0);
	syscall(SYS_renameat, AT_FDCWD, hard, AT_FDCWD, hard2);
	syscall(SYS_renameat2, AT_FDCWD, hard2, AT_FDCWD, a, RENAME_NOREPLACE);
	syscall(SYS_mknod, fifo, S_IFIFO | 0644, 0);
	syscall(SYS_mknodat, AT_FDCWD, fifo2, S_IFIFO | 0600, 0);

	// times
	syscall(SYS_utime, a, &times);
	syscall(SYS_utimes, a, tv);
	syscall(SYS_utimensat, AT_FDCWD, a, ts, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_futimesat, AT_FDCWD, a, tv);

	// moving data: the first pipe (5, 6) gets 12 bytes, tee copies 5 to the second (7, 8), splice moves 5 to b
	syscall(SYS_copy_file_range, fd, &off_in, fd_b, &off_out, 12, 0);
	syscall(SYS_write, pfd[1], text, 12);
	syscall(SYS_tee, pfd[0], pfd2[1], 5, SPLICE_F_NONBLOCK);
	syscall(SYS_splice, pfd[0], 0, fd_b, &off_out, 5, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
	iov.iov_base = text;
	syscall(SYS_vmsplice, pfd[1], &iov, 1, SPLICE_F_GIFT);
	iov.iov_base = buf;
	syscall(SYS_preadv, fd, &iov, 1, 0, 0);
	syscall(SYS_pwritev, fd, &iov, 1, 16, 0);
	syscall(SYS_preadv2, fd, &iov, 1, 0, 0, RWF_HIPRI);
	syscall(SYS_pwritev2, fd, &iov, 1, 32, 0, RWF_DSYNC);

	// notification
	in = syscall(SYS_inotify_init);                                                // 12
	syscall(SYS_inotify_init1, IN_CLOEXEC | IN_NONBLOCK);                          // 13
	syscall(SYS_inotify_add_watch, in, dir, IN_CREATE | IN_DELETE);
	syscall(SYS_inotify_rm_watch, in, 1);
	fan = syscall(SYS_fanotify_init, FAN_CLASS_NOTIF | FAN_CLOEXEC, O_RDONLY | O_LARGEFILE);
	syscall(SYS_fanotify_mark, fan, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_WRITE, AT_FDCWD, dir);

	// extended attributes: paths that do not exist and a descriptor that is not open (99), whose errors are the
	// same on every file system
	syscall(SYS_setxattr, none, xname, xvalue, 5, XATTR_CREATE);
	syscall(SYS_lsetxattr, none, xname, xvalue, 5, XATTR_REPLACE);
	syscall(SYS_fsetxattr, 99, xname, xvalue, 5, 0);
	syscall(SYS_getxattr, none, xname, buf, sizeof(buf));
	syscall(SYS_lgetxattr, none, xname, buf, sizeof(buf));
	syscall(SYS_fgetxattr, 99, xname, buf, sizeof(buf));
	syscall(SYS_listxattr, none, buf, sizeof(buf));
	syscall(SYS_llistxattr, none, buf, sizeof(buf));
	syscall(SYS_flistxattr, 99, buf, sizeof(buf));
	syscall(SYS_removexattr, none, xname);
	syscall(SYS_lremovexattr, none, xname);
	syscall(SYS_fremovexattr, 99, xname);

	// mounts, swap, root, handles, memory files
	syscall(SYS_mount, source, none, tmpfs, MS_RDONLY | MS_NOSUID, data);
	syscall(SYS_umount2, none, MNT_DETACH);
	syscall(SYS_pivot_root, none_a, none_b);
	syscall(SYS_swapon, none, SWAP_FLAG_PREFER | 5);
	syscall(SYS_swapoff, none);
	syscall(SYS_name_to_handle_at, AT_FDCWD, none_a, handle, &mnt_id, AT_SYMLINK_FOLLOW);
	syscall(SYS_open_by_handle_at, AT_FDCWD, handle, O_RDONLY);  // an empty handle: EINVAL
	syscall(SYS_memfd_create, memfd, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	return 0;
}
