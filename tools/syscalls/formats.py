"""The argument table of the syscall tapset: how stap 4.8 names and shows the arguments of the
common system calls. A syscall not listed here gets variables named after its kernel prototype's
parameters and a generic argstr (see gen.py).

Each entry: NAME -> dict with
  args:   "var:kind ..." in argument order; kinds: i (C int, %d), u (C unsigned int, %u),
          o (mode, %#o), l (long, %d), z (unsigned long / size_t, %u), p (user pointer, %p),
          s (user string, quoted; also VAR_unquoted and VAR_uaddr), - (argument not read);
  argstr: sprintf format and values, or a whole statement block (starting with a newline) that
          sets argstr; default: the args' formats joined with ", ";
  extra:  statements run after the args are read (decoded flags, etc.);
  name:   the name stap uses when it differs from the kernel's (newstat is stap's stat);
  ret:    the return_str format (1 decimal, 2 hex); noreturn: no .return alias;
  retextra: statements the .return alias runs after setting name, retval and retstr (a flagged variant's
          name, a decoded retstr); there the arguments are __syscall_ret_arg(N) / __syscall_ret_int_arg(N);
  also:   other calls the same alias probes (stap's getdents is getdents64 too).
"""

FORMATS = {
    "read": dict(args="fd:i buf_uaddr:p count:z"),
    "write": dict(args="fd:i buf_uaddr:p count:z",
                  extra="buf_str = user_buffer_quoted(buf_uaddr, count, syscall_string_trunc)",
                  argstr='"%d, %s, %u", fd, buf_str, count'),
    "pread64": dict(name="pread", args="fd:i buf_uaddr:p count:z offset:l",
                    argstr='"%d, %p, %u, %d", fd, buf_uaddr, count, offset'),
    "pwrite64": dict(name="pwrite", args="fd:i buf_uaddr:p count:z offset:l",
                     extra="buf_str = user_buffer_quoted(buf_uaddr, count, syscall_string_trunc)",
                     argstr='"%d, %s, %u, %d", fd, buf_str, count, offset'),
    "readv": dict(args="fd:i vector_uaddr:p count:i"),
    "writev": dict(args="fd:i vector_uaddr:p count:i"),
    "close": dict(args="fd:i", argstr='"%d", fd'),
    "open": dict(args="filename:s flags:i mode:u",
                 extra="flags_str = _sys_open_flag_str(flags)",
                 argstr="""
	if (__sys_open_creates(flags))
		argstr = sprintf("%s, %s, %#o", filename, flags_str, mode)
	else
		argstr = sprintf("%s, %s", filename, flags_str)"""),
    "openat": dict(args="dfd:i filename:s flags:i mode:u",
                   extra="dfd_str = _dfd_str(dfd)\nflags_str = _sys_open_flag_str(flags)",
                   argstr="""
	if (__sys_open_creates(flags))
		argstr = sprintf("%s, %s, %s, %#o", dfd_str, filename, flags_str, mode)
	else
		argstr = sprintf("%s, %s, %s", dfd_str, filename, flags_str)"""),
    "creat": dict(args="pathname:s mode:u", argstr='"%s, %#o", pathname, mode'),
    "exit": dict(args="status:i", noreturn=True),
    "exit_group": dict(args="status:i", noreturn=True),
    "newstat": dict(name="stat", args="filename:s buf_uaddr:p"),
    "newlstat": dict(name="lstat", args="path:s buf_uaddr:p"),
    "newfstat": dict(name="fstat", args="filedes:i buf_uaddr:p"),
    "newfstatat": dict(name="fstatat", args="dirfd:i path:s buf_uaddr:p flags:i",
                       extra="dirfd_str = _dfd_str(dirfd)\nflags_str = __at_flag_str(flags)",
                       argstr='"%s, %s, %p, %s", dirfd_str, path, buf_uaddr, flags_str'),
    "lseek": dict(args="fildes:i offset:l whence:u",
                  extra="whence_str = __seek_whence_str(whence)",
                  argstr='"%d, %d, %s", fildes, offset, whence_str'),
    "unlink": dict(args="pathname:s"),
    "unlinkat": dict(args="dfd:i pathname:s flag:i",
                     extra="dfd_str = _dfd_str(dfd)\nflag_str = __at_flag_str(flag)",
                     argstr='"%s, %s, %s", dfd_str, pathname, flag_str'),
    "mkdir": dict(args="pathname:s mode:o"),
    "mkdirat": dict(args="dirfd:i pathname:s mode:o", extra="dirfd_str = _dfd_str(dirfd)",
                    argstr='"%s, %s, %#o", dirfd_str, pathname, mode'),
    "rmdir": dict(args="pathname:s"),
    "chdir": dict(args="path:s"),
    "fchdir": dict(args="fd:i"),
    "chmod": dict(args="path:s mode:o"),
    "fchmod": dict(args="fildes:i mode:o"),
    "access": dict(args="pathname:s mode:i", extra="mode_str = __access_mode_str(mode)",
                   argstr='"%s, %s", pathname, mode_str'),
    "rename": dict(args="oldpath:s newpath:s"),
    "link": dict(args="oldpath:s newpath:s"),
    "symlink": dict(args="oldpath:s newpath:s"),
    "readlink": dict(args="path:s buf_uaddr:p bufsiz:i", argstr='"%s, %p, %d", path, buf_uaddr, bufsiz'),
    "getdents": dict(args="fd:i dirp_uaddr:p count:u", argstr='"%d, %p, %d", fd, dirp_uaddr, count',
                     also=["getdents64"]),
    "sendfile64": dict(name="sendfile", args="out_fd:i in_fd:i offset_uaddr:p count:z"),
    "ioctl": dict(args="fd:i request:i argp:z", argstr='"%d, %d, %p", fd, request, argp'),
    "execve": dict(args="filename:s args_uaddr:p env_uaddr:p",
                   extra="args = __user_argv(args_uaddr)\nenv_str = __user_argv(env_uaddr)",
                   argstr='"%s, %s, %s", filename, args, env_str'),
    "getpid": dict(args="", argstr='""'),
    "getppid": dict(args="", argstr='""'),
    "gettid": dict(args="", argstr='""'),
    "fork": dict(args="", argstr='""'),
    "vfork": dict(args="", argstr='""'),
    "sync": dict(args="", argstr='""'),
    "sched_yield": dict(args="", argstr='""'),
}

# Each family's entries may live in a module of its own, formats_FAMILY.py beside this one; a call listed
# twice is an error.
import glob as _glob  # noqa: E402
import importlib as _importlib  # noqa: E402
import os as _os  # noqa: E402

for _path in sorted(_glob.glob(_os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "formats_*.py"))):
    _family = _importlib.import_module(_os.path.basename(_path)[:-3]).FORMATS
    _twice = sorted(set(_family) & set(FORMATS))
    if _twice:
        raise SystemExit(f"{_path}: already listed elsewhere: {' '.join(_twice)}")
    FORMATS.update(_family)
