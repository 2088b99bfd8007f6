"""Memory, scheduling and miscellaneous process calls, as stap 4.8 names and shows them (see formats.py for the
entry keys). Each was compared with stap 4.8's output in the VM by the cases tapset/syscalls/mem_*."""


def _flags(var, decoder):
    """An args-free helper: the statement decoding VAR with DECODER into VAR_str."""
    return f"{var}_str = {decoder}({var})"


# keyctl(2): what the operation's arguments mean decides how stap shows them; an operation it does not know shows
# all five numbers.
_KEYCTL_ARGSTR = """
	cmd_str = _stp_keyctl_cmd_str(option)
	if (option == 11 || option == 6 || option == 17) /* READ, DESCRIBE, GET_SECURITY */
		argstr = sprintf("%s, %s, %p, %d", cmd_str, _stp_keyctl_keyring_shortcut_str(arg2), arg3, arg4)
	else if (option == 2) /* UPDATE */
		argstr = sprintf("%s, %d, %s, %d", cmd_str, arg2, user_string_quoted(arg3), arg4)
	else if (option == 3 || option == 7 || option == 21 || option == 16) /* REVOKE, CLEAR, INVALIDATE, ASSUME_AUTHORITY */
		argstr = sprintf("%s, %d", cmd_str, arg2)
	else if (option == 8 || option == 9) /* LINK, UNLINK */
		argstr = sprintf("%s, %d, %d", cmd_str, arg2, arg3)
	else if (option == 10) /* SEARCH */
		argstr = sprintf("%s, %d, %s, %s, %d", cmd_str, arg2, user_string_quoted(arg3), user_string_quoted(arg4), arg5)
	else if (option == 4) /* CHOWN */
		argstr = sprintf("%s, %d, %d, %d", cmd_str, arg2, arg3, arg4)
	else if (option == 5) /* SETPERM */
		argstr = sprintf("%s, %d, %s", cmd_str, arg2, _stp_keyctl_perm_str(arg3))
	else if (option == 12) /* INSTANTIATE */
		argstr = sprintf("%s, %d, %s, %d, %d", cmd_str, arg2, user_string_quoted(arg3), arg4, arg5)
	else if (option == 20) /* INSTANTIATE_IOV */
		argstr = sprintf("%s, %d, %p, %d, %d", cmd_str, arg2, arg3, arg4, arg5)
	else if (option == 13) /* NEGATE */
		argstr = sprintf("%s, %d, %u, %d", cmd_str, arg2, arg3, arg4)
	else if (option == 19) /* REJECT */
		argstr = sprintf("%s, %d, %u, %u, %d", cmd_str, arg2, arg3, arg4, arg5)
	else if (option == 15) /* SET_TIMEOUT */
		argstr = sprintf("%s, %d, %u", cmd_str, arg2, arg3)
	else if (option == 0) /* GET_KEYRING_ID */
		argstr = sprintf("%s, %s, %d", cmd_str, _stp_keyctl_keyring_shortcut_str(arg2), arg3)
	else if (option == 14) /* SET_REQKEY_KEYRING */
		argstr = sprintf("%s, %s", cmd_str, _stp_keyctl_default_keyrings_str(arg2))
	else if (option == 1) /* JOIN_SESSION_KEYRING */
		argstr = sprintf("%s, %p", cmd_str, arg2)
	else if (option == 22) /* GET_PERSISTENT */
		argstr = sprintf("%s, %d, %d", cmd_str, arg2, arg3)
	else
		argstr = sprintf("%d, %d, %d, %d, %d", option, arg2, arg3, arg4, arg5)"""

FORMATS = {
    # Memory mappings.
    "brk": dict(args="brk:z", argstr='"%p", brk'),
    "munmap": dict(args="start:z length:z", argstr='"%p, %u", start, length'),
    # On x86_64 stap names mmap(2) mmap2; the offset is in bytes there (pgoffset).
    "mmap": dict(name="mmap2", args="start:z length:z prot:z flags:z fd:i pgoffset:z",
                 extra="prot_str = _mprotect_prot_str(prot)\nflags_str = _mmap_flags(flags)",
                 argstr='"%p, %u, %s, %s, %d, %d", start, length, prot_str, flags_str, fd, pgoffset', ret=2),
    "mprotect": dict(args="addr:z len:z prot:z", extra=_flags("prot", "_mprotect_prot_str"),
                     argstr='"%p, %u, %s", addr, len, prot_str'),
    "pkey_mprotect": dict(args="addr:z len:z prot:z pkey:i", extra=_flags("prot", "_mprotect_prot_str"),
                          argstr='"%p, %u, %s, %d", addr, len, prot_str, pkey'),
    "pkey_alloc": dict(args="flags:z init_val:z", extra=_flags("init_val", "_pkey_alloc_init_val_str"),
                       argstr='"%u, %s", flags, init_val_str'),
    "pkey_free": dict(args="pkey:i", argstr='"%d", pkey'),
    "madvise": dict(args="start:z length:z advice:i", extra=_flags("advice", "_madvice_advice_str"),
                    argstr='"%p, %u, %s", start, length, advice_str'),
    "mremap": dict(args="old_address:z old_size:z new_size:z flags:z new_address:z",
                   extra=_flags("flags", "_mremap_flags"),
                   argstr='"%p, %d, %d, %s, %p", old_address, old_size, new_size, flags_str, new_address', ret=2),
    "msync": dict(args="start:z length:z flags:i", extra=_flags("flags", "_msync_flag_str"),
                  argstr='"%p, %u, %s", start, length, flags_str'),
    "mincore": dict(args="start:p length:z vec_uaddr:p", argstr='"%p, %u, %p", start, length, vec_uaddr'),
    "mlock": dict(args="addr:z len:z", argstr='"%p, %u", addr, len'),
    "mlock2": dict(args="addr:z len:z flags:i", extra=_flags("flags", "_stp_mlock2_str"),
                   argstr='"%p, %u, %s", addr, len, flags_str'),
    "munlock": dict(args="addr:z len:z", argstr='"%p, %d", addr, len'),
    "mlockall": dict(args="flags:i", extra=_flags("flags", "_mlockall_flags_str"), argstr="\n\targstr = flags_str"),
    "munlockall": dict(args="", argstr='""'),
    "remap_file_pages": dict(args="start:z size:z prot:z pgoff:z flags:z",
                             extra="prot_str = _mprotect_prot_str(prot)\nflags_str = _mmap_flags(flags)",
                             argstr='"%p, %p, %s, %p, %s", start, size, prot_str, pgoff, flags_str'),
    # NUMA policy.
    "mbind": dict(args="start:p len:z mode:i nmask_uaddr:p maxnode:z flags:u",
                  extra="mode_str = _mempolicy_mode_str(mode)\nflags_str = _mempolicy_flags_str(flags)",
                  argstr='"%p, %u, %s, %p, %u, %s", start, len, mode_str, nmask_uaddr, maxnode, flags_str'),
    "set_mempolicy": dict(args="mode:i nmask_uaddr:p maxnode:z", extra=_flags("mode", "_mempolicy_mode_str"),
                          argstr='"%s, %p, %u", mode_str, nmask_uaddr, maxnode'),
    "get_mempolicy": dict(args="policy_uaddr:p nmask_uaddr:p maxnode:z addr:z flags:z",
                          extra=_flags("flags", "_mempolicy_flags_str"),
                          argstr='"%p, %p, %u, %p, %s", policy_uaddr, nmask_uaddr, maxnode, addr, flags_str'),
    "migrate_pages": dict(args="pid:i maxnode:z old_nodes:p new_nodes:p",
                          argstr='"%d, %u, %p, %p", pid, maxnode, old_nodes, new_nodes'),
    "move_pages": dict(args="pid:i nr_pages:z pages:p nodes:p status:p flags:i",
                       extra=_flags("flags", "_mempolicy_flags_str"),
                       argstr='"%d, %u, %p, %p, %p, %s", pid, nr_pages, pages, nodes, status, flags_str'),
    "process_vm_readv": dict(args="pid:i local_iov_uaddr:p liovcnt:z remote_iov_uaddr:p riovcnt:z flags:z",
                             argstr='"%d, %p, %u, %p, %u, %u", pid, local_iov_uaddr, liovcnt, remote_iov_uaddr, '
                                    'riovcnt, flags'),
    "process_vm_writev": dict(args="pid:i local_iov_uaddr:p liovcnt:z remote_iov_uaddr:p riovcnt:z flags:z",
                              argstr='"%d, %p, %u, %p, %u, %u", pid, local_iov_uaddr, liovcnt, remote_iov_uaddr, '
                                     'riovcnt, flags'),
    # Scheduling.
    "sched_setparam": dict(args="pid:i p_uaddr:p", argstr='"%d, %p", pid, p_uaddr'),
    "sched_getparam": dict(args="pid:i p_uaddr:p", argstr='"%d, %p", pid, p_uaddr'),
    "sched_setscheduler": dict(args="pid:i policy:i p_uaddr:p", extra=_flags("policy", "_sched_policy_str"),
                               argstr='"%d, %s, %p", pid, policy_str, p_uaddr'),
    "sched_getscheduler": dict(args="pid:i", argstr='"%d", pid'),
    "sched_setaffinity": dict(args="pid:i len:u mask_uaddr:p", argstr='"%d, %u, %p", pid, len, mask_uaddr'),
    "sched_getaffinity": dict(args="pid:i len:u mask_uaddr:p", argstr='"%d, %u, %p", pid, len, mask_uaddr'),
    "sched_get_priority_max": dict(args="policy:i", extra=_flags("policy", "_sched_policy_str"),
                                   argstr="\n\targstr = policy_str"),
    "sched_get_priority_min": dict(args="policy:i", extra=_flags("policy", "_sched_policy_str"),
                                   argstr="\n\targstr = policy_str"),
    "sched_rr_get_interval": dict(args="pid:i tp_uaddr:p", argstr='"%d, %p", pid, tp_uaddr'),
    "sched_setattr": dict(args="pid:i sched_attr_uaddr:p flags:u",
                          extra="sched_attr_str = _struct_sched_attr_u(sched_attr_uaddr)",
                          argstr='"%d, %s, %u", pid, sched_attr_str, flags'),
    "sched_getattr": dict(args="pid:i sched_attr_uaddr:p size:u flags:u",
                          extra="sched_attr_str = _struct_sched_attr_u(sched_attr_uaddr)",
                          argstr='"%d, %s, %u, %u", pid, sched_attr_str, size, flags'),
    "getcpu": dict(args="cpu_uaddr:p node_uaddr:p tcache_uaddr:p",
                   argstr='"%p, %p, %p", cpu_uaddr, node_uaddr, tcache_uaddr'),
    "ioprio_get": dict(args="which:i who:i", extra=_flags("which", "_stp_ioprio_which_str"),
                       argstr='"%s, %d", which_str, who'),
    "ioprio_set": dict(args="which:i who:i ioprio:i",
                       extra="which_str = _stp_ioprio_which_str(which)\nioprio_str = _stp_ioprio_value_str(ioprio)",
                       argstr='"%s, %d, %s", which_str, who, ioprio_str'),
    # Process and system control.
    "prctl": dict(args="option:i arg2:z arg3:z arg4:z arg5:z",
                  argstr="\n\targstr = _prctl_argstr(option, arg2, arg3, arg4, arg5)"),
    "arch_prctl": dict(args="code:i addr:z", extra=_flags("code", "_stp_arch_prctl_func_str"),
                       argstr='"%s, %u", code_str, addr'),
    "newuname": dict(name="uname", args="name_uaddr:p", argstr='"%p", name_uaddr'),
    "sethostname": dict(args="hostname_uaddr:p len:i",
                        extra="name_str = user_string_quoted(hostname_uaddr)\n"
                              "name_str_unquoted = user_string_nofault(hostname_uaddr)",
                        argstr='"%s, %d", name_str, len'),
    "setdomainname": dict(args="domainname_uaddr:p len:i",
                          extra="domainname_str = user_string_quoted(domainname_uaddr)\n"
                                "domainname_str_unquoted = user_string_nofault(domainname_uaddr)",
                          argstr='"%s, %d", domainname_str, len'),
    "syslog": dict(args="type:i bufp_uaddr:p len:i", argstr='"%d, %p, %d", type, bufp_uaddr, len'),
    "reboot": dict(args="magic:i magic2:i flag:u arg_uaddr:p",
                   extra="magic_str = _reboot_magic_str(magic)\nmagic2_str = _reboot_magic_str(magic2)\n"
                         "flag_str = _reboot_flag_str(flag)",
                   argstr='"%s, %s, %s, %p", magic_str, magic2_str, flag_str, arg_uaddr'),
    "ptrace": dict(args="request:l pid:i addr:z data:z",
                   argstr="\n\targstr = _ptrace_argstr(request, pid, addr, data)"),
    "unshare": dict(args="unshare_flags:z", extra=_flags("unshare_flags", "__fork_flags"),
                    argstr="\n\targstr = unshare_flags_str"),
    "setns": dict(args="fd:i nstype:i", extra=_flags("nstype", "__fork_flags"), argstr='"%d, %s", fd, nstype_str'),
    "set_tid_address": dict(args="tidptr_uaddr:p", argstr='"%p", tidptr_uaddr'),
    "set_robust_list": dict(args="list_head_uaddr:p len:z", argstr='"%p, %u", list_head_uaddr, len'),
    "get_robust_list": dict(args="pid:i list_head_uaddr:p len_uaddr:p",
                            argstr='"%d, %p, %p", pid, list_head_uaddr, len_uaddr'),
    # stap shows getrandom's buffer as a string (what it holds on entry).
    "getrandom": dict(args="buf:s count:z flags:u", extra=_flags("flags", "_getrandom_flags_str"),
                      argstr='"%s, %u, %s", buf, count, flags_str'),
    "membarrier": dict(args="cmd:i flags:i", extra=_flags("cmd", "_membarrier_cmd_str"),
                       argstr='"%s, %d", cmd_str, flags'),
    "seccomp": dict(args="op:u flags:u uargs:s",
                    extra="op_str = _seccomp_op_str(op)\nflags_str = _seccomp_flags_str(flags)",
                    argstr='"%s, %s, %p", op_str, flags_str, uargs_uaddr'),
    "memfd_secret": dict(args="flags:u", extra=_flags("flags", "_mfd_flags_str"), argstr='"%s", flags_str'),
    "userfaultfd": dict(args="flags:i", extra=_flags("flags", "_userfaultfd_flags_str"), argstr='"%s", flags_str'),
    "kcmp": dict(args="pid1:i pid2:i type:i idx1:z idx2:z", extra=_flags("type", "_kcmp_type_str"),
                 argstr='"%d, %d, %s, %u, %u", pid1, pid2, type_str, idx1, idx2'),
    "bpf": dict(args="cmd:i attr_uaddr:p size:u", extra=_flags("cmd", "_bpf_cmd_str"),
                argstr='"%s, %p, %u", cmd_str, attr_uaddr, size'),
    "perf_event_open": dict(args="attr_uaddr:p pid:i cpu:i group_fd:i flags:z",
                            extra=_flags("flags", "_perf_event_open_flags_str"),
                            argstr='"%p, %d, %d, %d, %s", attr_uaddr, pid, cpu, group_fd, flags_str'),
    "add_key": dict(args="type_uaddr:p description_uaddr:p payload_uaddr:p plen:z ringid:i",
                    argstr='"%s, %s, %s, %u, %d", user_string_quoted(type_uaddr), '
                           'user_string_quoted(description_uaddr), '
                           'user_buffer_quoted(payload_uaddr, plen, syscall_string_trunc), plen, ringid'),
    "keyctl": dict(args="option:i arg2:z arg3:z arg4:z arg5:z", argstr=_KEYCTL_ARGSTR),
    "request_key": dict(args="type_uaddr:p description_uaddr:p callout_info_uaddr:p destringid:i",
                        extra="type_str = user_string_quoted(type_uaddr)\n"
                              "type_str_unquoted = user_string_nofault(type_uaddr)\n"
                              "description_str = user_string_quoted(description_uaddr)\n"
                              "description_str_unquoted = user_string_nofault(description_uaddr)",
                        argstr='"%s, %s, %p, %d", type_str, description_str, callout_info_uaddr, destringid'),
    # Modules, kexec and the rest of the administrator's calls.
    "init_module": dict(args="umod_uaddr:p len:z uargs:s", argstr='"%p, %u, %s", umod_uaddr, len, uargs'),
    "finit_module": dict(args="fd:i uargs:s flags:i", extra=_flags("flags", "_finit_module_flags_str"),
                         argstr='"%d, %s, %s", fd, uargs, flags_str'),
    "delete_module": dict(args="name_user:s flags:u", extra=_flags("flags", "_module_flags_str"),
                          argstr='"%s, %s", name_user, flags_str'),
    "kexec_load": dict(args="entry:z nr_segments:z segments_uaddr:p flags:z",
                       extra=_flags("flags", "_kexec_flags_str"),
                       argstr='"%p, %u, %p, %s", entry, nr_segments, segments_uaddr, flags_str'),
    "kexec_file_load": dict(args="kernel_fd:i initrd_fd:i cmdline_len:z cmdline:s flags:z",
                            extra=_flags("flags", "_kexec_file_load_flags_str"),
                            argstr='"%d, %d, %u, %s, %s", kernel_fd, initrd_fd, cmdline_len, cmdline, flags_str'),
    "acct": dict(args="filename:s", argstr="\n\targstr = filename"),
    "ioperm": dict(args="from:z num:z turn_on:u", argstr='"%#x, %#x, %#x", from, num, turn_on'),
    "iopl": dict(args="level:u", argstr='"%d", level'),
    "modify_ldt": dict(args="func:i ptr_uaddr:p bytecount:z", argstr='"%d, %p, %u", func, ptr_uaddr, bytecount'),
    "vhangup": dict(args="", argstr='""'),
}
