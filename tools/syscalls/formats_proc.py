"""Processes, signals, time, credentials and limits: stap 4.8's names, variables and argstr
(checked in the VM by the case tapset/syscalls/proc_calls). See formats.py for the entry keys."""

# futex: stap shows the timeout, second address or wake-op only for the operations that use them,
# comparing the whole op (a _PRIVATE op shows address, op and value only).
_FUTEX_ARGSTR = """
	if (op == 10)
		argstr = sprintf("%p, %s, %d, %#x", futex_uaddr, op_str, val, val3)
	else if (op == 0)
		argstr = sprintf("%p, %s, %d, %s", futex_uaddr, op_str, val, _struct_timespec_u(utime_uaddr, 1))
	else if (op == 9)
		argstr = sprintf("%p, %s, %d, %s, %#x", futex_uaddr, op_str, val, _struct_timespec_u(utime_uaddr, 1), val3)
	else if (op == 3)
		argstr = sprintf("%p, %s, %d, %d, %p", futex_uaddr, op_str, val, utime_uaddr, uaddr2_uaddr)
	else if (op == 4 || op == 12)
		argstr = sprintf("%p, %s, %d, %u, %p, %d", futex_uaddr, op_str, val, utime_uaddr, uaddr2_uaddr, val3)
	else if (op == 5)
		argstr = sprintf("%p, %s, %d, %u, %p, %s", futex_uaddr, op_str, val, utime_uaddr, uaddr2_uaddr,
				 _futex_wake_op_str(val3))
	else if (op == 11)
		argstr = sprintf("%p, %s, %d, %s, %p", futex_uaddr, op_str, val, _struct_timespec_u(utime_uaddr, 1),
				 uaddr2_uaddr)
	else
		argstr = sprintf("%p, %s, %d", futex_uaddr, op_str, val)"""


def _none():
    return dict(args="", argstr='""')


FORMATS = {
    # processes
    "execveat": dict(args="dirfd:i filename:s args_uaddr:p env_uaddr:p flags:i",
                     extra="dirfd_str = _dfd_str(dirfd)\nargs = __get_argv(args_uaddr, 0)\n"
                           "env_str = __get_argv(env_uaddr, 0)\nflags_str = _at_flag_str(flags)",
                     argstr='"%s, %s, %s, %s, %s", dirfd_str, filename, args, env_str, flags_str'),
    # wait4's return also decodes the status word the call stored (N/A when no child was reaped).
    # clone's x86_64 argument order (flags, stack, parent_tid, child_tid, tls); stap shows the first four.
    "clone": dict(args="clone_flags:l stack_start:p parent_tid_uaddr:p child_tid_uaddr:p",
                  argstr='"%s, %p, %p, %p", __fork_flags(clone_flags), stack_start, parent_tid_uaddr, child_tid_uaddr'),
    "wait4": dict(args="pid:i status_uaddr:p options:i rusage_uaddr:p",
                  extra="options_str = _wait4_opt_str(options)",
                  argstr='"%d, %p, %s, %p", pid, status_uaddr, options_str, rusage_uaddr',
                  retextra="""
status_uaddr = __syscall_ret_arg(2)
if (retval <= 0)
	status_str = "N/A"
else if (status_uaddr == 0)
	status_str = "NULL"
else
	status_str = _wait_status_str(user_int(status_uaddr))"""),
    "waitid": dict(args="which:i pid:i infop_uaddr:p options:i rusage_uaddr:p",
                   extra="which_str = _waitid_which_str(which)\noptions_str = _wait4_opt_str(options)",
                   argstr='"%s, %d, %p, %s, %p", which_str, pid, infop_uaddr, options_str, rusage_uaddr'),
    "pause": _none(),
    "restart_syscall": _none(),
    # signals
    "alarm": dict(args="seconds:u", argstr='"%u", seconds'),
    "kill": dict(args="pid:i sig:i", extra="sig_name = _signal_name(sig)", argstr='"%d, %s", pid, sig_name'),
    "tkill": dict(args="pid:i sig:i", extra="sig_str = _signal_name(sig)", argstr='"%d, %s", pid, sig_str'),
    "tgkill": dict(args="tgid:i pid:i sig:i", extra="sig_str = _signal_name(sig)",
                   argstr='"%d, %d, %s", tgid, pid, sig_str'),
    "rt_sigaction": dict(args="sig:i act_uaddr:p oact_uaddr:p sigsetsize:z",
                         extra="sig_str = _signal_name(sig)\nact_str = _struct_sigaction_u(act_uaddr)",
                         argstr='"%s, {%s}, %p, %d", sig_str, act_str, oact_uaddr, sigsetsize'),
    "rt_sigprocmask": dict(args="how:i set_uaddr:p oldset_uaddr:p sigsetsize:u",
                           extra="how_str = _sigprocmask_how_str(how)\nset_str = _stp_sigset_u(set_uaddr)",
                           argstr='"%s, %s, %p, %d", how_str, set_str, oldset_uaddr, sigsetsize'),
    "rt_sigpending": dict(args="set_uaddr:p sigsetsize:z", argstr='"%p, %u", set_uaddr, sigsetsize'),
    "rt_sigsuspend": dict(args="set_uaddr:p sigsetsize:z", extra="set_str = _stp_sigset_u(set_uaddr)",
                          argstr='"%s, %u", set_str, sigsetsize'),
    "rt_sigtimedwait": dict(args="uthese_uaddr:p uinfo_uaddr:p uts_uaddr:p sigsetsize:z",
                            extra="uthese_str = _stp_sigset_u(uthese_uaddr)\nuinfo_str = _stp_siginfo_u(uinfo_uaddr)\n"
                                  "uts_str = _struct_timespec_u(uts_uaddr, 1)",
                            argstr='"%s, %s, %s, %d", uthese_str, uinfo_str, uts_str, sigsetsize'),
    "rt_sigqueueinfo": dict(args="pid:i sig:i uinfo_uaddr:p",
                            extra="sig_name = _signal_name(sig)\nsiginfo_str = _stp_siginfo_u(uinfo_uaddr)",
                            argstr='"%d, %s, %s", pid, sig_name, siginfo_str'),
    "rt_tgsigqueueinfo": dict(args="tgid:i tid:i sig:i uinfo_uaddr:p",
                              extra="sig_str = _signal_name(sig)\nuinfo_str = _stp_siginfo_u(uinfo_uaddr)",
                              argstr='"%d, %d, %s, %s", tgid, tid, sig_str, uinfo_str'),
    "sigaltstack": dict(args="uss_uaddr:p uoss_uaddr:p", extra="uss_str = _stp_sigaltstack_u(uss_uaddr)",
                        argstr='"%s, %p", uss_str, uoss_uaddr'),
    "futex": dict(args="futex_uaddr:p op:i val:i utime_uaddr:p uaddr2_uaddr:p val3:i",
                  extra="op_str = _futex_op_str(op)", argstr=_FUTEX_ARGSTR),
    # time
    "clock_gettime": dict(args="clk_id:i tp_uaddr:p", extra="clk_id_str = _get_wc_str(clk_id)",
                          argstr='"%s, %p", clk_id_str, tp_uaddr'),
    "clock_settime": dict(args="clk_id:i tp_uaddr:p",
                          extra="clk_id_str = _get_wc_str(clk_id)\ntp_uaddr_str = _struct_timespec_u(tp_uaddr, 1)",
                          argstr='"%s, %s", clk_id_str, tp_uaddr_str'),
    "clock_getres": dict(args="clk_id:i res_uaddr:p", extra="clk_id_str = _get_wc_str(clk_id)",
                         argstr='"%s, %p", clk_id_str, res_uaddr'),
    "clock_nanosleep": dict(args="clk_id:i flags:i req_uaddr:p rem_uaddr:p",
                            extra="clk_id_str = _get_wc_str(clk_id)\nflags_str = _stp_clock_nanosleep_flags_str(flags)\n"
                                  "req_str = _struct_timespec_u(req_uaddr, 1)",
                            argstr='"%s, %s, %s, %p", clk_id_str, flags_str, req_str, rem_uaddr'),
    # adjtimex's retstr names the clock state the call returns (TIME_OK, ...), an error too ("-22 (-22)").
    "adjtimex": dict(args="buf_uaddr:p", extra="buf_str = _struct_timex_u(buf_uaddr)", argstr='"%s", buf_str',
                     retextra="retstr = _adjtimex_return_str(retval)"),
    "clock_adjtime": dict(args="clk_id:i tx_uaddr:p",
                          extra="clk_id_str = _get_wc_str(clk_id)\ntx_uaddr_str = _struct_timex_u(tx_uaddr)",
                          argstr='"%s, %s", clk_id_str, tx_uaddr_str'),
    "nanosleep": dict(args="req_uaddr:p rem_uaddr:p", extra="req_str = _struct_timespec_u(req_uaddr, 1)",
                      argstr='"%s, %p", req_str, rem_uaddr'),
    "gettimeofday": dict(args="tv_uaddr:p tz_uaddr:p", argstr='"%p, %p", tv_uaddr, tz_uaddr'),
    "settimeofday": dict(args="tv_uaddr:p tz_uaddr:p",
                         extra="tv_str = _struct_timeval_u(tv_uaddr, 1)\ntz_str = _struct_timezone_u(tz_uaddr)",
                         argstr='"%s, %s", tv_str, tz_str'),
    "time": dict(args="t_uaddr:p", argstr='"%p", t_uaddr'),
    "times": dict(args="buf_uaddr:p", extra="buf_str = _struct_tms_u(buf_uaddr)", argstr='"%s", buf_str'),
    "getitimer": dict(args="which:i value_uaddr:p",
                      argstr='"%s, %p", _itimer_which_str(which), value_uaddr'),
    "setitimer": dict(args="which:i value_uaddr:p ovalue_uaddr:p",
                      extra="which_str = _itimer_which_str(which)\nvalue_str = _struct_itimerval_u(value_uaddr)",
                      argstr='"%s, %s, %p", which_str, value_str, ovalue_uaddr'),
    "timer_create": dict(args="clockid:i evp_uaddr:p timerid_uaddr:p", extra="clockid_str = _get_wc_str(clockid)",
                         argstr='"%s, %p, %p", clockid_str, evp_uaddr, timerid_uaddr'),
    "timer_settime": dict(args="timerid:i flags:i value_uaddr:p ovalue_uaddr:p",
                          extra="value_str = _struct_itimerspec_u(value_uaddr)",
                          argstr='"%d, %d, %s, %p", timerid, flags, value_str, ovalue_uaddr'),
    "timer_gettime": dict(args="timerid:i value_uaddr:p", argstr='"%d, %p", timerid, value_uaddr'),
    "timer_getoverrun": dict(args="timerid:i", argstr='"%d", timerid'),
    "timer_delete": dict(args="timerid:i", argstr='"%d", timerid'),
    # credentials and sessions (stap reads the ids as signed ints: -1 shows as -1)
    "getuid": _none(), "geteuid": _none(), "getgid": _none(), "getegid": _none(),
    "setuid": dict(args="uid:i", argstr='"%d", uid'),
    "setgid": dict(args="gid:i", argstr='"%d", gid'),
    "setreuid": dict(args="ruid:i euid:i"),
    "setregid": dict(args="rgid:i egid:i"),
    "setresuid": dict(args="ruid:i euid:i suid:i"),
    "setresgid": dict(args="rgid:i egid:i sgid:i"),
    "getresuid": dict(args="ruid_uaddr:p euid_uaddr:p suid_uaddr:p"),
    "getresgid": dict(args="rgid_uaddr:p egid_uaddr:p sgid_uaddr:p"),
    "setfsuid": dict(args="fsuid:i", argstr='"%d", fsuid'),
    "setfsgid": dict(args="fsgid:i", argstr='"%d", fsgid'),
    "getgroups": dict(args="size:i list_uaddr:p"),
    "setgroups": dict(args="size:i list_uaddr:p"),
    "capget": dict(args="header_uaddr:p data_uaddr:p"),
    "capset": dict(args="header_uaddr:p data_uaddr:p"),
    "getpgid": dict(args="pid:i", argstr='"%d", pid'),
    "setpgid": dict(args="pid:i pgid:i"),
    "getpgrp": _none(),
    "getsid": dict(args="pid:i", argstr='"%d", pid'),
    "setsid": _none(),
    # limits and accounting
    "getrlimit": dict(args="resource:i rlim_uaddr:p",
                      argstr='"%s, %p", _rlimit_resource_str(resource), rlim_uaddr'),
    "setrlimit": dict(args="resource:u rlim_uaddr:p",
                      extra="resource_str = _rlimit_resource_str(resource)\nrlim_str = _struct_rlimit_u(rlim_uaddr)",
                      argstr='"%s, %s", resource_str, rlim_str'),
    "prlimit64": dict(args="pid:i resource:i new_rlim_uaddr:p old_rlim_uaddr:p",
                      extra="resource_str = _rlimit_resource_str(resource)\n"
                            "new_rlim_str = _struct_rlimit_u(new_rlim_uaddr)",
                      argstr='"%d, %s, %s, %p", pid, resource_str, new_rlim_str, old_rlim_uaddr'),
    "getrusage": dict(args="who:i usage_uaddr:p", extra="who_str = _rusage_who_str(who)",
                      argstr='"%s, %p", who_str, usage_uaddr'),
    "getpriority": dict(args="which:i who:i", argstr='"%s, %d", _priority_which_str(which), who'),
    "setpriority": dict(args="which:i who:i prio:i", extra="which_str = _priority_which_str(which)",
                        argstr='"%s, %d, %d", which_str, who, prio'),
    "umask": dict(args="mask:u", argstr='"%#o", mask', ret=3),
    "personality": dict(args="persona:u", argstr='"%#x", persona'),
    "sysinfo": dict(args="info_uaddr:p", extra="info_str = _struct_sysinfo_u(info_uaddr)", argstr='"%s", info_str'),
}
