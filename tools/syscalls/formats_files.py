"""stap 4.8's names, variables and argstr for the file and file-system calls (ownership, links, xattrs,
mounts, splicing, notification, ...). Merged into formats.py's FORMATS; see its docstring for the keys."""

# A path argument whose pointer stap keeps under the plain name (renameat's oldname) and its text as NAME_str.
_OLD_NEW = "oldname = oldname_str_uaddr\nnewname = newname_str_uaddr"

FORMATS = {
    # ownership and modes: stap shows the ids signed (-1 leaves one unchanged)
    "chown": dict(args="path:s owner:i group:i"),
    "lchown": dict(args="path:s owner:i group:i"),
    "fchown": dict(args="fd:i owner:i group:i"),
    "fchownat": dict(args="dirfd:i pathname:s owner:i group:i flags:i",
                     extra="dirfd_str = _dfd_str(dirfd)\nflags_str = _at_flag_str(flags)",
                     argstr='"%s, %s, %d, %d, %s", dirfd_str, pathname, owner, group, flags_str'),
    "chroot": dict(args="path:s", argstr='"%s", path'),
    "fchmodat": dict(args="dirfd:i pathname:s mode:u", extra="dirfd_str = _dfd_str(dirfd)",
                     argstr='"%s, %s, %#o", dirfd_str, pathname, mode'),
    # faccessat's successor with a flags word, decoded by name (_faccessat2_flags_str, aux_sysfiles.stp).
    "faccessat2": dict(args="dirfd:i pathname:s mode:i flags:i",
                       extra="dirfd_str = _dfd_str(dirfd)\nmode_str = _access_mode_str(mode)\n"
                             "flags_str = _faccessat2_flags_str(flags)",
                       argstr='"%s, %s, %s, %s", dirfd_str, pathname, mode_str, flags_str'),
    "faccessat": dict(args="dirfd:i pathname:s mode:i",
                      extra="dirfd_str = _dfd_str(dirfd)\nmode_str = _access_mode_str(mode)",
                      argstr='"%s, %s, %s", dirfd_str, pathname, mode_str'),
    # descriptors
    "dup": dict(args="oldfd:i"),
    # dup2 keeps the flags variables of the time stap's dup2 and dup3 were one alias.
    "dup2": dict(args="oldfd:i newfd:i", extra='flags = 0\nflags_str = "0x0"', argstr='"%d, %d", oldfd, newfd'),
    "dup3": dict(args="oldfd:i newfd:i flags:i", extra="flags_str = _dup3_flag_str(flags)",
                 argstr='"%d, %d, %s", oldfd, newfd, flags_str'),
    "fcntl": dict(args="fd:i cmd:i arg:l", extra="cmd_str = _fcntl_cmd_str(cmd)",
                  argstr='"%d, %s, %p", fd, cmd_str, arg'),
    "flock": dict(args="fd:i operation:i", argstr='"%d, %s", fd, _flock_cmd_str(operation)'),
    # stap's pipe alias is pipe2's too, which it names pipe2 and shows with its flags; both show the array's two
    # ints as they are on entry. pipe2's own alias is pipe.pipe2 (not matched by syscall.*, which would see each
    # call twice), that aux_sysfiles.stp adds to syscall.pipe, naming its return pipe2 too.
    "pipe": dict(args="fildes_uaddr:p", extra='flags = 0\nflag_str = ""', argstr="""
	if (fildes_uaddr == 0) {
		pipe0 = 0
		pipe1 = 0
		argstr = "NULL"
	} else {
		pipe0 = _fildes_index_u(fildes_uaddr, 0)
		pipe1 = _fildes_index_u(fildes_uaddr, 1)
		argstr = sprintf("[%d, %d]", pipe0, pipe1)
	}"""),
    "pipe2": dict(name="pipe.pipe2", args="fildes_uaddr:p flags:i",
                  extra='name = "pipe2"\nflag_str = _sys_pipe2_flag_str(flags)', argstr="""
	if (fildes_uaddr == 0) {
		pipe0 = 0
		pipe1 = 0
		argstr = "NULL"
	} else {
		pipe0 = _fildes_index_u(fildes_uaddr, 0)
		pipe1 = _fildes_index_u(fildes_uaddr, 1)
		argstr = sprintf("[%d, %d], %s", pipe0, pipe1, flag_str)
	}""", retextra='name = "pipe2"'),
    # data to disk
    "fsync": dict(args="fd:i"),
    "fdatasync": dict(args="fd:i"),
    "syncfs": dict(args="fd:i"),
    "sync_file_range": dict(args="fd:i offset:l nbytes:l flags:u",
                            extra="flags_str = _sync_file_range_flags_str(flags)",
                            argstr='"%d, %d, %d, %s", fd, offset, nbytes, flags_str'),
    "fadvise64": dict(args="fd:i offset:l len:l advice:i", extra="advice_str = _fadvice_advice_str(advice)",
                      argstr='"%d, %d, %d, %s", fd, offset, len, advice_str'),
    "fallocate": dict(args="fd:i mode:u offset:l len:l", extra="mode_str = _stp_fallocate_mode_str(mode)",
                      argstr='"%d, %s, %#x, %u", fd, mode_str, offset, len'),
    "readahead": dict(args="fd:i offset:l count:z", argstr='"%d, %d, %u", fd, offset, count'),
    "truncate": dict(args="path:s length:l", argstr='"%s, %d", path, length'),
    "ftruncate": dict(args="fd:i length:l", argstr='"%d, %d", fd, length'),
    # file system and file status
    "statfs": dict(args="path:s buf_uaddr:p"),
    "fstatfs": dict(args="fd:i buf_uaddr:p"),
    "ustat": dict(args="dev:u ubuf_uaddr:p"),
    "statx": dict(args="dfd:i filename:s flags:u mask:u buf_uaddr:p",
                  extra="dfd_str = _dfd_str(dfd)\nflags_str = _at_flag_str(flags)\nmask_str = _statx_mask_str(mask)",
                  argstr='"%s, %s, %s, %s, %p", dfd_str, filename, flags_str, mask_str, buf_uaddr'),
    "sysfs": dict(args="option:i arg1:z arg2:z", argstr="""
	if (option == 1)
		argstr = sprintf("%d, %s", option, user_string_quoted(arg1))
	else if (option == 2)
		argstr = sprintf("%d, %d, %p", option, arg1, arg2)
	else if (option == 3)
		argstr = sprintf("%d", option)
	else
		argstr = sprintf("%d, 0x%x, 0x%x", option, arg1, arg2)"""),
    "getcwd": dict(args="buf_uaddr:p size:z", argstr='"%p, %d", buf_uaddr, size'),
    "readlinkat": dict(args="dfd:i path:s buf_uaddr:p bufsiz:i", extra="dfd_str = _dfd_str(dfd)",
                       argstr='"%s, %s, %p, %d", dfd_str, path, buf_uaddr, bufsiz'),
    # names
    "renameat": dict(args="olddfd:i oldname_str:s newdfd:i newname_str:s",
                     extra="olddfd_str = _dfd_str(olddfd)\nnewdfd_str = _dfd_str(newdfd)\n" + _OLD_NEW,
                     argstr='"%s, %s, %s, %s", olddfd_str, oldname_str, newdfd_str, newname_str'),
    "renameat2": dict(args="olddfd:i oldname_str:s newdfd:i newname_str:s flags:u",
                      extra="olddfd_str = _dfd_str(olddfd)\nnewdfd_str = _dfd_str(newdfd)\n" + _OLD_NEW
                      + "\nflags_str = _renameat2_flags_str(flags)",
                      argstr='"%s, %s, %s, %s, %s", olddfd_str, oldname_str, newdfd_str, newname_str, flags_str'),
    "linkat": dict(args="olddirfd:i oldpath:s newdirfd:i newpath:s flags:i",
                   extra="olddirfd_str = _dfd_str(olddirfd)\nnewdirfd_str = _dfd_str(newdirfd)\n"
                   "flags_str = _at_flag_str(flags)",
                   argstr='"%s, %s, %s, %s, %s", olddirfd_str, oldpath, newdirfd_str, newpath, flags_str'),
    "symlinkat": dict(args="oldname_str:s newdfd:i newname_str:s",
                      extra="newdfd_str = _dfd_str(newdfd)\n" + _OLD_NEW,
                      argstr='"%s, %s, %s", oldname_str, newdfd_str, newname_str'),
    "mknod": dict(args="pathname:s mode:u dev:u", extra="mode_str = _mknod_mode_str(mode)",
                  argstr='"%s, %s, %u", pathname, mode_str, dev'),
    "mknodat": dict(args="dirfd:i pathname:s mode:u dev:u",
                    extra="dirfd_str = _dfd_str(dirfd)\nmode_str = _mknod_mode_str(mode)",
                    argstr='"%s, %s, %s, %u", dirfd_str, pathname, mode_str, dev'),
    # times
    "utime": dict(args="filename:s buf_uaddr:p",
                  extra="actime = _struct_utimbuf_actime(buf_uaddr)\nmodtime = _struct_utimbuf_modtime(buf_uaddr)",
                  argstr='"%s, [%s, %s]", filename, ctime(actime), ctime(modtime)'),
    "utimes": dict(args="filename:s tvp_uaddr:p", extra="tvp_uaddr_str = _struct_timeval_u(tvp_uaddr, 2)",
                   argstr='"%s, %s", filename, tvp_uaddr_str'),
    "utimensat": dict(args="dfd:i filename:s tsp_uaddr:p flags:i",
                      extra="dfd_str = _dfd_str(dfd)\ntsp_str = _struct_timespec_u(tsp_uaddr, 2)\n"
                      "flags_str = _at_flag_str(flags)",
                      argstr='"%s, %s, %s, %s", dfd_str, filename, tsp_str, flags_str'),
    "futimesat": dict(args="dirfd:i filename:s tvp_uaddr:p",
                      extra="dirfd_str = _dfd_str(dirfd)\ntvp_str = _struct_timeval_u(tvp_uaddr, 2)",
                      argstr='"%s, %s, %s", dirfd_str, filename, tvp_str'),
    # moving data between descriptors
    "copy_file_range": dict(args="fd_in:i off_in:p fd_out:i off_out:p len:z flags:u",
                            argstr='"%d, %p, %d, %p, %u, 0x%x", fd_in, off_in, fd_out, off_out, len, flags'),
    "splice": dict(args="fd_in:i off_in:p fd_out:i off_out:p len:z flags:u",
                   extra="flags_str = _stp_splice_flags_str(flags)",
                   argstr='"%d, %p, %d, %p, %u, %s", fd_in, off_in, fd_out, off_out, len, flags_str'),
    "tee": dict(args="fdin:i fdout:i len:z flags:u", argstr='"%d, %d, %u, 0x%x", fdin, fdout, len, flags'),
    "vmsplice": dict(args="fd:i iov:p nr_segs:z flags:u", extra="flags_str = _stp_splice_flags_str(flags)",
                     argstr='"%d, %p, %u, %s", fd, iov, nr_segs, flags_str'),
    # on x86_64 the offset is the low word alone (the high one is for 32-bit callers)
    "preadv": dict(args="fd:i vector_uaddr:p count:i offset:l pos_h:-",
                   argstr='"%d, %p, %d, 0x%x", fd, vector_uaddr, count, offset'),
    "pwritev": dict(args="fd:i vector_uaddr:p count:i offset:l pos_h:-",
                    argstr='"%d, %p, %d, 0x%x", fd, vector_uaddr, count, offset'),
    "preadv2": dict(args="fd:i vector_uaddr:p count:i offset:l pos_h:- flags:i",
                    extra="flags_str = _preadv2_flags_str(flags)",
                    argstr='"%d, %p, %d, 0x%x, %s", fd, vector_uaddr, count, offset, flags_str'),
    "pwritev2": dict(args="fd:i vector_uaddr:p count:i offset:l pos_h:- flags:i",
                     extra="flags_str = _preadv2_flags_str(flags)",
                     argstr='"%d, %p, %d, 0x%x, %s", fd, vector_uaddr, count, offset, flags_str'),
    # notification; as pipe's, stap's inotify_init alias is inotify_init1's too, under that name (its own alias is
    # inotify_init.inotify_init1, which aux_sysfiles.stp adds to syscall.inotify_init)
    "inotify_init": dict(args="", extra="flags = 0", argstr='""'),
    "inotify_init1": dict(name="inotify_init.inotify_init1", args="flags:i",
                          extra='name = "inotify_init1"', argstr="\n\targstr = _inotify_init1_flag_str(flags)"),
    "inotify_add_watch": dict(args="fd:i path:s mask:u", extra="mask_str = _inotify_watch_mask_str(mask)",
                              argstr='"%d, %s, %s", fd, path, mask_str'),
    "inotify_rm_watch": dict(args="fd:i wd:i"),
    "fanotify_init": dict(args="flags:u event_f_flags:u",
                          extra="flags_str = _fanotify_init_flags_str(flags)\n"
                          "event_f_flags_str = _sys_open_flag_str(event_f_flags)",
                          argstr='"%s, %s", flags_str, event_f_flags_str'),
    "fanotify_mark": dict(args="fanotify_fd:i flags:u mask:z dirfd:i pathname:s",
                          extra="flags_str = _fanotify_mark_flags_str(flags)\nmask_str = _fanotify_mark_mask_str(mask)\n"
                          "dirfd_str = _dfd_str(dirfd)",
                          argstr='"%d, %s, %s, %s, %s", fanotify_fd, flags_str, mask_str, dirfd_str, pathname'),
    # mounts, swap and root
    "mount": dict(args="source:s target:s filesystemtype:s mountflags:z data_uaddr:p",
                  extra="mountflags_str = _mountflags_str(mountflags)\n"
                  "data = user_string_n_quoted(data_uaddr, syscall_string_trunc)\n"
                  "data_unquoted = user_string_n_nofault(data_uaddr, syscall_string_trunc)",
                  argstr='"%s, %s, %s, %s, %s", source, target, filesystemtype, mountflags_str, data'),
    "umount": dict(args="target:s flags:i", extra="flags_str = _umountflags_str(flags)",
                   argstr='"%s, %s", target, flags_str'),
    "pivot_root": dict(args="new_root_str:s old_root_str:s", argstr='"%s, %s", new_root_str, old_root_str'),
    "swapon": dict(args="path:s swapflags:i", extra="swapflags_str = _swapon_flags_str(swapflags)",
                   argstr='"%s, %s", path, swapflags_str'),
    "swapoff": dict(args="path:s", argstr='"%s", path'),
    # quotactl: what follows the command depends on its subcommand
    "quotactl": dict(args="cmd:u special_str:s id:i addr_uaddr:p",
                     extra="cmd_str = _quotactl_cmd_str(cmd)\nspecial = special_str_uaddr", argstr="""
	if (_quotactl_subcmd(cmd) == @const("Q_QUOTAON"))
		argstr = sprintf("%s, %s, %s, %s", cmd_str, special_str, _quotactl_quota_type_str(id),
		                 user_string_quoted(addr_uaddr))
	else if (_quotactl_subcmd(cmd) == @const("Q_GETQUOTA") || _quotactl_subcmd(cmd) == @const("Q_SETQUOTA"))
		argstr = sprintf("%s, %s, %d, %s", cmd_str, special_str, id, _struct_dqblk_u(addr_uaddr))
	else if (_quotactl_subcmd(cmd) == @const("Q_GETINFO") || _quotactl_subcmd(cmd) == @const("Q_SETINFO"))
		argstr = sprintf("%s, %s, %d, %s", cmd_str, special_str, id, _struct_dqinfo_u(addr_uaddr))
	else if (_quotactl_subcmd(cmd) == @const("Q_GETFMT"))
		argstr = sprintf("%s, %s, %d, %x", cmd_str, special_str, id, addr_uaddr)
	else if (_quotactl_subcmd(cmd) == @const("Q_SYNC") || _quotactl_subcmd(cmd) == @const("Q_QUOTAOFF"))
		argstr = sprintf("%s, %s, %d, %p", cmd_str, special_str, id, addr_uaddr)
	else
		argstr = sprintf("%s, %p, %d, %p", cmd_str, special, id, addr_uaddr)"""),
    # handles and memory files
    "name_to_handle_at": dict(args="dfd:i pathname:s handle_uaddr:p mnt_id_uaddr:p flags:i",
                              extra="dfd_str = _dfd_str(dfd)\nflags_str = _at_flag_str(flags)",
                              argstr='"%s, %s, %p, %p, %s", dfd_str, pathname, handle_uaddr, mnt_id_uaddr, flags_str'),
    "open_by_handle_at": dict(args="mount_dfd:i handle_uaddr:p flags:i",
                              extra="mount_dfd_str = _dfd_str(mount_dfd)\nflags_str = _sys_open_flag_str(flags)",
                              argstr='"%s, %p, %s", mount_dfd_str, handle_uaddr, flags_str'),
    "memfd_create": dict(args="uname:s flags:u", extra="flags_str = _mfd_flags_str(flags)",
                         argstr='"%s, %s", uname, flags_str'),
}

# The extended attributes: path, link and descriptor flavours of each.
for _p, _who in (("", "path:s"), ("l", "path:s"), ("f", "filedes:i")):
    _fmt = "%d" if _p == "f" else "%s"
    _first = "filedes" if _p == "f" else "path"
    FORMATS[_p + "setxattr"] = dict(
        args=f"{_who} name_str:s value_uaddr:p size:z flags:i",
        extra="name_uaddr = name_str_uaddr\nvalue_str = _stp_xattr_val_str(value_uaddr, size)\n"
              "flags_str = _stp_xattr_flags_str(flags)",
        argstr=f'"{_fmt}, %s, %s, %u, %s", {_first}, name_str, value_str, size, flags_str')
    FORMATS[_p + "getxattr"] = dict(
        args=f"{_who} name_str:s value_uaddr:p size:z", extra="name_uaddr = name_str_uaddr",
        argstr=f'"{_fmt}, %s, %p, %u", {_first}, name_str, value_uaddr, size')
    FORMATS[_p + "listxattr"] = dict(
        args=f"{_who} list_uaddr:p size:z", argstr=f'"{_fmt}, %p, %u", {_first}, list_uaddr, size')
    FORMATS[_p + "removexattr"] = dict(
        args=f"{_who} name_str:s", extra="name_uaddr = name_str_uaddr",
        argstr=f'"{_fmt}, %s", {_first}, name_str')
