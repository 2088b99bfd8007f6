"""Sockets, System V IPC, POSIX message queues, polling and the event/signal/timer descriptors: stap 4.8's
names, variables and argstr for them (see formats.py for the keys)."""

# What stap's connect and bind also set from the address: its family, and for AF_INET/AF_INET6 its
# address and port (and for AF_INET6 the flow label and scope).
def _inet_info(addr, length):
    return "\n".join([
        f"uaddr_af = _struct_sockaddr_u_sa_family({addr}, {length})",
        'if (uaddr_af =~ "AF_INET.*") {',
        f"\tuaddr_ip = _struct_sockaddr_u_ip_addr({addr}, {length})",
        f"\tuaddr_ip_port = _struct_sockaddr_u_tcp_port({addr}, {length})",
        '\tif (uaddr_af == "AF_INET6") {',
        f"\t\tuaddr_ipv6_flowinfo = _struct_sockaddr_u_ipv6_flowinfo({addr}, {length})",
        f"\t\tuaddr_ipv6_scope_id = _struct_sockaddr_u_ipv6_scope_id({addr}, {length})",
        "\t}",
        "}",
    ])


_SOCK_STRS = ("family_str = _sock_family_str(family)\ntype_str = _sock_type_str(type)\n"
              "protocol_str = _sock_protocol_str(family, protocol)")
_SOCKOPT_STRS = "level_str = _sockopt_level_str(level)\noptname_str = _sockopt_optname_str(optname)"
_MSG_FLAGS = "flags_str = _msg_flags_str(flags)"

FORMATS = {
    # Sockets.
    "socket": dict(args="family:i type:i protocol:i", extra=_SOCK_STRS,
                   argstr='"%s, %s, %s", family_str, type_str, protocol_str'),
    "socketpair": dict(args="family:i type:i protocol:i sv_uaddr:p", extra=_SOCK_STRS,
                       argstr='"%s, %s, %s, %p", family_str, type_str, protocol_str, sv_uaddr'),
    "connect": dict(args="sockfd:i serv_addr_uaddr:p addrlen:u", extra=_inet_info("serv_addr_uaddr", "addrlen"),
                    argstr='"%d, %s, %u", sockfd, _struct_sockaddr_u(serv_addr_uaddr, addrlen), addrlen'),
    # bind's length is signed, connect's unsigned (as stap reads them).
    "bind": dict(args="sockfd:i my_addr_uaddr:p addrlen:i", extra=_inet_info("my_addr_uaddr", "addrlen"),
                 argstr='"%d, %s, %d", sockfd, _struct_sockaddr_u(my_addr_uaddr, addrlen), addrlen'),
    "accept": dict(args="sockfd:i addr_uaddr:p addrlen_uaddr:p"),
    "accept4": dict(args="sockfd:i addr_uaddr:p addrlen_uaddr:p flags:i", extra="flags_str = _sock_flags_str(flags)",
                    argstr='"%d, %p, %p, %s", sockfd, addr_uaddr, addrlen_uaddr, flags_str'),
    "listen": dict(args="sockfd:i backlog:i"),
    "getsockname": dict(args="s:i name_uaddr:p namelen_uaddr:p"),
    "getpeername": dict(args="s:i name_uaddr:p namelen_uaddr:p"),
    "getsockopt": dict(args="fd:i level:i optname:i optval_uaddr:p optlen_uaddr:p", extra=_SOCKOPT_STRS,
                       argstr='"%d, %s, %s, %p, %p", fd, level_str, optname_str, optval_uaddr, optlen_uaddr'),
    "setsockopt": dict(args="fd:i level:i optname:i optval_uaddr:p optlen:u", extra=_SOCKOPT_STRS,
                       argstr='"%d, %s, %s, %p, %u", fd, level_str, optname_str, optval_uaddr, optlen'),
    # sendto shows the data sent (quoted, cut at syscall_string_trunc) and the destination decoded.
    "sendto": dict(args="s:i buf_uaddr:p len:z flags:u to_uaddr:p tolen:u",
                   extra=_MSG_FLAGS + "\nbuf = user_buffer_quoted(buf_uaddr, len, syscall_string_trunc)"
                   "\nto_str = _struct_sockaddr_u(to_uaddr, tolen)",
                   argstr='"%d, %s, %u, %s, %s, %u", s, buf, len, flags_str, to_str, tolen'),
    "recvfrom": dict(args="s:i buf_uaddr:p len:z flags:u addr_uaddr:p addrlen_uaddr:p", extra=_MSG_FLAGS,
                     argstr='"%d, %p, %u, %s, %p, %p", s, buf_uaddr, len, flags_str, addr_uaddr, addrlen_uaddr'),
    "sendmsg": dict(args="s:i msg_uaddr:p flags:u", extra=_MSG_FLAGS,
                    argstr='"%d, %p, %s", s, msg_uaddr, flags_str'),
    "recvmsg": dict(args="s:i msg_uaddr:p flags:u", extra=_MSG_FLAGS,
                    argstr='"%d, %p, %s", s, msg_uaddr, flags_str'),
    "sendmmsg": dict(args="s:i mmsg_uaddr:p vlen:u flags:u", extra=_MSG_FLAGS,
                     argstr='"%d, %p, %d, %s", s, mmsg_uaddr, vlen, flags_str'),
    "recvmmsg": dict(args="s:i mmsg_uaddr:p vlen:u flags:u timeout_uaddr:p",
                     extra=_MSG_FLAGS + "\ntimeout_str = _struct_timespec_u(timeout_uaddr, 1)",
                     argstr='"%d, %p, %u, %s, %s", s, mmsg_uaddr, vlen, flags_str, timeout_str'),
    "shutdown": dict(args="s:i how:i", extra="how_str = _shutdown_how_str(how)", argstr='"%d, %s", s, how_str'),

    # System V IPC.
    "msgget": dict(args="key:i msgflg:i",
                   extra="key_str = _stp_msgget_key_str(key)\nmsgflg_str = __sem_flags(msgflg)",
                   argstr='"%s, %s", key_str, msgflg_str'),
    "msgsnd": dict(args="msqid:i msgp_uaddr:p msgsz:z msgflg:i", extra="msgflg_str = _stp_msgflg_str(msgflg)",
                   argstr='"%d, %p, %u, %s", msqid, msgp_uaddr, msgsz, msgflg_str'),
    "msgrcv": dict(args="msqid:i msgp_uaddr:p msgsz:z msgtyp:l msgflg:i", extra="msgflg_str = _stp_msgflg_str(msgflg)",
                   argstr='"%d, %p, %u, %d, %s", msqid, msgp_uaddr, msgsz, msgtyp, msgflg_str'),
    "msgctl": dict(args="msqid:i cmd:i buf_uaddr:p", extra="cmd_str = _stp_msgctl_cmd_str(cmd)",
                   argstr='"%d, %s, %p", msqid, cmd_str, buf_uaddr'),
    "semget": dict(args="key:i nsems:i semflg:i",
                   extra="key_str = _stp_msgget_key_str(key)\nsemflg_str = __sem_flags(semflg)",
                   argstr='"%s, %d, %s", key_str, nsems, semflg_str'),
    # stap names the array both tsops_uaddr (the kernel's name) and sops_uaddr.
    "semop": dict(args="semid:i sops_uaddr:p nsops:u", extra="tsops_uaddr = sops_uaddr"),
    "semtimedop": dict(args="semid:i sops_uaddr:p nsops:u timeout_uaddr:p",
                       extra="timeout_str = _struct_timespec_u(timeout_uaddr, 1)",
                       argstr='"%d, %p, %u, %s", semid, sops_uaddr, nsops, timeout_str'),
    "semctl": dict(args="semid:i semnum:i cmd:i arg:p", extra="cmdstr = _semctl_cmd(cmd)",
                   argstr='"%d, %d, %s, %p", semid, semnum, cmdstr, arg'),
    "shmget": dict(args="key:i size:z shmflg:i", extra="shmflg_str = _stp_shmget_flags_str(shmflg)",
                   argstr='"%d, %u, %s", key, size, shmflg_str'),
    "shmat": dict(args="shmid:i shmaddr_uaddr:p shmflg:i", extra="shmflg_str = _shmat_flags_str(shmflg)",
                  argstr='"%d, %p, %s", shmid, shmaddr_uaddr, shmflg_str'),
    "shmdt": dict(args="shmaddr_uaddr:p"),
    # shmctl's commands are semctl's (stap decodes both with one table).
    "shmctl": dict(args="shmid:i cmd:i buf_uaddr:p", extra="cmd_str = _semctl_cmd(cmd)",
                   argstr='"%d, %s, %p", shmid, cmd_str, buf_uaddr'),

    # POSIX message queues. mq_open shows its mode and attributes only when it may create (O_CREAT).
    "mq_open": dict(args="name_uaddr:p oflag:i mode:u u_attr_uaddr:p",
                    extra="filename = user_string_quoted(name_uaddr)\nfilename_unquoted = user_string_nofault(name_uaddr)"
                          "\nmode = mode & 0xffff\noflag_str = _sys_open_flag_str(oflag)",
                    argstr="""
	if (oflag & 64)  # O_CREAT
		argstr = sprintf("%s, %s, %#o, %p", filename, oflag_str, mode, u_attr_uaddr)
	else
		argstr = sprintf("%s, %s", filename, oflag_str)"""),
    "mq_unlink": dict(args="u_name:s", argstr='"%s", u_name'),
    "mq_timedsend": dict(args="mqdes:i msg_ptr_uaddr:p msg_len:z msg_prio:u abs_timeout_uaddr:p"),
    "mq_timedreceive": dict(args="mqdes:i msg_ptr_uaddr:p msg_len:z msg_prio_uaddr:p abs_timeout_uaddr:p"),
    "mq_notify": dict(args="mqdes:i notification_uaddr:p"),
    "mq_getsetattr": dict(args="mqdes:i u_mqstat_uaddr:p u_omqstat_uaddr:p"),

    # Polling.
    "poll": dict(args="ufds_uaddr:p nfds:u timeout:i"),
    "ppoll": dict(args="fds_uaddr:p nfds:u tsp:p sigmask:p sigsetsize:z",
                  extra="tsp_str = _struct_timespec_u(tsp, 1)",
                  argstr='"%p, %u, %s, %p, %d", fds_uaddr, nfds, tsp_str, sigmask, sigsetsize'),
    "select": dict(args="n:i readfds_uaddr:p writefds_uaddr:p exceptfds_uaddr:p timeout_uaddr:p",
                   extra="timeout_str = _struct_timeval_u(timeout_uaddr, 1)",
                   argstr='"%d, %p, %p, %p, %s", n, readfds_uaddr, writefds_uaddr, exceptfds_uaddr, timeout_str'),
    "pselect6": dict(args="nfds:i readfds:p writefds:p exceptfds:p timeout:p sigmask:p",
                     extra="timeout_str = _struct_timespec_u(timeout, 1)",
                     argstr='"%d, %p, %p, %p, %s, %p", nfds, readfds, writefds, exceptfds, timeout_str, sigmask'),
    # stap's epoll_create is epoll_create1 too: named epoll_create1 (its flags shown) unless the flags are 0.
    "epoll_create": dict(args="size:i", also=["epoll_create1"], argstr="""
	flags = 0
	if (ppfunc() == "__x64_sys_epoll_create1") {
		flags = size
		size = 0
	}
	if (flags != 0) {
		name = "epoll_create1"
		argstr = _epoll_create1_flag_str(flags)
	} else
		argstr = sprint(size)""",
                         retextra="""
flags = ppfunc() == "__x64_sys_epoll_create1" ? __syscall_ret_int_arg(1) : 0
if (flags != 0)
	name = "epoll_create1"
"""),
    "epoll_ctl": dict(args="epfd:i op:i fd:i event_uaddr:p", extra="op_str = _opoll_op_str(op)",
                      argstr='"%d, %s, %d, %p", epfd, op_str, fd, event_uaddr'),
    "epoll_wait": dict(args="epfd:i events_uaddr:p maxevents:i timeout:i"),
    "epoll_pwait": dict(args="epfd:i events_uaddr:p maxevents:i timeout:i sigmask_uaddr:p sigsetsize:z",
                        argstr='"%d, %p, %d, %d, %p, %d", epfd, events_uaddr, maxevents, timeout, sigmask_uaddr, '
                               'sigsetsize'),

    # Event, signal and timer descriptors. stap's eventfd is eventfd2 too (always named eventfd2, its flags
    # shown); its signalfd is signalfd4 too (named signalfd4, its flags shown, unless the flags are 0). Their
    # returns (and epoll_create's) are named as their entries.
    "eventfd": dict(args="count:u flags:i", also=["eventfd2"], argstr="""
	if (ppfunc() == "__x64_sys_eventfd2") {
		name = "eventfd2"
		flags_str = _eventfd2_flag_str(flags)
		argstr = sprintf("%u, %s", count, flags_str)
	} else {
		flags = 0
		flags_str = "0x0"
		argstr = sprint(count)
	}""", retextra="""
if (ppfunc() == "__x64_sys_eventfd2")
	name = "eventfd2"
"""),
    "signalfd": dict(args="ufd:i mask_uaddr:p sizemask:z flags:i", also=["signalfd4"], argstr="""
	if (ppfunc() != "__x64_sys_signalfd4")
		flags = 0
	if (flags != 0) {
		name = "signalfd4"
		argstr = sprintf("%d, %p, %d, %s", ufd, mask_uaddr, sizemask, _signalfd4_flags_str(flags))
	} else
		argstr = sprintf("%d, %p, %d", ufd, mask_uaddr, sizemask)""",
                     retextra="""
flags = ppfunc() == "__x64_sys_signalfd4" ? __syscall_ret_int_arg(4) : 0
if (flags != 0)
	name = "signalfd4"
"""),
    "timerfd_create": dict(args="clockid:i flags:i",
                           extra="clockid_str = _get_wc_str(clockid)\nflags_str = _stp_timerfd_flags_str(flags)",
                           argstr='"%s, %s", clockid_str, flags_str'),
    "timerfd_settime": dict(args="fd:i flags:i value_uaddr:p ovalue_uaddr:p",
                            extra="flags_str = _stp_timerfd_flags_str(flags)\nvalue_str = _struct_itimerspec_u(value_uaddr)",
                            argstr='"%d, %s, %s, %p", fd, flags_str, value_str, ovalue_uaddr'),
    "timerfd_gettime": dict(args="fd:i value_uaddr:p"),
}
