// cflags: -O0 -D_GNU_SOURCE
// The path and status calls that formats.py listed before the file family had a module of its own, with fixed
// arguments (files_paths.stp prints their argstr and retstr). The dynamic loader's own access and fstat come
// before main: the script prints only after the chdir that starts main's calls. Every call goes through
// syscall(2); close_range first makes the descriptors' numbers the same on every run.
#include <fcntl.h>
#include <sys/quota.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#define Q_XGETQSTAT (('X' << 8) + 5)  // XFS quota statistics (linux/dqblk_xfs.h)
#define QFMT_VFS_V0 2  // linux/quota.h

int main(void)
{
	// Strings and arrays on the stack, initialised: resident when the entry probe reads them.
	char tmp[] = "/tmp", dir[] = "files_paths", c[] = "files_paths/c", d[] = "files_paths/d";
	char h[] = "files_paths/h", r[] = "files_paths/r", s[] = "files_paths/s", target[] = "c";
	char text[] = "hello world\n", empty[] = "", buf[256] = "";
	char none[] = "/nonexistent", quota_file[] = "/nonexistent/aquota.user";
	struct dqblk limits = { .dqb_bhardlimit = 100, .dqb_bsoftlimit = 50, .dqb_ihardlimit = 10, .dqb_isoftlimit = 5 };
	struct dqinfo info = { .dqi_bgrace = 60, .dqi_igrace = 120, .dqi_flags = 0, .dqi_valid = 3 };
	struct stat st;
	struct termios term;
	off_t off = 0;
	int fd, out, dfd, n = 0;

	syscall(SYS_close_range, 3, ~0U, 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/files_paths/c", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/files_paths/d", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/files_paths/r", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/files_paths/s", 0);
	syscall(SYS_unlinkat, AT_FDCWD, "/tmp/files_paths", AT_REMOVEDIR);
	syscall(SYS_chdir, tmp);                                          // the script starts printing here

	syscall(SYS_mkdirat, AT_FDCWD, dir, 0755);
	fd = syscall(SYS_openat, AT_FDCWD, c, O_CREAT | O_RDWR, 0644);     // 3
	out = syscall(SYS_creat, d, 0640);                                 // 4
	syscall(SYS_write, fd, text, 12);
	syscall(SYS_chmod, c, 0600);
	syscall(SYS_fchmod, fd, 04755);
	syscall(SYS_access, c, R_OK | W_OK);
	syscall(SYS_access, d, X_OK);
	syscall(SYS_link, c, h);
	syscall(SYS_rename, h, r);
	syscall(SYS_symlink, target, s);
	syscall(SYS_readlink, s, buf, sizeof(buf));
	syscall(SYS_stat, c, &st);
	syscall(SYS_lstat, s, &st);
	syscall(SYS_fstat, fd, &st);
	syscall(SYS_newfstatat, AT_FDCWD, s, &st, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_newfstatat, fd, empty, &st, AT_EMPTY_PATH);
	syscall(SYS_sendfile, out, fd, &off, 12);
	syscall(SYS_ioctl, fd, FIONREAD, &n);
	syscall(SYS_ioctl, fd, TCGETS, &term);
	dfd = syscall(SYS_openat, AT_FDCWD, dir, O_RDONLY | O_DIRECTORY);  // 5
	syscall(SYS_getdents64, dfd, buf, sizeof(buf));
	syscall(SYS_lseek, dfd, 0, SEEK_SET);
	syscall(SYS_getdents, dfd, buf, sizeof(buf));
	// quotactl's subcommands, each shown its own way; none of the paths exists
	syscall(SYS_quotactl, QCMD(Q_QUOTAON, USRQUOTA), none, QFMT_VFS_V0, quota_file);
	syscall(SYS_quotactl, QCMD(Q_SETQUOTA, GRPQUOTA), none, 1000, &limits);
	syscall(SYS_quotactl, QCMD(Q_SETINFO, USRQUOTA), none, 0, &info);
	syscall(SYS_quotactl, QCMD(Q_GETFMT, USRQUOTA), none, 0, 0);  // stap shows the address in bare hex
	syscall(SYS_quotactl, QCMD(Q_QUOTAOFF, USRQUOTA), none, 0, 0);
	syscall(SYS_quotactl, QCMD(Q_XGETQSTAT, USRQUOTA), none, 0, buf);
	return 0;
}
